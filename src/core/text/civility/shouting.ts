import type { Token } from '../tokens.js';

/** Shouting in capitals and aggressive punctuation (« !!! »), for the civility check. */

const letterCount = (word: string): number => word.replace(/[^\p{L}]/gu, '').length;
const HAS_UPPER = /\p{Lu}/u;
const HAS_LOWER = /\p{Ll}/u;
const CAPITALS_PAIR = /\p{Lu}{2}/u;

/**
 * A run of at least two words in capitals (« VOUS NE LISEZ JAMAIS »). A single capitalised word
 * (« CONTACT ») does not shout; an acronym (SAV, RGPD) does not count and ends a run; words of
 * three letters or fewer count only when listed (VOUS, EST…), others being taken for acronyms.
 */
export function findShouting(source: string, tokens: readonly Token[], acronyms: ReadonlySet<string>, shortWords: ReadonlySet<string>): Array<{ start: number; end: number }> {
  if (!CAPITALS_PAIR.test(source)) return [];
  const runs: Array<{ start: number; end: number }> = [];
  let start = -1;
  let end = -1;
  let words = 0;
  /** Start of a one-letter capital (« C’ » of « C’EST », « À ») that may open the run. */
  let letterStart = -1;
  const close = () => {
    if (words >= 2) runs.push({ start, end });
    start = -1;
    letterStart = -1;
    words = 0;
  };
  for (const token of tokens) {
    if (HAS_LOWER.test(token.text)) {
      close();
      continue;
    }
    const letters = letterCount(token.text);
    if (!HAS_UPPER.test(token.text)) continue;
    if (letters < 2) {
      if (start < 0 && letterStart < 0) letterStart = token.start;
      continue;
    }
    if (acronyms.has(token.folded) || (letters <= 3 && !shortWords.has(token.folded))) {
      // An acronym between capitalised words (« DUPONT, SNCF CONNECT ») is a name, not a cry.
      close();
      continue;
    }
    if (start < 0) start = letterStart >= 0 ? letterStart : token.start;
    end = token.end;
    words += 1;
  }
  close();
  return runs;
}

/** Three marks or more with at least one « ! » (« !!! », « ?!? », « ! ! ! »); ‼ and ⁉ count twice. */
const MARK_RUN = /[!?！？‼⁉](?:[ \u00a0\u202f]?[!?！？‼⁉])+/gu;
const EXCLAMATION = /[!！‼⁉]/;

export function findExclamations(source: string): Array<{ start: number; end: number }> {
  if (!EXCLAMATION.test(source)) return [];
  const runs: Array<{ start: number; end: number }> = [];
  for (const match of source.matchAll(MARK_RUN)) {
    const marks = [...match[0]].reduce((count, char) => count + (char === '‼' || char === '⁉' ? 2 : /\S/.test(char) ? 1 : 0), 0);
    if (marks >= 3 && EXCLAMATION.test(match[0])) runs.push({ start: match.index, end: match.index + match[0].length });
  }
  return runs;
}

