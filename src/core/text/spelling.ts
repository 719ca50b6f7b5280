import { readFileSync } from 'node:fs';
import dictionary from 'dictionary-fr';
import { loadModule, type Hunspell, type HunspellFactory } from 'hunspell-asm';
import { z } from 'zod';
import { escapeRegExp, fold } from './fold.js';
import { PackedForms } from './spelling-forms.js';
import { Suggester } from './spelling-suggest.js';

/**
 * Spelling (check `spelling`, Cr7.2): the words of a reply that the French dictionary
 * (dictionary-fr through hunspell-asm, WASM) does not know. Names, @mentions, #hashtags, links,
 * figures, the scenario's own words and a trainer's allow-list (lexicons/spelling-allow.yaml)
 * are never counted.
 *
 * Words are found with Unicode regexes rather than Intl.Segmenter: the segmenter costs about
 * 45 µs per reply (the whole scorer has 1 ms for 16 texts), splits « peut-être » and links, and
 * its pieces would have to be joined again for hunspell, which expects whole words.
 */

export interface Misspelling {
  /** As written in the text. */
  word: string;
  start: number;
  end: number;
}

export interface Speller {
  /** Misspelled words of `text`; `ignore` holds folded words (see fold()) that are always accepted, e.g. the scenario's words. */
  check(text: string, ignore?: ReadonlySet<string>): Misspelling[];
  /**
   * Up to 3 corrections of a misspelled word, best first, written like it (capital, elision);
   * none for a correct word or when nothing is close. Under a millisecond (spelling-suggest.ts).
   */
  suggest(word: string): string[];
  /**
   * Builds the suggestion index now (about 0.15 s, 20 MB) rather than at the first suggestion:
   * for a long-running bot, after loading. Idempotent.
   */
  prepareSuggestions(): void;
}

// ---------------------------------------------------------------------------------------------
// Schema of lexicons/spelling-allow.yaml

