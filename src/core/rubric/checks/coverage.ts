import type { CoverItem, Fact } from '../../scenario/schema.js';
import { unsupportedFigures, extractFigures } from '../../text/figures.js';
import { AnalysedText, findFirstTerm } from '../../text/match.js';
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

function describe(item: CoverItem, facts: Fact[]): string {
  if (item.any) return `${item.id} (${item.any.slice(0, 3).map((word) => `« ${word} »`).join(', ')}…)`;
  const fact = facts.find((candidate) => candidate.id === item.fact);
  return `${item.id} (« ${fact?.text ?? item.fact} »)`;
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
    if (missing.length === 0) return { passed: true, message: `Tous les points attendus sont couverts (${items.map((item) => item.id).join(', ')}).` };
    return {
      passed: false,
      message: `${written.label.replace(/^./, (c) => c.toUpperCase())} ne couvre pas : ${missing.map((item) => describe(item, facts)).join(' ; ')}.`,
      evidence: missing.map((item) => item.id).join(', '),
    };
  },
};
