import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/core/answers/schema.js';
import type { Category } from '../../../src/core/scenario/schema.js';
import { classOf, type IncivilityKind } from '../../../src/core/text/civility.js';
import { regularErForms, verbForms } from '../../../src/core/text/civility/verbs.js';
import { loadCivilityDetector, PACKAGE_ROOT, ResourceError } from '../../../src/scoring/resources.js';
import { checkOf, fixtureScenario, scoringResources } from '../../helpers/scoring.js';

/**
 * The classes a jury hears in a reply (issue 15): threats, hateful generalisations, mockery,
 * blame and condescension, masked insults; and what must stay civil around the same words.
 */

const detector = (await scoringResources()).civility;
const classes = (text: string, replyTo?: Category) => detector.find(text, replyTo ? { replyTo } : {}).map((finding) => classOf(finding));
const kinds = (text: string, replyTo?: Category) => detector.find(text, replyTo ? { replyTo } : {}).map((finding) => finding.kind);

function expectClass(text: string, kind: IncivilityKind, replyTo: Category = 'complaint'): void {
  expect(kinds(text, replyTo), text).toContain(kind);
}

describe('threats, in every form of the verb, tu and vous, toward a person or a group', () => {
  it.each([
    'On va vous retrouver.',
    'Je vais te tuer.',
    'Je te tuerai.',
    'On te tuait pour moins que ça.',
    'Nous vous égorgerons.',
    'Je lui casserais la figure.',
    'Je vais lui casser la figure.',
    'On va leur faire la peau.',
    'Ils méritent d’être pendus.',
    'Elle mériterait d’être lynchée.',
    'Il faudrait tous les abattre.',
    'Il faut tous les fusiller.',
    'Qu’on les brûle vifs.',
    'Tu vas finir poignardé.',
    'Vous finirez tous massacrés.',
    'Si je te croise, je t’éclate.',
    'Je t’étranglerais bien.',
    'On sait où te trouver.',
    'Il faut exterminer les Roms.',
    'Tu mérites une bonne raclée.',
  ])('« %s »', (text) => {
    expectClass(text, 'threat', 'troll');
    expect(classes(text, 'troll')).toContain('menace');
  });

  it('conjugates every form from the Lefff table, and regular -er verbs by rule', () => {
    const table = { tuer: regularErForms('tuer') };
    const forms = verbForms('tuer', table)!;
    expect(forms.all).toEqual(expect.arrayContaining(['tuer', 'tue', 'tuons', 'tuez', 'tuerai', 'tuerait', 'tuaient', 'tué', 'tuées', 'tuant', 'tuèrent']));
    expect(forms.withoutSecondPlural).not.toContain('tuez');
    expect(forms.finite).not.toContain('tué');
    expect(regularErForms('manger').P).toContain('mangeons');
    expect(regularErForms('lancer').I).toContain('lançais');
    expect(verbForms('vouloir', {})).toBeUndefined();
  });
});

describe('hateful generalisations, in ordinary words, without a slur', () => {
  it.each([
    'Je ne supporte pas les musulmans.',
    'Les Roms sont répugnants.',
    'Les femmes sont des incapables.',
    'Les homos sont une plaie.',
    'Les migrants devraient être parqués.',
    'Les étrangers devraient être renvoyés.',
    'Pourquoi les Noirs sont-ils tous si bruyants ?',
    'Je trouve les Asiatiques hypocrites.',
    'Les juifs, c’est tous des menteurs.',
    'Les trans sont des malades mentaux.',
    'Les handicapés sont un fardeau.',
    'Les rebeus sont des sauvages.',
    'Ces réfugiés sont une invasion de cafards.',
    'Je méprise les lesbiennes.',
    'On hait les gitans.',
    'Les immigrés envahissent nos villes.',
    'Les Noirs sont moins intelligents.',
    'Ces Arabes n’ont rien à faire ici.',
  ])('« %s »', (text) => {
    expect(kinds(text, 'hate').some((kind) => kind === 'hate' || kind === 'dehumanising'), text).toBe(true);
    expect(classes(text, 'hate').some((name) => name === 'généralisation haineuse' || name === 'propos déshumanisant')).toBe(true);
  });

  it('names a slur « injure haineuse »', () => {
    expect(classes('Sale bougnoule.')).toContain('injure haineuse');
  });
});

