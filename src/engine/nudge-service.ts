import { describeNudge, PAUSE_MESSAGE, type NudgeMessage } from '../core/nudges/message.js';
import { cohortDrillNudges, inactivityNudge, kpiNudge, milestoneNudges, postNudges, POST_LEAD_MINUTES, type NudgeOccurrence } from '../core/nudges/occurrences.js';
import { CATCH_UP_MS, deliveryKey, PAUSE_AFTER_IGNORED, plan, releaseAt, type NudgePrefs } from '../core/nudges/plan.js';
import type { Network } from '../core/scenario/schema.js';
import type { Db } from '../store/database.js';
import type { DrillOrigin } from '../store/drills.js';
import { NudgeStore, type NudgePrefsRow } from '../store/nudges.js';
import type { Clock } from './clock.js';
import type { View } from './views.js';

export interface NudgeServiceDeps {
  db: Db;
  clock: Clock;
  defaultTimezone: string;
  lengthLimits: Record<Network, number>;
  scenarioTitle: (scenarioId: string) => string;
  /** Resolves once the platform accepted the message; rejects otherwise (the nudge is retried next tick). */
  deliver: (origin: DrillOrigin, views: View[]) => Promise<void>;
  log: (level: 'info' | 'warn', details: Record<string, unknown>, message: string) => void;
}

/** Downtime longer than this is not caught up at all (the catch-up window is 2 h anyway). */
const MAX_LOOKBACK_MS = 7 * 86_400_000;
const MONTH_MS = 31 * 86_400_000;

export function nudgeView(message: NudgeMessage): View {
  return { kind: 'prompt', id: 'nudge', text: message.text, choices: message.choices };
}

/**
 * The minute tick of calendar nudges: gathers what may be due from the database, lets the pure
 * planner decide, delivers one message at a time (each platform client queues and honours 429s),
 * and records each delivery under its unique key once the platform accepted it.
 */
export class NudgeService {
  readonly store: NudgeStore;
  private running: Promise<{ sent: number; skipped: number }> | undefined;

  constructor(private readonly deps: NudgeServiceDeps) {
    this.store = new NudgeStore(deps.db);
  }

  /** One tick; a tick still running makes the next one wait for it rather than overlap. */
  tick(): Promise<{ sent: number; skipped: number }> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private prefsOf(row: NudgePrefsRow): NudgePrefs {
    return { optedIn: row.optedIn, timezone: row.timezone ?? this.deps.defaultTimezone, quietStart: row.quietStart, quietEnd: row.quietEnd, ...(row.snoozedUntil !== undefined ? { snoozedUntil: row.snoozedUntil } : {}), ignoredInARow: row.ignoredInARow };
  }

  /** Everything that may be due between the last tick (minus the catch-up window) and now. */
  occurrences(now: number, from: number, rows: NudgePrefsRow[]): NudgeOccurrence[] {
    const byLearner = new Map(rows.map((row) => [row.learnerId, row]));
    const zone = (learnerId: number) => byLearner.get(learnerId)?.timezone ?? this.deps.defaultTimezone;
    const grouped = <T extends { learnerId: number }>(items: T[]) => {
      const groups = new Map<number, T[]>();
      for (const item of items) groups.set(item.learnerId, [...(groups.get(item.learnerId) ?? []), item]);
      return groups;
    };
    const occurrences: NudgeOccurrence[] = [];
    for (const [learnerId, posts] of grouped(this.store.postsBetween(from, now + POST_LEAD_MINUTES * 60_000))) occurrences.push(...postNudges(learnerId, posts, this.deps.lengthLimits));
    for (const [learnerId, milestones] of grouped(this.store.milestonesBetween(from, now + MONTH_MS))) occurrences.push(...milestoneNudges(learnerId, zone(learnerId), milestones));
    const drills = this.store.cohortDrillsBetween(from, now + 25 * 60 * 60_000).map((drill) => ({ ...drill, scenarioTitle: this.deps.scenarioTitle(drill.scenarioId) }));
    for (const [learnerId, list] of grouped(drills)) occurrences.push(...cohortDrillNudges(learnerId, list));
    for (const [learnerId, last] of this.store.lastActivity()) occurrences.push(inactivityNudge(learnerId, last));
    for (const row of rows) occurrences.push(kpiNudge(row.learnerId, now, zone(row.learnerId)));
    // Nothing about what was due before the learner asked for nudges, nor before the window.
    return occurrences.filter((occurrence) => occurrence.dueAt > from && occurrence.dueAt >= (byLearner.get(occurrence.learnerId)?.optedInAt ?? 0));
  }

