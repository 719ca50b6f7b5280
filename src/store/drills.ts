import type { Score } from '../core/rubric/score.js';
import type { CheckResult } from '../core/rubric/types.js';
import { nextDeadline, replay } from '../core/drill/reduce.js';
import type { DrillEvent, DrillMode, DrillState } from '../core/drill/types.js';
import type { Db } from './database.js';
import { prepared, preparedPluck } from './statements.js';
import type { Platform } from './learners.js';

interface EventRow {
  seq: number;
  type: string;
  payload: string;
  at: string;
}

/** Where a drill runs: reminders and automatic feedback are sent there. */
export interface DrillOrigin {
  platform: Platform;
  userId: string;
  channelId?: string;
}

export interface StoredDrill {
  id: string;
  learnerId: number;
  origin: DrillOrigin;
  scenarioId: string;
  mode: DrillMode;
  state: DrillState;
  /** Number of events in the log: the next event's sequence number. */
  length: number;
}

function toRow(event: DrillEvent): { type: string; payload: string; at: string } {
  const { type, at, ...payload } = event;
  return { type, payload: JSON.stringify(payload), at: new Date(at).toISOString() };
}

function fromRow(row: EventRow): DrillEvent {
  return { type: row.type, at: Date.parse(row.at), ...(JSON.parse(row.payload) as object) } as DrillEvent;
}

export interface HistoryRow {
  scenario_id: string;
  cr71_score: number;
  cr71_verdict: string;
  cr72_score: number;
  cr72_verdict: string;
  scored_at: string;
  mode: string;
  /** Practice: comments rewritten (second attempt), and the checks passed more than at their first attempt (may be negative). */
  retried: number;
  gained: number;
}

export interface PassRateRow {
  check_id: string;
  overall: number;
  recent: number | null;
  total: number;
  /** The pass rate counting the first attempt of each comment rewritten in practice; null when none was rewritten on this check. */
  first_attempts: number | null;
}

interface KeptState {
  /** The number of events the state folds: valid while the log has exactly as many. */
  length: number;
  state: DrillState;
}

interface LatestStates {
  drills: Map<string, KeptState>;
  /** SQLite's data_version when last seen: it changes when another connection commits. */
  dataVersion: number;
}

/** Ten cohorts of 200 drilling at once; a state is a few kilobytes (the answers' texts). */
const LATEST_STATES_KEPT = 2000;

/**
 * The latest state of recently used drills, so that an event does not read and replay the whole log
 * of its drill: shared by every DrillStore on the same database (one per Db, as statements), kept
 * up to date by append() with the state its caller folded, and bounded (least recently used out).
 */
const latestStates = new WeakMap<Db, LatestStates>();

function latestStatesOf(db: Db): LatestStates {
  let latest = latestStates.get(db);
  if (!latest) {
    latest = { drills: new Map(), dataVersion: preparedPluck<[], number>(db, 'SELECT data_version FROM pragma_data_version').get()! };
    latestStates.set(db, latest);
  }
  return latest;
}

/** Keeps `kept` as the drill's latest state, most recently used (the least recently used goes past the bound). */
function keep(latest: LatestStates, id: string, kept: KeptState): void {
  latest.drills.delete(id);
  latest.drills.set(id, kept);
  if (latest.drills.size > LATEST_STATES_KEPT) latest.drills.delete(latest.drills.keys().next().value!);
}

/**
 * A copy whose collections are its own. A kept state is never handed out as such: a caller adding
 * to a returned state's `answers` (none does: applyEvent builds a new state for each event) could
 * not change what the next load returns. The answers, drafts and timing inside are shared: they are
 * never mutated anywhere (reduce.ts creates new ones).
 */
function detached(state: DrillState): DrillState {
  return {
    ...state,
    answers: new Map(state.answers),
    drafts: new Map(state.drafts),
    remindersSent: new Set(state.remindersSent),
    firstAttempts: new Map(state.firstAttempts),
    secondAttempts: new Set(state.secondAttempts),
  };
}

interface DrillRow {
  learner_id: number;
  scenario_id: string;
  mode: DrillMode;
  origin: string;
  /** The last event's sequence number (null without events). */
  last_seq: number | null;
  data_version: number;
}

/** Drill logs in SQLite: append-only events, a projection for queries, scores. */
export class DrillStore {
  constructor(private readonly db: Db) {}

  create(id: string, learnerId: number, origin: DrillOrigin, started: Extract<DrillEvent, { type: 'started' }>): void {
    const at = new Date(started.at).toISOString();
    prepared(this.db, 'INSERT INTO drills (id, learner_id, scenario_id, mode, phase, next_deadline_at, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)')
      .run(id, learnerId, started.scenarioId, started.mode, 'new', JSON.stringify(origin), at, at);
    this.append(id, 0, [started], replay(id, [started]));
  }

