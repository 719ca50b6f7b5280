import { groupBy } from '../core/util/group-by.js';
import { describeNudge, PAUSE_MESSAGE, type NudgeMessage } from '../core/nudges/message.js';
import { cohortDrillNudges, INACTIVITY_DAYS, inactivityNudge, kpiNudge, MILESTONE_DAYS, milestoneNudges, postNudges, POST_LEAD_MINUTES, type NudgeOccurrence } from '../core/nudges/occurrences.js';
import { CATCH_UP_MS, deliveryKey, PAUSE_AFTER_IGNORED, plan, releaseAt, type NudgePrefs } from '../core/nudges/plan.js';
import type { Network } from '../core/scenario/schema.js';
import type { Db } from '../store/database.js';
import type { DrillOrigin } from '../store/drills.js';
import { NudgeStore, type NudgePrefsRow } from '../store/nudges.js';
import type { Clock } from './clock.js';
import { NUDGE_PROMPT } from './nudge-ids.js';
import type { View } from './views.js';

export interface NudgeServiceDeps {
  db: Db;
  clock: Clock;
  defaultTimezone: string;
  lengthLimits: Record<Network, number>;
  scenarioTitle: (scenarioId: string) => string;
  /** Resolves once the platform accepted the message; rejects otherwise (the nudge is retried next tick). */
  deliver: (origin: DrillOrigin, views: View[], options: { idempotencyKey: string; maybeDelivered: boolean }) => Promise<void>;
  log: (level: 'info' | 'warn', details: Record<string, unknown>, message: string) => void;
}

/** Downtime longer than this is not caught up at all (the catch-up window is 2 h anyway). */
const MAX_LOOKBACK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;
const MONTH_MS = 31 * DAY_MS;

export function nudgeView(message: NudgeMessage): View {
  return { kind: 'prompt', id: NUDGE_PROMPT, text: message.text, choices: message.choices };
}

/**
 * The minute tick of calendar nudges: gathers what may be due from the database, lets the pure
 * planner decide, delivers one message at a time (each platform client queues and honours 429s),
 * and records each delivery under its unique key once the platform accepted it.
 */
