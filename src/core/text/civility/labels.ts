import type { IncivilityFinding, IncivilityKind } from './detector.js';

/**
 * What the civility check tells a candidate: the class of the fault in French, as a jury names it,
 * and how to say the same thing neutrally (Cr7.2: « factuel, neutre, ou dans le ton de la
 * personne qui a écrit »).
 */

export const INCIVILITY_CLASSES: Record<IncivilityKind, string> = {
  threat: 'menace',
  hate: 'généralisation haineuse',
  dehumanising: 'propos déshumanisant',
  insult: 'insulte',
  profanity: 'grossièreté',
  mockery: 'moquerie',
  blame: 'reproche / condescendance',
  shouting: 'majuscules qui crient',
  exclamation: 'ponctuation agressive',
};

/** A slur (one word of the `hate` section) is not a generalisation: it is named apart. */
export const SLUR_CLASS = 'injure haineuse';
/** Any lexical finding read through obfuscation (c0nnard, connrad, salearabe, s a l e). */
export const MASKED_CLASS = 'insulte masquée';

const ADVICE: Record<IncivilityKind, string> = {
  threat:
    'Une marque ne menace jamais, même pour rire : retirez ces mots et tenez-vous aux faits, par exemple « Ces propos enfreignent notre charte : nous masquons ce commentaire. »',
  hate: 'Ne prêtez aucun trait à un groupe de personnes (origine, religion, couleur de peau, sexe, identité de genre, orientation, handicap) : parlez des faits et de la charte, par exemple « Les propos visant un groupe de personnes n’ont pas leur place ici ; nous masquons ce commentaire. »',
  dehumanising:
    'Ne comparez jamais des personnes à des animaux, à des choses ou à une maladie : décrivez les faits, par exemple « Ce commentaire enfreint notre charte ; nous le masquons. »',
  insult: 'Retirez l’insulte et répondez sur le fond, par exemple « Nous comprenons votre mécontentement et nous regardons votre dossier. »',
  profanity: 'Supprimez la grossièreté, par exemple « Nous sommes désolés pour ce contretemps. »',
  mockery:
    'Prenez le commentaire au sérieux, sans ironie, sans rire et sans question sur la personne, par exemple « Merci pour votre retour : nous regardons ce point et revenons vers vous. »',
  blame:
    'Donnez l’information sans reprocher à la personne de ne pas l’avoir vue ni lui dire comment se sentir, par exemple « L’information est dans notre publication : la livraison est offerte dès 50 €. Nous restons disponibles en message privé. »',
  shouting: 'Écrivez en minuscules : des mots en capitales se lisent comme des cris.',
  exclamation: 'Un seul point d’exclamation suffit, par exemple « Merci pour votre message ! »',
};

const MASKED_ADVICE =
  'Une insulte déguisée (lettres remplacées, échangées, espacées ou collées) reste une insulte : retirez-la et répondez sur le fond, par exemple « Nous comprenons votre mécontentement. »';

/** Kinds whose disguised words are named « insulte masquée » (« mdrrrr » stays « moquerie »). */
const MAY_BE_MASKED = new Set<IncivilityKind>(['insult', 'profanity', 'hate', 'dehumanising', 'threat']);

/** The class a jury names for this finding. */
export function classOf(finding: IncivilityFinding): string {
  if (finding.masked && MAY_BE_MASKED.has(finding.kind)) return MASKED_CLASS;
  if (finding.kind === 'hate' && finding.slur) return SLUR_CLASS;
  return INCIVILITY_CLASSES[finding.kind];
}

/** How to say it neutrally. */
export function adviceFor(finding: IncivilityFinding): string {
  if (finding.masked && MAY_BE_MASKED.has(finding.kind)) return MASKED_ADVICE;
  return ADVICE[finding.kind];
}
