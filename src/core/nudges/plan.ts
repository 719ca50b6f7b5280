import { DateTime } from 'luxon';
import type { NudgeOccurrence, NudgePayload } from './occurrences.js';

export interface NudgePrefs {
  optedIn: boolean;
  timezone: string;
  /** Quiet hours, local « HH:MM »; the window may wrap midnight (21:00–08:00). */
  quietStart: string;
  quietEnd: string;
  snoozedUntil?: number;
  /** Nudges sent in a row without the learner doing anything since. */
  ignoredInARow: number;
}

/** A nudge missed by at most this much (downtime) is still sent, saying it is late. */
export const CATCH_UP_MS = 2 * 60 * 60_000;
/** Past this, a nudge sent by the minute tick counts as late. */
const LATE_AFTER_MS = 5 * 60_000;
export const PAUSE_AFTER_IGNORED = 3;

export interface PlannedSend {
  occurrence: NudgeOccurrence;
  /** When it should have gone, quiet hours and snooze applied. */
  sendAt: number;
  late: boolean;
  lateMinutes: number;
}

export interface PlanResult {
  send: PlannedSend[];
  skip: Array<{ occurrence: NudgeOccurrence; reason: string }>;
  /** Paused learners who had a nudge due. */
  paused: Set<number>;
  /** No earlier than this, nothing else becomes due (a lower bound: quiet hours may delay further). */
  nextWakeAt?: number;
}

function minutesOf(text: string): number {
  const [hours = 0, minutes = 0] = text.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Keys are unique per learner: the same milestone reminds every member once each. */
export function deliveryKey(occurrence: { learnerId: number; key: string }): string {
  return `${occurrence.learnerId}:${occurrence.key}`;
}

/** The instant a nudge may go: after the snooze, and out of the learner's quiet hours. */
export function releaseAt(dueAt: number, prefs: NudgePrefs): number {
  const start = Math.max(dueAt, prefs.snoozedUntil ?? 0);
  const local = DateTime.fromMillis(start, { zone: prefs.timezone });
  const now = local.hour * 60 + local.minute;
  const quietStart = minutesOf(prefs.quietStart);
  const quietEnd = minutesOf(prefs.quietEnd);
  const wraps = quietStart > quietEnd;
  const quiet = quietStart === quietEnd ? false : wraps ? now >= quietStart || now < quietEnd : now >= quietStart && now < quietEnd;
  if (!quiet) return start;
  const end = { hour: Math.floor(quietEnd / 60), minute: quietEnd % 60, second: 0, millisecond: 0 };
  const sameDay = local.set(end);
  return (sameDay.toMillis() > start ? sameDay : local.plus({ days: 1 }).set(end)).toMillis();
}

/** After this instant the nudge is pointless (the post is out, the drill started). */
function expiresAt(payload: NudgePayload): number | undefined {
  if (payload.kind === 'post') return payload.postAt;
  if (payload.kind === 'cohort_drill') return payload.startsAt;
  if (payload.kind === 'milestone') return payload.at;
  return undefined;
}

/**
 * What to send now, pure: opted-in learners only, never a key already delivered, nothing in quiet
 * hours or during a snooze, nothing while paused after ignored nudges; a nudge missed by at most
 * two hours goes late, older ones are skipped with a reason.
 */
export function plan(now: number, input: { occurrences: Iterable<NudgeOccurrence>; prefs: ReadonlyMap<number, NudgePrefs>; delivered: { has(deliveryKey: string): boolean } }): PlanResult {
  const result: PlanResult = { send: [], skip: [], paused: new Set() };
  for (const occurrence of input.occurrences) {
    const prefs = input.prefs.get(occurrence.learnerId);
    if (!prefs?.optedIn) continue;
    // Snooze and quiet hours only ever delay: not due yet means not due now (and no time-zone arithmetic).
    if (occurrence.dueAt > now) {
      if (result.nextWakeAt === undefined || occurrence.dueAt < result.nextWakeAt) result.nextWakeAt = occurrence.dueAt;
      continue;
    }
    if (input.delivered.has(deliveryKey(occurrence))) continue;
    const sendAt = releaseAt(occurrence.dueAt, prefs);
    if (prefs.ignoredInARow >= PAUSE_AFTER_IGNORED) {
      // Paused: nothing goes; the caller announces the pause once, when something was due.
      if (sendAt <= now) result.paused.add(occurrence.learnerId);
      continue;
    }
    const expiry = expiresAt(occurrence.payload);
    if (expiry !== undefined && sendAt >= expiry) {
      // Held back by quiet hours or a snooze past the event itself: a reminder after the fact helps nobody.
      if (sendAt <= now || expiry <= now) result.skip.push({ occurrence, reason: 'retenu (heures calmes ou pause) jusqu’après l’échéance : pas envoyé' });
      continue;
    }
    if (expiry !== undefined && expiry <= now) {
      result.skip.push({ occurrence, reason: 'échéance passée pendant l’indisponibilité du bot : pas envoyé' });
      continue;
    }
    if (sendAt > now) {
      if (result.nextWakeAt === undefined || sendAt < result.nextWakeAt) result.nextWakeAt = sendAt;
      continue;
    }
    const lateBy = now - sendAt;
    if (lateBy > CATCH_UP_MS) {
      result.skip.push({ occurrence, reason: `manqué de ${Math.round(lateBy / 60_000)} min (plus de 2 h) : pas envoyé` });
      continue;
    }
    result.send.push({ occurrence, sendAt, late: lateBy > LATE_AFTER_MS, lateMinutes: Math.round(lateBy / 60_000) });
  }
  result.send.sort((a, b) => a.sendAt - b.sendAt || a.occurrence.key.localeCompare(b.occurrence.key));
  return result;
}
