import { fold } from './fold.js';

/**
 * Plural and feminine forms of a French word (folded), so that a lexicon entry « raciste » also
 * finds « racistes », « agressif » finds « agressive », « erroné » finds « erronées ». Forms are
 * built on the accented word, then folded: « erroné » gives « erronee », never « errone » + « e ».
 * Specific endings take precedence over the general +e/+s so that « con » gives « conne », not « cone ».
 */
export function inflections(word: string): Set<string> {
  let forms = inflectionCache.get(word);
  if (!forms) {
    if (inflectionCache.size >= INFLECTION_CACHE_LIMIT) inflectionCache.clear();
    forms = computeInflections(word);
    inflectionCache.set(word, forms);
  }
  return forms;
}

/** Words recur from one reply to the next: their forms are computed once (bounded memory). */
const INFLECTION_CACHE_LIMIT = 20_000;
const inflectionCache = new Map<string, Set<string>>();

function computeInflections(word: string): Set<string> {
  const lower = word.toLowerCase();
  const forms = new Set<string>([lower]);
  const add = (...suffixed: string[]) => suffixed.forEach((form) => forms.add(form));
  const stem = (length: number) => lower.slice(0, lower.length - length);

  if (/[^\p{L}]/u.test(lower) || lower.length < 2) {
    // Elided forms (l'), numbers and symbols have no inflections.
  } else if (lower.endsWith('eau')) add(`${lower}x`);
  else if (lower.endsWith('al')) add(`${stem(2)}aux`, `${lower}e`, `${lower}es`, `${lower}s`);
  else if (lower.endsWith('if')) add(`${stem(1)}ve`, `${stem(1)}ves`, `${lower}s`);
  else if (lower.endsWith('eux')) add(`${stem(1)}se`, `${stem(1)}ses`);
  else if (lower.endsWith('eur')) {
    add(`${lower}s`, `${stem(1)}se`, `${stem(1)}ses`, `${lower}e`, `${lower}es`);
    if (lower.endsWith('teur')) add(`${stem(4)}trice`, `${stem(4)}trices`);
  }
  else if (lower.endsWith('er')) add(`${lower}s`, `${stem(2)}ère`, `${stem(2)}ères`);
  else if (/(?:en|on)$/.test(lower)) add(`${lower}s`, `${lower}ne`, `${lower}nes`);
  else if (/(?:el|eil|ul)$/.test(lower)) add(`${lower}s`, `${lower}le`, `${lower}les`);
  else if (lower.endsWith('et')) add(`${lower}s`, `${lower}te`, `${lower}tes`, `${stem(2)}ète`, `${stem(2)}ètes`);
  else if (lower.endsWith('e')) add(`${lower}s`);
  else if (/[sxz]$/.test(lower)) add(`${lower}e`, `${lower}es`);
  else if (/(?:au|eu|ou)$/.test(lower)) add(`${lower}x`, `${lower}s`);
  else add(`${lower}s`, `${lower}e`, `${lower}es`);

  return new Set([...forms].map(fold));
}

/** Endings that can only be feminine or plural, with the masculine singular they come from. */
const LEMMA_ENDINGS: Array<[RegExp, string[]]> = [
  [/ées?$|és$/, ['é']],
  [/ives?$/, ['if']],
  [/euses?$/, ['eux', 'eur']],
  [/trices?$/, ['teur']],
  [/ères?$/, ['er']],
  [/ettes?$/, ['et']],
  [/elles?$/, ['el']],
  [/ennes?$/, ['en']],
  [/onnes?$/, ['on']],
  [/aux$/, ['al']],
];

/**
 * The word and, for a word written in the feminine or the plural, its masculine singular, so that a
 * term written « désolée » also finds « désolés ». Used on lexicon and charter terms only.
 */
export function lemmaGuesses(word: string): string[] {
  const lower = word.toLowerCase();
  const guesses = [lower];
  for (const [ending, replacements] of LEMMA_ENDINGS) {
    if (ending.test(lower)) guesses.push(...replacements.map((replacement) => lower.replace(ending, replacement)));
  }
  if (guesses.length === 1 && /[^s]s$/.test(lower) && lower.length > 3) guesses.push(lower.slice(0, -1));
  return guesses;
}

/** Every form of a term word: the inflections of the word and of its guessed lemma. */
export function termForms(word: string): Set<string> {
  const forms = new Set<string>();
  for (const guess of lemmaGuesses(word)) for (const form of inflections(guess)) forms.add(form);
  return forms;
}
