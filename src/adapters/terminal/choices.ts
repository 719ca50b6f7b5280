import type { Choice, View } from '../../engine/views.js';

type Prompt = Extract<View, { kind: 'prompt' }>;

/** Lower case, accents and apostrophe variants folded: « Réponse » and « reponse » are one word. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/’/g, "'").trim();
}

function words(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}']+/u).filter(Boolean);
}

const YES = new Set(['oui', 'o', 'yes', 'y']);
const NO = new Set(['non', 'n', 'no']);

/**
 * The choices « oui » and « non » stand for: those labelled so (« Oui », « Non, aucune action »),
 * or the two answers of a yes/no question whose verb is one of them (« Le reprendre ? » →
 * « Reprendre » / the other one; « Rendre la copie quand même ? » → « Rendre la copie maintenant »).
 */
export function yesNo(prompt: Prompt): { yes: Choice; no: Choice } | undefined {
  if (prompt.multiple) return undefined;
  const first = (choice: Choice) => words(choice.label)[0] ?? '';
  const yes = prompt.choices.find((choice) => first(choice) === 'oui');
  const no = prompt.choices.find((choice) => first(choice) === 'non');
  if (yes && no) return { yes, no };
  const [a, b] = prompt.choices;
  if (prompt.choices.length !== 2 || !a || !b || !prompt.text.trim().endsWith('?')) return undefined;
  // The question itself: its last sentence (what comes before may quote a comment).
  const question = new Set(words(prompt.text.split(/\n|[.!:»]\s/).pop() ?? ''));
  const named = [a, b].filter((choice) => question.has(first(choice)));
  if (named.length !== 1) return undefined;
  return named[0] === a ? { yes: a, no: b } : { yes: b, no: a };
}

export type Resolved = { kind: 'choice'; choice: Choice } | { kind: 'unknown' } | { kind: 'ambiguous'; matches: Choice[] };

/**
 * What one typed answer designates: its number, its value, « oui » / « non » where the question
 * is one, or the first words of a label (« réponse », « rendre la copie ») when only one starts so.
 */
export function resolveChoice(prompt: Prompt, typed: string): Resolved {
  const input = typed.trim();
  if (/^\d+$/.test(input)) {
    const choice = prompt.choices[Number(input) - 1];
    return choice ? { kind: 'choice', choice } : { kind: 'unknown' };
  }
  const byValue = prompt.choices.find((choice) => choice.value === input);
  if (byValue) return { kind: 'choice', choice: byValue };
  const folded = fold(input);
  const exact = prompt.choices.find((choice) => fold(choice.label) === folded);
  if (exact) return { kind: 'choice', choice: exact };
  if (YES.has(folded) || NO.has(folded)) {
    const pair = yesNo(prompt);
    if (pair) return { kind: 'choice', choice: YES.has(folded) ? pair.yes : pair.no };
  }
  const typedWords = words(input);
  if (typedWords.length === 0) return { kind: 'unknown' };
  const matches = prompt.choices.filter((choice) => {
    const label = words(choice.label);
    return typedWords.every((word, index) => label[index] === word);
  });
  if (matches.length === 1) return { kind: 'choice', choice: matches[0]! };
  return matches.length > 1 ? { kind: 'ambiguous', matches } : { kind: 'unknown' };
}
