import type { CoverItem, Fact } from '../../scenario/schema.js';
import { unsupportedFigures, extractFigures } from '../../text/figures.js';
import { AnalysedText, findFirstTerm } from '../../text/match.js';
import { excerpt } from '../labels.js';
import type { Check } from '../types.js';

/** Words of five letters or more: the content of a fact that has neither keywords nor figures. */
function contentWords(text: string): string[] {
  return new AnalysedText(text).tokens.filter((token) => token.folded.length >= 5).map((token) => token.text);
}

/**
 * A fact is covered by one of its keywords; without keywords, by all of its figures; without
 * figures either, by at least half of its longer words.
 */
function factCovered(fact: Fact, text: AnalysedText): boolean {
  if (fact.keywords) return findFirstTerm(text, fact.keywords) !== undefined;
  if (extractFigures(fact.text).length > 0) return unsupportedFigures(fact.text, [text.source]).length === 0;
  const words = contentWords(fact.text);
  const found = words.filter((word) => findFirstTerm(text, [word]) !== undefined).length;
  return words.length > 0 && found * 2 >= words.length;
}

function itemCovered(item: CoverItem, facts: Fact[], text: AnalysedText): boolean {
  if (item.any) return findFirstTerm(text, item.any) !== undefined;
  const fact = facts.find((candidate) => candidate.id === item.fact);
  return fact !== undefined && factCovered(fact, text);
}

const quoted = (words: readonly string[]) => words.map((word) => `« ${word} »`).join(', ');

/**
 * What would have counted for an item, in French and without its id: the accepted words, or the
 * fact's text with its keywords, its figures or its words (« Deux burgers végétariens… », un de ces
 * mots : « Lulu Veggie », « végétarien »).
 */
export function expectedForItem(item: CoverItem, facts: Fact[]): string {
  if (item.any) return item.any.length > 1 ? `un de ces mots : ${quoted(item.any)}` : `le mot ${quoted(item.any)}`;
  const fact = facts.find((candidate) => candidate.id === item.fact);
  if (!fact) return 'un fait de la charte';
  const text = `le fait « ${excerpt(fact.text, 120)} »`;
  if (fact.keywords) return `${text}, ${fact.keywords.length > 1 ? `un de ces mots : ${quoted(fact.keywords)}` : `le mot ${quoted(fact.keywords)}`}`;
  const figures = extractFigures(fact.text);
  if (figures.length > 0) return `${text}, avec ${figures.length > 1 ? `ses chiffres : ${quoted(figures.map((figure) => figure.raw))}` : `son chiffre ${quoted([figures[0]!.raw])}`}`;
  return `${text}, au moins la moitié de ces mots : ${quoted(contentWords(fact.text))}`;
}

/** Is the item matched by words (accents, case, plural and feminine ignored) rather than by figures? */
function byWords(item: CoverItem, facts: Fact[]): boolean {
  if (item.any) return true;
  const fact = facts.find((candidate) => candidate.id === item.fact);
  return fact !== undefined && (fact.keywords !== undefined || extractFigures(fact.text).length === 0);
}

/** An item in a few words, for the line that says everything was covered. */
function shortName(item: CoverItem, facts: Fact[]): string {
  if (item.any) return `« ${item.any[0]} »`;
  const fact = facts.find((candidate) => candidate.id === item.fact);
  return fact ? `« ${excerpt(fact.text, 50)} »` : 'un fait de la charte';
}

/** Cr7.2: the reply (else the private message) covers every point the comment calls for. */
export const coverage: Check = {
  id: 'coverage',
  criterion: 'Cr7.2',
  applies: ({ comment, texts }) => (comment.reply?.must_cover.length ?? 0) > 0 && texts.length > 0,
  run({ comment, scenario, reply, privateMessage }) {
    const written = reply ?? privateMessage;
    const items = comment.reply?.must_cover ?? [];
    const facts = scenario.charter.facts;
    if (!written) return { passed: false, message: 'Aucun texte rédigé.' };
    const missing = items.filter((item) => !itemCovered(item, facts, written.text));
    if (missing.length === 0) return { passed: true, message: `Tous les points attendus sont couverts : ${items.map((item) => shortName(item, facts)).join(' ; ')}.` };
    const what = missing.length > 1 ? `${missing.length} points attendus` : 'un point attendu';
    const note = missing.some((item) => byWords(item, facts)) ? ' Accents, majuscules, pluriel et féminin ne comptent pas.' : '';
    return {
      passed: false,
      message: `${written.label.replace(/^./, (c) => c.toUpperCase())} ne couvre pas ${what} : ${missing.map((item) => expectedForItem(item, facts)).join(' ; ')}.${note}`,
      evidence: excerpt(written.text.source),
    };
  },
};
