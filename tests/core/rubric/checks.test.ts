import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/core/answers/schema.js';
import type { Scenario } from '../../../src/core/scenario/schema.js';
import { bankScenario, checkOf, fixtureScenario } from '../../helpers/scoring.js';

const scenario = fixtureScenario();
const GOOD_C1 = "Bonjour Julie, nous sommes désolés pour ce déplacement inutile. Réouverture le mardi 12 mars à 7 h ; notre boutique Saint-Cyprien vous accueille d'ici là. L'équipe Martin";

function answer(comment: string, fields: Partial<Answer> = {}): Answer {
  return { comment, needs_action: true, actions: ['reply'], justification: 'Réclamation publique d’une cliente mécontente à traiter vite.', ...fields };
}

function variant(changes: (copy: Scenario) => void): Scenario {
  const copy = structuredClone(scenario);
  changes(copy);
  return copy;
}

describe('detection (Cr7.1)', () => {
  it('passes when the candidate sees the need for action', async () => {
    expect(await checkOf(scenario, answer('c1'), 'detection')).toMatchObject({ passed: true, criterion: 'Cr7.1' });
  });
  it('fails on a missed complaint and quotes the comment', async () => {
    const result = await checkOf(scenario, answer('c1', { needs_action: false, actions: ['none'] }), 'detection');
    expect(result).toMatchObject({ passed: false, evidence: expect.stringContaining('Encore fermé') });
    expect(result?.message).toContain('demande une action de modération');
    expect(result?.critical).toBeUndefined();
  });
  it('fails when acting on a comment that needs nothing', async () => {
    const result = await checkOf(scenario, answer('c5', { actions: ['like'] }), 'detection');
    expect(result).toMatchObject({ passed: false, evidence: 'réaction (like ou emoji)' });
  });
  it('is critical for personal data left unseen', async () => {
    expect(await checkOf(scenario, answer('c4', { needs_action: false, actions: ['none'] }), 'detection')).toMatchObject({ passed: false, critical: true });
  });
});

describe('action (Cr7.1)', () => {
  it('fails a forbidden action and names it in French', async () => {
    expect(await checkOf(scenario, answer('c3', { actions: ['delete', 'reply'] }), 'action')).toMatchObject({ passed: false, evidence: 'réponse publique' });
    expect(await checkOf(scenario, answer('c1', { actions: ['hide'] }), 'action')).toMatchObject({ passed: false, evidence: 'masquer' });
  });
  it('fails when no expected action is chosen for a comment that needs one', async () => {
    const result = await checkOf(scenario, answer('c6', { actions: ['like'] }), 'action');
    expect(result).toMatchObject({ passed: false, evidence: 'réaction (like ou emoji)' });
    expect(result?.message).toContain('réponse publique');
  });
  it('scores contradictions as given: needs_action true with none', async () => {
    expect(await checkOf(scenario, answer('c1', { actions: ['none'] }), 'action')).toMatchObject({ passed: false, evidence: 'aucune action' });
  });
  it('passes no action on a harmless comment, fails a ban there', async () => {
    expect(await checkOf(scenario, answer('c5', { needs_action: false, actions: ['none'] }), 'action')).toMatchObject({ passed: true });
    expect(await checkOf(scenario, answer('c5', { needs_action: false, actions: ['ban'] }), 'action')).toMatchObject({ passed: false });
  });
});

