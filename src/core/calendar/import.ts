import { parse as parseCsvRecords } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Network } from '../scenario/schema.js';
import { fold } from '../text/fold.js';
import { localInstant, readClockTime } from '../time/when.js';
import { csvDelimiter } from '../util/csv-delimiter.js';

/** One publication of a learner's editorial calendar (Cr3.3). */
export interface PlannedPost {
  /** Line of the file it came from (1-based), for messages. */
  line: number;
  /** The instant, read in the learner's time zone. */
  at: number;
  localDate: string;
  localTime: string;
  network: Network;
  axis: string;
  title: string;
}

export interface CalendarProblem {
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface CalendarImport {
  posts: PlannedPost[];
  problems: CalendarProblem[];
}

export const CALENDAR_LIMITS = { bytes: 200_000, posts: 200, spanDays: 31 } as const;

const NETWORK_ALIASES: Record<string, Network> = {
  x: 'x', twitter: 'x', 'x (twitter)': 'x', tiktok: 'tiktok', linkedin: 'linkedin', instagram: 'instagram', insta: 'instagram', ig: 'instagram',
  facebook: 'facebook', fb: 'facebook', youtube: 'youtube', yt: 'youtube',
};
const NETWORK_LIST = 'x, tiktok, linkedin, instagram, facebook, youtube';

/** Column names as learners write them, French or English, accents and case ignored. */
const COLUMNS: Record<string, 'date' | 'time' | 'network' | 'axis' | 'title'> = {
  date: 'date', jour: 'date', time: 'time', heure: 'time', horaire: 'time', network: 'network', reseau: 'network', 'reseau social': 'network', plateforme: 'network',
  axis: 'axis', axe: 'axis', 'axe de contenu': 'axis', 'axe editorial': 'axis', 'content axis': 'axis', pilier: 'axis', title: 'title', titre: 'title', sujet: 'title', publication: 'title',
};
const REQUIRED = ['date', 'time', 'network', 'axis', 'title'] as const;
const COLUMN_LABELS = { date: 'date', time: 'heure', network: 'réseau', axis: 'axe', title: 'titre' } as const;

/** Column names and networks as learners write them: case, accents and spacing ignored. */
function key(text: string): string {
  return fold(text).trim().replace(/\s+/g, ' ');
}

function readDate(text: string): { year: number; month: number; day: number } | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  if (french) return { year: Number(french[3]), month: Number(french[2]), day: Number(french[1]) };
  return undefined;
}

/** Builds a post from its fields, or says what is wrong with them. */
function post(line: number, fields: { date: string; time: string; network: string; axis: string; title: string }, zone: string): PlannedPost | CalendarProblem {
  const error = (message: string): CalendarProblem => ({ line, severity: 'error', message: `ligne ${line} : ${message}` });
  const date = readDate(fields.date);
  if (!date) return error(`date « ${fields.date} » non comprise (2026-12-03 ou 03/12/2026)`);
  if (!DateTime.fromObject(date, { zone }).isValid) return error(`la date « ${fields.date} » n’existe pas`);
  const time = readClockTime(fields.time);
  if (!time) return error(`heure « ${fields.time} » non comprise (14:30 ou 14h30)`);
  const network = NETWORK_ALIASES[key(fields.network)];
  if (!network) return error(`réseau « ${fields.network} » inconnu (${NETWORK_LIST})`);
  if (!fields.axis.trim()) return error('axe de contenu manquant');
  if (!fields.title.trim()) return error('titre manquant');
  const at = localInstant(zone, date, time);
  const day = DateTime.fromObject(date, { zone }).toFormat('dd/LL/yyyy');
  if (!at) return error(`${fields.time.trim()} n’existe pas le ${day} dans le fuseau ${zone} (passage à l’heure d’été)`);
  return { line, at: at.toMillis(), localDate: at.toISODate()!, localTime: at.toFormat('HH:mm'), network, axis: fields.axis.trim(), title: fields.title.trim() };
}

function parseCsv(text: string, zone: string): CalendarImport {
  const problems: CalendarProblem[] = [];
  const delimiter = csvDelimiter(text);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsvRecords(text, { delimiter, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { posts: [], problems: [{ line, severity: 'error', message: `ligne ${line} : CSV illisible (${(error as Error).message.replace(/^Invalid [^:]*: /, '')})` }] };
  }
  const [header, ...rows] = records;
  if (!header) return { posts: [], problems: [{ line: 1, severity: 'error', message: 'fichier vide : une ligne d’en-tête (date;heure;réseau;axe;titre) puis une ligne par publication' }] };
  const columns = new Map<string, number>();
  header.record.forEach((name, index) => {
    const column = COLUMNS[key(name)];
    if (column && !columns.has(column)) columns.set(column, index);
  });
  const missing = REQUIRED.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    return { posts: [], problems: [{ line: header.info.lines, severity: 'error', message: `ligne ${header.info.lines} : colonne${missing.length > 1 ? 's' : ''} manquante${missing.length > 1 ? 's' : ''} : ${missing.map((column) => COLUMN_LABELS[column]).join(', ')} (en-tête attendu : date;heure;réseau;axe;titre)` }] };
  }
  const posts: PlannedPost[] = [];
  for (const { record, info } of rows) {
    const cell = (column: (typeof REQUIRED)[number]) => record[columns.get(column)!] ?? '';
    const result = post(info.lines, { date: cell('date'), time: cell('time'), network: cell('network'), axis: cell('axis'), title: cell('title') }, zone);
    if ('at' in result) posts.push(result);
    else problems.push(result);
  }
  return { posts, problems };
}

