import { z } from 'zod';
import { escapeRegExp, fold } from './fold.js';
import { compileTerm, type AnalysedText } from './match.js';
import { tokenize, type Token } from './tokens.js';

/**
 * Civility (check `civility`, Cr7.2, critical): finds in a community manager's text what must
 * never be written there — insults, profanity, threats, dehumanising or hateful words, mockery,
 * blaming the commenter, shouting in capitals, « !!! ». Word lists live in lexicons/civility.yaml
 * (patterns described at its top) and are matched with the project's rules, through obfuscation
 * (c0nnard, s@lope, c o n n a r d, c.o.n, connnnard, m*rde).
 */

export type IncivilityKind = 'insult' | 'profanity' | 'threat' | 'dehumanising' | 'hate' | 'mockery' | 'blame' | 'shouting' | 'exclamation';

export interface IncivilityFinding {
  kind: IncivilityKind;
  /** As written in the text. */
  evidence: string;
  start: number;
  end: number;
}

export interface CivilityDetector {
  /** Findings in text order. An AnalysedText the caller already has saves tokenising again. */
  find(text: string | AnalysedText): IncivilityFinding[];
}

/** Completes « Ton inapproprié : … dans la réponse publique. » */
export const INCIVILITY_LABELS: Record<IncivilityKind, string> = {
  insult: 'une insulte',
  profanity: 'une grossièreté',
  threat: 'une menace',
  dehumanising: 'un terme déshumanisant',
  hate: 'un propos haineux',
  mockery: 'de la moquerie',
  blame: 'un reproche qui culpabilise la personne',
  shouting: 'des majuscules qui crient',
  exclamation: 'une ponctuation agressive (!!!)',
};

/** Lexicon sections, in the order a finding's kind is chosen when several cover the same words. */
const LEXICAL_KINDS = ['threat', 'hate', 'dehumanising', 'insult', 'profanity', 'blame', 'mockery'] as const;
type LexicalKind = (typeof LEXICAL_KINDS)[number];
const PRIORITY = new Map<IncivilityKind, number>(LEXICAL_KINDS.map((kind, rank) => [kind, rank]));

// ---------------------------------------------------------------------------------------------
// Pattern syntax (see lexicons/civility.yaml): parsed once, checked by the schema.

const GAP_WORDS = 4;
const MIN_PREFIX_LETTERS = 4;

type SlotSpec =
  | { type: 'words'; optional: boolean; options: string[] }
  | { type: 'gap' }
  | { type: 'start' }
  | { type: 'end' };

type Parsed = { ok: true; slots: SlotSpec[] } | { ok: false; message: string };