describe('justification (Cr7.1)', () => {
  it('applies only when the answer says an action is needed', async () => {
    expect(await checkOf(scenario, answer('c5', { needs_action: false, actions: ['none'], justification: undefined }), 'justification')).toBeUndefined();
  });
  it('fails when absent or shorter than 5 words', async () => {
    expect(await checkOf(scenario, answer('c1', { justification: undefined }), 'justification')).toMatchObject({ passed: false });
    expect(await checkOf(scenario, answer('c1', { justification: 'Cliente en réclamation.' }), 'justification')).toMatchObject({ passed: false, evidence: 'Cliente en réclamation.' });
  });
  it('fails when it does not name the problem', async () => {
    const result = await checkOf(scenario, answer('c1', { justification: 'Il faut répondre à cette personne rapidement.' }), 'justification');
    expect(result).toMatchObject({ passed: false });
    expect(result?.message).toContain('ne nomme pas le problème');
  });
  it('passes with a reason of the comment or a word of the category lexicon, in any form', async () => {
    expect(await checkOf(scenario, answer('c1', { justification: 'Julie a fait un déplacement pour rien, il faut la rassurer.' }), 'justification')).toMatchObject({ passed: true });
    expect(await checkOf(scenario, answer('c1', { justification: 'Une cliente mécontente attend une réponse publique.' }), 'justification')).toMatchObject({ passed: true });
    expect(await checkOf(scenario, answer('c3', { actions: ['delete'], justification: 'Lien frauduleux publié par un bot, à supprimer.' }), 'justification')).toMatchObject({ passed: true });
  });
});

describe('reply_present (Cr7.2)', () => {
  it('fails when a chosen reply or private message is missing or too short', async () => {
    expect(await checkOf(scenario, answer('c1'), 'reply_present')).toMatchObject({ passed: false });
    expect(await checkOf(scenario, answer('c1', { reply: 'Désolés, Julie.' }), 'reply_present')).toMatchObject({ passed: false, evidence: 'Désolés, Julie.' });
    expect(await checkOf(scenario, answer('c1', { actions: ['reply', 'private_message'], reply: GOOD_C1 }), 'reply_present')).toMatchObject({ passed: false });
  });
  it('passes when each chosen text is written, and does not apply without a written action where none is needed', async () => {
    expect(await checkOf(scenario, answer('c1', { reply: GOOD_C1 }), 'reply_present')).toMatchObject({ passed: true });
    expect(await checkOf(scenario, answer('c3', { actions: ['delete'] }), 'reply_present')).toBeUndefined();
    // c2 (praise, a like or a reply) and c4 (personal data, hide or a private message) need no written answer by default.
    expect(await checkOf(scenario, answer('c2', { actions: ['like'] }), 'reply_present')).toBeUndefined();
    expect(await checkOf(scenario, answer('c4', { actions: ['hide'] }), 'reply_present')).toBeUndefined();
  });

  it('fails a comment that needs a written answer when it gets none, whatever the actions, and says what was expected', async () => {
    // c1 (complaint) expects a reply or a private message only: by default it needs a written answer.
    expect(await checkOf(scenario, answer('c1', { actions: ['hide'] }), 'reply_present')).toEqual({
      id: 'reply_present',
      criterion: 'Cr7.2',
      passed: false,
      message: 'Ce commentaire appelle une réponse écrite (réclamation) : aucune réponse publique ni message privé ; attendu : une réponse publique ou un message privé.',
      evidence: 'masquer',
    });
    // A skipped comment counts as « no action » and fails too.
    expect(await checkOf(scenario, { comment: 'c6', needs_action: false, actions: ['none'] }, 'reply_present')).toMatchObject({
      passed: false,
      message: 'Ce commentaire appelle une réponse écrite (question) : aucune réponse publique ni message privé ; attendu : une réponse publique.',
      evidence: 'aucune action',
    });
  });

  it('accepts a written answer given without choosing a written action, unless it is too short', async () => {
    expect(await checkOf(scenario, answer('c6', { actions: ['like'], reply: 'Oui, tous les dimanches !' }), 'reply_present')).toMatchObject({ passed: true });
    expect(await checkOf(scenario, answer('c6', { actions: ['like'], reply: 'Oui !' }), 'reply_present')).toMatchObject({ passed: false, evidence: 'Oui !' });
  });

  it('follows reply.required where the scenario gives it', async () => {
    const explicit = variant((copy) => {
      copy.comments[1]!.reply = { must_cover: [], must_avoid: [], invite_private: false, required: true };
      copy.comments[3]!.reply!.required = false;
    });
    expect(await checkOf(explicit, answer('c2', { actions: ['like'] }), 'reply_present')).toMatchObject({
      passed: false,
      message: 'Ce commentaire appelle une réponse écrite (éloge) : aucune réponse publique ni message privé ; attendu : une réponse publique.',
    });
    expect(await checkOf(explicit, answer('c2', { actions: ['like', 'reply'], reply: 'Merci Marc, à très vite !' }), 'reply_present')).toMatchObject({ passed: true });
    expect(await checkOf(explicit, answer('c4', { actions: ['hide'] }), 'reply_present')).toBeUndefined();
  });
});

