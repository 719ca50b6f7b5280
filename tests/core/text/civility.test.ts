import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  adviceFor,
  civilityLexiconSchema,
  classOf,
  createCivilityDetector,
  negativeLexiconSchema,
  type CivilityLexicon,
  type IncivilityKind,
} from '../../../src/core/text/civility.js';
import { verbForms } from '../../../src/core/text/civility/verbs.js';
import { AnalysedText } from '../../../src/core/text/match.js';
import { loadConjugations } from '../../../src/scoring/conjugations.js';
import { scoringResources } from '../../helpers/scoring.js';

const LEXICON_FILE = new URL('../../../lexicons/civility.yaml', import.meta.url);
const NEGATIVE_FILE = new URL('../../../lexicons/civility-negative.yaml', import.meta.url);
const lexicon = civilityLexiconSchema.parse(parse(readFileSync(LEXICON_FILE, 'utf8')));
const negative = negativeLexiconSchema.parse(parse(readFileSync(NEGATIVE_FILE, 'utf8'))).negative;
/** The detector the scorer uses: verb sets conjugated, negative lexicon, speller. */
const detector = (await scoringResources()).civility;

const found = (text: string) => detector.find(text).map((finding) => [finding.kind, finding.evidence]);

function expectFinding(text: string, kind: IncivilityKind, evidence: string): void {
  expect(found(text)).toContainEqual([kind, evidence]);
}

describe('flags incivility of every kind, quoting it', () => {
  it.each<[string, IncivilityKind, string]>([
    ['Vous êtes vraiment un abruti.', 'insult', 'abruti'],
    ["Espèce d'imbécile.", 'insult', 'imbécile'],
    ['Vous êtes vraiment nul.', 'insult', 'Vous êtes vraiment nul'],
    ['Quel boulet, ce client.', 'insult', 'Quel boulet'],
    ['Bande de guignols.', 'insult', 'Bande de guignols'],
    ['Ferme ta gueule.', 'insult', 'Ferme ta gueule'],
    ['Les Enfoirés ? Des connards, oui.', 'insult', 'connards'],
    ['Les bobos te disent d’aller manger ailleurs, espèce de crétin', 'insult', 'crétin'],
    ["C'est de la merde, votre commentaire.", 'profanity', 'merde'],
    ['Putain, encore vous.', 'profanity', 'Putain'],
    ['On s’en fout de votre avis.', 'profanity', 's’en fout'],
    ['Vous êtes vraiment emmerdants avec vos questions.', 'profanity', 'emmerdants'],
    ['Je vais te casser la gueule.', 'threat', 'Je vais te casser la gueule'],
    ['On sait où vous habitez.', 'threat', 'On sait où vous habitez'],
    ['Vous allez le regretter.', 'threat', 'Vous allez le regretter'],
    ['Vous êtes des animaux.', 'dehumanising', 'Vous êtes des animaux'],
    ['Ces gens-là, c’est de la vermine.', 'dehumanising', 'vermine'],
    ['Ce sont des sous-hommes.', 'dehumanising', 'sous-hommes'],
    ['Je déteste les musulmans.', 'hate', 'Je déteste les musulmans'],
    ['Les migrants sont des parasites.', 'hate', 'Les migrants sont des parasites'],
    ['Les arabes sont tous des voleurs.', 'hate', 'Les arabes sont tous des voleurs'],
    ['Les étrangers devraient être renvoyés chez eux.', 'hate', 'Les étrangers devraient être renvoyés chez eux'],
    ['Retournez dans votre pays.', 'hate', 'Retournez dans votre pays'],
    ['Sale juif.', 'hate', 'Sale juif'],
    ['Renseignez-vous avant d’écrire : le dimanche, évidemment.', 'mockery', 'Renseignez-vous avant d’écrire'],
    ["C'est n'importe quoi, la fougasse est là le dimanche.", 'mockery', "C'est n'importe quoi"],
    ["N'importe quoi. Relisez le post.", 'mockery', "N'importe quoi"],
    ['Lol, la fougasse est là le dimanche.', 'mockery', 'Lol'],
    ['mdr, évidemment que oui', 'mockery', 'mdr'],
    ['Si vous n’êtes pas content, allez voir ailleurs.', 'mockery', 'allez voir ailleurs'],
    ["C'est de votre faute, il fallait commander plus tôt.", 'blame', "C'est de votre faute"],
    ['Vous n’aviez qu’à lire les conditions.', 'blame', 'Vous n’aviez qu’à'],
    ['Comme d’habitude vous ne lisez pas.', 'blame', 'vous ne lisez pas'],
    ['Si vous aviez lu notre publication, vous sauriez que c’est écrit.', 'blame', 'Si vous aviez lu'],
    ['Franchement Claire, un samedi soir il faut réserver, c’est de ta faute.', 'blame', 'c’est de ta faute'],
    ['VOUS NE LISEZ JAMAIS NOS PUBLICATIONS.', 'shouting', 'VOUS NE LISEZ JAMAIS NOS PUBLICATIONS'],
    ['Merci de lire le post. PAS DE PANIQUE.', 'shouting', 'PAS DE PANIQUE'],
    ['Oui, le dimanche !!!', 'exclamation', '!!!'],
    ['Vraiment ?!?!', 'exclamation', '?!?!'],
    ['Quoi ! ! !', 'exclamation', '! ! !'],
    ['Encore ‼!', 'exclamation', '‼!'],
  ])('« %s » → %s « %s »', (text, kind, evidence) => {
    expectFinding(text, kind, evidence);
  });
});