function checkWord(word: string, setNames: ReadonlySet<string>): string | undefined {
  const set = /^<(.*)>$/.exec(word);
  if (set) return setNames.has(set[1]!) ? undefined : `ensemble inconnu <${set[1]}> ; attendu l'un de : ${[...setNames].join(', ')}`;
  if (/[<>()…]/.test(word)) return `« ${word} » : caractère réservé mal placé`;
  const bare = word.replace(/^={1,2}/, '');
  if (!/\p{L}/u.test(bare)) return `« ${word} » ne contient aucune lettre`;
  const star = bare.indexOf('*');
  if (star >= 0) {
    if (star !== bare.length - 1 || word.startsWith('=')) return `« ${word} » : l'astérisque ne peut que terminer un mot (préfixe)`;
    if ([...fold(bare.slice(0, -1))].filter((char) => /\p{L}/u.test(char)).length < MIN_PREFIX_LETTERS) return `« ${word} » : un préfixe doit avoir au moins ${MIN_PREFIX_LETTERS} lettres`;
    if (/['’-]/.test(bare)) return `« ${word} » : un préfixe est un seul mot, sans apostrophe ni trait d'union`;
  }
  return undefined;
}

/** Reads one pattern; setNames are those a pattern may refer to. */
function parsePattern(source: string, setNames: ReadonlySet<string>): Parsed {
  const pieces = source.trim().split(/\s+/);
  const slots: SlotSpec[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (piece === '^') {
      if (index !== 0) return { ok: false, message: '« ^ » ne peut être que le premier élément' };
      slots.push({ type: 'start' });
    } else if (piece === '$') {
      if (index !== pieces.length - 1) return { ok: false, message: '« $ » ne peut être que le dernier élément' };
      slots.push({ type: 'end' });
    } else if (piece === '…' || piece === '...') {
      slots.push({ type: 'gap' });
    } else {
      const optional = piece.startsWith('(') && piece.endsWith(')');
      if (!optional && /[()]/.test(piece)) return { ok: false, message: `« ${piece} » : les parenthèses entourent un seul mot ou des alternatives sans espace, comme (vraiment|très)` };
      const body = optional ? piece.slice(1, -1) : piece;
      const options = body.split('|');
      for (const option of options) {
        if (option === '') return { ok: false, message: `« ${piece} » : alternative vide` };
        const problem = checkWord(option, setNames);
        if (problem) return { ok: false, message: problem };
      }
      slots.push({ type: 'words', optional, options });
    }
  }
  const words = slots.filter((slot) => slot.type === 'words');
  if (words.length === 0 || words.every((slot) => slot.optional)) return { ok: false, message: 'le motif doit contenir au moins un mot obligatoire' };
  const inner = slots.filter((slot) => slot.type !== 'start' && slot.type !== 'end');
  if (inner[0]?.type === 'gap' || inner.at(-1)?.type === 'gap') return { ok: false, message: '« … » ne peut être ni au début ni à la fin' };
  return { ok: true, slots };
}

/** An entry of a set is a plain word or phrase (=word allowed), without pattern syntax. */
function checkSetEntry(entry: string): string | undefined {
  if (/[<>()|…^$*]/.test(entry)) return `« ${entry} » : une entrée d'ensemble est un mot ou une expression simple`;
  return entry.split(/\s+/).map((word) => checkWord(word, new Set())).find(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Schema of lexicons/civility.yaml

const patterns = z.array(z.string().trim().min(1));

export const civilityLexiconSchema = z
  .strictObject({
    sets: z.record(z.string().regex(/^[a-z_]+$/, 'nom d’ensemble : lettres minuscules et « _ »'), z.array(z.string().trim().min(1)).min(1)).default({}),
    insult: patterns,
    profanity: patterns,
    threat: patterns,
    dehumanising: patterns,
    hate: patterns,
    mockery: patterns,
    blame: patterns,
    allow: patterns.default([]),
    acronyms: z.array(z.string().trim().min(1)).default([]),
    caps_short_words: z.array(z.string().trim().min(1)).default([]),
  })
  .superRefine((lexicon, context) => {
    const setNames = new Set(Object.keys(lexicon.sets));
    for (const [name, entries] of Object.entries(lexicon.sets)) {
      entries.forEach((entry, index) => {
        const message = checkSetEntry(entry);
        if (message) context.addIssue({ code: 'custom', path: ['sets', name, index], message });
      });
    }
    for (const section of [...LEXICAL_KINDS, 'allow'] as const) {
      lexicon[section].forEach((pattern, index) => {
        const parsed = parsePattern(pattern, setNames);
        if (!parsed.ok) context.addIssue({ code: 'custom', path: [section, index], message: parsed.message });
      });
    }
  });

export type CivilityLexicon = z.infer<typeof civilityLexiconSchema>;

// ---------------------------------------------------------------------------------------------
// Compiled patterns

/** How « ==mot » compares: accents kept, case and apostrophes not. */
const writtenForm = (word: string): string => word.normalize('NFC').toLowerCase().replace(/[’ʼ‘`´]/g, "'");

/** Collapses runs of one letter (« connnnard » → « conard ») to see through stretched words. */
const squeeze = (word: string): string => word.replace(/(.)\1+/g, '$1');

interface Part {
  forms: ReadonlySet<string>;
  squeezed: ReadonlySet<string>;
  /** Set for « ==mot »: the word as written, accents included (lower case, NFC). */
  written?: string;
  /** Set for « mot* »: any word beginning with it. */
  prefix?: string;
  squeezedPrefix?: string;
}

/** One place of a pattern. Its one-word options are merged into `word`, checked with one lookup. */
type Slot = { type: 'words'; optional: boolean; word: Part | undefined; options: Part[][] } | { type: 'gap' } | { type: 'end' };

/** All options of a place, its merged one-word options first. */
const optionsOf = (slot: Slot & { type: 'words' }): Part[][] => (slot.word ? [[slot.word], ...slot.options] : slot.options);

interface Pattern {
  kind: LexicalKind | 'allow';
  atSentenceStart: boolean;
  slots: Slot[];
}

function exactPart(folded: string): Part {
  return { forms: new Set([folded]), squeezed: new Set([squeeze(folded)]) };
}

function formsPart(forms: Iterable<string>): Part {
  const set = new Set(forms);
  return { forms: set, squeezed: new Set([...set].map(squeeze)) };
}

/** The parts (one per token) of a word or phrase of the lexicon. */
function compileWords(text: string): Part[] {
  const parts: Part[] = [];
  for (const word of text.trim().split(/\s+/)) {
    if (word.endsWith('*')) {
      const prefix = fold(word.slice(0, -1));
      parts.push({ forms: new Set(), squeezed: new Set(), prefix, squeezedPrefix: squeeze(prefix) });
    } else if (/['’]$/.test(word)) {
      // An elided word alone (« d' », « qu' »): the segmenter would drop its apostrophe.
      parts.push(exactPart(fold(word)));
    } else if (word.startsWith('==')) {
      parts.push(...tokenize(word.slice(2)).map((token) => ({ ...exactPart(token.folded), written: writtenForm(token.text) })));
    } else if (word.startsWith('=')) {
      parts.push(...tokenize(word.slice(1)).map((token) => exactPart(token.folded)));
    } else {
      parts.push(...compileTerm(word).parts.map((part) => formsPart([part.folded, ...part.forms])));
    }
  }
  return parts;
}

/** Compiled places, shared by the patterns that repeat them (« <weak>|naze » appears often). */
type SlotCache = Map<string, { word: Part | undefined; options: Part[][] }>;

function compileSlots(specs: SlotSpec[], sets: Record<string, string[]>, cache: SlotCache): Slot[] {
  const slots: Slot[] = [];
  for (const spec of specs) {
    if (spec.type === 'start') continue;
    if (spec.type !== 'words') {
      slots.push(spec);
      continue;
    }
    const key = spec.options.join('|');
    const cached = cache.get(key);
    if (cached) {
      slots.push({ type: 'words', optional: spec.optional, ...cached });
      continue;
    }
    const options: Part[][] = [];
    const oneWordForms: string[] = [];
    for (const option of spec.options) {
      const set = /^<(.*)>$/.exec(option);
      const texts = set ? (sets[set[1]!] ?? []) : [option];
      for (const text of texts) {
        const parts = compileWords(text);
        const only = parts[0];
        if (parts.length === 1 && only!.prefix === undefined && only!.written === undefined) oneWordForms.push(...only!.forms);
        else if (parts.length > 0) options.push(parts);
      }
    }
    const word = oneWordForms.length > 0 ? formsPart(oneWordForms) : undefined;
    cache.set(key, { word, options });
    slots.push({ type: 'words', optional: spec.optional, word, options });
  }
  return slots;
}

/** A pattern whose first words are optional is indexed as several: with them, and without. */
function withRequiredFirstSlot(slots: Slot[]): Slot[][] {
  const first = slots[0];
  if (!first || first.type !== 'words' || !first.optional) return [slots];
  return [[{ ...first, optional: false }, ...slots.slice(1)], ...withRequiredFirstSlot(slots.slice(1))];
}

/** Prefix patterns (« emmerd* ») are indexed by their first letters. */
const PREFIX_KEY = 3;

/** Patterns reachable from a token's key: by its forms, its squeezed forms, its first letters (prefixes). */
class PatternIndex {
  private readonly byForm = new Map<string, Pattern[]>();
  private readonly bySqueezed = new Map<string, Pattern[]>();
  private readonly byPrefixStart = new Map<string, Pattern[]>();

  add(pattern: Pattern): void {
    const first = pattern.slots[0];
    if (!first || first.type !== 'words') return;
    for (const option of optionsOf(first)) {
      const part = option[0];
      if (!part) continue;
      if (part.prefix !== undefined) {
        push(this.byPrefixStart, part.prefix.slice(0, PREFIX_KEY), pattern);
        push(this.byPrefixStart, part.squeezedPrefix!.slice(0, PREFIX_KEY), pattern);
      }
      for (const form of part.forms) push(this.byForm, form, pattern);
      for (const form of part.squeezed) push(this.bySqueezed, form, pattern);
    }
  }

  /** Calls visit for each pattern that may start at this token (possibly twice). */
  candidates(token: WordToken, visit: (pattern: Pattern) => void): void {
    this.byForm.get(token.key)?.forEach(visit);
    if (token.squeezed !== undefined) this.bySqueezed.get(token.squeezed)?.forEach(visit);
    if (this.byPrefixStart.size > 0 && token.key.length >= PREFIX_KEY) {
      this.byPrefixStart.get(token.key.slice(0, PREFIX_KEY))?.forEach(visit);
      if (token.squeezed !== undefined) this.byPrefixStart.get(token.squeezed.slice(0, PREFIX_KEY))?.forEach(visit);
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

// ---------------------------------------------------------------------------------------------
// Tokens of a text, with obfuscation undone

interface WordToken {
  /** Folded, leetspeak read as letters when that makes a lexicon word. */
  key: string;
  /** As written in the text. */
  written: string;
  /** The key with letter runs collapsed, only for a word that stretches a letter (« naaazes »). */
  squeezed: string | undefined;
  start: number;
  end: number;
  /** Punctuation that ends a sentence (or the text's start) comes before this token. */
  sentenceStart: boolean;
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const LEET_CHARS = /[013457@$]/g;
const HAS_LEET_DIGIT = /[013457]/;
const deleet = (word: string): string => word.replace(LEET_CHARS, (char) => LEET[char] ?? char);
/** Three times the same letter: no French word does it, shouting or obfuscation does. */
const STRETCHED = /([\p{L}\d@$])\1\1/iu;
const letterCount = (word: string): number => word.replace(/[^\p{L}]/gu, '').length;

/** Single characters separated by spaces, dots, dashes… : « c o n n a r d », « c.o.n ». */
const SPACED_LETTERS = /(?<![\p{L}\p{N}@$])[\p{L}\p{N}@$](?:[\s.\-_*·|/\\+~]{1,3}[\p{L}\p{N}@$]){2,}(?![\p{L}\p{N}@$])/gu;
/** Words with @, $ or * inside, which the word segmenter cuts apart: « s@lope », « m*rde ». */
const SYMBOL_WORD = /[\p{L}\p{N}@$*]*[@$*][\p{L}\p{N}@$*]*/gu;
const HAS_SYMBOL = /[@$*]/;
const SENTENCE_ENDS = new Set(['.', '!', '?', '…', ';', ':', '\n']);

interface Vocabulary {
  words: ReadonlySet<string>;
  squeezed: ReadonlySet<string>;
  prefixes: readonly string[];
  /** Single words of the lexicon by length, to read masked words (« put*** »). */
  maskable: ReadonlyMap<number, ReadonlyArray<{ word: string; kind: LexicalKind }>>;
}

function isKnown(word: string, vocabulary: Vocabulary): boolean {
  if (vocabulary.words.has(word)) return true;
  const squeezed = squeeze(word);
  if (squeezed !== word && vocabulary.squeezed.has(squeezed)) return true;
  return vocabulary.prefixes.some((prefix) => word.startsWith(prefix));
}

function wordToken(key: string, written: string, start: number, end: number, mayStretch = true): WordToken {
  return { key, written, squeezed: mayStretch && STRETCHED.test(written) ? squeeze(key) : undefined, start, end, sentenceStart: false };
}

/** True when a character that ends a sentence lies in source[from, to). */
function endsSentence(source: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) if (SENTENCE_ENDS.has(source[index]!)) return true;
  return false;
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
  return key === undefined ? undefined : wordToken(key, written, start, start + written.length);
}

function spacedWord(match: RegExpExecArray, vocabulary: Vocabulary): WordToken | undefined {
  const letters = match[0].replace(/[^\p{L}\p{N}@$]/gu, '');
  const key = deleet(fold(letters));
  return isKnown(key, vocabulary) ? wordToken(key, letters, match.index, match.index + match[0].length) : undefined;
}

/** Obfuscated words the segmenter does not give whole; they replace the tokens they cover. */
function obfuscatedWords(source: string, vocabulary: Vocabulary): WordToken[] {
  const found: WordToken[] = [];
  for (const match of source.matchAll(SPACED_LETTERS)) {
    const token = spacedWord(match, vocabulary);
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

function wordTokens(source: string, base: readonly Token[], vocabulary: Vocabulary): WordToken[] {
  const mayStretch = STRETCHED.test(source);
  let tokens = base.map((token) => {
    let key = token.folded;
    if (HAS_LEET_DIGIT.test(key) && letterCount(key) >= 2) {
      const read = deleet(key);
      if (isKnown(read, vocabulary)) key = read;
    }
    return wordToken(key, token.text, token.start, token.end, mayStretch);
  });
  const obfuscated = obfuscatedWords(source, vocabulary);
  if (obfuscated.length > 0) {
    tokens = tokens.filter((token) => !obfuscated.some((word) => token.start < word.end && word.start < token.end));
    tokens.push(...obfuscated);
    tokens.sort((a, b) => a.start - b.start);
  }
  let previousEnd = 0;
  for (const token of tokens) {
    token.sentenceStart = previousEnd === 0 || endsSentence(source, previousEnd, token.start);
    previousEnd = token.end;
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Matching

function partMatches(part: Part, token: WordToken): boolean {
  if (part.written !== undefined) return part.forms.has(token.key) && writtenForm(token.written) === part.written;
  if (part.prefix !== undefined) {
    return token.key.startsWith(part.prefix) || (token.squeezed !== undefined && token.squeezed.startsWith(part.squeezedPrefix!));
  }
  return part.forms.has(token.key) || (token.squeezed !== undefined && part.squeezed.has(token.squeezed));
}

function optionMatches(option: Part[], tokens: readonly WordToken[], at: number): boolean {
  if (at + option.length > tokens.length) return false;
  for (let offset = 0; offset < option.length; offset += 1) {
    // Words of one option are consecutive in a sentence: « c'est » never spans a full stop.
    if (offset > 0 && tokens[at + offset]!.sentenceStart) return false;
    if (!partMatches(option[offset]!, tokens[at + offset]!)) return false;
  }
  return true;
}

/** Index just past the match of slots[slot…] starting at token `at`, or -1. */
function matchSlots(slots: readonly Slot[], slot: number, tokens: readonly WordToken[], at: number): number {
  const current = slots[slot];
  if (!current) return at;
  if (current.type === 'end') return at === tokens.length || tokens[at]!.sentenceStart ? at : -1;
  if (current.type === 'gap') {
    for (let skip = 0; skip <= GAP_WORDS && at + skip <= tokens.length; skip += 1) {
      if (skip > 0 && tokens[at + skip - 1]!.sentenceStart) break;
      const end = matchSlots(slots, slot + 1, tokens, at + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  const sameSentence = slot === 0 || at >= tokens.length || !tokens[at]!.sentenceStart;
  if (sameSentence && at < tokens.length) {
    if (current.word && partMatches(current.word, tokens[at]!)) {
      const end = matchSlots(slots, slot + 1, tokens, at + 1);
      if (end >= 0) return end;
    }
    for (const option of current.options) {
      if (!optionMatches(option, tokens, at)) continue;
      const end = matchSlots(slots, slot + 1, tokens, at + option.length);
      if (end >= 0) return end;
    }
  }
  return current.optional ? matchSlots(slots, slot + 1, tokens, at) : -1;
}

interface Span {
  kind: LexicalKind | 'allow';
  start: number;
  end: number;
}

function findSpans(tokens: readonly WordToken[], index: PatternIndex): Span[] {
  const spans: Span[] = [];
  tokens.forEach((token, at) => {
    index.candidates(token, (pattern) => {
      if (pattern.atSentenceStart && !token.sentenceStart) return;
      const end = matchSlots(pattern.slots, 0, tokens, at);
      if (end > at) spans.push({ kind: pattern.kind, start: token.start, end: tokens[end - 1]!.end });
    });
  });
  return spans;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

/** Drops findings inside an allowed phrase, then findings inside a longer one (« pute » in « fils de pute »). */
function keepFindings(spans: Span[]): Array<Span & { kind: LexicalKind }> {
  const allowed = spans.filter((span) => span.kind === 'allow');
  const findings = spans.filter((span): span is Span & { kind: LexicalKind } => span.kind !== 'allow' && !allowed.some((allow) => overlaps(span, allow)));
  findings.sort((a, b) => a.start - b.start || b.end - a.end || PRIORITY.get(a.kind)! - PRIORITY.get(b.kind)!);
  const kept: Array<Span & { kind: LexicalKind }> = [];
  for (const finding of findings) {
    if (!kept.some((other) => other.start <= finding.start && finding.end <= other.end)) kept.push(finding);
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------
// Shouting and exclamation marks

const HAS_UPPER = /\p{Lu}/u;
const HAS_LOWER = /\p{Ll}/u;
const CAPITALS_PAIR = /\p{Lu}{2}/u;

/**
 * A run of at least two words in capitals (« VOUS NE LISEZ JAMAIS »). A single capitalised word
 * (« CONTACT ») does not shout; an acronym (SAV, RGPD) does not count and ends a run; words of
 * three letters or fewer count only when listed (VOUS, EST…), others being taken for acronyms.
 */
function findShouting(source: string, tokens: readonly Token[], acronyms: ReadonlySet<string>, shortWords: ReadonlySet<string>): Array<{ start: number; end: number }> {
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

function findExclamations(source: string): Array<{ start: number; end: number }> {
  if (!EXCLAMATION.test(source)) return [];
  const runs: Array<{ start: number; end: number }> = [];
  for (const match of source.matchAll(MARK_RUN)) {
    const marks = [...match[0]].reduce((count, char) => count + (char === '‼' || char === '⁉' ? 2 : /\S/.test(char) ? 1 : 0), 0);
    if (marks >= 3 && EXCLAMATION.test(match[0])) runs.push({ start: match.index, end: match.index + match[0].length });
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Detector

/** Every word the lexicon can match: what leetspeak, spacing or masking may be hiding. */
function buildVocabulary(patternsBuilt: readonly Pattern[]): Vocabulary {
  const words = new Set<string>();
  const prefixes = new Set<string>();
  const maskable = new Map<number, Array<{ word: string; kind: LexicalKind }>>();
  const seen = new Set<Part>();
  for (const pattern of patternsBuilt) {
    if (pattern.kind === 'allow') continue;
    for (const slot of pattern.slots) {
      if (slot.type !== 'words') continue;
      for (const part of optionsOf(slot).flat()) {
        if (seen.has(part)) continue;
        seen.add(part);
        if (part.prefix !== undefined) prefixes.add(part.prefix);
        part.forms.forEach((form) => words.add(form));
      }
    }
    // Masked words are read as words standing alone in the lexicon (« connard », not « bande de »).
    const [only, ...rest] = pattern.slots;
    if (only?.type !== 'words' || rest.length > 0) continue;
    for (const option of optionsOf(only)) {
      if (option.length !== 1) continue;
      for (const form of option[0]!.forms) {
        const sameLength = maskable.get(form.length) ?? [];
        if (!sameLength.some((entry) => entry.word === form)) sameLength.push({ word: form, kind: pattern.kind });
        maskable.set(form.length, sameLength);
      }
    }
  }
  return { words, squeezed: new Set([...words].map(squeeze)), prefixes: [...prefixes], maskable };
}

export function createCivilityDetector(lexicon: CivilityLexicon): CivilityDetector {
  const setNames = new Set(Object.keys(lexicon.sets));
  const built: Pattern[] = [];
  const cache: SlotCache = new Map();
  for (const kind of [...LEXICAL_KINDS, 'allow'] as const) {
    for (const source of lexicon[kind]) {
      const parsed = parsePattern(source, setNames);
      if (!parsed.ok) throw new Error(`lexique de civilité, ${kind} « ${source} » : ${parsed.message}`);
      const atSentenceStart = parsed.slots[0]?.type === 'start';
      for (const slots of withRequiredFirstSlot(compileSlots(parsed.slots, lexicon.sets, cache))) built.push({ kind, atSentenceStart, slots });
    }
  }
  const index = new PatternIndex();
  built.forEach((pattern) => index.add(pattern));
  const vocabulary = buildVocabulary(built);
  const acronyms = new Set(lexicon.acronyms.map(fold));
  const shortWords = new Set(lexicon.caps_short_words.map(fold));

  return {
    find(text) {
      const source = typeof text === 'string' ? text : text.source;
      const base = typeof text === 'string' ? tokenize(text) : text.tokens;
      const findings: IncivilityFinding[] = [];
      const report = (kind: IncivilityKind, span: { start: number; end: number }) =>
        findings.push({ kind, evidence: source.slice(span.start, span.end), start: span.start, end: span.end });
      for (const span of keepFindings(findSpans(wordTokens(source, base, vocabulary), index))) report(span.kind, span);
      for (const span of findShouting(source, base, acronyms, shortWords)) report('shouting', span);
      for (const span of findExclamations(source)) report('exclamation', span);
      // Stable sort: at one place, words come before their capitals.
      return findings.sort((a, b) => a.start - b.start);
    },
  };
}