describe('mockery of the commenter', () => {
  it.each<[string, Category]>([
    ['Quelle remarque… brillante.', 'criticism'],
    ['Bravo pour cette analyse 👏', 'criticism'],
    ['Votre colis arrive quand il arrive 😂', 'complaint'],
    ['🤣🤣 la réclamation', 'complaint'],
    ['mdr', 'troll'],
    ['ptdr', 'complaint'],
    ['lol', 'criticism'],
    ['Ha ha, très drôle.', 'complaint'],
    ['Vous savez lire ?', 'complaint'],
    ['Tu n’as rien d’autre à faire ?', 'troll'],
    ['Prenez des cours de français.', 'criticism'],
    ['Quelle perspicacité !', 'criticism'],
    ['Encore un expert de plus 🙄', 'criticism'],
  ])('« %s » (réponse à %s)', (text, replyTo) => {
    expectClass(text, 'mockery', replyTo);
    expect(classes(text, replyTo)).toContain('moquerie');
  });

  it('laughter and praise are fine in a reply to praise, mockery in a reply to a complaint', () => {
    for (const text of ['Merci 😂 on a adoré votre vidéo !', 'Haha, merci pour ce fou rire !', 'Une remarque brillante, merci !', 'Bravo pour votre analyse 👏', 'Mdr merci !']) {
      expect(kinds(text, 'praise'), text).toEqual([]);
    }
    expectClass('Merci 😂', 'mockery', 'complaint');
    expectClass('Haha', 'mockery', 'criticism');
    expectClass('Bravo pour votre analyse 👏', 'mockery', 'troll');
  });

  it('counts laughter when the answered comment is unknown', () => {
    expect(kinds('Lol, oui.')).toContain('mockery');
  });
});

describe('blame and condescension', () => {
  it.each([
    'Il aurait fallu lire les conditions.',
    'Comme indiqué plus haut, pour ceux qui suivent : fermé lundi.',
    'Nous l’avons déjà expliqué cent fois.',
    'Calmez-vous.',
    'Calme-toi.',
    'C’est pourtant simple.',
    'Si vous aviez fait attention, vous l’auriez vu.',
    'Si tu avais lu le post, tu saurais.',
    'Pour la énième fois, c’est fermé.',
    'Pas la peine de vous énerver.',
    'Vous êtes le seul à vous plaindre.',
    'Ce n’est quand même pas compliqué.',
  ])('« %s »', (text) => {
    expectClass(text, 'blame');
    expect(classes(text)).toContain('reproche / condescendance');
  });
});

describe('masked insults beyond leetspeak', () => {
  it.each([
    ['Quel connrad.', 'connrad'],
    ['Sale bougnuole.', 'bougnuole'],
    ['T’es qu’un enclué.', 'enclué'],
    ['Espèce d’abrtui.', 'abrtui'],
    ['salearabe', 'salearabe'],
    ['filsdepute', 'filsdepute'],
    ['niquetamere', 'niquetamere'],
    ['Encore un bou-gnoule.', 'bou-gnoule'],
    ['s a l e   j u i f', 's a l e   j u i f'],
    ['Cette négrese.', 'négrese'],
  ])('« %s »', (text, evidence) => {
    const findings = detector.find(text, { replyTo: 'troll' });
    expect(findings.some((finding) => finding.masked && finding.evidence.includes(evidence)), JSON.stringify(findings)).toBe(true);
    expect(findings.map((finding) => classOf(finding))).toContain('insulte masquée');
  });

  it('leaves French words one letter away from an insult, and names, alone', () => {
    for (const text of ['Un canard laqué.', 'Le matin, le satin, le latin.', 'M. Gatin vous répond.', 'Une garde partagée.', 'Un conte pour enfants.', 'Les salaires augmentent.', 'Un bandeau offert.']) {
      expect(detector.find(text, { replyTo: 'complaint' }), text).toEqual([]);
    }
  });
});

describe('precision guards', () => {
  it.each<[string, Category]>([
    ['Nous ne tolérons pas que l’on dise que les musulmans sont dangereux.', 'hate'],
    ['Je ne déteste personne.', 'troll'],
    ['Non, les migrants ne sont pas des criminels.', 'hate'],
    ['Les femmes ne sont pas moins compétentes.', 'hate'],
    ['Nos clientes musulmanes nous ont demandé des horaires adaptés.', 'question'],
    ['Les personnes handicapées ont un accès prioritaire.', 'question'],
    ['Des mots comme « sale arabe » n’ont pas leur place ici.', 'hate'],
    ['Écrire "les femmes sont des incapables" est sexiste : commentaire masqué.', 'hate'],
    ['Dire que les Roms sont des voleurs est un préjugé raciste.', 'hate'],
    ['Rien de tel qu’un livre pour tuer le temps.', 'praise'],
    ['Ce parfum, ça tue !', 'praise'],
    ['La paperasse, notre bête noire.', 'complaint'],
    ['La mairie va abattre un arbre malade.', 'question'],
    ['Nous allons vous retrouver en boutique samedi.', 'complaint'],
    ['On va vous trouver une solution.', 'complaint'],
    ['Venez vous éclater au parc !', 'question'],
    ['Ne vous tuez pas à la tâche.', 'complaint'],
    ['Comme indiqué dans notre publication, la boutique rouvre mardi.', 'question'],
    ['Vous auriez dû recevoir un e-mail : nous vérifions.', 'complaint'],
    ['Pour ceux qui ont commandé avant le 10, la livraison arrive lundi.', 'question'],
    ['Pour la deuxième fois ce mois-ci, nous vous présentons nos excuses.', 'complaint'],
    ['Les femmes sont folles de ce parfum.', 'praise'],
    ['Les migrants arrivés cet été suivent nos ateliers.', 'question'],
    ['Nos cours de français reprennent en septembre.', 'question'],
  ])('« %s »', (text, replyTo) => {
    expect(detector.find(text, { replyTo }), text).toEqual([]);
  });

  it('still flags hateful words in quotes when nothing in the text rejects them', () => {
    expect(kinds('Les « migrants » sont des parasites.', 'hate')).toContain('hate');
    expect(kinds('« Sale arabe », voilà.', 'hate')).toContain('hate');
  });
});

