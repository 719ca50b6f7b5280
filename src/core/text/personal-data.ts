import {
  EMAIL_PATTERN,
  extractFigures,
  mayHaveLinks,
  FRENCH_PHONE_PATTERN,
  MENTION_PATTERN,
  SPACE,
  URL_PATTERN,
  maskSpans,
  normaliseFrenchPhone,
} from './figures.js';
import { fold } from './fold.js';

/**
 * Personal data in a public reply (check `personal_data`, Cr7.2, critical). Each finding carries a
 * normalised `value` so that the check can leave out the charter's own contact and recognise the
 * commenter's data repeated in another layout.
 *
 * Decisions:
 * - a postal address is a house number, a street word (rue, av., bd, allée…) and a street name;
 *   « 3 rues d'ici » (plural) or « 1 place de parking » (ambiguous word without a proper name) are
 *   not addresses, nor is a street without a number (« notre boutique rue des Lilas »);
 * - a postcode alone is flagged only in an address-like context: followed by a capitalised city
 *   (« 31000 Toulouse »), after « code postal » / « CP », or in brackets after a city
 *   (« Toulouse (31000) »); « 75000 abonnés » is a count, not a postcode;
 * - an order or account number needs its keyword (commande, cde, client, abonné, contrat,
 *   compte…) just before it; with a number marker (n°, numéro, #) three digits are enough,
 *   without one it takes five digits, or three mixed with letters (« commande 2024 » is a year);
 * - links and @mentions are never personal data here (the brand's site is public).
 */

export type PersonalDataKind = 'email' | 'phone' | 'postal_address' | 'postcode' | 'order_number' | 'account_number' | 'iban' | 'card_number';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** As written, for quoting evidence. */
  evidence: string;
  /** Normalised for comparison: e-mail lower-cased, phone 0XXXXXXXXX, IBAN and numbers compact upper-case. */
  value: string;
  start: number;
  end: number;
}

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  email: 'une adresse e-mail',
  phone: 'un numéro de téléphone',
  postal_address: 'une adresse postale',
  postcode: 'un code postal',
  order_number: 'un numéro de commande',
  account_number: 'un numéro de client, d’abonné ou de compte',
  iban: 'un IBAN',
  card_number: 'un numéro de carte bancaire',
};

type Detector = (masked: string, text: string, findings: PersonalDataFinding[]) => void;

function overlaps(findings: readonly PersonalDataFinding[], start: number, end: number): boolean {
  return findings.some((finding) => finding.start < end && start < finding.end);
}

function add(findings: PersonalDataFinding[], text: string, kind: PersonalDataKind, value: string, start: number, end: number): void {
  if (!overlaps(findings, start, end)) findings.push({ kind, evidence: text.slice(start, end), value, start, end });
}

function execAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

const compact = (value: string): string => value.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
const digitCount = (value: string): number => value.replace(/\D/g, '').length;

// ---------------------------------------------------------------------------------------------
// E-mails, IBAN, cards, phones: recognised by their shape alone

const EMAIL = new RegExp(EMAIL_PATTERN, 'gu');
/** Links and mentions hide their digits from every detector below. */
const LINKS = new RegExp([URL_PATTERN, MENTION_PATTERN].join('|'), 'gu');

const detectEmails: Detector = (masked, text, findings) => {
  for (const match of masked.matchAll(EMAIL)) {
    add(findings, text, 'email', match[0].toLowerCase(), match.index, match.index + match[0].length);
  }
};

/** The shape of an IBAN (country, check digits, groups of four), whether its checksum holds or not. */
const IBAN = new RegExp(
  `(?<![\\p{L}\\p{N}])[A-Za-z]{2}\\d{2}(?:${SPACE}?[A-Za-z0-9]{4}){2,7}(?:${SPACE}?[A-Za-z0-9]{1,3})?(?![\\p{L}\\p{N}])`,
  'gu',
);
const detectIbans: Detector = (masked, text, findings) => {
  for (const match of masked.matchAll(IBAN)) {
    const value = compact(match[0]);
    if (value.length >= 15 && value.length <= 34 && digitCount(value) >= 10) {
      add(findings, text, 'iban', value, match.index, match.index + match[0].length);
    }
  }
};

