import { escapeRegExp, fold } from '../fold.js';
import type { Token } from '../tokens.js';
import type { LexicalKind } from './lexicon.js';
import { emojiKey, squeeze, type WordToken } from './patterns.js';

/**
 * Word tokens of a text with obfuscation undone: leetspeak (c0nnard), symbols (s@lope, m*rde,
 * put***), spaced letters (c o n n a r d, c.o.n), stretched letters (connnnard), one letter
 * swapped, dropped, doubled or replaced (connrad, bougnoulle, pétase), a word cut in two
 * (bou-gnoule), words run together (salearabe, filsdepute). A token read through any of these is
 * `masked`, so that the finding can say « insulte masquée ».
 */

export interface Vocabulary {
  words: ReadonlySet<string>;
  squeezed: ReadonlySet<string>;
  prefixes: readonly string[];
  /** Single words of the lexicon by length, to read masked words (« put*** »). */
  maskable: ReadonlyMap<number, ReadonlyArray<{ word: string; kind: LexicalKind }>>;
  negations: ReadonlySet<string>;
  /** Emoji the lexicon names: only those become tokens. */
  emoji: ReadonlySet<string>;
  /** Forms (5 letters or more) of the lexicon's single-word insults, slurs and profanities: what a word cut in two may hide. */
  strong: ReadonlySet<string>;
  /** Every spelling one edit away from a strong insult or slur (not profanity) → that word. */
  variants: ReadonlyMap<string, string>;
  /** First words of the lexicon's insults and slurs in several words, where words run together may start (« sale », « fils », « nique »). */
  heads: ReadonlySet<string>;
  /** The same heads by their first two letters. */
  headsByStart: ReadonlyMap<string, readonly string[]>;
}

export interface ObfuscationOptions {
  /** True for a correctly spelled French word: a typo-like variant (« canard ») is then not read as an insult (« conard »). */
  isWord?: (word: string) => boolean;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const LEET_CHARS = /[013457@$]/g;
const HAS_LEET_DIGIT = /[013457]/;
const deleet = (word: string): string => word.replace(LEET_CHARS, (char) => LEET[char] ?? char);
/** Three times the same letter: no French word does it, shouting or obfuscation does. */
const STRETCHED = /([\p{L}\d@$])\1\1/iu;
const letterCount = (word: string): number => word.replace(/[^\p{L}]/gu, '').length;
const ONLY_LETTERS = /^\p{L}+$/u;

/** Single characters separated by spaces, dots, dashes… : « c o n n a r d », « c.o.n ». */
const SPACED_LETTERS = /(?<![\p{L}\p{N}@$])[\p{L}\p{N}@$](?:[\s.\-_*·|/\\+~]{1,3}[\p{L}\p{N}@$]){2,}(?![\p{L}\p{N}@$])/gu;
/** Words with @, $ or * inside, which the word segmenter cuts apart: « s@lope », « m*rde ». */
const SYMBOL_WORD = /[\p{L}\p{N}@$*]*[@$*][\p{L}\p{N}@$*]*/gu;
const HAS_SYMBOL = /[@$*]/;
const SENTENCE_ENDS = new Set(['.', '!', '?', '…', ';', ':', '\n']);
const EMOJI = /\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]*/gu;
const HAS_EMOJI = /\p{Extended_Pictographic}/u;
/** What may separate the two halves of a cut word: « bou-gnoule », « encu ler ». */
const CUT = /^[\s\-._·]$/u;

/** Smallest word that a typo-like spelling is read as. */
export const MIN_FUZZY_LETTERS = 5;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one edit (deletion, insertion, substitution, swap of neighbours) away from word. */
export function oneEditAway(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= word.length; i += 1) {
    const before = word.slice(0, i);
    const after = word.slice(i);
    for (const letter of ALPHABET) out.push(before + letter + after);
    if (i < word.length) {
      out.push(before + word.slice(i + 1));
      for (const letter of ALPHABET) if (letter !== word[i]) out.push(before + letter + word.slice(i + 1));
      if (i + 1 < word.length && word[i] !== word[i + 1]) out.push(before + word[i + 1] + word[i] + word.slice(i + 2));
    }
  }
  return out;
}

export function isKnown(word: string, vocabulary: Vocabulary): boolean {
  if (vocabulary.words.has(word)) return true;
  const squeezed = squeeze(word);
  if (squeezed !== word && vocabulary.squeezed.has(squeezed)) return true;
  return vocabulary.prefixes.some((prefix) => word.startsWith(prefix));
}

function wordToken(key: string, written: string, start: number, end: number, mayStretch: boolean, masked: boolean): WordToken {
  const stretched = mayStretch && written.length >= 3 && STRETCHED.test(written);
  return {
    key,
    written,
    squeezed: stretched ? squeeze(key) : undefined,
    start,
    end,
    sentenceStart: false,
    afterPause: false,
    afterComma: false,
    negation: false,
    masked: masked || stretched,
  };
}

