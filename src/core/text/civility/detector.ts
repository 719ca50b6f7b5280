import type { Category } from '../../scenario/schema.js';
import { fold } from '../fold.js';
import type { AnalysedText } from '../match.js';
import { tokenize } from '../tokens.js';
import { LEXICAL_KINDS, NEGATIVE_SET, type CivilityLexicon, type LexicalKind } from './lexicon.js';
import { MIN_FUZZY_LETTERS, oneEditAway, wordTokens, type ObfuscationOptions, type Vocabulary } from './obfuscation.js';
import {
  compileSlots,
  compileWords,
  exactPart,
  findSpans,
  optionsOf,
  PatternIndex,
  Requirements,
  withRequiredFirstSlot,
  type Part,
  type Pattern,
  type PatternKind,
  type SetEntry,
  type SlotCache,
  type Span,
  type WordToken,
} from './patterns.js';
import { findExclamations, findShouting } from './shouting.js';
import { parsePattern } from './syntax.js';
import { finiteName, verbForms, withoutSecondPluralName, type ConjugationTable } from './verbs.js';

/**
 * Civility (check `civility`, Cr7.2, critical): finds in a community manager's text what a jury
 * would not accept there — threats, hateful generalisations, slurs, dehumanising words, insults,
 * profanity, mockery, blame and condescension, shouting in capitals, « !!! » — through obfuscation.
 * Word lists live in lexicons/civility.yaml (patterns described at its top), with verb sets
 * conjugated from the Lefff and the negative-evaluation words of lexicons/civility-negative.yaml.
 */

export type IncivilityKind = LexicalKind | 'shouting' | 'exclamation';

export interface IncivilityFinding {
  kind: IncivilityKind;
  /** As written in the text. */
  evidence: string;
  start: number;
  end: number;
  /** Read through obfuscation: « insulte masquée ». */
  masked: boolean;
  /** One word of the `hate` section (a slur), not a generalisation. */
  slur: boolean;
}

export interface FindOptions {
  /** Category of the comment answered: laughter and ironic praise mock only a hostile one. Unknown: they always count. */
  replyTo?: Category;
}

export interface CivilityDetector {
  /** Findings in text order. An AnalysedText the caller already has saves tokenising again. */
  find(text: string | AnalysedText, options?: FindOptions): IncivilityFinding[];
}

export interface CivilityResources extends ObfuscationOptions {
  /** Words judging people negatively (lexicons/civility-negative.yaml): the set <negative>. */
  negative?: readonly string[];
  /** Conjugations (french-verbs-lefff format) for the verb sets; a regular -er verb needs none. */
  conjugations?: ConjugationTable;
}

const PRIORITY = new Map<IncivilityKind, number>(LEXICAL_KINDS.map((kind, rank) => [kind, rank]));
/** Findings that a negation just before, or counter-speech in the same sentence, turns around. */
const REVERSIBLE = new Set<PatternKind>(['threat', 'hate', 'dehumanising']);
const NEGATION_WINDOW = 3;
/** Pairs of quotation marks: what is inside is quoted, not said. */
const QUOTED = /«[^»]*»|"[^"]*"|“[^”]*”/g;

/** The verb sets' infinitives that neither the table nor the -er rule can conjugate, with their place. */
export function unknownVerbs(lexicon: CivilityLexicon, conjugations: ConjugationTable): Array<{ path: Array<string | number>; verb: string }> {
  const unknown: Array<{ path: Array<string | number>; verb: string }> = [];
  for (const [name, entries] of Object.entries(lexicon.verbs)) {
    entries.forEach((entry, index) => {
      const verb = entry.trim().split(/\s+/)[0]!;
      if (!verbForms(verb, conjugations)) unknown.push({ path: ['verbs', name, index], verb });
    });
  }
  return unknown;
}

/** Sets of the lexicon, verb sets expanded to every form (compiled here: thousands of exact forms), and <negative>. */
function allSets(lexicon: CivilityLexicon, resources: CivilityResources): Record<string, SetEntry[]> {
  const sets: Record<string, SetEntry[]> = { ...lexicon.sets, [NEGATIVE_SET]: [...(resources.negative ?? [])] };
  const excluded = new Set(lexicon.verb_forms_excluded.map((form) => form.toLowerCase()));
  for (const [name, entries] of Object.entries(lexicon.verbs)) {
    const all: Part[][] = [];
    const withoutVous: Part[][] = [];
    const finite: Part[][] = [];
    for (const entry of entries) {
      const [verb, ...rest] = entry.trim().split(/\s+/);
      const forms = verbForms(verb!, resources.conjugations ?? {}, excluded);
      if (!forms) throw new Error(`lexique de civilité, verbs.${name} : verbe inconnu « ${verb} »`);
      const tail = rest.length > 0 ? compileWords(rest.join(' ')) : [];
      const parts = new Map(forms.all.map((form) => [form, [exactPart(fold(form)), ...tail]]));
      all.push(...parts.values());
      withoutVous.push(...forms.withoutSecondPlural.map((form) => parts.get(form)!));
      finite.push(...forms.finite.map((form) => parts.get(form)!));
    }
    sets[name] = all;
    sets[withoutSecondPluralName(name)] = withoutVous;
    sets[finiteName(name)] = finite;
  }
  return sets;
}

