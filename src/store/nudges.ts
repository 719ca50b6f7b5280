import type { PlannedPost } from '../core/calendar/import.js';
import type { Network } from '../core/scenario/schema.js';
import type { Db } from './database.js';
import { prepared, preparedPluck } from './statements.js';
import type { Platform } from './learners.js';
import { readState, writeState } from './scheduler-state.js';
import { transaction } from './transaction.js';

export interface NudgePrefsRow {
  learnerId: number;
  optedIn: boolean;
  platform: Platform;
  userId: string;
  timezone: string | null;
  quietStart: string;
  quietEnd: string;
  snoozedUntil: number | undefined;
  ignoredInARow: number;
  optedInAt: number | undefined;
}

interface PrefsRow {
  learner_id: number;
  opted_in: number;
  platform: Platform;
  user_id: string;
  timezone: string | null;
  quiet_start: string;
  quiet_end: string;
  snoozed_until: string | null;
  ignored_in_a_row: number;
  opted_in_at: string | null;
}

const toPrefs = (row: PrefsRow): NudgePrefsRow => ({
  learnerId: row.learner_id,
  optedIn: row.opted_in === 1,
  platform: row.platform,
  userId: row.user_id,
  timezone: row.timezone,
  quietStart: row.quiet_start,
  quietEnd: row.quiet_end,
  snoozedUntil: row.snoozed_until ? Date.parse(row.snoozed_until) : undefined,
  ignoredInARow: row.ignored_in_a_row,
  optedInAt: row.opted_in_at ? Date.parse(row.opted_in_at) : undefined,
});

const PREFS_SELECT = `SELECT p.learner_id, p.opted_in, p.platform, p.user_id, l.timezone, p.quiet_start, p.quiet_end, p.snoozed_until, p.ignored_in_a_row, p.opted_in_at
  FROM nudge_prefs p JOIN learners l ON l.id = p.learner_id`;

const iso = (instant: number) => new Date(instant).toISOString();

/** Nudge preferences, calendars, milestones and the delivery log. */
export class NudgeStore {
  constructor(private readonly db: Db) {}

  prefs(learnerId: number): NudgePrefsRow | undefined {
    const row = prepared<[number], PrefsRow>(this.db, `${PREFS_SELECT} WHERE p.learner_id = ?`).get(learnerId);
    return row && toPrefs(row);
  }

  optedIn(): NudgePrefsRow[] {
    return prepared<[], PrefsRow>(this.db, `${PREFS_SELECT} WHERE p.opted_in = 1`).all().map(toPrefs);
  }

  /** Turns nudges on (delivered on this platform) or off. */
  setOptIn(learnerId: number, platform: Platform, userId: string, on: boolean, now: number): void {
    prepared(
      this.db,
      `INSERT INTO nudge_prefs (learner_id, opted_in, platform, user_id, opted_in_at, updated_at) VALUES (@learnerId, @on, @platform, @userId, @at, @at)
       ON CONFLICT (learner_id) DO UPDATE SET opted_in = @on, platform = @platform, user_id = @userId, ignored_in_a_row = 0, snoozed_until = NULL,
         opted_in_at = CASE WHEN @on = 1 THEN @at ELSE opted_in_at END, updated_at = @at`,
    ).run({ learnerId, on: on ? 1 : 0, platform, userId, at: iso(now) });
  }

  update(learnerId: number, changes: { snoozedUntil?: number | null; quietStart?: string; quietEnd?: string; ignoredInARow?: number }, now: number): void {
    const current = this.prefs(learnerId);
    if (!current) return;
    prepared(this.db, 'UPDATE nudge_prefs SET snoozed_until = ?, quiet_start = ?, quiet_end = ?, ignored_in_a_row = ?, updated_at = ? WHERE learner_id = ?')
      .run(
        changes.snoozedUntil === undefined ? (current.snoozedUntil === undefined ? null : iso(current.snoozedUntil)) : changes.snoozedUntil === null ? null : iso(changes.snoozedUntil),
        changes.quietStart ?? current.quietStart,
        changes.quietEnd ?? current.quietEnd,
        changes.ignoredInARow ?? current.ignoredInARow,
        iso(now),
        learnerId,
      );
  }