/** « put*** » → putain: read only when one kind of lexicon word fits and half the letters are shown. */
function unmask(folded: string, vocabulary: Vocabulary): string | undefined {
  const shown = letterCount(folded);
  if (shown < 2 || shown * 2 < folded.length) return undefined;
  const mask = new RegExp(`^${[...folded].map((char) => (char === '*' ? '\\p{L}' : escapeRegExp(char))).join('')}$`, 'u');
  const fits = (vocabulary.maskable.get(folded.length) ?? []).filter((candidate) => mask.test(candidate.word));
  const first = fits[0];
  return first && fits.every((candidate) => candidate.kind === first.kind) ? first.word : undefined;
}

function symbolWord(match: RegExpExecArray, vocabulary: Vocabulary): WordToken | undefined {
  let written = match[0];
  let start = match.index;
  if (written.startsWith('@')) return undefined; // a mention
  if (written.startsWith('*')) {
    // *emphasis*: the word inside is an ordinary token.
    const inner = written.replace(/^\*+|\*+$/g, '');
    if (!HAS_SYMBOL.test(inner)) return undefined;
    start += written.indexOf(inner);
    written = inner;
  }
  const folded = deleet(fold(written));
  const key = folded.includes('*') ? unmask(folded, vocabulary) : isKnown(folded, vocabulary) ? folded : undefined;
  return key === undefined ? undefined : wordToken(key, written, start, start + written.length, true, true);
}

function spacedWord(match: RegExpExecArray, vocabulary: Vocabulary, options: ObfuscationOptions): WordToken | undefined {
  const letters = match[0].replace(/[^\p{L}\p{N}@$]/gu, '');
  const key = deleet(fold(letters));
  if (!isKnown(key, vocabulary) && !splitRunTogether(key, vocabulary, options)) return undefined;
  return wordToken(key, letters, match.index, match.index + match[0].length, true, true);
}

/** Obfuscated words the segmenter does not give whole; they replace the tokens they cover. */
function obfuscatedWords(source: string, vocabulary: Vocabulary, options: ObfuscationOptions): WordToken[] {
  const found: WordToken[] = [];
  for (const match of source.matchAll(SPACED_LETTERS)) {
    const token = spacedWord(match, vocabulary, options);
    if (token) found.push(token);
  }
  if (HAS_SYMBOL.test(source)) {
    for (const match of source.matchAll(SYMBOL_WORD)) {
      const token = symbolWord(match, vocabulary);
      if (token && !found.some((other) => token.start < other.end && other.start < token.end)) found.push(token);
    }
  }
  return found;
}

/**
 * A word run together from lexicon words (« salearabe » → sale arabe, « filsdepute » → fils de
 * pute): its pieces, or undefined. It must start with the first word of a lexicon phrase, and not
 * be a French word itself.
 */
function splitRunTogether(key: string, vocabulary: Vocabulary, options: ObfuscationOptions): string[] | undefined {
  if (!options.isWord || key.length < 6 || !ONLY_LETTERS.test(key)) return undefined;
  const failed = new Set<string>();
  const split = (rest: string, depth: number, first: boolean): string[] | undefined => {
    if (rest === '') return [];
    if (depth === 0 || (!first && failed.has(rest))) return undefined;
    for (let length = Math.min(rest.length, 12); length >= 1; length -= 1) {
      const piece = rest.slice(0, length);
      if (first ? !vocabulary.heads.has(piece) : !vocabulary.words.has(piece) && !(length === 1 && /[dlt]/.test(piece))) continue;
      if (first && length === rest.length) continue;
      const tail = split(rest.slice(length), depth - 1, false);
      if (tail) return [piece, ...tail];
    }
    if (!first) failed.add(rest);
    return undefined;
  };
  const pieces = split(key, 5, true);
  if (!pieces || pieces.length < 2) return undefined;
  return options.isWord(key) ? undefined : pieces;
}

/** A strong insult or slur one edit away from this unknown word (« connrad », « bougnoulle »). */
function fuzzyKey(token: Token, key: string, textStart: boolean, vocabulary: Vocabulary, options: ObfuscationOptions): string | undefined {
  if (!options.isWord || key.length < MIN_FUZZY_LETTERS) return undefined;
  const target = vocabulary.variants.get(key) ?? (key.endsWith('s') ? vocabulary.variants.get(key.slice(0, -1)) : undefined);
  if (target === undefined || !ONLY_LETTERS.test(key) || vocabulary.words.has(key)) return undefined;
  // A capitalised word is a name (« M. Gatin »), not a typo, unless it opens the text or shouts (« CONNRAD »).
  if (/^\p{Lu}/u.test(token.text) && /\p{Ll}/u.test(token.text) && !textStart) return undefined;
  return options.isWord(token.text) ? undefined : target;
}


/** What a gap between two words holds, as bits: the end of a sentence, an ellipsis, a comma or the like. */
const SENTENCE = 1;
const PAUSED = 2;
const COMMA = 4;

const CLAUSE_CHARS = new Set([',', ':', '–', '—', '«', '»', '"', '“', '”', '(', ')']);