describe('register (Cr7.2)', () => {
  const tuScenario = variant((copy) => {
    copy.charter.register = 'tu';
  });
  it('fails tutoiement in a vous charter and quotes the word', async () => {
    expect(await checkOf(scenario, answer('c6', { reply: 'Oui, tu peux venir dimanche !' }), 'register')).toMatchObject({ passed: false, evidence: 'tu' });
    expect(await checkOf(scenario, answer('c6', { private_message: 'Bonjour, t’inquiète pas, on garde ta fougasse.' }), 'register')).toMatchObject({ passed: false, evidence: 't’' });
  });
  it('does not mistake the noun « ton » or a neutral text for tutoiement', async () => {
    expect(await checkOf(scenario, answer('c6', { reply: 'Nous répondons sur un ton plus léger : oui, le dimanche.' }), 'register')).toMatchObject({ passed: true });
    expect(await checkOf(scenario, answer('c6', { reply: 'Oui, chaque dimanche matin.' }), 'register')).toMatchObject({ passed: true });
  });
  it('fails singular vouvoiement in a tu charter, accepts a vous to a group', async () => {
    expect(await checkOf(tuScenario, answer('c6', { reply: 'Oui, vous pouvez venir dimanche.' }), 'register')).toMatchObject({ passed: false, evidence: 'vous' });
    expect(await checkOf(tuScenario, answer('c6', { reply: 'Oui ! Merci à vous toutes pour vos messages.' }), 'register')).toMatchObject({ passed: true });
  });
});

describe('signature (Cr7.2)', () => {
  it('fails when the public reply is not signed', async () => {
    expect(await checkOf(scenario, answer('c6', { reply: 'Oui, chaque dimanche matin.' }), 'signature')).toMatchObject({ passed: false });
  });
  it('accepts any case and apostrophe', async () => {
    expect(await checkOf(scenario, answer('c6', { reply: 'Oui, chaque dimanche. L’équipe martin' }), 'signature')).toMatchObject({ passed: true });
  });
  it('does not apply to a private message or to a charter without signature', async () => {
    expect(await checkOf(scenario, answer('c6', { actions: ['private_message'], private_message: 'Oui, chaque dimanche.' }), 'signature')).toBeUndefined();
    const unsigned = variant((copy) => {
      delete copy.charter.signature;
    });
    expect(await checkOf(unsigned, answer('c6', { reply: 'Oui, chaque dimanche.' }), 'signature')).toBeUndefined();
  });
});

describe('forbidden_terms (Cr7.2)', () => {
  it('fails on a charter term in any form and spacing', async () => {
    expect(await checkOf(scenario, answer('c6', { reply: 'Pas  de soucis, elle est là le dimanche !' }), 'forbidden_terms')).toMatchObject({ passed: false, evidence: 'Pas  de soucis' });
  });
  it('fails on a phrase this comment must avoid, even in the private message', async () => {
    expect(await checkOf(scenario, answer('c1', { reply: GOOD_C1, private_message: 'Nous étudions un remboursement de votre trajet.' }), 'forbidden_terms')).toMatchObject({ passed: false, evidence: 'remboursement' });
  });
  it('passes words that only look alike', async () => {
    expect(await checkOf(scenario, answer('c6', { reply: 'Aucun souci : la fougasse est là chaque dimanche.' }), 'forbidden_terms')).toMatchObject({ passed: true });
  });
});