const ENTRY = /^[\p{L}\p{N}](?:[\p{L}\p{N}'’·.-]|[ ]&[ ]|[ ])*$/u;

const entry = z
  .string()
  .trim()
  .min(1)
  .regex(ENTRY, "une entrée est un mot ou une expression (lettres, chiffres, espaces, « ' », « - », « & »)");

export const spellingAllowListSchema = z.strictObject({
  /** Accepted whatever their case and accents, with their plural; several words form a phrase. */
  words: z.array(entry).min(1),
  /** Known to the dictionary but nearly always a mistake in a reply (« bonjours »). */
  reject: z.array(entry.regex(/^\S+$/u, 'un mot refusé est un seul mot')).default([]),
});

export type SpellingAllowList = z.infer<typeof spellingAllowListSchema>;

// ---------------------------------------------------------------------------------------------
// Scanning a text

const APOSTROPHE = "['’ʼ‘`´]";
const HYPHEN = '[-‐‑]';
const INCLUSIVE_DOT = '[·•‧⋅∙]';
/** Endings of inclusive writing, the only ones a plain « . » may introduce (« client.e.s »). */
const INCLUSIVE_SUFFIXES = 'e|es|s|x|ne|nes|le|les|te|tes|se|ses|sse|sses|ve|ves|fe|fes|ère|ères|ice|ices|rice|rices|trice|trices|euse|euses|eur|eurs|ale|ales|aux';
/** A word starts with a letter or digit; marks follow it (a lone U+FE0F after ⚠ is not a word). */
const WORD = '[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*';
/** The rest of a link, never ending on the punctuation after it. */
const LINK_END = `[^\\s<>«»"]*[^\\s<>«»".,;:!?)'’]`;
const PATH = `\\/(?:${LINK_END})?`;
/** Domains written without https:// are recognised by these endings, or by any ending followed by a path. */
const TLD = 'fr|com|net|org|eu|io|be|ch|ca|co|info|biz|shop|store|app|dev|me|tv|gg|ly|gl|to|cc|ai|xyz|link|site|online|club|live|news|blog|tech|paris|bzh|lu|mc|de|uk|es|it|nl|pt|pl|ru|us';

/** A word keeps its elisions, hyphens, inclusive endings, digits and stars (see TOKEN). */
const WORD_TOKEN = `${WORD}(?:(?:${APOSTROPHE}|${HYPHEN}|${INCLUSIVE_DOT}|\\*+|\\.(?=(?:${INCLUSIVE_SUFFIXES})(?![\\p{L}\\p{N}])))${WORD}|\\(\\p{Ll}{1,4}\\)\\p{Ll}{0,3})*`;

/**
 * One token per match, kinds told apart by the capturing group: 1 a link, e-mail, @mention or
 * #hashtag (skipped), 2 a word. A word keeps its elisions (« aujourd'hui »), hyphens
 * (« c'est-à-dire »), inclusive endings (« client·e·s », « client.e.s », « inscrit(e)s »),
 * digits (« 7h00 ») and stars (« m*rde »), both skipped afterwards; a link never ends on the
 * punctuation after it.
 */
const TOKEN = new RegExp(
  [
    `((?:https?:\\/\\/|www\\.)${LINK_END}`,
    `[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+`,
    `[@#][\\p{L}\\p{N}_]+(?:[._-][\\p{L}\\p{N}_]+)*`,
    `(?<![\\p{L}\\p{N}@.])(?:[\\p{L}\\p{N}-]+\\.)+(?:(?:${TLD})(?![\\p{L}\\p{N}])(?:${PATH})?|\\p{Ll}{2,6}${PATH}))`,
    `(${WORD_TOKEN})`,
  ].join('|'),
  'gu',
);
/** Words alone, the same as TOKEN's group 2. */
const WORDS_ONLY = new RegExp(WORD_TOKEN, 'gu');
/** What every link, e-mail, mention or hashtag contains. */
const LINK_ANCHOR = /[@#]|:\/\/|\.[\p{L}\p{N}]/gu;

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x202f || (code >= 0x2000 && code <= 0x200a);
}

/**
 * Calls `visit` for every token of the text, in order: `word` is undefined for a link, e-mail,
 * mention or hashtag. TOKEN costs about 15 µs per reply where words alone cost 4, so it runs
 * only on the space-delimited chunks around a « @ », « # », « :// » or a dot before a letter;
 * no token spans a space, so the tokens are the same as TOKEN's over the whole text. The
 * patterns are shared: `visit` must not scan another text.
 */
function scanTokens(text: string, visit: (word: string | undefined, start: number, end: number) => void): void {
  let position = 0;
  while (position < text.length) {
    LINK_ANCHOR.lastIndex = position;
    const anchor = LINK_ANCHOR.exec(text);
    if (!anchor) {
      runWords(text, position, text.length, visit);
      return;
    }
    let chunkStart = anchor.index;
    while (chunkStart > position && !isSpace(text.charCodeAt(chunkStart - 1))) chunkStart -= 1;
    let chunkEnd = anchor.index;
    while (chunkEnd < text.length && !isSpace(text.charCodeAt(chunkEnd))) chunkEnd += 1;
    runWords(text, position, chunkStart, visit);
    TOKEN.lastIndex = chunkStart;
    for (let match = TOKEN.exec(text); match !== null && match.index < chunkEnd; match = TOKEN.exec(text)) {
      visit(match[2], match.index, TOKEN.lastIndex);
    }
    position = chunkEnd;
  }
}

function runWords(text: string, from: number, to: number, visit: (word: string | undefined, start: number, end: number) => void): void {
  WORDS_ONLY.lastIndex = from;
  for (let match = WORDS_ONLY.exec(text); match !== null && match.index < to; match = WORDS_ONLY.exec(text)) {
    visit(match[0], match.index, WORDS_ONLY.lastIndex);
  }
}

/** Figures (« 7h00 », « 2e ») and censored words (« m*rde », for the civility check) are not spelled. */
const NOT_SPELLED = /[\p{N}*]/u;

function isSpelled(word: string): boolean {
  for (let index = 0; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    // ASCII digits and « * » without a regex; past ASCII, the regex decides for the whole word.
    if ((code >= 0x30 && code <= 0x39) || code === 0x2a) return false;
    if (code >= 0x80) return !NOT_SPELLED.test(word);
  }
  return true;
}
const ELISION = new RegExp(`^((?:qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu|[cdjlmnst])${APOSTROPHE})(.+)$`, 'iu');
const APOSTROPHES = new RegExp(APOSTROPHE, 'gu');
const HYPHENS = new RegExp(HYPHEN, 'gu');
const INCLUSIVE_SPLIT = new RegExp(`${INCLUSIVE_DOT}|\\.|\\(|\\)`, 'u');
const INCLUSIVE_MARK = new RegExp(`${INCLUSIVE_DOT}|\\.|\\(`, 'u');
/** Abbreviations whose dot does not end a sentence (« M. Dupont »). */
const ABBREVIATIONS = new Set(['m', 'mm', 'mme', 'mmes', 'mlle', 'mlles', 'me', 'dr', 'pr', 'st', 'ste', 'cf', 'ex', 'env', 'av', 'bd', 'réf', 'ref', 'tél', 'tel', 'p', 'art']);
/** Longest run of capitals read as an acronym (SAV, RGPD), never checked. */
const ACRONYM_MAX = 4;
const CACHE_LIMIT = 20_000;

function isUpper(char: string): boolean {
  return char !== char.toLowerCase() && char === char.toUpperCase();
}

function isCapitalised(word: string): boolean {
  const code = word.charCodeAt(0);
  // ASCII first: most words, without allocating.
  if (code < 0x80) return code >= 0x41 && code <= 0x5a;
  return isUpper(word.charAt(0));
}

function isAllCaps(word: string): boolean {
  return word === word.toUpperCase() && word !== word.toLowerCase();
}

/** ., !, ?, …, a line break or an emoji between two tokens starts a new sentence. */
function endsSentence(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x2e || code === 0x21 || code === 0x3f || code === 0x2026 || code === 0x0a || code === 0x0d) return true;
    // Emoji: astral pictographs (surrogate pairs) and the BMP symbol blocks (☀ ✅ ❤).
    if ((code >= 0xd800 && code <= 0xdbff) || (code >= 0x2600 && code <= 0x27bf)) return true;
  }
  return false;
}