describe('the civility check', () => {
  const scenario = fixtureScenario();
  const answer = (comment: string, reply: string): Answer => ({ comment, needs_action: true, actions: ['reply'], justification: 'Réclamation publique d’une cliente mécontente à traiter vite.', reply });

  it('names the class in French, quotes the words and suggests a neutral wording', async () => {
    const result = await checkOf(scenario, answer('c1', 'On va vous retrouver.'), 'civility');
    expect(result).toMatchObject({ passed: false, critical: true, evidence: 'On va vous retrouver' });
    expect(result?.message).toContain('menace');
    expect(result?.message).toContain('« On va vous retrouver »');
    expect(result?.message).toMatch(/par exemple « .+ »/);
  });

  it('judges laughter by the category of the answered comment', async () => {
    expect(await checkOf(scenario, answer('c1', 'Votre boutique rouvre mardi 😂'), 'civility')).toMatchObject({ passed: false, evidence: '😂' });
    expect(await checkOf(scenario, answer('c2', 'Merci beaucoup 😂 à très vite !'), 'civility')).toMatchObject({ passed: true });
  });

  it('says « insulte masquée » for an obfuscated insult', async () => {
    const result = await checkOf(scenario, answer('c1', 'Quel connrad.'), 'civility');
    expect(result?.message).toContain('insulte masquée');
  });
});

describe('lexicons a trainer extends', () => {
  function lexiconsWith(change: (civility: string) => string): string {
    const dir = mkdtempSync(join(tmpdir(), 'civility-'));
    writeFileSync(join(dir, 'civility.yaml'), change(readFileSync(join(PACKAGE_ROOT, 'lexicons/civility.yaml'), 'utf8')));
    writeFileSync(join(dir, 'civility-negative.yaml'), readFileSync(join(PACKAGE_ROOT, 'lexicons/civility-negative.yaml'), 'utf8'));
    return dir;
  }

  it('conjugates a verb a trainer adds to a verb set', async () => {
    const dir = lexiconsWith((text) => text.replace('  violent: [tuer,', '  violent: [ratatiner, tuer,'));
    const custom = await loadCivilityDetector(dir);
    expect(custom.find('Je vais te ratatiner.').map((finding) => finding.kind)).toContain('threat');
    expect(custom.find('On te ratatinera.').map((finding) => finding.kind)).toContain('threat');
  });

  it('rejects an unknown verb, saying where', async () => {
    const dir = lexiconsWith((text) => text.replace('  violent: [tuer,', '  violent: [tuir, tuer,'));
    const error = await loadCivilityDetector(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResourceError);
    const [problem] = (error as ResourceError).problems;
    expect(problem).toMatchObject({ path: 'verbs.violent[0]', message: expect.stringContaining('verbe inconnu « tuir »') });
    expect(problem?.line).toBeGreaterThan(1);
  });

  it('rejects a malformed verb entry and an unknown set', async () => {
    const dir = lexiconsWith((text) => text.replace('  violent: [tuer,', '  violent: [la tuer,').replace('  - <subject> … les|la|le|l\' <violent_sans_vous>', '  - <subject> … les <violents>'));
    const error = (await loadCivilityDetector(dir).catch((caught: unknown) => caught)) as ResourceError;
    expect(error.problems.map((problem) => problem.path)).toEqual(expect.arrayContaining(['verbs.violent[0]', expect.stringMatching(/^threat\[\d+\]$/)]));
    expect(error.problems.map((problem) => problem.message).join('\n')).toContain('ensemble inconnu <violents>');
  });
});

describe('negation', () => {
  it('« ne … que » restricts, it does not negate', () => {
    expect(kinds('Ces migrants ne sont que des parasites.', 'hate')).toContain('hate');
    expect(kinds('Ces migrants ne sont pas des parasites.', 'hate')).toEqual([]);
  });
});

describe('class names of disguised words', () => {
  it('stretched laughter stays « moquerie »', () => {
    expect(classes('mdrrrr', 'complaint')).toEqual(['moquerie']);
    expect(classes('connnnard', 'complaint')).toEqual(['insulte masquée']);
  });
});