/** 16 digits in groups of four (one separator kind throughout), or an American Express 4-6-5. */
const CARD = /(?<![\p{N}])(?:\d{4}([ \u00a0\u202f.-]?)\d{4}\1\d{4}\1\d{4}|\d{4} \d{6} \d{5})(?![\p{N}])/gu;
const detectCards: Detector = (masked, text, findings) => {
  for (const match of masked.matchAll(CARD)) {
    add(findings, text, 'card_number', match[0].replace(/\D/g, ''), match.index, match.index + match[0].length);
  }
};

const PHONE = new RegExp(FRENCH_PHONE_PATTERN, 'gu');
const detectPhones: Detector = (masked, text, findings) => {
  for (const match of masked.matchAll(PHONE)) {
    add(findings, text, 'phone', normaliseFrenchPhone(match[0]), match.index, match.index + match[0].length);
  }
};

// ---------------------------------------------------------------------------------------------
// Order and account numbers: an identifier right after its keyword

const ORDER_WORDS =
  'commandes?|cdes?|cmdes?|cmd|order|factures?|colis|suivi|exp[ée]ditions?|tickets?|r[ée]servations?|r[ée]sa|transactions?|retours?|sinistres?';
const ACCOUNT_WORDS =
  'clients?|clientes?|abonn[ée]e?s?|adh[ée]rente?s?|membres?|contrats?|comptes?|carte de fid[ée]lit[ée]|fid[ée]lit[ée]|identifiant|id|licences?|abonnements?|police|matricule|carte';
/** Words that say « number » without saying of what: the next keyword decides. */
const GENERIC_WORDS = 'dossiers?|r[ée]f[ée]rences?|r[ée]f';
const NUMBER_MARKER = `(?:n[°º]|n\\.|no\\.?(?![\\p{L}])|num[ée]ro|num\\.?(?![\\p{L}]))`;
const KEYWORD = `(?:${ORDER_WORDS}|${ACCOUNT_WORDS}|${GENERIC_WORDS})(?![\\p{L}])`;
const IDENTIFIER = '#?[\\p{L}\\p{N}](?:[\\p{L}\\p{N}]|[\\-_/.](?=[\\p{L}\\p{N}]))*';

/**
 * « commande n° 48213 », « n° client 12345 », « numéro de commande : 123456 », « ma cde 558877 »,
 * « compte client : AB-1234 »: optional marker before, one or two keywords, connectors, identifier.
 */