/** Hunspell's form: composed accents (text pasted from a Mac may be decomposed), straight apostrophes and hyphens. */
function normalise(word: string): string {
  return word.normalize('NFC').replace(APOSTROPHES, "'").replace(HYPHENS, '-');
}

// ---------------------------------------------------------------------------------------------
// Allow-list

/** An allow-list entry and its plurals (folded): French « -s », « -x » after au/eu, English « -ies ». */
function withPlurals(folded: string): string[] {
  const forms = [folded];
  if (/[sxz]$/.test(folded)) return forms;
  forms.push(`${folded}s`);
  if (/(?:au|eu)$/.test(folded)) forms.push(`${folded}x`);
  if (/[^aeiou]y$/.test(folded)) forms.push(`${folded.slice(0, -1)}ies`);
  return forms;
}

/** Accents and case ignored: every letter of the phrase matches its accented forms. */
const ACCENTED: Record<string, string> = { a: 'aàâä', c: 'cç', e: 'eéèêë', i: 'iîï', o: 'oôö', u: 'uùûü', y: 'yÿ' };

function phrasePattern(phrase: string): RegExp {
  const words = phrase.split(/[\s&]+/u).filter(Boolean).map((word) => {
    const letters = [...fold(word)].map((char) => {
      const variants = ACCENTED[char];
      return variants ? `[${variants}]` : escapeRegExp(char);
    });
    return letters.join('').replace(/[-']/g, `(?:${HYPHEN}|${APOSTROPHE})`);
  });
  const last = words.length - 1;
  words[last] = `${words[last]}(?:s|x)?`;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join(`(?:[\\s\\u00a0&+]|${HYPHEN})+`)}(?![\\p{L}\\p{N}])`, 'giu');
}

interface AllowList {
  words: Set<string>;
  reject: Set<string>;
  /** Phrases by each of their folded words, tried only on a word otherwise unknown. */
  phrases: Map<string, RegExp[]>;
}

function compileAllowList(list: SpellingAllowList): AllowList {
  const words = new Set<string>();
  const phrases = new Map<string, RegExp[]>();
  for (const raw of list.words) {
    const folded = fold(normalise(raw));
    if (!/[\s&]/u.test(raw)) {
      for (const form of withPlurals(folded)) words.add(form);
      continue;
    }
    const pattern = phrasePattern(raw);
    for (const word of folded.split(/[\s&]+/u).filter(Boolean)) {
      for (const form of withPlurals(word)) phrases.set(form, [...(phrases.get(form) ?? []), pattern]);
    }
  }
  return { words, reject: new Set(list.reject.map((word) => fold(normalise(word)))), phrases };
}

function insidePhrase(allow: AllowList, folded: string, text: string, start: number, end: number): boolean {
  for (const pattern of allow.phrases.get(folded) ?? []) {
    for (const match of text.matchAll(pattern)) {
      if (match.index <= start && match.index + match[0].length >= end) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Words of a scenario

/** Folded words of texts, for the `ignore` set (the scorer calls it with all scenario texts). */
export function wordsOf(texts: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    scanTokens(text, (word, start, end) => {
      // A hashtag or mention of the scenario may come back without its sign (« #FaitMaison »); links are left out.
      const sign = text.charAt(start);
      const raw = word ?? (sign === '@' || sign === '#' ? text.slice(start + 1, end) : undefined);
      if (raw === undefined) return;
      const folded = fold(normalise(raw));
      words.add(folded);
      for (const part of folded.split(/[-·•‧⋅∙.()]+/u)) {
        if (!part) continue;
        words.add(part);
        const elided = ELISION.exec(part);
        if (elided) words.add(elided[2]!);
      }
    });
  }
  return words;
}

function ignored(ignore: ReadonlySet<string> | undefined, word: string): boolean {
  if (!ignore || ignore.size === 0) return false;
  const folded = fold(word);
  if (ignore.has(folded)) return true;
  // Plural of a scenario word (« croissant » in the post, « croissants » in the reply).
  return /[sx]$/.test(folded) && ignore.has(folded.slice(0, -1));
}

// ---------------------------------------------------------------------------------------------
// The speller

/** Accented letters a word written in capitals may have lost. */
const CAPITAL_ACCENTS: Record<string, string[]> = { e: ['é', 'è', 'ê'], a: ['à', 'â'], i: ['î'], o: ['ô'], u: ['ù', 'û'], c: ['ç'] };
const ACCENT_TRIES = 256;

/** Every accented spelling of a lower-case word, or undefined when there would be too many. */
function accentVariants(lower: string): string[] | undefined {
  let variants = [''];
  for (const char of lower) {
    const options = [char, ...(CAPITAL_ACCENTS[char] ?? [])];
    if (variants.length * options.length > ACCENT_TRIES) return undefined;
    variants = variants.flatMap((prefix) => options.map((option) => prefix + option));
  }
  return variants.slice(1);
}

class HunspellSpeller implements Speller {
  private readonly known = new Map<string, boolean>();
  private readonly suggestions = new Map<string, string[]>();

  private suggester: Suggester | undefined;

  constructor(
    private readonly hunspell: Hunspell,
    private readonly allow: AllowList,
    private readonly buildSuggester: () => Suggester,
  ) {}

  prepareSuggestions(): void {
    this.suggester ??= this.buildSuggester();
  }

  check(text: string, ignore?: ReadonlySet<string>): Misspelling[] {
    const misspellings: Misspelling[] = [];
    /** Capitalised words taken as names mid-sentence: the same word at a sentence start is a name too. */
    let names: string[] | undefined;
    let atSentenceStart = true;
    let previousEnd = 0;
    let previousWord = '';
    scanTokens(text, (word, start, end) => {
      if (endsSentence(text, previousEnd, start) && !(text.charAt(previousEnd) === '.' && ABBREVIATIONS.has(previousWord.toLowerCase()))) {
        atSentenceStart = true;
      }
      previousEnd = end;
      previousWord = word ?? '';
      // Links, e-mails, mentions, hashtags and figures are never counted, and leave the sentence as it was.
      if (word === undefined || !isSpelled(word) || isNumberSign(text, word, end)) return;
      const sentenceStart = atSentenceStart;
      atSentenceStart = false;
      if (!sentenceStart && isCapitalised(word)) {
        (names ??= []).push(word);
        return;
      }
      if (this.isKnown(word) || isAcronymOrElidedName(word) || this.accepted(normalise(word), ignore)) return;
      if (this.allow.phrases.size > 0 && insidePhrase(this.allow, fold(word), text, start, end)) return;
      misspellings.push({ word, start, end });
    });
    if (!names || misspellings.length === 0) return misspellings;
    const nameSet = new Set(names);
    return misspellings.filter((misspelling) => !nameSet.has(misspelling.word));
  }

  suggest(word: string): string[] {
    const normalised = normalise(word);
    if (this.isKnown(normalised)) return [];
    let found = this.suggestions.get(normalised);
    if (!found) {
      this.prepareSuggestions();
      found = this.suggester!.suggest(normalised).filter((option) => option !== normalised);
      remember(this.suggestions, normalised, found, 1_000);
    }
    // The apostrophe the writer typed (« l’événement » for « l’evenement »).
    const typed = /[’ʼ‘`´]/u.exec(word)?.[0];
    return typed ? found.map((option) => option.replaceAll("'", typed)) : [...found];
  }

  /** The word, or else its pieces (elision, hyphenated parts, inclusive endings), are correct. */
  private accepted(word: string, ignore: ReadonlySet<string> | undefined): boolean {
    if (this.isKnown(word) || ignored(ignore, word)) return true;
    const elided = ELISION.exec(word);
    if (elided) return this.accepted(elided[2]!, ignore);
    if (INCLUSIVE_MARK.test(word)) return this.inclusiveAccepted(word, ignore);
    if (word.includes('-')) {
      const parts = word.split('-');
      return parts.every((part) => part.length > 0 && this.accepted(part, ignore));
    }
    return false;
  }

  /** « tou·te·s », « acteur·trice·s », « inscrit(e)s »: the base word, or base and endings joined, is correct. */
  private inclusiveAccepted(word: string, ignore: ReadonlySet<string> | undefined): boolean {
    const [base = '', ...endings] = word.split(INCLUSIVE_SPLIT).filter(Boolean);
    if (!endings.every((ending) => /^\p{Ll}{1,5}$/u.test(ending))) return false;
    return this.accepted(base, ignore) || this.accepted(base + endings.join(''), ignore) || (endings[0] !== undefined && this.accepted(base + endings[0], ignore));
  }

  /** Dictionary or allow-list, cached per word as written: on a warm cache, one Map look-up per word. */
  private isKnown(word: string): boolean {
    let known = this.known.get(word);
    if (known === undefined) {
      known = this.lookUp(normalise(word));
      remember(this.known, word, known, CACHE_LIMIT);
    }
    return known;
  }

  private lookUp(word: string): boolean {
    const folded = fold(word);
    if (this.allow.reject.has(folded)) return false;
    if (this.allow.words.has(folded) || this.hunspell.spell(word)) return true;
    const lower = word.toLowerCase();
    // A sentence's first word, checked in lower case too.
    if (lower !== word && this.hunspell.spell(lower)) return true;
    // « coeur » typed without the ligature.
    if (lower.includes('oe') && this.hunspell.spell(lower.replaceAll('oe', 'œ'))) return true;
    if (isAllCaps(word) && !word.includes("'")) return this.spellWithAccents(lower);
    return false;
  }

  /**
   * Capitals are often written without accents (« EVENEMENT »): tries the accented letters.
   * Past a bounded number of tries the word is given the benefit of the doubt.
   */
  private spellWithAccents(lower: string): boolean {
    const variants = accentVariants(lower);
    return variants === undefined || variants.some((variant) => this.hunspell.spell(variant));
  }
}

