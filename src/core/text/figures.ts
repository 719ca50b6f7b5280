/**
 * Figures of a French text (check `unsupported_facts`, Cr7.2): every number, date, time, price,
 * percentage or phone number a reply states must come from the scenario. Each figure is
 * normalised so that the ways of writing it compare equal:
 *
 * - time `HH:MM`: 7h = 7 h = 7h00 = 07:00 = 7 heures ; « 9h-18h », « de 9 à 18 h » are two times;
 *   a duration over 24 h (« sous 48h ») is a number (`48`);
 * - date `--MM-DD` without a year, `YYYY-MM-DD` with one: 12/03 = 12 mars = 12 mars 2024 (see
 *   isSupported for years); « du 12 au 15 mars » is two dates; the weekday is a word, not a figure;
 * - price `<amount> <ISO code>`: 15€ = 15 € = 15 euros = 15,00 € = 15.00€ = `15 EUR`; 15€50 = `15.5 EUR`;
 *   10 k€ = `10000 EUR`, 1,2 M€ = `1200000 EUR`; a price is supported by a price only, not a bare number;
 * - percentage `<amount>%`: 10% = 10 % = 10 pour cent;
 * - phone: every French layout (06 12 34 56 78, 06.12…, +33 6…, +33 (0)6…, 0033…) = `0612345678`;
 * - number: 2 000 = 2000 (any space, no-break or narrow no-break), 2,5 = `2.5`, ordinals 1er = `1`,
 *   2e = `2`, J-3 = `3`, years; 24h/24 (= 24 heures sur 24 = 24/24) and 7j/7 (= 7/7 = 7 jours sur 7)
 *   are numbers with the values `24h/24` and `7j/7`; « 2x8 » is the number `2x8`.
 *
 * Not figures: numbers in letters (« trois »), e-mail addresses, links, @mentions and #hashtags,
 * and digits glued after letters, which belong to a name (« Rue89 », « B2B », « mp3 »).
 */

export type FigureKind = 'time' | 'date' | 'price' | 'percentage' | 'phone' | 'number';