const REFERENCE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${NUMBER_MARKER}${SPACE}*(?:de${SPACE}+|d['’]${SPACE}*)?)?(${KEYWORD})(?:${SPACE}+(${KEYWORD}))?` +
    `((?:${SPACE}*(?:${NUMBER_MARKER}|:|-))*)${SPACE}*(${IDENTIFIER})(?![\\p{L}\\p{N}])`,
  'giu',
);
const ORDER_KEYWORD = new RegExp(`^(?:${ORDER_WORDS})$`, 'iu');
const ACCOUNT_KEYWORD = new RegExp(`^(?:${ACCOUNT_WORDS})$`, 'iu');
const HAS_MARKER = new RegExp(NUMBER_MARKER, 'iu');
const UNIT_AFTER = new RegExp(`^${SPACE}?(?:€|%|\\$|euros?(?![\\p{L}])|eur(?![\\p{L}]))`, 'iu');

function referenceKind(keywords: ReadonlyArray<string | undefined>): PersonalDataKind {
  for (const keyword of keywords) {
    if (keyword === undefined) continue;
    if (ORDER_KEYWORD.test(keyword)) return 'order_number';
    if (ACCOUNT_KEYWORD.test(keyword)) return 'account_number';
  }
  return 'order_number';
}

/** « client 24h/24 », « commande 12/03/2024 », « 12h30 »: a figure, not an identifier. */
function isFigure(identifier: string): boolean {
  const figures = extractFigures(identifier);
  const figure = figures[0];
  return figures.length === 1 && figure !== undefined && figure.raw === identifier && (figure.kind !== 'number' || /\D/.test(figure.value));
}

function isIdentifier(identifier: string, marked: boolean): boolean {
  if (isFigure(identifier)) return false;
  const digits = digitCount(identifier);
  const letters = /\p{L}/u.test(identifier);
  if (marked) return digits >= 3;
  return digits >= 5 || (letters && digits >= 3);
}

const detectReferences: Detector = (masked, text, findings) => {
  for (const match of masked.matchAll(REFERENCE)) {
    const [whole, prefix, first, second, connectors = '', identifier = ''] = match;
    const end = match.index + whole.length;
    const marked = prefix !== undefined || HAS_MARKER.test(connectors) || identifier.startsWith('#');
    if (!isIdentifier(identifier, marked) || UNIT_AFTER.test(masked.slice(end, end + 8))) continue;
    add(findings, text, referenceKind([first, second]), compact(identifier), match.index, end);
  }
};

// ---------------------------------------------------------------------------------------------
// Postal addresses and postcodes

const STREET_WORDS =
  'rue|ruelle|avenue|av|ave|boulevard|bd|bld|bvd|blvd|impasse|imp|all[ée]e|chemin|chem|quai|faubourg|fbg|rond-point|lieu-dit|venelle|sentier|sente|esplanade|hameau|traverse|mont[ée]e|za|zi|zac';
/** Also ordinary words (« 1 place de parking », « 2 cours de yoga »): the street name must be a proper noun. */
const AMBIGUOUS_STREET_WORDS =
  'place|pl|cours|route|rte|square|sq|passage|voie|r[ée]sidence|r[ée]s|cit[ée]|villa|parc|promenade|mail|domaine|quartier|c[ôo]te|chauss[ée]e|galerie|port|parvis|carrefour|clos|lotissement|lot';
const HOUSE_NUMBER = `(?<![\\p{L}\\p{N}.,])(\\d{1,4})(?:${SPACE}?(?:bis|ter|quater|[a-d])(?![\\p{L}]))?(?:${SPACE}*,)?${SPACE}+`;
const STREET = new RegExp(`${HOUSE_NUMBER}(?:(${STREET_WORDS})|(${AMBIGUOUS_STREET_WORDS}))(?:\\.|(?![\\p{L}\\p{N}\\-]))`, 'giu');
const NAME_WORD = new RegExp(`(?:${SPACE}+|${SPACE}*-${SPACE}*)([\\p{L}][\\p{L}'’]*(?:-[\\p{L}][\\p{L}'’]*)*)`, 'uy');
const PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'les', "l'", "d'", 'aux', 'au', 'en', 'sur']);
const ELISION = /^[dl]['’]/i;
const MAX_NAME_WORDS = 8;
const POSTCODE = '(?:0[1-9]|[1-8]\\d|9[0-8])\\d{3}|2[AaBb]\\d{3}';
const CITY_AFTER_ADDRESS = new RegExp(`(?:${SPACE}*[,-])?${SPACE}*(${POSTCODE})${SPACE}+[\\p{L}][\\p{L}'’]*(?:[\\-${SPACE.slice(1, -1)}]\\p{Lu}[\\p{L}'’]*)*`, 'uy');

const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word);

/**
 * End of the street name that starts at `from`: particles, then a head word (capitalised when the
 * street word is ambiguous), then further capitalised words, bridged by particles (« avenue du
 * Général de Gaulle »). -1 when there is no name.
 */