describe('sees through obfuscation and quotes the original characters', () => {
  it.each<[string, IncivilityKind, string]>([
    ['Quel c0nnard.', 'insult', 'c0nnard'],
    ['3nculé', 'insult', '3nculé'],
    ['m3rd3 alors', 'profanity', 'm3rd3'],
    ['Espèce de s@lope', 'insult', 's@lope'],
    ['Une vraie $alope', 'insult', '$alope'],
    ['Bande de t4r3s', 'insult', 'Bande de t4r3s'],
    ['c o n n a r d', 'insult', 'c o n n a r d'],
    ['Un vrai c.o.n', 'insult', 'c.o.n'],
    ['e-n-c-u-l-é', 'insult', 'e-n-c-u-l-é'],
    ['connnnard', 'insult', 'connnnard'],
    ['Bande de naaazes', 'insult', 'Bande de naaazes'],
    ['mdrrrr', 'mockery', 'mdrrrr'],
    ['put*** de client', 'profanity', 'put***'],
    ['m*rde alors', 'profanity', 'm*rde'],
    ['Allez tous vous faire f*utre', 'insult', 'Allez tous vous faire f*utre'],
    ['C0NN4RD', 'insult', 'C0NN4RD'],
  ])('« %s » → %s « %s »', (text, kind, evidence) => {
    expectFinding(text, kind, evidence);
  });

  it('reads a masked word only when it is unambiguous', () => {
    expect(detector.find('m***e')).toEqual([]); // too few letters shown: merde? marre? mème?
    expect(detector.find('f*** !')).toEqual([]);
    expect(detector.find('Voir conditions* en magasin, offre* limitée.')).toEqual([]);
    expect(detector.find('Un *vrai* plaisir, *merci* !')).toEqual([]);
  });

  it('does not read numbers as leetspeak', () => {
    for (const text of [
      'Rendez-vous à 10 h, le 1er mars.',
      'Le lot coûte 2 000 €, soit 1 500 € après remise.',
      '-5 % sur la 2e commande, le 1er samedi du mois.',
      'Notre 4x4, le MP3, le B2B, la 5G et le H1N1.',
      'Appelez le 05 61 00 00 00 ou le 3 1 3 1.',
      'Ouvert 7j/7 de 7 h à 13 h, 3 rue du 4-Septembre.',
      'Le code promo ETE2024 et la référence A310-B.',
    ]) {
      expect(detector.find(text), text).toEqual([]);
    }
  });
});