export interface Figure {
  kind: FigureKind;
  /** As written, for quoting evidence. */
  raw: string;
  /** Normalised, for comparison (see the module comment). */
  value: string;
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Shared patterns (also used by personal-data.ts)

/** Spaces that may separate digit groups or a figure from its unit: ordinary, no-break, narrow no-break, thin. */
export const SPACE = '[ \\u00a0\\u202f\\u2009]';
const SEPARATOR = '[ \\u00a0\\u202f\\u2009.\\-]';

/**
 * A French phone number in one of its usual layouts: national (0X XX XX XX XX with spaces, dots,
 * dashes or nothing), international (+33 / 0033, optionally with « (0) »), free numbers grouped
 * 0 800 123 456. Whole digit groups only: no digit may follow.
 */
export const FRENCH_PHONE_PATTERN =
  `(?<![\\p{L}\\p{N}_+])(?:(?:\\+|00)33${SPACE}?(?:\\(0\\)${SPACE}?)?|0${SPACE}?)` +
  `(?:[1-9](?:${SEPARATOR}?\\d{2}){4}|[89]\\d{2}(?:${SEPARATOR}\\d{3}){2})(?!\\p{N})`;

/** Digits of a French phone number as dialled from France: 0XXXXXXXXX. */
export function normaliseFrenchPhone(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  const international = raw.trimStart().startsWith('+') ? digits.slice(2) : digits.startsWith('0033') ? digits.slice(4) : undefined;
  if (international === undefined) return digits;
  // « +33 (0)6 … » keeps its trunk 0; « +33 6 … » gets it back.
  return international.length === 10 && international.startsWith('0') ? international : `0${international}`;
}

export const EMAIL_PATTERN = '(?<![\\p{L}\\p{N}._%+\\-])[\\p{L}\\p{N}._%+\\-]+@[\\p{L}\\p{N}\\-]+(?:\\.[\\p{L}\\p{N}\\-]+)*\\.\\p{L}{2,}';
/**
 * Links: with a scheme or www., or a bare domain on a common top-level domain. Top-level domains
 * that are French words (« de », « es », « me ») are left out so that « 2024.De plus » stays text.
 */
export const URL_PATTERN =
  '(?:https?:\\/\\/|www\\.)[^\\s<>«»"]+' +
  '|(?<![\\p{L}\\p{N}@.\\-])[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\-]*[\\p{L}\\p{N}])?(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\-]*[\\p{L}\\p{N}])?)*' +
  '\\.(?:fr|com|net|org|eu|io|info|biz|shop|store|app|bzh|paris|tv|ly|uk|ch|be)(?![\\p{L}\\p{N}\\-])(?:\\/[^\\s<>«»"]*)?';
export const MENTION_PATTERN = '(?<![\\p{L}\\p{N}_])@[\\p{L}\\p{N}_.]*[\\p{L}\\p{N}_]';
export const HASHTAG_PATTERN = '(?<![\\p{L}\\p{N}_&])#[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_\\-]*[\\p{L}\\p{N}_])?';

/** Replaces every match with as many « _ » so offsets stay those of the original text. */
export function maskSpans(text: string, pattern: RegExp): string {
  return text.replace(pattern, (match) => '_'.repeat(match.length));
}

/** Cheap test first: most replies have no link, e-mail, mention or hashtag, and the full patterns cost more. */
const LINK_HINT = /[@#]|\.\p{L}|:\/\//u;
export function mayHaveLinks(text: string): boolean {
  return LINK_HINT.test(text);
}

// ---------------------------------------------------------------------------------------------
// Numbers

/**
 * A number: digit groups of three after a first group of one to three (« 2 000 », « 1.500 »), or
 * plain digits; then decimals after a comma, or after a dot when one or two digits follow (« 15.00 »).
 */
const NUMBER = `(?:\\d{1,3}(?:${SPACE}\\d{3}|\\.\\d{3})+(?!\\d)|\\d+)(?:,\\d+|\\.\\d{1,2}(?!\\d))?`;

/** A written number as a plain decimal: no grouping, dot decimals, no leading or trailing zeros. */
export function canonicalNumber(written: string): string {
  const compact = written.replace(/[ \u00a0\u202f\u2009]/g, '');
  let whole = compact;
  let decimals = '';
  const comma = compact.indexOf(',');
  const lastDot = compact.lastIndexOf('.');
  if (comma >= 0) {
    whole = compact.slice(0, comma);
    decimals = compact.slice(comma + 1);
  } else if (lastDot >= 0 && compact.length - lastDot - 1 !== 3) {
    whole = compact.slice(0, lastDot);
    decimals = compact.slice(lastDot + 1);
  }
  whole = whole.replace(/\./g, '').replace(/^0+(?=\d)/, '');
  decimals = decimals.replace(/0+$/, '');
  return decimals ? `${whole}.${decimals}` : whole;
}

function scaled(amount: string, factor: number): string {
  return canonicalNumber(String(Math.round(Number(amount) * factor * 100) / 100));
}

// ---------------------------------------------------------------------------------------------
// Parsers, tried in order at each place a figure may start

type Parser = (masked: string, text: string, at: number, out: Figure[]) => number;

/** A regex anchored where it is run; `withIndices` gives each group's offsets (ranges need them). */
function sticky(source: string, caseInsensitive = false, withIndices = false): RegExp {
  return new RegExp(source, `${caseInsensitive ? 'i' : ''}${withIndices ? 'd' : ''}uy`);
}

function execAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

function push(out: Figure[], text: string, kind: FigureKind, value: string, start: number, end: number): void {
  out.push({ kind, raw: text.slice(start, end), value, start, end });
}

const pad = (value: number): string => String(value).padStart(2, '0');

function dateValue(day: number, month: number, year: number | undefined): string | undefined {
  if (day < 1 || day > 31 || month < 1 || month > 12) return undefined;
  return `${year === undefined ? '-' : String(year)}-${pad(month)}-${pad(day)}`;
}

function fullYear(written: string | undefined): number | undefined {
  if (written === undefined) return undefined;
  return written.length === 2 ? 2000 + Number(written) : Number(written);
}

const phone = sticky(FRENCH_PHONE_PATTERN);
const parsePhone: Parser = (masked, text, at, out) => {
  const match = execAt(phone, masked, at);
  if (!match) return -1;
  const end = at + match[0].length;
  push(out, text, 'phone', normaliseFrenchPhone(match[0]), at, end);
  return end;
};

/** Round-the-clock service: 24h/24, 24 heures sur 24, 24/24, 7j/7, 7 jours sur 7, 7/7, 24/7, 365j/365. */
const availability = sticky(
  `(?:24${SPACE}?(?:h|heures?)?${SPACE}?(?:\\/|sur)${SPACE}?24(?:${SPACE}?h(?:eures?)?)?` +
    `|(7)${SPACE}?(?:j|jours?)?${SPACE}?(?:\\/|sur)${SPACE}?7(?:${SPACE}?j(?:ours?)?)?` +
    `|(365)${SPACE}?(?:j|jours?)?${SPACE}?(?:\\/|sur)${SPACE}?365(?:${SPACE}?j(?:ours?)?)?` +
    `|24${SPACE}?h?${SPACE}?\\/${SPACE}?7(?!${SPACE}?j))(?![\\p{L}\\p{N}\\/])`,
  true,
);
const parseAvailability: Parser = (masked, text, at, out) => {
  const match = execAt(availability, masked, at);
  if (!match) return -1;
  const end = at + match[0].length;
  const value = match[1] ? '7j/7' : match[2] ? '365j/365' : /\/\s*7$/.test(match[0]) ? '24/7' : '24h/24';
  push(out, text, 'number', value, at, end);
  return end;
};

const isoDate = sticky('(\\d{4})-(\\d{2})-(\\d{2})(?!\\p{N})');
/** 12/03, 12/03/2024, 12/03/24; with dots or dashes only when a year follows (« 12.50 », « 1-2 jours »). */
const slashDate = sticky('(\\d{1,2})\\/(\\d{1,2})(?:\\/(\\d{4}|\\d{2}))?(?![\\p{N}\\/])');
const dottedDate = sticky('(\\d{1,2})[.\\-](\\d{1,2})[.\\-](\\d{4}|\\d{2})(?!\\p{N})');

function numericDate(masked: string, at: number): { value: string | undefined; length: number } | undefined {
  const iso = execAt(isoDate, masked, at);
  if (iso) return { value: dateValue(Number(iso[3]), Number(iso[2]), Number(iso[1])), length: iso[0].length };
  const dayFirst = execAt(slashDate, masked, at) ?? execAt(dottedDate, masked, at);
  if (dayFirst) return { value: dateValue(Number(dayFirst[1]), Number(dayFirst[2]), fullYear(dayFirst[3])), length: dayFirst[0].length };
  return undefined;
}

const parseNumericDate: Parser = (masked, text, at, out) => {
  const date = numericDate(masked, at);
  if (date?.value === undefined) return -1;
  push(out, text, 'date', date.value, at, at + date.length);
  return at + date.length;
};

const MONTHS =
  '(janvier|janv\\.?|f[ée]vrier|f[ée]vr?\\.?|mars|avril|avr\\.?|mai|juin|juillet|juil\\.?|ao[uû]t|septembre|sept\\.?|octobre|oct\\.?|novembre|nov\\.?|d[ée]cembre|d[ée]c\\.?)(?![\\p{L}])';
const MONTH_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ['ja', 1], ['f', 2], ['mar', 3], ['av', 4], ['mai', 5], ['juin', 6], ['juil', 7], ['ao', 8], ['s', 9], ['o', 10], ['n', 11], ['d', 12],
];

function monthNumber(word: string): number {
  const lower = word.toLowerCase();
  return MONTH_PREFIXES.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? 0;
}

function dayNumber(word: string): number {
  return /^1r?e/i.test(word) ? 1 : Number(word);
}

const DAY = '(1er|1re|\\d{1,2})';
const YEAR_AFTER = `(?:${SPACE}(\\d{4})(?!\\p{N}))?`;
/** « du 12 au 15 mars », « les 2 et 3 mai », « 12-15 mars »: the first day takes the month too. */
const dateRange = sticky(`${DAY}${SPACE}?(?:au|et|-|–)${SPACE}?${DAY}${SPACE}?${MONTHS}${YEAR_AFTER}`, true, true);
const wordDate = sticky(`${DAY}${SPACE}?${MONTHS}${YEAR_AFTER}`, true);

function pushWordDate(out: Figure[], text: string, day: string, month: string, year: string | undefined, start: number, end: number): boolean {
  const value = dateValue(dayNumber(day), monthNumber(month), fullYear(year));
  if (value === undefined) return false;
  push(out, text, 'date', value, start, end);
  return true;
}

const parseDateRange: Parser = (masked, text, at, out) => {
  const match = execAt(dateRange, masked, at);
  const secondDay = match?.indices?.[2];
  if (!match || !secondDay) return -1;
  const [whole, first = '', second = '', month = '', year] = match;
  const end = at + whole.length;
  const before = out.length;
  if (!pushWordDate(out, text, first, month, year, at, at + first.length) || !pushWordDate(out, text, second, month, year, secondDay[0], end)) {
    out.length = before;
    return -1;
  }
  return end;
};

const parseWordDate: Parser = (masked, text, at, out) => {
  const match = execAt(wordDate, masked, at);
  if (!match) return -1;
  const end = at + match[0].length;
  return pushWordDate(out, text, match[1] ?? '', match[2] ?? '', match[3], at, end) ? end : -1;
};

const HOUR_UNIT = `${SPACE}?(?:heures?|h)`;
const MINUTES = `(?:${SPACE}?([0-5]\\d)(?:${SPACE}?min(?:utes?)?)?)?`;
/** « 9-18h », « de 9 à 18 h », « entre 9 et 12 h »: the first hour takes the unit too. */
const timeRange = sticky(`(\\d{1,2})${SPACE}?(?:-|–|à|a|et)${SPACE}?(\\d{1,2})${HOUR_UNIT}${MINUTES}(?![\\p{L}\\p{N}])`, true, true);
const time = sticky(`(\\d{1,2})(?:${HOUR_UNIT}${MINUTES}|:([0-5]\\d))(?![\\p{L}\\p{N}])`, true);

function timeValue(hours: number, minutes: string | undefined): string {
  return `${pad(hours)}:${minutes ?? '00'}`;
}

const parseTimeRange: Parser = (masked, text, at, out) => {
  const match = execAt(timeRange, masked, at);
  const secondHour = match?.indices?.[2];
  if (!match || !secondHour) return -1;
  const [whole, first = '', second = '', minutes] = match;
  if (Number(first) > 24 || Number(second) > 24) return -1;
  const end = at + whole.length;
  push(out, text, 'time', timeValue(Number(first), undefined), at, at + first.length);
  push(out, text, 'time', timeValue(Number(second), minutes), secondHour[0], end);
  return end;
};

const parseTime: Parser = (masked, text, at, out) => {
  const match = execAt(time, masked, at);
  if (!match) return -1;
  const hours = Number(match[1]);
  const minutes = match[2] ?? match[3];
  const end = at + match[0].length;
  if (hours <= 24) push(out, text, 'time', timeValue(hours, minutes), at, end);
  // « sous 48h »: a duration, compared as its number.
  else if (match[3] === undefined) push(out, text, 'number', String(hours), at, end);
  else return -1;
  return end;
};

const CURRENCIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:€|eur)/i, 'EUR'],
  [/^(?:\$|dollar|usd)/i, 'USD'],
  [/^(?:£|gbp)/i, 'GBP'],
  [/^chf/i, 'CHF'],
];
/** « 15 € », « 15€50 », « 10 k€ », « 1,2 M€ », « 3 millions d'euros », « 20 $ ». */
const price = sticky(
  `(${NUMBER})${SPACE}?(?:(millions?|milliards?|k|m)${SPACE}?(?:d['’]${SPACE}?|de${SPACE})?)?` +
    `(€|\\$|£|(?:euros?|eur|dollars?|usd|gbp|chf)(?![\\p{L}]))(?:(?<=€)(\\d{2})(?![\\p{N}]))?`,
  true,
);
const MULTIPLIERS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^k$/i, 1e3],
  [/^(?:m|millions?)$/i, 1e6],
  [/^milliards?$/i, 1e9],
];
const cents = sticky(`(${NUMBER})${SPACE}?centimes?(?![\\p{L}])`, true);
const parsePrice: Parser = (masked, text, at, out) => {
  const match = execAt(price, masked, at);
  if (match) {
    const [whole, amount = '', multiplier, currency = '', glued] = match;
    const code = CURRENCIES.find(([pattern]) => pattern.test(currency))?.[1] ?? 'EUR';
    let value = canonicalNumber(glued ? `${amount.replace(/[.,]\d*$/, '')},${glued}` : amount);
    const factor = multiplier === undefined ? undefined : MULTIPLIERS.find(([pattern]) => pattern.test(multiplier))?.[1];
    if (factor !== undefined) value = scaled(value, factor);
    push(out, text, 'price', `${value} ${code}`, at, at + whole.length);
    return at + whole.length;
  }
  const centsMatch = execAt(cents, masked, at);
  if (!centsMatch) return -1;
  const end = at + centsMatch[0].length;
  push(out, text, 'price', `${scaled(canonicalNumber(centsMatch[1] ?? ''), 0.01)} EUR`, at, end);
  return end;
};