/** A capitalised word's name-like forms anywhere: an acronym (« SAV », « RGPD ») or a name after an elision (« l'Oréal »). */
function isAcronymOrElidedName(word: string): boolean {
  if (isCapitalised(word) && word.length <= ACRONYM_MAX && isAllCaps(word)) return true;
  const elided = ELISION.exec(word);
  return elided !== null && isCapitalised(elided[2]!);
}

/** « n° » and « N° »: the number sign, not a word. */
function isNumberSign(text: string, word: string, end: number): boolean {
  return (word === 'n' || word === 'N') && (text.charAt(end) === '°' || text.charAt(end) === 'º');
}

/** A bounded cache: the oldest entry leaves first. */
function remember<V>(cache: Map<string, V>, key: string, value: V, limit: number): void {
  if (cache.size >= limit) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, value);
}

// ---------------------------------------------------------------------------------------------
// Loading

let dictionaryFiles: Promise<{ factory: HunspellFactory; aff: string; dic: string }> | undefined;

/** The WASM module and the dictionary files are mounted once per process. */
function mountDictionary(): Promise<{ factory: HunspellFactory; aff: string; dic: string }> {
  dictionaryFiles ??= withoutCrashHandler(loadModule).then((factory) => ({
    factory,
    aff: factory.mountBuffer(dictionary.aff, 'fr.aff'),
    dic: factory.mountBuffer(dictionary.dic, 'fr.dic'),
  }));
  return dictionaryFiles;
}