function streetNameEnd(text: string, from: number, properNounOnly: boolean): number {
  let position = from;
  let end = -1;
  for (let words = 0; words < MAX_NAME_WORDS; words += 1) {
    const match = execAt(NAME_WORD, text, position);
    if (!match) break;
    const word = match[1] ?? '';
    position = NAME_WORD.lastIndex;
    if (PARTICLES.has(fold(word))) continue;
    const core = ELISION.test(word) ? word.slice(2) : word;
    const head = end < 0;
    if (head ? core.length < 2 || (properNounOnly && !isCapitalised(core)) : !isCapitalised(core)) break;
    end = position;
  }
  return end;
}

const detectAddresses: Detector = (masked, text, findings) => {
  for (const match of masked.matchAll(STREET)) {
    const nameEnd = streetNameEnd(masked, match.index + match[0].length, match[3] !== undefined);
    if (nameEnd < 0) continue;
    const city = execAt(CITY_AFTER_ADDRESS, masked, nameEnd);
    const end = city ? nameEnd + city[0].length : nameEnd;
    const value = fold(text.slice(match.index, end)).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    add(findings, text, 'postal_address', value, match.index, end);
  }
};

const POSTCODE_ALONE = new RegExp(`(?<![\\p{L}\\p{N}_.,/:\\-])(${POSTCODE})(?![\\p{L}\\p{N}]|[.,]\\d)`, 'gu');
/** « 31000 Toulouse », « 31000 Saint-Jean »: a capitalised word that is not a count's noun. */
const CITY_NAME_AFTER = new RegExp(`^${SPACE}?\\p{Lu}[\\p{L}'’\\-]+`, 'u');
const NOT_CITIES = new Set(['euros', 'eur', 'abonnes', 'abonnees', 'followers', 'fans', 'membres', 'clients', 'personnes', 'vues', 'likes', 'habitants', 'exemplaires', 'ventes', 'participants']);
const POSTCODE_LABEL_BEFORE = new RegExp(`(?:code${SPACE}+postal|(?<![\\p{L}])cp)${SPACE}*:?${SPACE}*$`, 'iu');
const CITY_IN_BRACKETS = new RegExp(`\\p{Lu}[\\p{L}'’\\-]+${SPACE}*\\($`, 'u');

function postcodeContextEnd(masked: string, start: number, end: number): number {
  const after = masked.slice(end, end + 40);
  const city = CITY_NAME_AFTER.exec(after);
  if (city && !NOT_CITIES.has(fold(city[0].trim()))) return end + city[0].length;
  const before = masked.slice(Math.max(0, start - 20), start);
  if (POSTCODE_LABEL_BEFORE.test(before)) return end;
  if (CITY_IN_BRACKETS.test(before) && after.startsWith(')')) return end;
  return -1;
}

const detectPostcodes: Detector = (masked, text, findings) => {
  for (const match of masked.matchAll(POSTCODE_ALONE)) {
    const end = postcodeContextEnd(masked, match.index, match.index + match[0].length);
    if (end >= 0) add(findings, text, 'postcode', match[0].toUpperCase(), match.index, end);
  }
};

/** Most specific shapes first, so that an IBAN's digits are not also read as a phone or an account. */
const DETECTORS: readonly Detector[] = [detectIbans, detectCards, detectPhones, detectReferences, detectAddresses, detectPostcodes];

export function findPersonalData(text: string): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  const hasAt = text.includes('@');
  if (hasAt) detectEmails(text, text, findings);
  if (!/\d/.test(text)) return findings;
  // E-mails are findings already; links and mentions are public: none of their digits count.
  const masked = mayHaveLinks(text) ? maskSpans(hasAt ? maskSpans(text, EMAIL) : text, LINKS) : text;
  for (const detect of DETECTORS) detect(masked, text, findings);
  return findings.sort((a, b) => a.start - b.start);
}