  /**
   * Appends events at `fromSeq` and refreshes the projection from `after`, the state the caller
   * folded them into (the log is not read back); a concurrent writer makes it fail, never interleave.
   * `after` is also the state the next load() returns, without replaying the log.
   */
  append(id: string, fromSeq: number, events: readonly DrillEvent[], after: DrillState): void {
    const insert = prepared(this.db, 'INSERT INTO drill_events (drill_id, seq, type, payload, at) VALUES (?, ?, ?, ?, ?)');
    events.forEach((event, index) => {
      const row = toRow(event);
      insert.run(id, fromSeq + index, row.type, row.payload, row.at);
    });
    const deadline = nextDeadline(after);
    const lastAt = events.at(-1)?.at ?? after.startedAt;
    prepared(this.db, 'UPDATE drills SET phase = ?, next_deadline_at = ?, updated_at = ? WHERE id = ?')
      .run(after.phase, deadline === undefined ? null : new Date(deadline).toISOString(), new Date(lastAt).toISOString(), id);
    keep(latestStatesOf(this.db), id, { length: fromSeq + events.length, state: detached(after) });
  }

  /**
   * The drill and its state. The state kept by the last append() or load() is used when the log
   * still has exactly as many events as it had then: a rolled-back append leaves fewer (and any
   * later append at that place replaces the kept state), a deleted drill has no row, and a commit
   * by another connection (data_version) drops every kept state. Otherwise the log is replayed.
   */
  load(id: string): StoredDrill | undefined {
    const drill = prepared<[string], DrillRow>(
      this.db,
      `SELECT learner_id, scenario_id, mode, origin,
              (SELECT MAX(seq) FROM drill_events WHERE drill_id = drills.id) AS last_seq,
              (SELECT data_version FROM pragma_data_version) AS data_version
       FROM drills WHERE id = ?`,
    ).get(id);
    const latest = latestStatesOf(this.db);
    if (!drill) {
      latest.drills.delete(id);
      return undefined;
    }
    if (drill.data_version !== latest.dataVersion) {
      latest.drills.clear();
      latest.dataVersion = drill.data_version;
    }
    const stored = { id, learnerId: drill.learner_id, origin: JSON.parse(drill.origin) as DrillOrigin, scenarioId: drill.scenario_id, mode: drill.mode };
    const kept = latest.drills.get(id);
    if (kept && drill.last_seq !== null && kept.length === drill.last_seq + 1) {
      keep(latest, id, kept);
      return { ...stored, state: detached(kept.state), length: kept.length };
    }
    const rows = prepared<[string], EventRow>(this.db, 'SELECT seq, type, payload, at FROM drill_events WHERE drill_id = ? ORDER BY seq').all(id);
    const state = replay(id, rows.map(fromRow));
    keep(latest, id, { length: rows.length, state: detached(state) });
    return { ...stored, state, length: rows.length };
  }

  /** For a drill of a cohort exam, the instant after which no member is started any more. */
  cohortExamClosesAt(id: string): number | undefined {
    const closes = preparedPluck<[string], string>(this.db, "SELECT cd.closes_at FROM cohort_drill_starts s JOIN cohort_drills cd ON cd.id = s.cohort_drill_id WHERE s.drill_id = ? AND cd.mode = 'exam'")
      .get(id);
    return closes === undefined ? undefined : Date.parse(closes);
  }

  /** Whether the drill was started by a trainer's launch for a cohort (its results are the trainer's). */
  isCohortDrill(id: string): boolean {
    return preparedPluck<[string], number>(this.db, 'SELECT 1 FROM cohort_drill_starts WHERE drill_id = ?').get(id) !== undefined;
  }

  /** Drills not closed yet: after a restart each one continues and its deadline is re-armed. */
  openDrillIds(): string[] {
    return preparedPluck(this.db, "SELECT id FROM drills WHERE phase <> 'closed' ORDER BY created_at").all() as string[];
  }

  /** The learner's most recent drill still open, to offer resuming it. */
  latestOpenDrill(learnerId: number): string | undefined {
    return preparedPluck<[number], string>(this.db, "SELECT id FROM drills WHERE learner_id = ? AND phase <> 'closed' ORDER BY created_at DESC LIMIT 1").get(learnerId);
  }

  /** The learner's most recently scored drill, for reading its feedback again. */
  latestScoredDrill(learnerId: number): string | undefined {
    return preparedPluck<[number], string>(this.db, 'SELECT drill_id FROM scores WHERE learner_id = ? ORDER BY scored_at DESC LIMIT 1').get(learnerId);
  }