  /** One more nudge sent that the learner has not reacted to (three pause them). */
  bumpIgnored(learnerId: number, now: number): void {
    prepared<[string, number]>(this.db, 'UPDATE nudge_prefs SET ignored_in_a_row = ignored_in_a_row + 1, updated_at = ? WHERE learner_id = ?').run(iso(now), learnerId);
  }

  /** The learner did something: their nudges are not being ignored (a pause stays until resumed). */
  seen(learnerId: number): void {
    prepared(this.db, 'UPDATE nudge_prefs SET ignored_in_a_row = 0 WHERE learner_id = ? AND ignored_in_a_row BETWEEN 1 AND 2').run(learnerId);
  }

  timezone(learnerId: number): string | null {
    return (preparedPluck<[number], string | null>(this.db, 'SELECT timezone FROM learners WHERE id = ?').get(learnerId) as string | null | undefined) ?? null;
  }

  setTimezone(learnerId: number, timezone: string): void {
    prepared(this.db, 'UPDATE learners SET timezone = ? WHERE id = ?').run(timezone, learnerId);
  }

  /** Replaces the learner's calendar with the imported one. */
  replaceCalendar(learnerId: number, posts: PlannedPost[], now: number): void {
    prepared(this.db, 'DELETE FROM calendar_posts WHERE learner_id = ?').run(learnerId);
    const insert = prepared(this.db, 'INSERT INTO calendar_posts (learner_id, at, local_date, local_time, network, axis, title, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const post of posts) insert.run(learnerId, iso(post.at), post.localDate, post.localTime, post.network, post.axis, post.title, iso(now));
  }

  clearCalendar(learnerId: number): number {
    return prepared(this.db, 'DELETE FROM calendar_posts WHERE learner_id = ?').run(learnerId).changes;
  }

  calendar(learnerId: number): Array<{ id: number; at: number; localDate: string; localTime: string; network: Network; axis: string; title: string }> {
    return prepared<[number], { id: number; at: string; local_date: string; local_time: string; network: Network; axis: string; title: string }>(this.db, 'SELECT id, at, local_date, local_time, network, axis, title FROM calendar_posts WHERE learner_id = ? ORDER BY at')
      .all(learnerId)
      .map((row) => ({ id: row.id, at: Date.parse(row.at), localDate: row.local_date, localTime: row.local_time, network: row.network, axis: row.axis, title: row.title }));
  }

  /** Opted-in learners' posts whose time falls in (from, to]. */
  postsBetween(from: number, to: number): Array<{ learnerId: number; id: number; at: number; network: Network; axis: string; title: string }> {
    return prepared<[string, string], { learner_id: number; id: number; at: string; network: Network; axis: string; title: string }>(this.db, `SELECT c.learner_id, c.id, c.at, c.network, c.axis, c.title FROM calendar_posts c JOIN nudge_prefs p ON p.learner_id = c.learner_id AND p.opted_in = 1 WHERE c.at > ? AND c.at <= ?`)
      .all(iso(from), iso(to))
      .map((row) => ({ learnerId: row.learner_id, id: row.id, at: Date.parse(row.at), network: row.network, axis: row.axis, title: row.title }));
  }

  addMilestone(cohortId: number, label: string, at: number, createdBy: string, now: number): number {
    return Number(prepared(this.db, 'INSERT INTO cohort_milestones (cohort_id, label, at, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(cohortId, label, iso(at), createdBy, iso(now)).lastInsertRowid);
  }

  /** Milestones in (from, to] for each opted-in member of their cohort. */
  milestonesBetween(from: number, to: number): Array<{ learnerId: number; id: number; cohort: string; label: string; at: number }> {
    return prepared<[string, string], { learner_id: number; id: number; cohort: string; label: string; at: string }>(
      this.db,
      `SELECT m.learner_id, k.id, c.name AS cohort, k.label, k.at FROM cohort_milestones k JOIN cohorts c ON c.id = k.cohort_id
       JOIN cohort_members m ON m.cohort_id = k.cohort_id JOIN nudge_prefs p ON p.learner_id = m.learner_id AND p.opted_in = 1 WHERE k.at > ? AND k.at <= ?`,
    ).all(iso(from), iso(to))
      .map((row) => ({ learnerId: row.learner_id, id: row.id, cohort: row.cohort, label: row.label, at: Date.parse(row.at) }));
  }

  /** Cohort drills starting in (from, to] for each opted-in member of their cohort. */
  cohortDrillsBetween(from: number, to: number): Array<{ learnerId: number; id: string; cohort: string; scenarioId: string; startsAt: number }> {
    return prepared<[string, string], { learner_id: number; id: string; cohort: string; scenario_id: string; starts_at: string }>(
      this.db,
      `SELECT m.learner_id, d.id, c.name AS cohort, d.scenario_id, d.starts_at FROM cohort_drills d JOIN cohorts c ON c.id = d.cohort_id
       JOIN cohort_members m ON m.cohort_id = d.cohort_id JOIN nudge_prefs p ON p.learner_id = m.learner_id AND p.opted_in = 1
       WHERE d.cancelled_at IS NULL AND d.starts_at > ? AND d.starts_at <= ?`,
    ).all(iso(from), iso(to))
      .map((row) => ({ learnerId: row.learner_id, id: row.id, cohort: row.cohort, scenarioId: row.scenario_id, startsAt: Date.parse(row.starts_at) }));
  }

  /** Opted-in learners whose last drill start (or opt-in, without drills) falls in (from, to]. */
  lastActivityBetween(from: number, to: number): Map<number, number> {
    const rows = prepared<[string, string], { learner_id: number; last: string }>(
      this.db,
      `SELECT p.learner_id, COALESCE(MAX(d.created_at), p.opted_in_at) AS last FROM nudge_prefs p LEFT JOIN drills d ON d.learner_id = p.learner_id
       WHERE p.opted_in = 1 GROUP BY p.learner_id HAVING last > ? AND last <= ?`,
    ).all(iso(from), iso(to));
    return new Map(rows.map((row) => [row.learner_id, Date.parse(row.last)]));
  }

  /** Whether this occurrence was recorded (sent or skipped): an indexed lookup per due nudge. */
  isDelivered(learnerId: number, key: string): boolean {
    return prepared<[number, string]>(this.db, 'SELECT 1 FROM nudge_deliveries WHERE learner_id = ? AND key = ?').get(learnerId, key) !== undefined;
  }

  /** The planner's view of the log: `has(deliveryKey)` answered from the database. */
  deliveredLog(): { has(deliveryKey: string): boolean } {
    return {
      has: (deliveryKey) => {
        const separator = deliveryKey.indexOf(':');
        return this.isDelivered(Number(deliveryKey.slice(0, separator)), deliveryKey.slice(separator + 1));
      },
    };
  }

  /**
   * Notes that a nudge is being handed to its platform. True when an earlier attempt was never
   * recorded as delivered: the message may already be there.
   */
  beginAttempt(learnerId: number, key: string, at: number): boolean {
    return prepared<[number, string, string]>(this.db, 'INSERT OR IGNORE INTO nudge_attempts (learner_id, key, attempted_at) VALUES (?, ?, ?)').run(learnerId, key, iso(at)).changes === 0;
  }

  /** Records a delivery (and ends its attempt); false when it was already recorded (never twice). */
  record(entry: { learnerId: number; key: string; kind: string; dueAt: number; status: 'sent' | 'skipped'; at: number; lateMinutes?: number; reason?: string }): boolean {
    prepared<[number, string]>(this.db, 'DELETE FROM nudge_attempts WHERE learner_id = ? AND key = ?').run(entry.learnerId, entry.key);
    return prepared<[number, string, string, string, string, string, number | null, string | null]>(this.db, 'INSERT OR IGNORE INTO nudge_deliveries (learner_id, key, kind, due_at, status, at, late_minutes, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(entry.learnerId, entry.key, entry.kind, iso(entry.dueAt), entry.status, iso(entry.at), entry.lateMinutes ?? null, entry.reason ?? null).changes === 1;
  }

  lastTick(): number | undefined {
    const value = readState(this.db, 'nudges.last_tick');
    return value ? Date.parse(value) : undefined;
  }

  setLastTick(now: number): void {
    writeState(this.db, 'nudges.last_tick', iso(now));
  }

  transaction<T>(work: () => T): T {
    return transaction(this.db, work);
  }
}