describe('civility (Cr7.2, critical)', () => {
  it.each([
    ["C'est n'importe quoi, la fougasse est là le dimanche."],
    ['VOUS NE LISEZ JAMAIS NOS PUBLICATIONS.'],
    ['Oui, le dimanche !!!'],
    ['Renseignez-vous avant d’écrire : le dimanche, évidemment.'],
  ])('fails « %s » as critical', async (reply) => {
    expect(await checkOf(scenario, answer('c6', { reply }), 'civility')).toMatchObject({ passed: false, critical: true });
  });
  it('passes courteous replies with traps', async () => {
    expect(await checkOf(scenario, answer('c6', { reply: 'Suivez nos conseils : le SAV vous répond, et nous sommes contents de vous voir dimanche !' }), 'civility')).toMatchObject({ passed: true });
  });
});

describe('unsupported_facts (Cr7.2)', () => {
  it('passes figures of the charter, the post or the comment in another layout', async () => {
    expect(await checkOf(scenario, answer('c1', { reply: 'Réouverture le 12 mars à 7h00, appelez le 05.61.00.00.00.' }), 'unsupported_facts')).toMatchObject({ passed: true });
  });
  it('fails an invented time or discount and quotes it', async () => {
    const result = await checkOf(scenario, answer('c1', { reply: 'Réouverture le 12 mars à 8 h, avec -20 % sur les croissants.' }), 'unsupported_facts');
    expect(result).toMatchObject({ passed: false });
    expect(result?.evidence).toContain('8 h');
    expect(result?.evidence).toContain('20 %');
  });
});

describe('coverage (Cr7.2)', () => {
  it('passes when the apology and the reopening fact are there', async () => {
    expect(await checkOf(scenario, answer('c1', { reply: GOOD_C1 }), 'coverage')).toMatchObject({ passed: true });
  });
  it('says what is missing and what would have counted, quoting the reply, without the item’s id', async () => {
    const result = await checkOf(scenario, answer('c1', { reply: 'Bonjour Julie, la réouverture est prévue mardi. L’équipe Martin' }), 'coverage');
    expect(result).toMatchObject({
      passed: false,
      message: 'La réponse publique ne couvre pas un point attendu : un de ces mots : « désolé », « désolés », « navré », « navrés », « excuses ». Accents, majuscules, pluriel et féminin ne comptent pas.',
      evidence: 'Bonjour Julie, la réouverture est prévue mardi. L’équipe Martin',
    });
    expect(result?.message).not.toMatch(/\bapology\b/);
  });
  it('gives a missing fact by its text and the words that cover it', async () => {
    const restaurant = bankScenario('restaurant-nouvelle-carte');
    const comment = restaurant.comments.find((candidate) => candidate.reply?.must_cover.some((item) => item.fact === 'veggie'))!;
    const reply = 'Salut ! Oui, on a des burgers veggie, viens goûter. La team Chez Lulu';
    const result = await checkOf(restaurant, { comment: comment.id, needs_action: true, actions: ['reply'], justification: 'Question sur les burgers végétariens et le gluten.', reply }, 'coverage');
    expect(result).toMatchObject({ passed: false, evidence: reply });
    expect(result?.message).toContain('le fait « Deux burgers végétariens à la carte');
    expect(result?.message).toContain('un de ces mots : « Lulu Veggie », « Champi Raclette », « pois chiches », « végétarien »');
    expect(result?.message).toContain('le fait « Pain sans gluten possible');
  });
  it('uses the private message when there is no public reply', async () => {
    expect(await checkOf(scenario, answer('c1', { actions: ['private_message'], private_message: 'Julie, toutes nos excuses : réouverture mardi 12 mars à 7 h.' }), 'coverage')).toMatchObject({ passed: true });
  });
});

describe('personal_data (Cr7.2, critical)', () => {
  it('fails when the reply repeats the commenter’s phone number', async () => {
    const result = await checkOf(scenario, answer('c4', { actions: ['hide', 'reply'], reply: 'Sophie, nous vous rappelons au 06 12 34 56 78. L’équipe Martin' }), 'personal_data');
    expect(result).toMatchObject({ passed: false, critical: true, evidence: '06 12 34 56 78' });
    expect(result?.message).toContain("l'auteur du commentaire");
  });
  it('accepts the charter’s own contact', async () => {
    expect(await checkOf(scenario, answer('c4', { reply: 'Écrivez-nous à contact@boulangerie-martin.fr ou au 05 61 00 00 00.' }), 'personal_data')).toMatchObject({ passed: true });
  });
});

