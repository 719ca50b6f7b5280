/**
 * Suggestions for a misspelled French word (check `spelling`), in about half a millisecond (p99
 * 2 ms of CPU) where Hunspell's own `suggest` takes 80 to 300 ms: an index over the 451 074 forms of
 * dictionary-fr (assets/spelling/fr-forms.txt.gz), looked up with the French learner's usual
 * mistakes in mind, then a French-weighted edit distance and word frequencies to rank.
 *
 * 1. Index. Every form is filed under its skeleton: lower case, accents removed (« événement »
 *    → « evenement »), ligatures opened, hyphens and apostrophes dropped, doubled letters
 *    collapsed (« appeler » and « apeller » → « apeler »). Accent and doubling mistakes, the most
 *    frequent, thus cost one look-up. The table is a chained hash table in typed arrays (32-bit
 *    FNV-1a of the skeleton; a rare collision only adds a candidate that ranking then rejects).
 * 2. Candidates. The skeleton of the misspelled word, every skeleton one edit away (deletion,
 *    transposition, substitution, insertion: Norvig's generate-and-look-up, ~600 look-ups for a
 *    10-letter word, cheaper here than a symmetric-delete index of 5 million entries), and the
 *    skeletons of its French phonetic variants (« o » ↔ « au » ↔ « eau », « é » ↔ « er » / « ez »
 *    / « ai », « an » ↔ « en », « in » ↔ « ain », « f » ↔ « ph », « c » ↔ « qu »…, up to two).
 *    Elisions are kept: « l'evenement » is « l' » + the candidates of « evenement »; a missing
 *    apostrophe is tried too (« jai » → « j'ai », « cest » → « c'est »).
 * 3. Ranking. A Damerau-Levenshtein distance whose costs follow French spelling: an accent 0.1,
 *    a doubled letter 0.25, a phonetic spelling of the same sound 0.3–0.45, a mute final letter
 *    0.5, a neighbouring key on an AZERTY keyboard 0.75, anything else 1; minus a bonus for
 *    frequent words (ranks of OpenSubtitles 2024, assets/spelling/fr-frequency.txt), at most 0.6.
 *    Ties are broken by the form itself: the same word always gets the same suggestions.
 */

import type { PackedForms } from './spelling-forms.js';

// ---------------------------------------------------------------------------------------------
// Folding

/** Lower-case, accent-free form of each character (« œ » → « oe »); undefined: the character itself, lower-cased. */
const FOLDED = new Map<number, string>();
for (const [letters, base] of [
  ['àâäáãåÀÂÄÁÃÅ', 'a'],
  ['éèêëÉÈÊË', 'e'],
  ['îïíìÎÏÍÌ', 'i'],
  ['ôöóòõÔÖÓÒÕ', 'o'],
  ['ùûüúÙÛÜÚ', 'u'],
  ['ÿýŸÝ', 'y'],
  ['çÇ', 'c'],
  ['ñÑ', 'n'],
  ['œŒ', 'oe'],
  ['æÆ', 'ae'],
  ['’ʼ‘`´', "'"],
] as const) {
  for (const letter of letters) FOLDED.set(letter.charCodeAt(0), base);
}

/** Lower case, accents removed, ligatures opened, every apostrophe as « ' ». */
export function foldWord(word: string): string {
  let result = '';
  for (let index = 0; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    if (code < 0x80) result += code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : word.charAt(index);
    else result += FOLDED.get(code) ?? word.charAt(index).toLowerCase();
  }
  return result;
}

/** Lower case with accents kept, ligatures opened: the form distances are measured on. */
function lowerWord(word: string): string {
  const lower = word.toLowerCase();
  return /[œæ’ʼ‘`´]/.test(lower) ? lower.replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/[’ʼ‘`´]/g, "'") : lower;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const HYPHEN = 0x2d;
const APOSTROPHE = 0x27;
const DOT = 0x2e;
const NEWLINE = 0x0a;