const percentage = sticky(`(${NUMBER})${SPACE}?(?:%|pour${SPACE}?-?cents?(?![\\p{L}])|pourcents?(?![\\p{L}]))`, true);
const parsePercentage: Parser = (masked, text, at, out) => {
  const match = execAt(percentage, masked, at);
  if (!match) return -1;
  const end = at + match[0].length;
  push(out, text, 'percentage', `${canonicalNumber(match[1] ?? '')}%`, at, end);
  return end;
};

/** « J-3 », « J+2 »: a countdown, compared as its number. */
const countdown = sticky('[Jj][\\-+‑](\\d{1,3})(?!\\p{N})');
const parseCountdown: Parser = (masked, text, at, out) => {
  const match = execAt(countdown, masked, at);
  if (!match) return -1;
  const end = at + match[0].length;
  push(out, text, 'number', canonicalNumber(match[1] ?? ''), at, end);
  return end;
};

/** « 2x8 », « 3x2 »: a shift pattern or an offer, compared as written. */
const times = sticky(`(\\d{1,2})${SPACE}?[x×]${SPACE}?(\\d{1,2})(?![\\p{L}\\p{N}])`, true);
const parseTimes: Parser = (masked, text, at, out) => {
  const match = execAt(times, masked, at);
  if (!match) return -1;
  const end = at + match[0].length;
  push(out, text, 'number', `${canonicalNumber(match[1] ?? '')}x${canonicalNumber(match[2] ?? '')}`, at, end);
  return end;
};