describe('leaves normal customer-service French alone', () => {
  it.each([
    'Bonjour Julie, nous sommes sincèrement désolés pour ce retard.',
    'Pas de panique, nous comprenons votre colère.',
    'Nous comprenons votre déception et nous allons vérifier votre commande.',
    'Votre colis est parti ce matin, vous recevrez le numéro de suivi par e-mail.',
    'Le SAV vous répond du lundi au vendredi.',
    'Conformément au RGPD, nous avons masqué votre commentaire.',
    'Pour toute question, rendez-vous dans la rubrique CONTACT de notre site.',
    'Bonne journée !',
    'Merci pour votre message, à très vite en boutique !',
    'Nous vous écrivons en message privé pour suivre votre dossier.',
    'Écrivez-nous en MP avec votre numéro de commande.',
    'Ce n’est pas de votre faute : un bug a touché certaines commandes.',
    'Vous avez raison, nous aurions dû mieux anticiper.',
    'Il n’y a pas de question bête, merci de l’avoir posée.',
    'C’est pas bête comme idée, on la transmet à l’équipe !',
    'Renseignez-vous auprès de votre agence avant de venir.',
    'Il suffit de vérifier dans votre espace client.',
    'Vous auriez dû recevoir un e-mail de confirmation.',
    'Si vous n’avez pas reçu le lien, écrivez-nous.',
    'Si vous n’êtes pas satisfait, le retour est gratuit sous 30 jours.',
    'Avec cette offre, vous allez payer moins cher.',
    'Nous allons vous retrouver en boutique demain à 10 h.',
    'Vous êtes nombreux à nous écrire, merci pour votre patience.',
    'Vous êtes fous de nos croissants, et nous aussi !',
    'Nous nous sommes attardés sur votre dossier avec l’entrepôt.',
    'Il s’est longuement attardé sur votre question.',
    'Vous pouvez commander n’importe quoi sur notre site, on livre partout.',
    'Cette information est erronée : le magasin reste ouvert.',
    'Nous avons bien reçu votre réclamation et nous la traitons.',
    'La réouverture est prévue le mardi 12 mars à 7 h.',
    'Les FDP sont offerts dès 50 € d’achat.',
    'Offre valable jusqu’au 31 mars*. *Voir conditions en magasin.',
    'Contactez-nous à contact@boulangerie-martin.fr ou sur @MaisonLina.',
    'L’équipe Maison Lina',
    'Jean DUPONT, SNCF CONNECT',
    'Nous travaillons avec la SNCF et la RATP.',
    'Le ciel se dégage enfin sur la plage.',
    'Si votre pneu crève, appelez l’assistance au 0800 00 00 00.',
    'Bienvenue à la ferme ! Fermez la porte en partant, merci.',
    'Des parasites sur la ligne ? Nos techniciens interviennent.',
    'Cette espèce de papillon est protégée dans le parc.',
    'Une bande de copains est venue fêter son anniversaire.',
    'Votre scooter est bridé à 45 km/h, c’est la loi.',
    'Nous avons tué le temps en préparant vos commandes.',
    'Votre chienne est la bienvenue en terrasse.',
    'Au menu : patate douce, moules frites, quiche lorraine et andouille de Vire.',
    'Vous n’êtes pas seul dans ce cas, nous vous rappelons.',
    'Pour votre information, la collecte commence samedi.',
    'Quelle bonne surprise, merci Émilie !',
    'Il n’y a pas d’erreur : le prix affiché est le bon.',
    "C'est dingue, merci à tous pour ces 10 000 abonnés !",
    'Nous sommes contents de vous voir dimanche !',
  ])('« %s »', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('traps: listed words inside or next to ordinary words', () => {
  it.each([
    ['« con » in conseil, contact, contenu, content, conséquence', 'Suivez nos conseils : le contact, le contenu, un client content, une conséquence.'],
    ['« cul » in calcul', 'Le calcul de votre remboursement est joint.'],
    ['« chier » in fichier', 'Le fichier est en pièce jointe.'],
    ['« pute » in député', 'Le député sera présent à l’inauguration.'],
    ['« nique » in technique', 'Un souci technique est en cours de résolution.'],
    ['« bête » in bête noire', 'Les pucerons sont la bête noire des jardiniers.'],
    ['« gland » in gland de chêne', 'Le gland de chêne tombe en automne.'],
    ['« bâtard » in pain bâtard', 'Notre pain bâtard sort du four à 7 h.'],
    ['« cul » in cul-de-sac', 'Le restaurant est au fond du cul-de-sac.'],
    ['« con » in chili con carne', 'Le chili con carne est servi le jeudi.'],
    ['« raton » in raton laveur', 'Les enfants adorent le raton laveur du parc.'],
    ['« tapette » in tapette à souris', 'La tapette à souris est en rayon.'],
    ['« merde » in merle', 'Un merle chante dans le jardin.'],
    ['« mongol » in empire mongol', 'Une exposition sur l’empire mongol ouvre samedi.'],
    ['« idiote » in pas de question idiote', 'Il n’y a pas de questions idiotes !'],
    ['« dégage » as a verb', 'Une bonne odeur se dégage de la cuisine et nous dégageons un créneau.'],
    ['« attardé » as a verb', 'Je me suis attardé sur votre message ; ne vous attardez pas sur ce détail.'],
    ['« mourir » of laughter', 'Vous allez mourir de rire avec ce spectacle.'],
    ['« chien » in temps de chien', 'Quel temps de chien aujourd’hui, restez au chaud !'],
    ['« nul » in match nul', 'Match nul ce soir, nul doute que la revanche sera belle.'],
  ])('%s', (_trap, text) => {
    expect(found(text)).toEqual([]);
  });

  it('still flags the listed word used as an insult', () => {
    expectFinding('Espèce de con.', 'insult', 'Espèce de con');
    expectFinding('Le bâtard du troisième.', 'insult', 'bâtard');
    expectFinding('T’es attardé ou quoi ?', 'insult', 'attardé');
    expectFinding('Bouge ton cul.', 'profanity', 'cul');
    expectFinding('C’est emmerdant.', 'profanity', 'emmerdant');
    expectFinding('Espèce de fdp.', 'insult', 'fdp');
    expectFinding('C’est pas de votre faute, c’est de votre faute.', 'blame', 'c’est de votre faute');
  });
});

describe('shouting and exclamation marks', () => {
  it('needs several capitalised words, acronyms aside', () => {
    expect(found('Contactez le SAV, RGPD oblige. CONTACT, SNCF, EDF.')).toEqual([]);
    expect(found('Merci beaucoup OK SAV SNCF')).toEqual([]);
    expect(found('Cordialement, Julie MARTIN')).toEqual([]);
    expectFinding('C’EST ÉCRIT DANS LE POST', 'shouting', 'C’EST ÉCRIT DANS LE POST');
    expectFinding('Merci, TRÈS BIEN.', 'shouting', 'TRÈS BIEN');
    expectFinding('VOUS ÊTES NUL', 'shouting', 'VOUS ÊTES NUL');
  });

  it('needs three marks with one « ! » at least', () => {
    expect(found('Bonne journée ! Merci !! Vraiment ?! Pourquoi ???')).toEqual([]);
    expectFinding('Merci !!!!', 'exclamation', '!!!!');
    expectFinding('Vraiment ?!?', 'exclamation', '?!?');
  });
});

describe('findings', () => {
  it('give offsets that quote the text, in text order', () => {
    const text = 'Bonjour. VOUS NE LISEZ JAMAIS, espèce de c0nnard !!!';
    const findings = detector.find(text);
    expect(findings.map((finding) => finding.kind)).toEqual(['blame', 'shouting', 'insult', 'exclamation']);
    for (const finding of findings) expect(text.slice(finding.start, finding.end)).toBe(finding.evidence);
  });

  it('keep the longest of nested findings', () => {
    expect(found('Fils de pute.')).toEqual([['insult', 'Fils de pute']]);
  });

  it('are the same from a string or an AnalysedText', () => {
    const text = 'Lol. Vous êtes des animaux, c o n n a r d !!!';
    expect(detector.find(new AnalysedText(text))).toEqual(detector.find(text));
  });

  it('name their class in French and say how to word it neutrally', () => {
    const kinds: IncivilityKind[] = ['insult', 'profanity', 'threat', 'dehumanising', 'hate', 'mockery', 'blame', 'shouting', 'exclamation'];
    const names = kinds.map((kind) => classOf({ kind, evidence: 'x', start: 0, end: 1, masked: false, slur: false }));
    expect(names).toEqual(['insulte', 'grossièreté', 'menace', 'propos déshumanisant', 'généralisation haineuse', 'moquerie', 'reproche / condescendance', 'majuscules qui crient', 'ponctuation agressive']);
    expect(classOf({ kind: 'insult', evidence: 'c0nnard', start: 0, end: 7, masked: true, slur: false })).toBe('insulte masquée');
    expect(classOf({ kind: 'hate', evidence: 'bougnoule', start: 0, end: 9, masked: false, slur: true })).toBe('injure haineuse');
    for (const kind of kinds) expect(adviceFor({ kind, evidence: 'x', start: 0, end: 1, masked: false, slur: false })).toMatch(/^[A-ZÉU].+[.»]$/u);
  });
});

describe('the lexicon file', () => {
  /** A sentence a pattern must find: required words only, the n-th option of each place (or its last). */
  function reading(pattern: string, pick: number, conjugations: Awaited<ReturnType<typeof loadConjugations>>): string {
    const entriesOf = (name: string): string[] => {
      if (name === 'negative') return negative;
      if (name === 'infinitif') return ['lire'];
      const verbSet = /^(.*?)(_sans_vous|_conjugue)?$/.exec(name)!;
      const verbs = lexicon.verbs[verbSet[1]!];
      if (!verbs) return lexicon.sets[name]!;
      // A form of the verb: the infinitive, or a conjugated form for _conjugue.
      return verbs.map((entry) => {
        const [verb, ...rest] = entry.split(' ');
        const form = verbSet[2] === '_conjugue' ? verbForms(verb!, conjugations)!.finite[2]! : verb!;
        return [form, ...rest].join(' ');
      });
    };
    const words = pattern.split(/\s+/).flatMap((piece) => {
      if (['^', '~', '$', '…', '...', '…+', '...+'].includes(piece) || piece.startsWith('(')) return [];
      const options = piece.split('|');
      let option = options[Math.min(pick, options.length - 1)]!;
      const set = /^<(.*)>$/.exec(option);
      if (set) {
        const entries = entriesOf(set[1]!);
        option = entries[Math.min(pick, entries.length - 1)]!;
      }
      option = option.replace(/^=+/, '');
      return [option.endsWith('*') ? `${option.slice(0, -1)}ant` : option];
    });
    const text = words.join(' ').replace(/(['’]) /g, '$1');
    return pattern.startsWith('~') ? `Quelle idée… ${text}` : text;
  }

  it('has no dead pattern: each finds its own readings', async () => {
    const conjugations = await loadConjugations(Object.values(lexicon.verbs).flatMap((entries) => entries.map((entry) => entry.split(' ')[0]!)));
    const dead: string[] = [];
    for (const kind of ['insult', 'profanity', 'threat', 'dehumanising', 'hate', 'mockery', 'blame', 'hostile_mockery'] as const) {
      for (const pattern of lexicon[kind]) {
        for (const pick of [0, 1, Number.MAX_SAFE_INTEGER]) {
          const text = reading(pattern, pick, conjugations);
          if (detector.find(text).length === 0) dead.push(`${kind}: ${pattern} → « ${text} »`);
        }
      }
    }
    expect(dead).toEqual([]);
  });
});

describe('pattern syntax', () => {
  const base: CivilityLexicon = civilityLexiconSchema.parse({
    sets: { group: ['arabe', 'gens du voyage'] },
    insult: [],
    profanity: [],
    threat: [],
    dehumanising: [],
    hate: [],
    mockery: [],
    blame: [],
  });
  const detect = (changes: Partial<CivilityLexicon>, text: string) =>
    createCivilityDetector({ ...base, ...changes })
      .find(text)
      .map((finding) => finding.evidence);

  it('matches plural and feminine forms, or the exact form with =', () => {
    expect(detect({ insult: ['rat'] }, 'Un rat, des rats, elle rate.')).toEqual(['rat', 'rats', 'rate']);
    expect(detect({ insult: ['=rat'] }, 'Un rat, des rats, elle rate.')).toEqual(['rat']);
  });

  it('matches prefixes, alternatives, optional words, sets and gaps', () => {
    expect(detect({ profanity: ['emmerd*'] }, 'Emmerdeur et emmerdant.')).toEqual(['Emmerdeur', 'emmerdant']);
    expect(detect({ hate: ['les|ces <group> (sont) dehors'] }, 'Les gens du voyage dehors, ces arabes sont dehors.')).toEqual(['Les gens du voyage dehors', 'ces arabes sont dehors']);
    expect(detect({ hate: ['<group> … chez eux'] }, 'Les arabes doivent tous rentrer chez eux.')).toEqual(['arabes doivent tous rentrer chez eux']);
    expect(detect({ hate: ['<group> … chez eux'] }, 'Les arabes. Ils sont chez eux.')).toEqual([]);
  });

  it('anchors at the start or end of a sentence with ^ and $', () => {
    expect(detect({ mockery: ['^ n’importe quoi'] }, 'N’importe quoi. On livre n’importe quoi.')).toEqual(['N’importe quoi']);
    expect(detect({ insult: ['ferme-la $'] }, 'Ferme la porte. Ferme-la !')).toEqual(['Ferme-la']);
  });

  it('drops a finding that overlaps an allowed phrase', () => {
    expect(detect({ insult: ['bête'], allow: ['bête noire'] }, 'La bête noire, sale bête.')).toEqual(['bête']);
  });

  it('rejects a malformed lexicon, saying where', () => {
    const result = civilityLexiconSchema.safeParse({
      ...base,
      insult: ['espèce de <unknown>', '… con', 'mer*'],
      hate: ['les ^ arabes'],
      sets: { group: ['arabe|noir'] },
    });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues).toEqual([
      ['sets.group.0', expect.stringContaining('mot ou une expression simple')],
      ['hate.0', expect.stringContaining('« ^ »')],
      ['insult.0', expect.stringContaining('ensemble inconnu <unknown>')],
      ['insult.1', expect.stringContaining('« … »')],
      ['insult.2', expect.stringContaining('au moins 4 lettres')],
    ]);
  });
});