export class NudgeService {
  readonly store: NudgeStore;
  private running: Promise<{ sent: number; skipped: number }> | undefined;
  /** Keys known to be recorded: a nudge sent stays in the window for two hours of ticks. The database stays the truth. */
  private readonly recorded = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: NudgeServiceDeps) {
    this.store = new NudgeStore(deps.db);
  }

  /** One tick; a tick still running makes the next one wait for it rather than overlap. */
  tick(): Promise<{ sent: number; skipped: number }> {
    if (this.stopped) return Promise.resolve({ sent: 0, skipped: 0 });
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * A graceful stop: a burst under way ends after the message being sent (the rest is due and
   * unrecorded, so the next start sends it); resolves once that tick has finished.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private prefsOf(row: NudgePrefsRow): NudgePrefs {
    return { optedIn: row.optedIn, timezone: row.timezone ?? this.deps.defaultTimezone, quietStart: row.quietStart, quietEnd: row.quietEnd, ...(row.snoozedUntil !== undefined ? { snoozedUntil: row.snoozedUntil } : {}), ignoredInARow: row.ignoredInARow };
  }

  /**
   * The occurrences due in (from, to]: each source is queried only where its reminders can fall in
   * that window (a post 30 min later, a drill 24 h or 15 min later…), so a tick reads a few rows,
   * not every calendar.
   */
  occurrences(to: number, from: number, rows: NudgePrefsRow[]): NudgeOccurrence[] {
    const byLearner = new Map(rows.map((row) => [row.learnerId, row]));
    const zone = (learnerId: number) => byLearner.get(learnerId)?.timezone ?? this.deps.defaultTimezone;
    const grouped = <T extends { learnerId: number }>(items: T[]) => groupBy(items.filter((item) => byLearner.has(item.learnerId)), (item) => item.learnerId);
    const lead = POST_LEAD_MINUTES * 60_000;
    const occurrences: NudgeOccurrence[] = [];
    for (const [learnerId, posts] of grouped(this.store.postsBetween(from + lead, to + lead))) occurrences.push(...postNudges(learnerId, posts, this.deps.lengthLimits));
    // Countdowns fall on local mornings: a day of margin on each side, the exact time is checked below.
    const milestones = new Map<string, { learnerId: number; id: number; cohort: string; label: string; at: number }>();
    for (const days of MILESTONE_DAYS) {
      for (const milestone of this.store.milestonesBetween(from + (days - 1) * DAY_MS, to + (days + 1) * DAY_MS)) milestones.set(`${milestone.learnerId}:${milestone.id}`, milestone);
    }
    for (const [learnerId, list] of grouped([...milestones.values()])) occurrences.push(...milestoneNudges(learnerId, zone(learnerId), list));
    const drills = new Map<string, { learnerId: number; id: string; cohort: string; scenarioId: string; startsAt: number }>();
    for (const ahead of [DAY_MS, 15 * 60_000]) for (const drill of this.store.cohortDrillsBetween(from + ahead, to + ahead)) drills.set(`${drill.learnerId}:${drill.id}`, drill);
    for (const [learnerId, list] of grouped([...drills.values()].map((drill) => ({ ...drill, scenarioTitle: this.deps.scenarioTitle(drill.scenarioId) })))) occurrences.push(...cohortDrillNudges(learnerId, list));
    for (const [learnerId, last] of this.store.lastActivityBetween(from - INACTIVITY_DAYS * DAY_MS, to - INACTIVITY_DAYS * DAY_MS)) if (byLearner.has(learnerId)) occurrences.push(inactivityNudge(learnerId, last));
    // One KPI date per zone, not per learner: the monthly reminder is the same for everyone there.
    const kpiByZone = new Map<string, NudgeOccurrence>();
    for (const row of rows) {
      const learnerZone = zone(row.learnerId);
      if (!kpiByZone.has(learnerZone)) kpiByZone.set(learnerZone, kpiNudge(0, to, learnerZone));
      const kpi = kpiByZone.get(learnerZone)!;
      if (kpi.dueAt > from && kpi.dueAt <= to) occurrences.push({ ...kpi, learnerId: row.learnerId });
    }
    // Nothing outside the window, nor anything due before the learner asked for nudges.
    return occurrences.filter((occurrence) => occurrence.dueAt > from && occurrence.dueAt <= to && occurrence.dueAt >= (byLearner.get(occurrence.learnerId)?.optedInAt ?? 0));
  }

  private async run(): Promise<{ sent: number; skipped: number }> {
    const now = this.deps.clock.now();
    const last = this.store.lastTick();
    const from = Math.max(last ?? now, now - MAX_LOOKBACK_MS) - CATCH_UP_MS;
    const rows = this.store.optedIn();
    const prefs = new Map(rows.map((row) => [row.learnerId, this.prefsOf(row)]));
    const log = this.store.deliveredLog();
    if (this.recorded.size > 200_000) this.recorded.clear();
    const delivered = {
      has: (key: string) => {
        if (this.recorded.has(key)) return true;
        const found = log.has(key);
        if (found) this.recorded.add(key);
        return found;
      },
    };
    const result = plan(now, { occurrences: this.occurrences(now, from, rows), prefs, delivered });
    let skipped = 0;
    for (const { occurrence, reason } of result.skip) {
      if (this.store.record({ learnerId: occurrence.learnerId, key: occurrence.key, kind: occurrence.payload.kind, dueAt: occurrence.dueAt, status: 'skipped', at: now, reason })) skipped += 1;
      this.recorded.add(deliveryKey(occurrence));
      this.deps.log('info', { learner: occurrence.learnerId, nudge: occurrence.key }, `rappel non envoyé : ${reason}`);
    }
    const byLearner = new Map(rows.map((row) => [row.learnerId, row]));
    for (const learnerId of result.paused) {
      const row = byLearner.get(learnerId)!;
      if (row.ignoredInARow !== PAUSE_AFTER_IGNORED) continue;
      try {
        await this.deps.deliver({ platform: row.platform, userId: row.userId }, [nudgeView(PAUSE_MESSAGE)], { idempotencyKey: `${learnerId}:pause`, maybeDelivered: false });
        this.store.update(learnerId, { ignoredInARow: PAUSE_AFTER_IGNORED + 1 }, now);
      } catch (error) {
        this.deps.log('warn', { learner: learnerId, err: error }, 'annonce de pause non délivrée');
      }
    }
    let sent = 0;
    for (const { occurrence, late, lateMinutes } of result.send) {
      if (this.stopped) break;
      const row = byLearner.get(occurrence.learnerId)!;
      const message = describeNudge(occurrence, { zone: row.timezone ?? this.deps.defaultTimezone, quietEnd: row.quietEnd, now }, { late, lateMinutes });
      try {
        const maybeDelivered = this.store.beginAttempt(occurrence.learnerId, occurrence.key, now);
        await this.deps.deliver({ platform: row.platform, userId: row.userId }, [nudgeView(message)], { idempotencyKey: deliveryKey(occurrence), maybeDelivered });
      } catch (error) {
        // Not recorded: the next tick tries again (within the catch-up window).
        this.deps.log('warn', { learner: occurrence.learnerId, nudge: occurrence.key, err: error }, 'rappel non délivré, nouvel essai à la prochaine minute');
        continue;
      }
      this.store.transaction(() => {
        if (this.store.record({ learnerId: occurrence.learnerId, key: occurrence.key, kind: occurrence.payload.kind, dueAt: occurrence.dueAt, status: 'sent', at: now, ...(late ? { lateMinutes } : {}) })) {
          this.store.bumpIgnored(occurrence.learnerId, now);
          sent += 1;
        }
      });
      this.recorded.add(deliveryKey(occurrence));
    }
    this.store.setLastTick(now);
    return { sent, skipped };
  }

  /** What is coming for a learner (the next few nudges), for « nudges list ». */
  upcoming(learnerId: number, limit = 10): Array<{ at: number; text: string }> {
    const row = this.store.prefs(learnerId);
    if (!row?.optedIn) return [];
    const now = this.deps.clock.now();
    const prefs = this.prefsOf(row);
    const delivered = this.store.deliveredLog();
    return this.occurrences(now + MONTH_MS, now, [row])
      .filter((occurrence) => occurrence.learnerId === learnerId && !delivered.has(deliveryKey(occurrence)))
      .map((occurrence) => ({ occurrence, at: releaseAt(occurrence.dueAt, prefs) }))
      .filter((entry) => entry.at >= now)
      .sort((a, b) => a.at - b.at)
      .slice(0, limit)
      .map(({ occurrence, at }) => ({ at, text: describeNudge(occurrence, { zone: prefs.timezone, quietEnd: prefs.quietEnd, now: at }, { late: false, lateMinutes: 0 }).text.split('\n')[0]! }));
  }
}