/**
 * The Emscripten build installs an `uncaughtException` listener that rethrows: any stray error
 * anywhere would then kill the process printing the WASM glue instead of the error. It is removed;
 * the application's own handlers decide what a crash means.
 */
async function withoutCrashHandler<T>(load: () => Promise<T>): Promise<T> {
  const before = new Set(process.listeners('uncaughtException'));
  try {
    return await load();
  } finally {
    for (const listener of process.listeners('uncaughtException')) if (!before.has(listener)) process.removeListener('uncaughtException', listener);
  }
}

/** The vendored forms of dictionary-fr and their frequency ranks (assets/spelling/README.md). */
const FORMS_FILE = new URL('../../../assets/spelling/fr-forms.txt.gz', import.meta.url);
const FREQUENCY_FILE = new URL('../../../assets/spelling/fr-frequency.txt', import.meta.url);

/** The suggestion index's data, read once per process, at the first suggestion (the index itself is built per speller, with its allow-list). */
let suggestionFiles: { forms: PackedForms; ranked: string[] } | undefined;

function readSuggestionFiles(): { forms: PackedForms; ranked: string[] } {
  suggestionFiles ??= {
    forms: PackedForms.fromFile(readFileSync(FORMS_FILE)),
    ranked: readFileSync(FREQUENCY_FILE, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#')),
  };
  return suggestionFiles;
}

/**
 * Look-ups made when the index is built (about 40 ms), so that the first learners' suggestions
 * do not pay for compiling the code: cold, a suggestion takes up to 30 ms, warm under 10 ms
 * (bench/spelling-suggest.ts). None of these is in the test fixture the bench measures.
 */
export const WARM_UP = ['evenemant', 'l’acceuille', 'jaimerais', 'Boucoup', 'comandé', 'rembourcement', 'vraimment', 'ojourdui', 'profesionnelle', 'gentilement', 'inquiètez', 'Cordialemment'];

/** The suggestion index of a speller: the vendored forms, their frequency ranks, the allow-list's words. */
export function buildSuggester(allowList: SpellingAllowList, reject: ReadonlySet<string>): Suggester {
  const { forms, ranked } = readSuggestionFiles();
  // Single words of the allow-list may be suggested too (« folower » → « follower »).
  const extra = allowList.words.map((word) => normalise(word.trim())).filter((word) => !/[\s&]/u.test(word));
  const suggester = new Suggester({ forms, ranked, extra, reject });
  for (const word of WARM_UP) suggester.suggest(word);
  return suggester;
}

/**
 * One hunspell instance (about 0.1 s, 15–25 MB): load once, then check many texts. The
 * suggestion index is built at the first suggestion, or by prepareSuggestions().
 */
export async function loadSpeller(allowList: SpellingAllowList): Promise<Speller> {
  const { factory, aff, dic } = await mountDictionary();
  const allow = compileAllowList(allowList);
  return new HunspellSpeller(factory.create(aff, dic), allow, () => buildSuggester(allowList, allow.reject));
}