  /** What the learner's most recently scored drill says of the criteria (for the coaching of C7). */
  latestVerdicts(learnerId: number): { met: Set<string>; at: number } | undefined {
    const row = prepared<[number], { cr71_verdict: string; cr72_verdict: string; scored_at: string }>(this.db, 'SELECT cr71_verdict, cr72_verdict, scored_at FROM scores WHERE learner_id = ? ORDER BY scored_at DESC LIMIT 1')
      .get(learnerId);
    if (!row) return undefined;
    const met = new Set<string>();
    if (row.cr71_verdict === 'met') met.add('Cr7.1');
    if (row.cr72_verdict === 'met') met.add('Cr7.2');
    return { met, at: Date.parse(row.scored_at) };
  }

  saveScore(id: string, learnerId: number, score: Score, now: number): void {
    const at = new Date(now).toISOString();
    prepared(this.db, 'INSERT OR REPLACE INTO scores (drill_id, learner_id, scenario_id, cr71_score, cr71_verdict, cr72_score, cr72_verdict, result, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, learnerId, score.scenario, score.criteria['Cr7.1'].score, score.criteria['Cr7.1'].verdict, score.criteria['Cr7.2'].score, score.criteria['Cr7.2'].verdict, JSON.stringify(score), at);
    const insert = prepared(this.db, 'INSERT OR REPLACE INTO check_results (drill_id, comment_id, check_id, criterion, passed) VALUES (?, ?, ?, ?, ?)');
    for (const comment of score.comments) {
      for (const check of comment.checks) insert.run(id, comment.comment, check.id, check.criterion, check.passed ? 1 : 0);
    }
  }

  /** The first attempt's checks of each comment rewritten in practice (the final score holds the second). */
  saveFirstAttempts(id: string, comments: ReadonlyArray<{ comment: string; checks: readonly CheckResult[] }>): void {
    const insert = prepared(this.db, 'INSERT OR REPLACE INTO first_attempt_results (drill_id, comment_id, check_id, criterion, passed) VALUES (?, ?, ?, ?, ?)');
    for (const { comment, checks } of comments) {
      for (const check of checks) insert.run(id, comment, check.id, check.criterion, check.passed ? 1 : 0);
    }
  }

  score(id: string): Score | undefined {
    const row = preparedPluck<[string], string>(this.db, 'SELECT result FROM scores WHERE drill_id = ?').get(id);
    return row === undefined ? undefined : (JSON.parse(row) as Score);
  }

  /** The learner's latest scored drills, newest first. */
  history(learnerId: number, limit: number): HistoryRow[] {
    return prepared<[number, number], HistoryRow>(
      this.db,
      `SELECT s.scenario_id, s.cr71_score, s.cr71_verdict, s.cr72_score, s.cr72_verdict, s.scored_at, d.mode,
              (SELECT COUNT(DISTINCT f.comment_id) FROM first_attempt_results f WHERE f.drill_id = s.drill_id) AS retried,
              COALESCE((SELECT SUM(c.passed) FROM check_results c WHERE c.drill_id = s.drill_id AND c.comment_id IN (SELECT comment_id FROM first_attempt_results WHERE drill_id = s.drill_id)), 0)
                - COALESCE((SELECT SUM(f.passed) FROM first_attempt_results f WHERE f.drill_id = s.drill_id), 0) AS gained
       FROM scores s JOIN drills d ON d.id = s.drill_id WHERE s.learner_id = ? ORDER BY s.scored_at DESC LIMIT ?`,
    ).all(learnerId, limit);
  }

  /** Pass rate per check over all the learner's drills and over the `recent` latest ones, weakest first. */
  passRateByCheck(learnerId: number, recent: number): PassRateRow[] {
    return prepared<[number, number, number, number], PassRateRow>(
      this.db,
      `WITH mine AS (SELECT drill_id FROM scores WHERE learner_id = ?),
            firsts AS (
              SELECT c.check_id, c.passed FROM check_results c
                WHERE c.drill_id IN mine AND NOT EXISTS (SELECT 1 FROM first_attempt_results f WHERE f.drill_id = c.drill_id AND f.comment_id = c.comment_id)
              UNION ALL
              SELECT f.check_id, f.passed FROM first_attempt_results f WHERE f.drill_id IN mine),
            retried AS (SELECT DISTINCT f.check_id FROM first_attempt_results f WHERE f.drill_id IN mine)
       SELECT c.check_id, AVG(c.passed) AS overall,
              AVG(CASE WHEN c.drill_id IN (SELECT drill_id FROM scores WHERE learner_id = ? ORDER BY scored_at DESC LIMIT ?) THEN c.passed END) AS recent,
              COUNT(*) AS total,
              CASE WHEN c.check_id IN retried THEN (SELECT AVG(passed) FROM firsts WHERE firsts.check_id = c.check_id) END AS first_attempts
       FROM check_results c JOIN scores s ON s.drill_id = c.drill_id
       WHERE s.learner_id = ? GROUP BY c.check_id ORDER BY overall ASC`,
    ).all(learnerId, learnerId, recent, learnerId);
  }
}
