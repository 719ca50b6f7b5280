import { DateTime } from 'luxon';

/** The result of reading a start time typed by a trainer. */
export type WhenResult = { ok: true; at: number; immediate: boolean } | { ok: false; message: string };

const EXAMPLES = '« maintenant », « 14:30 », « demain 9h », « 01/12 14:00 », « 2026-12-01 14:00 » ou « dans 30 min »';
/** Launching further ahead than this is almost certainly a typo in the year. */
const MAX_AHEAD_DAYS = 180;

/** « 14:30 », « 14h30 », « 9h », « 9 h 05 »: a wall-clock time, or undefined. */
export function readClockTime(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2})\s*(?:[:h]\s*(\d{2})?)$/i.exec(text.trim()) ?? /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

/** A local wall-clock time in the zone; undefined when it does not exist (the spring-forward gap). */
export function localInstant(zone: string, date: { year: number; month: number; day: number }, time: { hour: number; minute: number }): DateTime | undefined {
  const candidate = DateTime.fromObject({ ...date, ...time }, { zone });
  if (!candidate.isValid) return undefined;
  // Luxon moves a time inside the DST gap forward: detect it rather than start an hour late.
  if (candidate.hour !== time.hour || candidate.minute !== time.minute) return undefined;
  // The autumn night shows this wall-clock time twice: the first occurrence is meant.
  const hourBefore = candidate.minus({ hours: 1 });
  return hourBefore.hour === time.hour && hourBefore.minute === time.minute ? hourBefore : candidate;
}

/**
 * Reads a start time as trainers type it, in the cohort's time zone: now, a time today, tomorrow,
 * a French or ISO date, or a delay. Refuses the past, non-existent local times and far futures
 * with a message that shows what is accepted.
 */
export function parseWhen(input: string | undefined, now: number, zone: string): WhenResult {
  const text = (input ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (text === '' || text === 'maintenant' || text === 'now' || text === 'tout de suite') return { ok: true, at: now, immediate: true };
  const today = DateTime.fromMillis(now, { zone });

  const delay = /^(?:dans |\+)\s*(\d+)\s*(min|minutes?|m|h|heures?)$/.exec(text);
  if (delay) {
    const amount = Number(delay[1]);
    const unit = delay[2]!.startsWith('h') ? 60 : 1;
    return within(today.plus({ minutes: amount * unit }), now);
  }

  let day: DateTime | undefined;
  let timeText: string | undefined;
  const relative = /^(aujourd['’]hui|demain|après-demain|apres-demain)(?: (?:à )?(.+))?$/.exec(text);
  const french = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?: (?:à )?(.+))?$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ t](.+))?$/.exec(text);
  if (relative) {
    const offset = relative[1]!.startsWith('aujourd') ? 0 : relative[1] === 'demain' ? 1 : 2;
    day = today.startOf('day').plus({ days: offset });
    timeText = relative[2];
  } else if (french) {
    const year = french[3] ? Number(french[3]) : today.year;
    day = DateTime.fromObject({ year, month: Number(french[2]), day: Number(french[1]) }, { zone });
    // « 05/01 » typed in December means next January.
    if (!french[3] && day.isValid && day.endOf('day').toMillis() < now) day = day.plus({ years: 1 });
    timeText = french[4];
  } else if (iso) {
    day = DateTime.fromObject({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }, { zone });
    timeText = iso[4];
  } else if (readClockTime(text)) {
    day = today.startOf('day');
    timeText = text;
  }
  if (!day) return { ok: false, message: `Heure de début « ${input?.trim()} » non comprise : écrivez par exemple ${EXAMPLES}.` };
  if (!day.isValid) return { ok: false, message: `La date « ${input?.trim()} » n’existe pas.` };
  if (timeText === undefined) return { ok: false, message: `Précisez l’heure : « ${input?.trim()} 14:00 » par exemple.` };
  const time = readClockTime(timeText);
  if (!time) return { ok: false, message: `Heure « ${timeText} » non comprise : écrivez « 14:30 » ou « 14h30 ».` };
  const at = localInstant(zone, { year: day.year, month: day.month, day: day.day }, time);
  if (!at) return { ok: false, message: `${timeText} n’existe pas ce jour-là (passage à l’heure d’été) : choisissez une autre heure.` };
  return within(at, now);
}

function within(at: DateTime, now: number): WhenResult {
  const millis = at.toMillis();
  // A minute of slack: « 14:30 » typed at 14:30:20 means now, not yesterday.
  if (millis < now - 60_000) return { ok: false, message: `${formatInstant(millis, at.zoneName ?? 'UTC')} est déjà passé : choisissez une heure à venir, ou « maintenant ».` };
  if (millis > now + MAX_AHEAD_DAYS * 86_400_000) return { ok: false, message: `Date trop lointaine (plus de ${MAX_AHEAD_DAYS} jours) : vérifiez l’année.` };
  return { ok: true, at: Math.max(millis, now), immediate: millis <= now };
}

/** « mardi 1 décembre 2026 à 14:00 (Europe/Paris) »: how a start time is confirmed to trainers. */
export function formatInstant(at: number, zone: string): string {
  const date = DateTime.fromMillis(at, { zone }).setLocale('fr');
  return `${date.toFormat("cccc d LLLL yyyy 'à' HH:mm")} (${zone})`;
}

/** True when the zone is an IANA zone luxon knows. */
export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