describe('private_redirect (Cr7.2)', () => {
  it.each([['Merci Sophie, nous vous répondons en message privé.'], ['Merci, on vous écrit par MP !'], ['Écrivez-nous à contact@boulangerie-martin.fr, merci.'], ['Tout est sur boulangerie-martin.fr, merci.']])(
    'passes « %s »',
    async (reply) => {
      expect(await checkOf(scenario, answer('c4', { actions: ['hide', 'reply'], reply }), 'private_redirect')).toMatchObject({ passed: true });
    },
  );
  it('fails a reply that keeps the case in public', async () => {
    expect(await checkOf(scenario, answer('c4', { actions: ['hide', 'reply'], reply: 'Merci Sophie, nous notons votre commande.' }), 'private_redirect')).toMatchObject({ passed: false });
  });
  it('applies only where the case asks for it', async () => {
    expect(await checkOf(scenario, answer('c1', { reply: GOOD_C1 }), 'private_redirect')).toBeUndefined();
  });
});

describe('length (Cr7.2)', () => {
  const onX = variant((copy) => {
    copy.network = 'x';
  });
  it('counts graphemes against the network limit', async () => {
    expect(await checkOf(onX, answer('c6', { reply: `${'é'.normalize('NFD').repeat(279)}👍🏽` }), 'length')).toMatchObject({ passed: true });
    expect(await checkOf(onX, answer('c6', { reply: 'a'.repeat(281) }), 'length')).toMatchObject({ passed: false, evidence: '281 caractères' });
    expect(await checkOf(scenario, answer('c6', { reply: 'a'.repeat(281) }), 'length')).toMatchObject({ passed: true });
  });
});

describe('emoji (Cr7.2)', () => {
  const none = variant((copy) => {
    copy.charter.emoji = 'none';
  });
  const free = variant((copy) => {
    copy.charter.emoji = 'free';
  });
  it('allows one emoji with a sparing policy, counting a flag or a family as one', async () => {
    expect(await checkOf(scenario, answer('c6', { reply: 'Oui, le dimanche 🇫🇷' }), 'emoji')).toMatchObject({ passed: true });
    expect(await checkOf(scenario, answer('c6', { reply: 'Oui, le dimanche 👨‍👩‍👧' }), 'emoji')).toMatchObject({ passed: true });
    expect(await checkOf(scenario, answer('c6', { reply: 'Oui 😀, le dimanche 🥖' }), 'emoji')).toMatchObject({ passed: false, evidence: '😀 🥖' });
  });
  it('allows none with a none policy and any number with a free one', async () => {
    expect(await checkOf(none, answer('c6', { reply: 'Oui, le dimanche 🥖' }), 'emoji')).toMatchObject({ passed: false });
    expect(await checkOf(free, answer('c6', { reply: 'Oui 😀 le dimanche 🥖🥖🥖' }), 'emoji')).toMatchObject({ passed: true });
  });
});

describe('spelling (Cr7.2)', () => {
  it('fails a misspelled word and quotes it', async () => {
    const result = await checkOf(scenario, answer('c1', { reply: 'Bonjour Julie, nous sommes désollés pour ce déplacement.' }), 'spelling');
    expect(result).toMatchObject({ passed: false, evidence: 'désollés' });
  });
  it('ignores names, scenario words, links, mentions, figures and inclusive writing', async () => {
    const reply = 'Bonjour @julie_r, merci à toutes et tous, chers client·e·s ! Rendez-vous à Saint-Cyprien dès 7h00 ou sur https://boulangerie-martin.fr #faitmaison';
    expect(await checkOf(scenario, answer('c1', { reply }), 'spelling')).toMatchObject({ passed: true });
  });
});