const SECTIONS: ReadonlyArray<{ section: keyof CivilityLexicon; kind: PatternKind; hostileOnly: boolean }> = [
  ...LEXICAL_KINDS.map((kind) => ({ section: kind, kind, hostileOnly: false })),
  { section: 'hostile_mockery', kind: 'mockery', hostileOnly: true },
  { section: 'counter_speech', kind: 'counter', hostileOnly: false },
  { section: 'allow', kind: 'allow', hostileOnly: false },
];

/** Every word the lexicon can match: what leetspeak, spacing, typos or masking may be hiding. */
function buildVocabulary(patternsBuilt: readonly Pattern[], lexicon: CivilityLexicon): Vocabulary {
  const words = new Set<string>();
  const prefixes = new Set<string>();
  const emoji = new Set<string>();
  const heads = new Set<string>();
  const strong = new Set<string>();
  const fuzzyTargets = new Set<string>();
  const maskable = new Map<number, Array<{ word: string; kind: LexicalKind }>>();
  const seen = new Set<Part>();
  for (const pattern of patternsBuilt) {
    if (pattern.kind === 'allow' || pattern.kind === 'counter') continue;
    const [first, ...rest] = pattern.slots;
    // Words run together hide insults and slurs (« filsdepute », « salearabe »), not threats or blame.
    const hides = pattern.kind === 'insult' || pattern.kind === 'hate' || pattern.kind === 'dehumanising' || pattern.kind === 'profanity';
    if (hides && first?.type === 'words' && rest.length > 0) for (const option of optionsOf(first)) option[0]?.forms.forEach((form) => heads.add(form));
    for (const slot of pattern.slots) {
      if (slot.type !== 'words') continue;
      for (const part of optionsOf(slot).flat()) {
        if (seen.has(part)) continue;
        seen.add(part);
        if (part.prefix !== undefined) prefixes.add(part.prefix);
        part.forms.forEach((form) => (/\p{L}|\p{N}/u.test(form) ? words.add(form) : emoji.add(form)));
      }
    }
    // Masked words are read as words standing alone in the lexicon (« connard », not « bande de »).
    if (first?.type !== 'words' || rest.length > 0) continue;
    for (const option of optionsOf(first)) {
      if (option.length !== 1) continue;
      const mayHide = pattern.kind === 'insult' || pattern.kind === 'hate' || pattern.kind === 'dehumanising';
      for (const form of option[0]!.forms) {
        const sameLength = maskable.get(form.length) ?? [];
        if (!sameLength.some((entry) => entry.word === form)) sameLength.push({ word: form, kind: pattern.kind as LexicalKind });
        maskable.set(form.length, sameLength);
        if (form.length >= MIN_FUZZY_LETTERS && /^\p{L}+$/u.test(form)) {
          if (mayHide || pattern.kind === 'profanity') strong.add(form);
          // Typos are read for the singular forms (a plural is tried without its s).
          if (mayHide && !form.endsWith('s')) fuzzyTargets.add(form);
        }
      }
    }
  }
  const variants = new Map<string, string>();
  for (const target of fuzzyTargets) {
    for (const variant of oneEditAway(target)) if (!words.has(variant) && !variants.has(variant)) variants.set(variant, target);
  }
  return {
    words,
    squeezed: new Set([...words].map((word) => word.replace(/(.)\1+/g, '$1'))),
    prefixes: [...prefixes],
    maskable,
    negations: new Set(lexicon.negations.map(fold)),
    emoji,
    strong,
    variants,
    heads,
    headsByStart: groupByStart(heads),
  };
}

function groupByStart(words: Iterable<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const word of words) {
    if (word.length < 2) continue;
    const list = groups.get(word.slice(0, 2)) ?? [];
    list.push(word);
    groups.set(word.slice(0, 2), list);
  }
  return groups;
}