/** Finds the line of each VEVENT (ical.js keeps no positions). */
function eventLines(text: string): number[] {
  return text.split(/\r?\n/).flatMap((line, index) => (/^BEGIN:VEVENT\s*$/i.test(line) ? [index + 1] : []));
}

function parseIcs(text: string, zone: string): CalendarImport {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    return { posts: [], problems: [{ line: 1, severity: 'error', message: `fichier iCalendar illisible : ${(error as Error).message}` }] };
  }
  const lines = eventLines(text);
  const posts: PlannedPost[] = [];
  const problems: CalendarProblem[] = [];
  root.getAllSubcomponents('vevent').forEach((event, index) => {
    const line = lines[index] ?? 1;
    const error = (message: string) => problems.push({ line, severity: 'error', message: `ligne ${line} : ${message}` });
    if (event.getFirstProperty('rrule')) return void error('les répétitions (RRULE) ne sont pas prises en charge : un événement par publication');
    const start = event.getFirstProperty('dtstart');
    const value = start?.getFirstValue() as ICAL.Time | undefined;
    if (!start || !value) return void error('DTSTART manquant');
    if (value.isDate) return void error('événement sur la journée entière : donnez une heure de publication');
    const tzid = start.getParameter('tzid');
    const utc = value.zone?.tzid === 'UTC' || String(start.toICALString()).trim().endsWith('Z');
    const eventZone = utc ? 'UTC' : typeof tzid === 'string' && DateTime.now().setZone(tzid).isValid ? tzid : zone;
    const instant = localInstant(eventZone, { year: value.year, month: value.month, day: value.day }, { hour: value.hour, minute: value.minute });
    if (!instant) return void error(`l’heure de début n’existe pas dans le fuseau ${eventZone} (passage à l’heure d’été)`);
    const inZone = instant.setZone(zone);
    const description = String(event.getFirstPropertyValue('description') ?? '');
    const categories = event.getAllProperties('categories').flatMap((property) => property.getValues().map(String));
    const labelled = (label: RegExp) => description.split(/\r?\n|\\n/).map((part) => label.exec(part)?.[1]?.trim()).find(Boolean);
    const networkText = labelled(/^(?:r[ée]seau|network)\s*:\s*(.+)$/i) ?? categories.find((category) => NETWORK_ALIASES[key(category)]) ?? '';
    const axis = labelled(/^(?:axe|axis)\s*:\s*(.+)$/i) ?? categories.find((category) => !NETWORK_ALIASES[key(category)]) ?? '';
    const result = post(line, { date: inZone.toISODate()!, time: inZone.toFormat('HH:mm'), network: networkText || '(aucun)', axis, title: String(event.getFirstPropertyValue('summary') ?? '') }, zone);
    if ('at' in result) posts.push(result);
    else problems.push(result);
  });
  if (posts.length === 0 && problems.length === 0) problems.push({ line: 1, severity: 'error', message: 'aucun événement (VEVENT) dans ce fichier' });
  return { posts, problems };
}

/**
 * Reads a one-month editorial calendar (CSV or iCalendar) in the learner's time zone. Valid rows are
 * kept even when others are wrong; every problem names its line in French.
 */
export function parseCalendar(text: string, options: { format: 'csv' | 'ics'; timezone: string }): CalendarImport {
  if (Buffer.byteLength(text, 'utf8') > CALENDAR_LIMITS.bytes) {
    return { posts: [], problems: [{ line: 1, severity: 'error', message: `fichier trop gros (plus de ${CALENDAR_LIMITS.bytes / 1000} Ko) : un calendrier d’un mois tient en quelques Ko` }] };
  }
  if (text.trim() === '') return { posts: [], problems: [{ line: 1, severity: 'error', message: 'fichier vide' }] };
  const result = options.format === 'csv' ? parseCsv(text, options.timezone) : parseIcs(text, options.timezone);
  const posts = result.posts.sort((a, b) => a.at - b.at);
  const problems = [...result.problems];
  if (posts.length > CALENDAR_LIMITS.posts) {
    problems.push({ line: posts[CALENDAR_LIMITS.posts]!.line, severity: 'error', message: `plus de ${CALENDAR_LIMITS.posts} publications : seules les ${CALENDAR_LIMITS.posts} premières sont gardées` });
    posts.length = CALENDAR_LIMITS.posts;
  }
  const first = posts[0];
  const last = posts.at(-1);
  if (first && last && last.at - first.at > CALENDAR_LIMITS.spanDays * 86_400_000) {
    problems.push({ line: last.line, severity: 'warning', message: `le calendrier couvre plus d’un mois (du ${first.localDate} au ${last.localDate}) : le critère Cr3.3 attend un calendrier sur un mois` });
  }
  return { posts, problems: problems.sort((a, b) => a.line - b.line) };
}

/** The format a file name or its content suggests. */
export function calendarFormat(fileName: string | undefined, text: string): 'csv' | 'ics' {
  return /\.ics$/i.test(fileName ?? '') || /^\s*BEGIN:VCALENDAR/i.test(text) ? 'ics' : 'csv';
}