/** A plain number, with the letters glued after it kept in `raw` (« 1er », « 2e », « 3j », « 10min »). */
const plainNumber = sticky(`(${NUMBER})\\p{L}*`);
const parseNumber: Parser = (masked, text, at, out) => {
  const match = execAt(plainNumber, masked, at);
  if (!match) return -1;
  const end = at + match[0].length;
  push(out, text, 'number', canonicalNumber(match[1] ?? ''), at, end);
  return end;
};

/** Most specific first: a phone before its digit pairs, 24h/24 before 24 h, a date before its day. */
const PARSERS: readonly Parser[] = [
  parsePhone,
  parseAvailability,
  parseNumericDate,
  parseDateRange,
  parseWordDate,
  parseTimeRange,
  parseTime,
  parsePrice,
  parsePercentage,
  parseCountdown,
  parseTimes,
  parseNumber,
];

/**
 * Where a figure may start: a digit, « + » of +33, « J- » of a countdown; never right after a
 * letter (« Rue89 ») nor inside a dotted or slashed run (« v1.2.3 », the « 2 » of « 1/2 » when
 * the « 1 » was not a figure).
 */
const FIGURE_START = /(?<![\p{L}\p{N}_]|\p{N}[.,/:])(?:\+(?=33|\d)|[Jj][-+‑](?=\d)|\d)/gu;
const NOT_FIGURES = new RegExp([EMAIL_PATTERN, URL_PATTERN, MENTION_PATTERN, HASHTAG_PATTERN].join('|'), 'gu');