  private async run(): Promise<{ sent: number; skipped: number }> {
    const now = this.deps.clock.now();
    const last = this.store.lastTick();
    const from = Math.max(last ?? now, now - MAX_LOOKBACK_MS) - CATCH_UP_MS;
    const rows = this.store.optedIn();
    const prefs = new Map(rows.map((row) => [row.learnerId, this.prefsOf(row)]));
    const result = plan(now, { occurrences: this.occurrences(now, from, rows), prefs, delivered: this.store.deliveredSince(from - MONTH_MS) });
    let skipped = 0;
    for (const { occurrence, reason } of result.skip) {
      if (this.store.record({ learnerId: occurrence.learnerId, key: occurrence.key, kind: occurrence.payload.kind, dueAt: occurrence.dueAt, status: 'skipped', at: now, reason })) skipped += 1;
      this.deps.log('info', { learner: occurrence.learnerId, nudge: occurrence.key }, `rappel non envoyé : ${reason}`);
    }
    const byLearner = new Map(rows.map((row) => [row.learnerId, row]));
    for (const learnerId of result.paused) {
      const row = byLearner.get(learnerId)!;
      if (row.ignoredInARow !== PAUSE_AFTER_IGNORED) continue;
      try {
        await this.deps.deliver({ platform: row.platform, userId: row.userId }, [nudgeView(PAUSE_MESSAGE)]);
        this.store.update(learnerId, { ignoredInARow: PAUSE_AFTER_IGNORED + 1 }, now);
      } catch (error) {
        this.deps.log('warn', { learner: learnerId, err: error }, 'annonce de pause non délivrée');
      }
    }
    let sent = 0;
    for (const { occurrence, late, lateMinutes } of result.send) {
      const row = byLearner.get(occurrence.learnerId)!;
      const message = describeNudge(occurrence, row.timezone ?? this.deps.defaultTimezone, { late, lateMinutes });
      try {
        await this.deps.deliver({ platform: row.platform, userId: row.userId }, [nudgeView(message)]);
      } catch (error) {
        // Not recorded: the next tick tries again (within the catch-up window).
        this.deps.log('warn', { learner: occurrence.learnerId, nudge: occurrence.key, err: error }, 'rappel non délivré, nouvel essai à la prochaine minute');
        continue;
      }
      this.store.transaction(() => {
        if (this.store.record({ learnerId: occurrence.learnerId, key: occurrence.key, kind: occurrence.payload.kind, dueAt: occurrence.dueAt, status: 'sent', at: now, ...(late ? { lateMinutes } : {}) })) {
          const current = this.store.prefs(occurrence.learnerId);
          this.store.update(occurrence.learnerId, { ignoredInARow: (current?.ignoredInARow ?? 0) + 1 }, now);
          sent += 1;
        }
      });
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
    const delivered = this.store.deliveredSince(now - MONTH_MS);
    return this.occurrences(now + MONTH_MS, now, [row])
      .filter((occurrence) => occurrence.learnerId === learnerId && !delivered.has(deliveryKey(occurrence)))
      .map((occurrence) => ({ occurrence, at: releaseAt(occurrence.dueAt, prefs) }))
      .filter((entry) => entry.at >= now)
      .sort((a, b) => a.at - b.at)
      .slice(0, limit)
      .map(({ occurrence, at }) => ({ at, text: describeNudge(occurrence, prefs.timezone, { late: false, lateMinutes: 0 }).text.split('\n')[0]! }));
  }
}