/** Code points folded at table speed: the Latin, Greek and IPA blocks of the dictionary. */
const TABLE_LIMIT = 0x2000;
/** For each code point below TABLE_LIMIT: its folded letter, SKIPPED, or -(2 + index) of a two-letter fold in TWO_LETTERS. */
const FOLD_TABLE = new Int32Array(TABLE_LIMIT);
const TWO_LETTERS: Array<[number, number]> = [];
const SKIPPED = -1;

/** Folded characters of any code point, as char codes. */
function foldCodes(codePoint: number): number[] {
  const folded = FOLDED.get(codePoint) ?? String.fromCodePoint(codePoint).toLowerCase();
  return [...folded].map((char) => char.charCodeAt(0));
}

for (let codePoint = 0; codePoint < TABLE_LIMIT; codePoint += 1) {
  const codes = codePoint < 0x80 ? [codePoint >= 0x41 && codePoint <= 0x5a ? codePoint + 32 : codePoint] : foldCodes(codePoint);
  if (codes.length === 1 && (codes[0] === HYPHEN || codes[0] === APOSTROPHE || codes[0] === DOT)) FOLD_TABLE[codePoint] = SKIPPED;
  else if (codes.length === 1) FOLD_TABLE[codePoint] = codes[0]!;
  else {
    FOLD_TABLE[codePoint] = -(2 + TWO_LETTERS.length);
    TWO_LETTERS.push([codes[0]!, codes[1] ?? codes[0]!]);
  }
}

/**
 * FNV-1a hash of a word's skeleton (folded, without hyphens, apostrophes or dots, doubled letters
 * collapsed), from a running state: `state[0]` the hash, `state[1]` the last letter hashed.
 */
function hashInto(state: Int32Array, codePoint: number): void {
  let hash = state[0]!;
  let last = state[1]!;
  const folded = codePoint < TABLE_LIMIT ? FOLD_TABLE[codePoint]! : -3 - TWO_LETTERS.length;
  if (folded >= 0) {
    if (folded !== last) {
      hash = Math.imul(hash ^ folded, FNV_PRIME);
      last = folded;
    }
  } else if (folded !== SKIPPED) {
    const codes = folded >= -1 - TWO_LETTERS.length ? TWO_LETTERS[-2 - folded]! : foldCodes(codePoint);
    for (const code of codes) {
      if (code === last || code === APOSTROPHE) continue;
      hash = Math.imul(hash ^ code, FNV_PRIME);
      last = code;
    }
  }
  state[0] = hash;
  state[1] = last;
}

const wordState = new Int32Array(2);

function skeletonHash(word: string): number {
  wordState[0] = FNV_OFFSET | 0;
  wordState[1] = -1;
  for (let index = 0; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    hashInto(wordState, code >= 0xd800 && code <= 0xdbff ? word.codePointAt(index)! : code);
    if (code >= 0xd800 && code <= 0xdbff) index += 1;
  }
  return wordState[0]! >>> 0;
}

/**
 * The skeleton hashes of all packed forms in one pass over their bytes: a front-coded form
 * resumes from the state its shared prefix left, so each byte is hashed once.
 */
function hashPackedForms(forms: PackedForms): Uint32Array {
  const { bytes, lineStart, count } = forms;
  const hashes = new Uint32Array(count);
  // The running state after each byte offset of the current form: [hash, last letter] pairs.
  const states = new Int32Array(2048);
  const state = new Int32Array(2);
  states[0] = FNV_OFFSET | 0;
  states[1] = -1;
  for (let id = 0; id < count; id += 1) {
    let at = lineStart[id]!;
    let offset = bytes[at]! - 0x30;
    at += 1;
    state[0] = states[offset * 2]!;
    state[1] = states[offset * 2 + 1]!;
    for (let byte = bytes[at]!; byte !== NEWLINE; byte = bytes[at]!) {
      let codePoint = byte;
      let length = 1;
      if (byte >= 0xf0) {
        codePoint = ((byte & 0x07) << 18) | ((bytes[at + 1]! & 0x3f) << 12) | ((bytes[at + 2]! & 0x3f) << 6) | (bytes[at + 3]! & 0x3f);
        length = 4;
      } else if (byte >= 0xe0) {
        codePoint = ((byte & 0x0f) << 12) | ((bytes[at + 1]! & 0x3f) << 6) | (bytes[at + 2]! & 0x3f);
        length = 3;
      } else if (byte >= 0xc0) {
        codePoint = ((byte & 0x1f) << 6) | (bytes[at + 1]! & 0x3f);
        length = 2;
      }
      hashInto(state, codePoint);
      at += length;
      offset += length;
      states[offset * 2] = state[0]!;
      states[offset * 2 + 1] = state[1]!;
    }
    hashes[id] = state[0]! >>> 0;
  }
  return hashes;
}

