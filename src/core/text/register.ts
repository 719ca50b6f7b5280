import { fold } from './fold.js';
import { AnalysedText } from './match.js';
import type { Token } from './tokens.js';

/**
 * Address forms in a reply. Tutoiement: tu, te, t', toi, and ton/ta/tes (and le tien…) as
 * possessives, never the noun « ton » (« sur un ton plus léger »). Vouvoiement addressed to one
 * person: vous, votre, vos, except in a sentence that speaks to a group (« merci à vous toutes »,
 * « vous êtes nombreux », « chacun d'entre vous »). Imperatives without a pronoun are not counted:
 * they cannot tell a slip from a deliberate style.
 */

export interface AddressForm {
  word: string;
  start: number;
  end: number;
}

export interface AddressForms {
  tu: AddressForm[];
  vous: AddressForm[];
}

const TU_PRONOUNS = new Set(['tu', 'te', "t'", 'toi']);
const TU_POSSESSIVES = new Set(['ta', 'tes']);
const TU_POSSESSIVE_PRONOUNS = new Set(['tien', 'tienne', 'tiens', 'tiennes']);
/** Before these, « ton » is the noun (un ton, le ton, votre ton, sur ce ton). */
const DETERMINERS = new Set(['un', 'le', "l'", 'ce', 'cet', 'du', 'au', 'quel', 'mon', 'ton', 'son', 'notre', 'votre', 'leur', 'meme', 'bon', 'autre']);
const ARTICLES_BEFORE_POSSESSIVE_PRONOUN = new Set(['le', 'la', 'les', 'du', 'des', 'au', 'aux']);
const VOUS_FORMS = new Set(['vous', 'votre', 'vos']);
/** Words that show a sentence speaks to several people. */
const GROUP_MARKERS = new Set(['tous', 'toutes', 'nombreux', 'nombreuses', 'chacun', 'chacune', 'ensemble', 'communaute', 'abonnes', 'abonnees']);

function sentenceIndexes(text: AnalysedText): number[] {
  // A token belongs to the sentence numbered by the count of . ! ? … before it.
  const boundaries: number[] = [];
  const pattern = /[.!?…\n]+/g;
  for (let match = pattern.exec(text.source); match; match = pattern.exec(text.source)) boundaries.push(match.index);
  let sentence = 0;
  return text.tokens.map((token) => {
    while (sentence < boundaries.length && boundaries[sentence]! < token.start) sentence += 1;
    return sentence;
  });
}

function isNounTon(tokens: Token[], index: number, source: string): boolean {
  const previous = tokens[index - 1];
  if (previous && DETERMINERS.has(previous.folded)) return true;
  const next = tokens[index + 1];
  // « changer de ton. » — nothing follows in the sentence, so it cannot be a possessive.
  if (!next) return true;
  return /[.!?…,;:]/.test(source.slice(tokens[index]!.end, next.start));
}

export function findAddressForms(input: string | AnalysedText): AddressForms {
  const text = typeof input === 'string' ? new AnalysedText(input) : input;
  const { tokens, source } = text;
  const forms: AddressForms = { tu: [], vous: [] };
  const sentences = sentenceIndexes(text);
  const groupSentences = new Set<number>();
  tokens.forEach((token, index) => {
    if (GROUP_MARKERS.has(token.folded)) groupSentences.add(sentences[index]!);
    // « d'entre vous », « tout le monde »
    if (token.folded === 'entre' && tokens[index - 1]?.folded === "d'" && tokens[index + 1]?.folded === 'vous') groupSentences.add(sentences[index]!);
    if (token.folded === 'monde' && tokens[index - 1]?.folded === 'le' && tokens[index - 2]?.folded === 'tout') groupSentences.add(sentences[index]!);
  });

  tokens.forEach((token, index) => {
    const form = { word: token.text, start: token.start, end: token.end };
    const word = token.folded;
    if (TU_PRONOUNS.has(word) || TU_POSSESSIVES.has(word)) forms.tu.push(form);
    else if (word === 'ton' && !isNounTon(tokens, index, source)) forms.tu.push(form);
    else if (TU_POSSESSIVE_PRONOUNS.has(word) && ARTICLES_BEFORE_POSSESSIVE_PRONOUN.has(tokens[index - 1]?.folded ?? '')) forms.tu.push(form);
    // « rendez-vous » is a noun, not an address.
    else if (VOUS_FORMS.has(word) && !groupSentences.has(sentences[index]!) && tokens[index - 1]?.folded !== 'rendez') forms.vous.push(form);
  });
  return forms;
}

const GROUP_COMMENT = [
  // « on serait 8 », « nous serons 12 », « on est 4 »
  /\b(?:on|nous)\s+(?:est|sera|serait|seront|sommes|serons|serions)\s+(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|plusieurs|nombreux)\b/u,
  // « pour 8 personnes », « une table de 10 », « un groupe de 6 »
  /\b(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+(?:personnes|adultes|enfants|couverts)\b/u,
  /\b(?:table|groupe|tablee)\s+de\s+\d+\b/u,
  /\b(?:ma femme et moi|mon mari et moi|mon copain et moi|ma copine et moi|avec mes (?:amis|collegues|enfants))\b/u,
];

/**
 * True when the commenter writes for several people (« on serait 8 pour un EVG »): a reply may then
 * say « vous » to the group even under a tu charter.
 */
export function speaksForGroup(commentText: string): boolean {
  const folded = fold(commentText);
  return GROUP_COMMENT.some((pattern) => pattern.test(folded));
}