function gapMarks(source: string, from: number, to: number): number {
  let marks = 0;
  for (let index = from; index < to; index += 1) {
    const char = source[index]!;
    if (char === ' ') continue;
    if (SENTENCE_ENDS.has(char)) marks |= SENTENCE;
    if (char === '…' || (char === '.' && source[index + 1] === '.' && source[index + 2] === '.')) marks |= PAUSED;
    if (CLAUSE_CHARS.has(char) || (char === '-' && /\s/.test(source[index - 1] ?? '') && /\s/.test(source[index + 1] ?? ''))) marks |= COMMA;
  }
  return marks;
}

/**
 * « ne » that negates nothing: « n'importe quoi », and the restrictive « ne … que » (« ce ne sont que
 * des singes » says they are, « ce ne sont pas des singes » says they are not).
 */
function restrictive(tokens: readonly WordToken[], index: number): boolean {
  const key = tokens[index]!.key;
  if (key !== 'ne' && key !== "n'") return false;
  if (tokens[index + 1]?.key === 'importe') return true;
  for (let at = index + 1; at <= index + 4 && at < tokens.length; at += 1) {
    const next = tokens[at]!;
    if (next.sentenceStart) return false;
    if (next.key === 'que' || next.key === "qu'") return true;
    if (NEGATION_ENDS.has(next.key)) return false;
  }
  return false;
}

const NEGATION_ENDS = new Set(['pas', 'jamais', 'plus', 'rien', 'personne', 'aucun', 'aucune', 'guere', 'point', 'nullement']);

/** A cheap first test before splitting a word run together: does it start with a head? */
function startsWithHead(key: string, vocabulary: Vocabulary): boolean {
  const heads = vocabulary.headsByStart.get(key.slice(0, 2));
  return heads !== undefined && heads.some((head) => key.startsWith(head));
}

export function wordTokens(source: string, base: readonly Token[], vocabulary: Vocabulary, options: ObfuscationOptions): WordToken[] {
  const mayStretch = STRETCHED.test(source);
  let tokens: WordToken[] = [];
  const hasDigit = /\d/.test(source);
  for (let at = 0; at < base.length; at += 1) {
    const token = base[at]!;
    let key = token.folded;
    let masked = false;
    if (hasDigit && HAS_LEET_DIGIT.test(key) && letterCount(key) >= 2) {
      const read = deleet(key);
      if (isKnown(read, vocabulary)) {
        key = read;
        masked = true;
      }
    }
    const previous = tokens[tokens.length - 1];
    // A word cut in two: « bou-gnoule », « encu ler ».
    if (previous !== undefined && token.start - previous.end === 1 && !previous.masked && CUT.test(source[previous.end]!)) {
      const joined = previous.key + key;
      if (vocabulary.strong.has(joined) && !vocabulary.words.has(key)) {
        tokens[tokens.length - 1] = { ...previous, key: joined, written: source.slice(previous.start, token.end), end: token.end, masked: true };
        continue;
      }
    }
    const fuzzy = masked ? undefined : fuzzyKey(token, key, at === 0, vocabulary, options);
    if (fuzzy !== undefined) {
      key = fuzzy;
      masked = true;
    }
    tokens.push(wordToken(key, token.text, token.start, token.end, mayStretch, masked));
  }
  const obfuscated = obfuscatedWords(source, vocabulary, options);
  if (obfuscated.length > 0) {
    tokens = tokens.filter((token) => !obfuscated.some((word) => token.start < word.end && word.start < token.end));
    tokens.push(...obfuscated);
    tokens.sort((a, b) => a.start - b.start);
  }
  if (vocabulary.emoji.size > 0 && HAS_EMOJI.test(source)) {
    for (const match of source.matchAll(EMOJI)) {
      const key = emojiKey(match[0]);
      if (vocabulary.emoji.has(key)) tokens.push(wordToken(key, match[0], match.index, match.index + match[0].length, false, false));
    }
    tokens.sort((a, b) => a.start - b.start);
  }
  // Words run together (« salearabe ») come apart into several tokens over the same characters.
  let split: WordToken[] | undefined;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    const pieces =
      token.key.length >= 6 && token.squeezed === undefined && startsWithHead(token.key, vocabulary) && !vocabulary.words.has(token.key)
        ? splitRunTogether(token.key, vocabulary, options)
        : undefined;
    if (pieces) {
      split ??= tokens.slice(0, index);
      split.push(...pieces.map((piece) => ({ ...token, key: piece, masked: true })));
    } else split?.push(token);
  }
  if (split) tokens = split;
  let end = 0;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    const sameWord = index > 0 && token.start < end;
    const marks = sameWord ? 0 : gapMarks(source, index === 0 ? 0 : end, token.start);
    token.sentenceStart = index === 0 || (marks & SENTENCE) !== 0;
    token.afterPause = (marks & PAUSED) !== 0;
    token.afterComma = (marks & COMMA) !== 0;
    token.negation = vocabulary.negations.has(token.key) && !restrictive(tokens, index);
    end = Math.max(end, token.end);
  }
  return tokens;
}