/** The skeleton as a string (see skeletonHash), for generating edits of a misspelled word. */
function skeleton(word: string): string {
  let result = '';
  let previous = '';
  for (const char of foldWord(word)) {
    if (char === '-' || char === "'" || char === '.' || char === previous) continue;
    result += char;
    previous = char;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Candidate generation

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Spellings of the same French sound, both ways (on skeletons: folded, no doubled letters). « $ »: at the end only. */
const SOUND_VARIANTS: ReadonlyArray<readonly [string, string]> = [
  ['o', 'au'], ['o', 'eau'], ['au', 'eau'],
  ['e', 'ai'], ['e', 'ei'], ['ai', 'ei'], ['e', 'eu'],
  ['e$', 'er$'], ['e$', 'ez$'], ['e$', 'et$'], ['e$', 'ais$'], ['e$', 'ait$'], ['e$', 'aient$'], ['e$', 'ent$'],
  ['er$', 'ez$'], ['i$', 'is$'], ['i$', 'it$'], ['u$', 'ut$'], ['u$', 'us$'], ['an$', 'ant$'], ['an$', 'ent$'],
  ['an', 'en'], ['am', 'em'], ['an', 'em'], ['in', 'ain'], ['in', 'ein'], ['ain', 'ein'], ['in', 'un'], ['in', 'im'],
  ['f', 'ph'], ['x', 'ct'], ['c', 'qu'], ['k', 'qu'], ['c', 'k'], ['q', 'cq'], ['c', 'sc'], ['s', 'sc'], ['x', 'xc'], ['x', 'cs'], ['x', 'ks'],
  ['y', 'il'], ['i', 'il'], ['g', 'gu'], ['g', 'ge'], ['j', 'g'], ['s', 'c'], ['s', 'z'], ['t', 's'], ['oi', 'oa'],
];

interface Rewrite {
  from: string;
  to: string;
  atEnd: boolean;
}

const REWRITES: Rewrite[] = SOUND_VARIANTS.flatMap(([left, right]) => {
  const atEnd = left.endsWith('$');
  const a = left.replace('$', '');
  const b = right.replace('$', '');
  return [
    { from: a, to: b, atEnd },
    { from: b, to: a, atEnd },
  ];
});

/** The word with one sound spelled another way, at every place it can be. */
function soundVariants(word: string, into: Set<string>): void {
  for (const { from, to, atEnd } of REWRITES) {
    if (atEnd) {
      if (word.endsWith(from) && word.length > from.length) into.add(word.slice(0, word.length - from.length) + to);
      continue;
    }
    for (let at = word.indexOf(from); at >= 0; at = word.indexOf(from, at + 1)) {
      into.add(word.slice(0, at) + to + word.slice(at + from.length));
    }
  }
}

/** Every string one deletion, transposition, substitution or insertion away. */
function edits(word: string, visit: (edit: string) => void): void {
  for (let at = 0; at < word.length; at += 1) {
    const head = word.slice(0, at);
    const tail = word.slice(at + 1);
    visit(head + tail);
    if (at + 1 < word.length) visit(head + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2));
    for (const letter of ALPHABET) if (letter !== word.charAt(at)) visit(head + letter + tail);
  }
  for (let at = 0; at <= word.length; at += 1) {
    const head = word.slice(0, at);
    const tail = word.slice(at);
    for (const letter of ALPHABET) if (letter !== word.charAt(at) && letter !== word.charAt(at - 1)) visit(head + letter + tail);
  }
}

// ---------------------------------------------------------------------------------------------
// Ranking: a French-weighted Damerau-Levenshtein distance

const ACCENT_COST = 0.1;
const DOUBLE_COST = 0.25;
const PUNCTUATION_COST = 0.3;
const MUTE_FINAL_COST = 0.5;
const MUTE_H_COST = 0.6;
const SOUND_SUBSTITUTION_COST = 0.5;
const NEIGHBOUR_COST = 0.75;
const TRANSPOSITION_COST = 0.7;

/** Multi-letter spellings of one sound and their cost, both ways, on folded strings. « $ »: at the end of both words. */
const SOUND_COSTS: ReadonlyArray<readonly [string, string, number]> = [
  ['o', 'au', 0.35], ['o', 'eau', 0.45], ['au', 'eau', 0.3],
  ['e', 'ai', 0.4], ['e', 'ei', 0.4], ['ai', 'ei', 0.3], ['e', 'eu', 0.6],
  ['e$', 'er$', 0.35], ['e$', 'ez$', 0.35], ['e$', 'et$', 0.45], ['e$', 'ais$', 0.45], ['e$', 'ait$', 0.45], ['e$', 'aient$', 0.5],
  ['e$', 'ent$', 0.5], ['er$', 'ez$', 0.3], ['an$', 'ent$', 0.45],
  ['an', 'en', 0.3], ['am', 'em', 0.3], ['an', 'em', 0.4], ['in', 'ain', 0.35], ['in', 'ein', 0.35], ['ain', 'ein', 0.3],
  ['in', 'un', 0.5], ['in', 'im', 0.35], ['on', 'om', 0.35],
  ['f', 'ph', 0.3], ['x', 'ct', 0.4], ['c', 'qu', 0.35], ['q', 'qu', 0.35], ['k', 'qu', 0.35], ['q', 'cq', 0.35], ['c', 'sc', 0.4], ['s', 'sc', 0.4],
  ['x', 'xc', 0.4], ['x', 'cs', 0.4], ['x', 'ks', 0.4], ['y', 'ill', 0.45], ['y', 'il', 0.45], ['i', 'ill', 0.5],
  ['g', 'gu', 0.4], ['g', 'ge', 0.4], ['t', 'ss', 0.6],
];

/** Letters that sound alike alone (« c » / « s », « g » / « j »…). */
const SOUND_PAIRS = new Set(['cs', 'sz', 'ck', 'kq', 'gj', 'iy', 'mn', 'ts', 'sx', 'ae']);

/** Neighbouring keys on an AZERTY keyboard: beside on the same row, or right above or below. */
const AZERTY_ROWS = ['azertyuiop', 'qsdfghjklm', 'wxcvbn'];
const NEIGHBOURS = new Set<string>();
for (let row = 0; row < AZERTY_ROWS.length; row += 1) {
  const keys = AZERTY_ROWS[row]!;
  for (let column = 0; column < keys.length; column += 1) {
    const key = keys.charAt(column);
    const near = [keys.charAt(column - 1), keys.charAt(column + 1), AZERTY_ROWS[row - 1]?.charAt(column), AZERTY_ROWS[row + 1]?.charAt(column)];
    for (const other of near) if (other) NEIGHBOURS.add(key + other);
  }
}

interface SoundRule {
  sides: [string, string];
  cost: number;
  atEnd: boolean;
}

const SOUND_RULES: SoundRule[] = SOUND_COSTS.map(([left, right, cost]) => ({
  sides: [left.replace('$', ''), right.replace('$', '')],
  cost,
  atEnd: left.endsWith('$'),
}));

/** Rule sides by their first letter: [rule × 2 + side, the side's letters]. */
const SIDES_BY_FIRST = new Map<string, Array<[number, string]>>();
SOUND_RULES.forEach((rule, index) => {
  rule.sides.forEach((side, which) => {
    const first = side.charAt(0);
    SIDES_BY_FIRST.set(first, [...(SIDES_BY_FIRST.get(first) ?? []), [index * 2 + which, side]]);
  });
});

const NO_ENDS: readonly number[] = [];

/** For each end position of a folded word, the rule sides (rule × 2 + side) ending there. */
function ruleEnds(folded: string): Array<readonly number[]> {
  const ends: Array<readonly number[]> = new Array<readonly number[]>(folded.length + 1).fill(NO_ENDS);
  for (let at = 0; at < folded.length; at += 1) {
    const sides = SIDES_BY_FIRST.get(folded.charAt(at));
    if (!sides) continue;
    for (const [id, side] of sides) {
      const end = at + side.length;
      if (end > folded.length || !folded.startsWith(side, at)) continue;
      if (SOUND_RULES[id >> 1]!.atEnd && end !== folded.length) continue;
      ends[end] = ends[end] === NO_ENDS ? [id] : [...ends[end]!, id];
    }
  }
  return ends;
}

function insertionCost(word: string, folded: string, at: number): number {
  const char = folded.charAt(at);
  if (char === "'" || char === '-' || char === '.') return PUNCTUATION_COST;
  if (char === folded.charAt(at - 1) || char === folded.charAt(at + 1)) return DOUBLE_COST;
  if (at === word.length - 1 && 'stxdpe'.includes(char)) return MUTE_FINAL_COST;
  if (char === 'h') return MUTE_H_COST;
  return 1;
}

/** Cost of replacing one folded ASCII letter by another (sound pairs, AZERTY neighbours, else 1). */
const LETTER_COST = new Float64Array(128 * 128).fill(1);
for (const pair of NEIGHBOURS) LETTER_COST[pair.charCodeAt(0) * 128 + pair.charCodeAt(1)] = NEIGHBOUR_COST;
for (const pair of SOUND_PAIRS) {
  LETTER_COST[pair.charCodeAt(0) * 128 + pair.charCodeAt(1)] = SOUND_SUBSTITUTION_COST;
  LETTER_COST[pair.charCodeAt(1) * 128 + pair.charCodeAt(0)] = SOUND_SUBSTITUTION_COST;
}

function substitutionCost(a: number, aFolded: number, b: number, bFolded: number): number {
  if (a === b) return 0;
  if (aFolded === bFolded) return ACCENT_COST;
  return aFolded < 128 && bFolded < 128 ? LETTER_COST[aFolded * 128 + bFolded]! : 1;
}

/** A word prepared for distances: lower case, folded (same length) and its sound-rule ends. */
interface Prepared {
  lower: string;
  folded: string;
  ends: Array<readonly number[]>;
  /** Cost of inserting or deleting each letter. */
  gap: Float64Array;
}

function prepare(word: string): Prepared {
  const lower = lowerWord(word);
  const allFolded = foldWord(lower);
  // Folding keeps lengths once ligatures are opened, except for rare letters: then plain letters.
  const folded = allFolded.length === lower.length ? allFolded : lower;
  const gap = new Float64Array(lower.length);
  for (let at = 0; at < lower.length; at += 1) gap[at] = insertionCost(lower, folded, at);
  return { lower, folded, ends: ruleEnds(folded), gap };
}

/** The dynamic-programming table, reused: one distance at a time. */
let table = new Float64Array(64 * 64);

function distance(a: Prepared, b: Prepared): number {
  const width = b.lower.length + 1;
  const size = (a.lower.length + 1) * width;
  if (table.length < size) table = new Float64Array(size * 2);
  table[0] = 0;
  for (let j = 1; j <= b.lower.length; j += 1) table[j] = table[j - 1]! + b.gap[j - 1]!;
  for (let i = 1; i <= a.lower.length; i += 1) {
    const row = i * width;
    const above = row - width;
    table[row] = table[above]! + a.gap[i - 1]!;
    const aChar = a.lower.charCodeAt(i - 1);
    const aKey = a.folded.charCodeAt(i - 1);
    const aEnds = a.ends[i]!;
    for (let j = 1; j <= b.lower.length; j += 1) {
      let best = table[above + j - 1]! + substitutionCost(aChar, aKey, b.lower.charCodeAt(j - 1), b.folded.charCodeAt(j - 1));
      const deletion = table[above + j]! + a.gap[i - 1]!;
      if (deletion < best) best = deletion;
      const insertion = table[row + j - 1]! + b.gap[j - 1]!;
      if (insertion < best) best = insertion;
      if (i > 1 && j > 1 && aKey === b.folded.charCodeAt(j - 2) && a.folded.charCodeAt(i - 2) === b.folded.charCodeAt(j - 1)) {
        const transposition = table[above - width + j - 2]! + TRANSPOSITION_COST;
        if (transposition < best) best = transposition;
      }
      if (aEnds.length > 0) {
        const bEnds = b.ends[j]!;
        for (const aSide of aEnds) {
          const rule = SOUND_RULES[aSide >> 1]!;
          if (rule.atEnd && (i !== a.lower.length || j !== b.lower.length)) continue;
          if (!bEnds.includes(aSide ^ 1)) continue;
          const viaRule = table[(i - rule.sides[aSide & 1]!.length) * width + j - rule.sides[(aSide ^ 1) & 1]!.length]! + rule.cost;
          if (viaRule < best) best = viaRule;
        }
      }
      table[row + j] = best;
    }
  }
  return table[a.lower.length * width + b.lower.length]!;
}

/** Distance from the written word to a dictionary form, as French spelling weighs mistakes (see the module's comment). */
export function frenchDistance(written: string, form: string): number {
  return distance(prepare(written), prepare(form));
}

// ---------------------------------------------------------------------------------------------
// The index

/** Candidates cost at most this much (before the frequency bonus): past it, no suggestion. */
const MAX_COST = 2;
/** Suggestions after the first are kept within this margin of it. */
const MARGIN = 0.4;
const FREQUENCY_BONUS = 0.6;
/** Forms longer or shorter than this many letters are not measured: past MAX_COST in practice. */
const MAX_LENGTH_GAP = 5;
/** A form with capitals (a name) for a word written in lower case. */
const CASE_COST = 0.2;
/** An apostrophe added after an elision the writer ran on (« jai » → « j'ai »). */
const ELISION_APOSTROPHE_COST = 0;
const TABLE_BITS = 20;

const ELISION = /^((?:qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu|[cdjlmnst])')(.+)$/u;
/** A word that may be an elision without its apostrophe: « jai », « cest », « quil », « nhésitez », « jusqua ». */
const RUN_ON_ELISION = /^(?:(jusqu|lorsqu|puisqu|quoiqu)([aeiouyhàâäéèêëîïôöùûüœ].*)|(qu|[cdjlmnst])([aeiouyhàâäéèêëîïôöùûüœ].+))$/u;

/**
 * Elided forms the speller accepts piece by piece but nobody means: « jusqu'a » is always
 * « jusqu'à » (the dictionary's one-letter words have no frequency rank to tell them apart).
 */
const NEVER_SUGGESTED = new Set(["jusqu'a"]);

export interface SuggesterOptions {
  /** Every form of the dictionary (assets/spelling/fr-forms.txt.gz). */
  forms: PackedForms;
  /** More forms to suggest (the allow-list's single words). */
  extra?: readonly string[];
  /** Words by frequency, the most frequent first. */
  ranked?: readonly string[];
  /** Folded words never suggested (the allow-list's `reject`). */
  reject?: ReadonlySet<string>;
}

interface Scored {
  form: string;
  cost: number;
  score: number;
}

export class Suggester {
  private readonly forms: PackedForms;
  private readonly extra: readonly string[];
  private readonly heads: Int32Array;
  private readonly next: Int32Array;
  private readonly hashes: Uint32Array;
  private readonly bonus = new Map<string, number>();
  private readonly reject: ReadonlySet<string>;
  private readonly mask = (1 << TABLE_BITS) - 1;

  constructor(options: SuggesterOptions) {
    this.forms = options.forms;
    this.extra = options.extra ?? [];
    this.reject = options.reject ?? new Set();
    const packed = this.forms.count;
    const count = packed + this.extra.length;
    this.heads = new Int32Array(1 << TABLE_BITS).fill(-1);
    this.next = new Int32Array(count);
    this.hashes = new Uint32Array(count);
    this.hashes.set(hashPackedForms(this.forms));
    this.extra.forEach((form, index) => {
      this.hashes[packed + index] = skeletonHash(form);
    });
    for (let id = 0; id < count; id += 1) {
      const bucket = this.hashes[id]! & this.mask;
      this.next[id] = this.heads[bucket]!;
      this.heads[bucket] = id;
    }
    const ranked = options.ranked ?? [];
    const scale = Math.log(ranked.length + 1);
    ranked.forEach((word, index) => {
      if (!this.bonus.has(word)) this.bonus.set(word, FREQUENCY_BONUS * (1 - Math.log(index + 1) / scale));
    });
  }

  /** Up to `limit` corrections, best first; none when no form is close enough. */
  suggest(word: string, limit = 3): string[] {
    const written = word.normalize('NFC').replace(/[’ʼ‘`´]/g, "'");
    const lower = lowerWord(written);
    const query = prepare(lower);
    const scored = new Map<string, Scored>();
    const consider = (form: string, extraCost: number, bonusWord: string) => {
      const key = form.toLowerCase();
      if (Math.abs(form.length - lower.length) > MAX_LENGTH_GAP || this.reject.has(foldWord(form)) || NEVER_SUGGESTED.has(key)) return;
      const cost = distance(query, prepare(form)) + extraCost + (form !== key && written === written.toLowerCase() ? CASE_COST : 0);
      if (cost > MAX_COST) return;
      const score = cost - (this.bonus.get(bonusWord) ?? this.bonus.get(bonusWord.toLowerCase()) ?? 0);
      const previous = scored.get(key);
      if (!previous || score < previous.score || (score === previous.score && form < previous.form)) scored.set(key, { form, cost, score });
    };

    const elided = ELISION.exec(lower);
    const core = elided ? elided[2]! : lower;
    const prefix = elided ? elided[1]! : '';
    for (const form of this.candidates(core, true)) consider(prefix + form, 0, form);
    if (elided) for (const form of this.candidates(lower, false)) consider(form, 0, form);
    const runOn = elided ? null : RUN_ON_ELISION.exec(lower);
    if (runOn) {
      const [elision, rest] = runOn[1] ? [runOn[1], runOn[2]!] : [runOn[3]!, runOn[4]!];
      for (const form of this.candidates(rest, false)) consider(`${elision}'${form}`, ELISION_APOSTROPHE_COST, form);
    }

    const ranked = [...scored.values()].sort((x, y) => x.score - y.score || (x.form < y.form ? -1 : x.form > y.form ? 1 : 0));
    const best = ranked[0];
    if (!best) return [];
    return ranked
      .filter((entry) => entry.score <= best.score + MARGIN)
      .slice(0, limit)
      .map((entry) => withCaseOf(written, entry.form));
  }

  /** Forms near a lower-case word: same skeleton, one edit away, or one or two sounds spelled otherwise. */
  private candidates(word: string, withEdits: boolean): Set<string> {
    const ids = new Set<number>();
    const base = skeleton(word);
    const look = (key: string) => this.lookUp(key, ids);
    look(base);
    const variants = new Set<string>();
    soundVariants(base, variants);
    for (const variant of [...variants]) soundVariants(variant, variants);
    for (const variant of variants) look(variant);
    if (withEdits) edits(base, look);
    const forms = new Set<string>();
    for (const id of ids) forms.add(id < this.forms.count ? this.forms.get(id) : this.extra[id - this.forms.count]!);
    return forms;
  }

  private lookUp(key: string, into: Set<number>): void {
    const hash = skeletonHash(key);
    for (let id = this.heads[hash & this.mask]!; id >= 0; id = this.next[id]!) {
      if (this.hashes[id] === hash) into.add(id);
    }
  }
}

/** The suggestion written like the word: capitalised at a sentence start, in capitals if it was. */
function withCaseOf(written: string, form: string): string {
  const letters = written.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase()) return form.toUpperCase();
  const first = written.charAt(0);
  if (first !== first.toLowerCase()) return form.charAt(0).toUpperCase() + form.slice(1);
  return form;
}