/** Offsets [start, end) of quoted passages. */
function quotedRanges(source: string): Array<[number, number]> {
  if (!/[«"“]/.test(source)) return [];
  return [...source.matchAll(QUOTED)].map((match) => [match.index, match.index + match[0].length]);
}

/** Asking the speller is slow: answers are kept (bounded, cleared when full). */
function cached(isWord: (word: string) => boolean): (word: string) => boolean {
  const answers = new Map<string, boolean>();
  return (word) => {
    let answer = answers.get(word);
    if (answer === undefined) {
      if (answers.size >= 10_000) answers.clear();
      answer = isWord(word);
      answers.set(word, answer);
    }
    return answer;
  };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

type Kept = Span & { kind: LexicalKind };

export function createCivilityDetector(lexicon: CivilityLexicon, resources: CivilityResources = {}): CivilityDetector {
  const sets = allSets(lexicon, resources);
  const setNames = new Set(Object.keys(sets));
  const built: Pattern[] = [];
  const cache: SlotCache = new Map();
  const requirements = new Requirements();
  for (const { section, kind, hostileOnly } of SECTIONS) {
    for (const source of lexicon[section] as string[]) {
      const parsed = parsePattern(source, setNames);
      if (!parsed.ok) throw new Error(`lexique de civilité, ${section} « ${source} » : ${parsed.message}`);
      const atSentenceStart = parsed.slots[0]?.type === 'start';
      const afterPause = parsed.slots[0]?.type === 'after_pause';
      const single = parsed.slots.filter((slot) => slot.type === 'words').length === 1;
      for (const slots of withRequiredFirstSlot(compileSlots(parsed.slots, sets, cache))) {
        built.push({ kind, hostileOnly, atSentenceStart, afterPause, slots, single, id: built.length, requires: requirements.of(slots) });
      }
    }
  }
  const index = new PatternIndex();
  built.forEach((pattern) => index.add(pattern));
  const vocabulary = buildVocabulary(built, lexicon);
  const acronyms = new Set(lexicon.acronyms.map(fold));
  const shortWords = new Set(lexicon.caps_short_words.map(fold));
  const hostileCategories = new Set<Category>(lexicon.hostile_categories);
  const obfuscation: ObfuscationOptions = resources.isWord ? { isWord: cached(resources.isWord) } : {};

  /** Drops what is allowed, quoted to be rejected, negated or countered, then findings inside a longer one. */
  function keepFindings(source: string, tokens: readonly WordToken[], spans: Span[], hostile: boolean): Kept[] {
    const allowed = spans.filter((span) => span.kind === 'allow');
    const counters = spans.filter((span) => span.kind === 'counter');
    const quotes = counters.length > 0 ? quotedRanges(source) : [];
    const sentenceOf: number[] = [];
    let sentence = 0;
    for (const token of tokens) sentenceOf.push(token.sentenceStart ? (sentence += 1) : sentence);
    const negatedBefore = (span: Span): boolean => {
      for (let at = span.first - 1; at >= Math.max(0, span.first - NEGATION_WINDOW); at -= 1) {
        if (sentenceOf[at] !== sentenceOf[span.first]) return false;
        if (tokens[at]!.negation) return true;
      }
      return false;
    };
    const findings = spans.filter((span): span is Kept => {
      if (span.kind === 'allow' || span.kind === 'counter') return false;
      if (span.hostileOnly && !hostile) return false;
      if (allowed.some((allow) => overlaps(span, allow))) return false;
      if (quotes.some(([start, end]) => start <= span.start && span.end <= end)) return false;
      if (REVERSIBLE.has(span.kind) && !span.single) {
        if (negatedBefore(span)) return false;
        if (counters.some((counter) => sentenceOf[counter.first] === sentenceOf[span.first])) return false;
      }
      return true;
    });
    findings.sort((a, b) => a.start - b.start || b.end - a.end || PRIORITY.get(a.kind)! - PRIORITY.get(b.kind)!);
    const kept: Kept[] = [];
    for (const finding of findings) {
      if (!kept.some((other) => other.start <= finding.start && finding.end <= other.end)) kept.push(finding);
    }
    return kept;
  }

  return {
    find(text, options = {}) {
      const source = typeof text === 'string' ? text : text.source;
      const base = typeof text === 'string' ? tokenize(text) : text.tokens;
      const hostile = options.replyTo === undefined || hostileCategories.has(options.replyTo);
      const tokens = wordTokens(source, base, vocabulary, obfuscation);
      const spans = findSpans(tokens, index, requirements);
      const findings: IncivilityFinding[] = [];
      for (const span of keepFindings(source, tokens, spans, hostile)) {
        let masked = false;
        for (let at = span.first; at < span.last; at += 1) masked ||= tokens[at]!.masked;
        findings.push({ kind: span.kind, evidence: source.slice(span.start, span.end), start: span.start, end: span.end, masked, slur: span.kind === 'hate' && span.single });
      }
      const report = (kind: IncivilityKind, span: { start: number; end: number }) =>
        findings.push({ kind, evidence: source.slice(span.start, span.end), start: span.start, end: span.end, masked: false, slur: false });
      for (const span of findShouting(source, base, acronyms, shortWords)) report('shouting', span);
      for (const span of findExclamations(source)) report('exclamation', span);
      // Stable sort: at one place, words come before their capitals.
      return findings.sort((a, b) => a.start - b.start);
    },
  };
}