export function extractFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  if (!/\d/.test(text)) return figures;
  const masked = mayHaveLinks(text) ? maskSpans(text, NOT_FIGURES) : text;
  FIGURE_START.lastIndex = 0;
  for (let start = FIGURE_START.exec(masked); start; start = FIGURE_START.exec(masked)) {
    for (const parse of PARSERS) {
      const end = parse(masked, text, start.index, figures);
      if (end >= 0) {
        FIGURE_START.lastIndex = end;
        break;
      }
    }
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// Support

interface SourceIndex {
  /** `kind|value` of every figure. */
  figures: Set<string>;
  /** Every number written, alone or inside a figure (the 12 of « 12 mars », the 2024 of 12/03/2024). */
  numbers: Set<string>;
  /** `--MM-DD` of every date, with or without a year. */
  monthDays: Set<string>;
  /** `--MM-DD` of dates written without a year. */
  yearlessMonthDays: Set<string>;
}

const key = (figure: Figure): string => `${figure.kind}|${figure.value}`;
const DIGIT_RUN = /\d+/g;
const LEADING_AMOUNT = /^\d+(?:\.\d+)?/;

function indexSource(text: string): SourceIndex {
  const index: SourceIndex = { figures: new Set(), numbers: new Set(), monthDays: new Set(), yearlessMonthDays: new Set() };
  for (const figure of extractFigures(text)) {
    index.figures.add(key(figure));
    for (const run of figure.raw.match(DIGIT_RUN) ?? []) index.numbers.add(canonicalNumber(run));
    if (figure.kind === 'number' || figure.kind === 'price' || figure.kind === 'percentage') {
      const amount = LEADING_AMOUNT.exec(figure.value);
      if (amount) index.numbers.add(amount[0]);
    }
    if (figure.kind === 'date') {
      const monthDay = `--${figure.value.slice(-5)}`;
      index.monthDays.add(monthDay);
      if (figure.value.startsWith('--')) index.yearlessMonthDays.add(monthDay);
      else index.numbers.add(figure.value.slice(0, 4));
    }
  }
  return index;
}

/**
 * Sources repeat from one call to the next (the charter's facts, the post), so their index is
 * kept; the cache is emptied when it grows large, which keeps memory bounded.
 */
const SOURCE_CACHE_LIMIT = 512;
const sourceCache = new Map<string, SourceIndex>();

function sourceIndex(text: string): SourceIndex {
  let index = sourceCache.get(text);
  if (!index) {
    if (sourceCache.size >= SOURCE_CACHE_LIMIT) sourceCache.clear();
    index = indexSource(text);
    sourceCache.set(text, index);
  }
  return index;
}

/**
 * A figure is supported when a source has a figure of the same kind and value; a number also when
 * a source writes that number anywhere (inside a date, time, price, phone…); a date without a year
 * by any date with that day and month; a date with a year by the same date, or by that day and
 * month written without a year plus the year written somewhere in the sources.
 */
function isSupported(figure: Figure, indexes: readonly SourceIndex[]): boolean {
  const figureKey = key(figure);
  if (indexes.some((index) => index.figures.has(figureKey))) return true;
  if (figure.kind === 'number') return indexes.some((index) => index.numbers.has(figure.value));
  if (figure.kind !== 'date') return false;
  const monthDay = `--${figure.value.slice(-5)}`;
  if (figure.value.startsWith('--')) return indexes.some((index) => index.monthDays.has(monthDay));
  const year = figure.value.slice(0, 4);
  return indexes.some((index) => index.yearlessMonthDays.has(monthDay)) && indexes.some((index) => index.numbers.has(year));
}

/** Figures of `text` not supported by any of the sources. */
export function unsupportedFigures(text: string, sources: readonly string[]): Figure[] {
  const figures = extractFigures(text);
  if (figures.length === 0) return figures;
  const indexes = sources.map(sourceIndex);
  return figures.filter((figure) => !isSupported(figure, indexes));
}
