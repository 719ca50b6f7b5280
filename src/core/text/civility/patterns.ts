import { fold } from '../fold.js';
import { compileTerm } from '../match.js';
import { tokenize } from '../tokens.js';
import { EMOJI_WORD, GAP_WORDS, LONG_GAP_WORDS, type SlotSpec } from './syntax.js';

/** Compiled patterns of the civility lexicons and the matcher that runs them over word tokens. */

/** A word of the text as the matcher sees it, obfuscation undone (see obfuscation.ts). */
export interface WordToken {
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
  /** An ellipsis (… or ...) comes just before this token: « Quelle remarque… brillante ». */
  afterPause: boolean;
  /** A comma, a colon or a dash comes between this token and the one before. */
  afterComma: boolean;
  /** A word of negation (ne, pas, jamais…): a gap never skips it. */
  negation: boolean;
  /** The word was written to hide it (leetspeak, symbols, spaced or stretched letters, a typo, words run together). */
  masked: boolean;
}

/** How « ==mot » compares: accents kept, case and apostrophes not. */
export const writtenForm = (word: string): string => word.normalize('NFC').toLowerCase().replace(/[’ʼ‘`´]/g, "'");

/** Collapses runs of one letter (« connnnard » → « conard ») to see through stretched words. */
export const squeeze = (word: string): string => word.replace(/(.)\1+/g, '$1');

export interface Part {
  forms: ReadonlySet<string>;
  squeezed: ReadonlySet<string>;
  /** Set for « ==mot »: the word as written, accents included (lower case, NFC). */
  written?: string;
  /** Set for « mot* »: any word beginning with it. */
  prefix?: string;
  squeezedPrefix?: string;
  /** Set for a built-in set (<infinitif>): any word passing the test. */
  test?: (key: string) => boolean;
}

/**
 * One place of a pattern. Its one-word options are merged into `word`, checked with one lookup;
 * its phrases are indexed by the forms of their first word (`byFirst`), the others tried in turn.
 */
export type Slot =
  | { type: 'words'; optional: boolean; word: Part | undefined; byFirst: ReadonlyMap<string, Part[][]>; options: Part[][] }
  | { type: 'gap'; long: boolean }
  | { type: 'end' };

type WordsSlot = Slot & { type: 'words' };

/** All options of a place, its merged one-word options first. */
export const optionsOf = (slot: WordsSlot): Part[][] => {
  const all = slot.word ? [[slot.word], ...slot.options] : [...slot.options];
  for (const options of new Set(slot.byFirst.values())) all.push(...options);
  return [...new Set(all)];
};

export type PatternKind = 'threat' | 'hate' | 'dehumanising' | 'insult' | 'profanity' | 'blame' | 'mockery' | 'allow' | 'counter';

export interface Pattern {
  kind: PatternKind;
  /** Counts only in a reply to a hostile comment (laughter, ironic praise). */
  hostileOnly: boolean;
  atSentenceStart: boolean;
  afterPause: boolean;
  /** One word only (in `hate`: a slur, not a generalisation). */
  single: boolean;
  slots: Slot[];
  /** Index of the pattern, for the per-text verdicts of findSpans. */
  id: number;
  /** Requirements (see Requirements) of the required places after the first: a text lacking one cannot match. */
  requires: readonly number[];
}

/**
 * Sets of keys that a place of a pattern needs one of, numbered, with for each key the sets it
 * belongs to: a text's tokens tell at once which sets it meets, so that patterns that cannot
 * match (a threat without any violent verb) are skipped without trying them.
 */
export class Requirements {
  private readonly byKey = new Map<string, number[]>();
  private readonly ids = new Map<object, number>();
  count = 0;

  /** The requirement ids of the slots after the first (places shared between patterns share their id). */
  of(slots: readonly Slot[]): number[] {
    const ids: number[] = [];
    for (const slot of slots.slice(1)) {
      if (slot.type !== 'words' || slot.optional) continue;
      const identity = slot.byFirst;
      let id = this.ids.get(identity);
      if (id === undefined) {
        const keys = new Set<string>();
        let plain = true;
        for (const option of optionsOf(slot)) {
          const first = option[0]!;
          if (first.prefix !== undefined || first.test) plain = false;
          first.forms.forEach((form) => keys.add(form));
          first.squeezed.forEach((form) => keys.add(form));
        }
        id = plain && keys.size > 0 ? this.count++ : -1;
        this.ids.set(identity, id);
        if (id >= 0) for (const key of keys) push(this.byKey, key, id);
      }
      if (id >= 0) ids.push(id);
    }
    return ids;
  }

  /** Which requirements the tokens meet. */
  met(tokens: readonly WordToken[]): Uint8Array {
    const met = new Uint8Array(this.count);
    for (const token of tokens) {
      this.byKey.get(token.key)?.forEach((id) => (met[id] = 1));
      if (token.squeezed !== undefined) this.byKey.get(token.squeezed)?.forEach((id) => (met[id] = 1));
    }
    return met;
  }
}


export function exactPart(folded: string): Part {
  return { forms: new Set([folded]), squeezed: new Set([squeeze(folded)]) };
}

export function formsPart(forms: Iterable<string>): Part {
  const set = new Set(forms);
  return { forms: set, squeezed: new Set([...set].map(squeeze)) };
}

const INFINITIVE = /^\p{L}{2,}(?:er|ir|re|oir)$/u;
const BUILTIN_PARTS: Record<string, Part> = {
  infinitif: { forms: new Set(), squeezed: new Set(), test: (key) => INFINITIVE.test(key) },
};

/** Strips an emoji's variation selector and skin tone: the key both the lexicon and the text use. */
export const emojiKey = (emoji: string): string => emoji.replace(/[\u{FE0F}\u{1F3FB}-\u{1F3FF}]/gu, '');

/** The parts (one per token) of a word or phrase of the lexicon. */
export function compileWords(text: string): Part[] {
  const parts: Part[] = [];
  for (const word of text.trim().split(/\s+/)) {
    if (EMOJI_WORD.test(word)) {
      parts.push(exactPart(emojiKey(word)));
    } else if (word.endsWith('*')) {
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

/** An entry of a set: a word or phrase of the lexicon, or parts already compiled (verb forms). */
export type SetEntry = string | Part[];

/** Compiled places, shared by the patterns that repeat them (« <weak>|naze » appears often). */
export type SlotCache = Map<string, Omit<WordsSlot, 'type' | 'optional'>>;

export function compileSlots(specs: SlotSpec[], sets: Readonly<Record<string, readonly SetEntry[]>>, cache: SlotCache): Slot[] {
  const slots: Slot[] = [];
  for (const spec of specs) {
    if (spec.type === 'start' || spec.type === 'after_pause') continue;
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
    const byFirst = new Map<string, Part[][]>();
    const oneWordForms: string[] = [];
    const addOption = (parts: Part[]) => {
      const only = parts[0]!;
      if (parts.length === 1 && only.prefix === undefined && only.written === undefined && only.test === undefined) oneWordForms.push(...only.forms);
      else if (only.prefix === undefined && only.test === undefined && only.forms.size > 0) {
        for (const form of new Set([...only.forms, ...only.squeezed])) {
          const list = byFirst.get(form);
          if (list) list.push(parts);
          else byFirst.set(form, [parts]);
        }
      } else options.push(parts);
    };
    for (const option of spec.options) {
      const set = /^<(.*)>$/.exec(option);
      const builtin = set ? BUILTIN_PARTS[set[1]!] : undefined;
      if (builtin) {
        options.push([builtin]);
        continue;
      }
      const entries = set ? (sets[set[1]!] ?? []) : [option];
      for (const entry of entries) {
        const parts = typeof entry === 'string' ? compileWords(entry) : entry;
        if (parts.length > 0) addOption(parts);
      }
    }
    const word = oneWordForms.length > 0 ? formsPart(oneWordForms) : undefined;
    const compiled = { word, byFirst, options };
    cache.set(key, compiled);
    slots.push({ type: 'words', optional: spec.optional, ...compiled });
  }
  return slots;
}

/** A pattern whose first words are optional is indexed as several: with them, and without. */
export function withRequiredFirstSlot(slots: Slot[]): Slot[][] {
  const first = slots[0];
  if (!first || first.type !== 'words' || !first.optional) return [slots];
  return [[{ ...first, optional: false }, ...slots.slice(1)], ...withRequiredFirstSlot(slots.slice(1))];
}

/** Prefix patterns (« emmerd* ») are indexed by their first letters. */
const PREFIX_KEY = 3;

/** Patterns reachable from a token's key: by its forms, its squeezed forms, its first letters (prefixes). */
export class PatternIndex {
  private readonly byForm = new Map<string, Pattern[]>();
  private readonly bySqueezed = new Map<string, Pattern[]>();
  private readonly byPrefixStart = new Map<string, Pattern[]>();
  /** Patterns starting with a built-in set: tried at every token. */
  private readonly anywhere: Pattern[] = [];

  add(pattern: Pattern): void {
    const first = pattern.slots[0];
    if (!first || first.type !== 'words') return;
    for (const option of optionsOf(first)) {
      const part = option[0];
      if (!part) continue;
      if (part.test) {
        if (!this.anywhere.includes(pattern)) this.anywhere.push(pattern);
        continue;
      }
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
    this.anywhere.forEach(visit);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

// ---------------------------------------------------------------------------------------------
// Matching

export function partMatches(part: Part, token: WordToken): boolean {
  if (part.test) return part.test(token.key);
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

/** A gap skips words of one clause: never a sentence end, a comma, nor a negation (a long gap, words of one sentence). Called with skip = 1, 2…: each call checks one more word. */
function gapMaySkip(tokens: readonly WordToken[], at: number, skip: number, long: boolean): boolean {
  const skipped = tokens[at + skip - 1]!;
  if (skipped.sentenceStart) return false;
  if (long) return true;
  if (skipped.negation || skipped.afterComma) return false;
  const landing = tokens[at + skip];
  return !landing || !landing.afterComma;
}

/** Index just past the match of slots[slot…] starting at token `at`, or -1. */
export function matchSlots(slots: readonly Slot[], slot: number, tokens: readonly WordToken[], at: number): number {
  const current = slots[slot];
  if (!current) return at;
  if (current.type === 'end') return at === tokens.length || tokens[at]!.sentenceStart ? at : -1;
  if (current.type === 'gap') {
    const most = current.long ? LONG_GAP_WORDS : GAP_WORDS;
    for (let skip = 0; skip <= most && at + skip <= tokens.length; skip += 1) {
      if (skip > 0 && !gapMaySkip(tokens, at, skip, current.long)) break;
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
    const token = tokens[at]!;
    const indexed = current.byFirst.size > 0 ? current.byFirst.get(token.key) ?? (token.squeezed !== undefined ? current.byFirst.get(token.squeezed) : undefined) : undefined;
    for (const options of indexed ? [indexed, current.options] : [current.options]) {
      for (const option of options) {
        if (!optionMatches(option, tokens, at)) continue;
        const end = matchSlots(slots, slot + 1, tokens, at + option.length);
        if (end >= 0) return end;
      }
    }
  }
  return current.optional ? matchSlots(slots, slot + 1, tokens, at) : -1;
}

export interface Span {
  kind: PatternKind;
  hostileOnly: boolean;
  single: boolean;
  start: number;
  end: number;
  /** Token indexes [first, last). */
  first: number;
  last: number;
}

export function findSpans(tokens: readonly WordToken[], index: PatternIndex, requirements: Requirements): Span[] {
  const spans: Span[] = [];
  const met = requirements.met(tokens);
  tokens.forEach((token, at) => {
    index.candidates(token, (pattern) => {
      if (pattern.atSentenceStart && !token.sentenceStart) return;
      if (pattern.afterPause && !token.afterPause) return;
      for (const id of pattern.requires) if (met[id] === 0) return;
      const end = matchSlots(pattern.slots, 0, tokens, at);
      if (end > at) spans.push({ kind: pattern.kind, hostileOnly: pattern.hostileOnly, single: pattern.single, start: token.start, end: tokens[end - 1]!.end, first: at, last: end });
    });
  });
  return spans;
}
