import type { Score } from '../core/rubric/score.js';
import { nextDeadline, replay } from '../core/drill/reduce.js';
import type { DrillEvent, DrillMode, DrillState } from '../core/drill/types.js';
import type { Db } from './database.js';
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

/** Drill logs in SQLite: append-only events, a projection for queries, scores. */
export class DrillStore {
  constructor(private readonly db: Db) {}

  /** Records an inbound platform event id; false when it was already processed (a redelivery). */
  claimInboundEvent(eventId: string, now: number): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO processed_events (event_id, processed_at) VALUES (?, ?)').run(eventId, new Date(now).toISOString()).changes === 1;
  }

  wasProcessed(eventId: string): boolean {
    return this.db.prepare('SELECT 1 FROM processed_events WHERE event_id = ?').get(eventId) !== undefined;
  }

  create(id: string, learnerId: number, origin: DrillOrigin, started: Extract<DrillEvent, { type: 'started' }>): void {
    const at = new Date(started.at).toISOString();
    this.db
      .prepare('INSERT INTO drills (id, learner_id, scenario_id, mode, phase, next_deadline_at, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)')
      .run(id, learnerId, started.scenarioId, started.mode, 'new', JSON.stringify(origin), at, at);
    this.append(id, 0, [started]);
  }

  /** Appends events at `fromSeq` and refreshes the projection; a concurrent writer makes it fail, never interleave. */
  append(id: string, fromSeq: number, events: readonly DrillEvent[]): DrillState {
    const insert = this.db.prepare('INSERT INTO drill_events (drill_id, seq, type, payload, at) VALUES (?, ?, ?, ?, ?)');
    events.forEach((event, index) => {
      const row = toRow(event);
      insert.run(id, fromSeq + index, row.type, row.payload, row.at);
    });
    const drill = this.load(id);
    if (!drill) throw new Error(`drill ${id} introuvable`);
    const deadline = nextDeadline(drill.state);
    const lastAt = events.at(-1)?.at ?? drill.state.startedAt;
    this.db
      .prepare('UPDATE drills SET phase = ?, next_deadline_at = ?, updated_at = ? WHERE id = ?')
      .run(drill.state.phase, deadline === undefined ? null : new Date(deadline).toISOString(), new Date(lastAt).toISOString(), id);
    return drill.state;
  }

  load(id: string): StoredDrill | undefined {
    const drill = this.db
      .prepare<[string], { id: string; learner_id: number; scenario_id: string; mode: DrillMode; origin: string }>('SELECT id, learner_id, scenario_id, mode, origin FROM drills WHERE id = ?')
      .get(id);
    if (!drill) return undefined;
    const rows = this.db.prepare<[string], EventRow>('SELECT seq, type, payload, at FROM drill_events WHERE drill_id = ? ORDER BY seq').all(id);
    return { id, learnerId: drill.learner_id, origin: JSON.parse(drill.origin) as DrillOrigin, scenarioId: drill.scenario_id, mode: drill.mode, state: replay(id, rows.map(fromRow)), length: rows.length };
  }

  /** Drills not closed yet: after a restart each one continues and its deadline is re-armed. */
  openDrillIds(): string[] {
    return this.db.prepare("SELECT id FROM drills WHERE phase <> 'closed' ORDER BY created_at").pluck().all() as string[];
  }

  /** The learner's most recent drill still open, to offer resuming it. */
  latestOpenDrill(learnerId: number): string | undefined {
    return this.db.prepare<[number], string>("SELECT id FROM drills WHERE learner_id = ? AND phase <> 'closed' ORDER BY created_at DESC LIMIT 1").pluck().get(learnerId);
  }

  /** The learner's most recently scored drill, for reading its feedback again. */
  latestScoredDrill(learnerId: number): string | undefined {
    return this.db.prepare<[number], string>('SELECT drill_id FROM scores WHERE learner_id = ? ORDER BY scored_at DESC LIMIT 1').pluck().get(learnerId);
  }

  saveScore(id: string, learnerId: number, score: Score, now: number): void {
    const at = new Date(now).toISOString();
    this.db
      .prepare('INSERT OR REPLACE INTO scores (drill_id, learner_id, scenario_id, cr71_score, cr71_verdict, cr72_score, cr72_verdict, result, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, learnerId, score.scenario, score.criteria['Cr7.1'].score, score.criteria['Cr7.1'].verdict, score.criteria['Cr7.2'].score, score.criteria['Cr7.2'].verdict, JSON.stringify(score), at);
    const insert = this.db.prepare('INSERT OR REPLACE INTO check_results (drill_id, comment_id, check_id, criterion, passed) VALUES (?, ?, ?, ?, ?)');
    for (const comment of score.comments) {
      for (const check of comment.checks) insert.run(id, comment.comment, check.id, check.criterion, check.passed ? 1 : 0);
    }
  }

  score(id: string): Score | undefined {
    const row = this.db.prepare<[string], string>('SELECT result FROM scores WHERE drill_id = ?').pluck().get(id);
    return row === undefined ? undefined : (JSON.parse(row) as Score);
  }

  /** Runs `work` in one IMMEDIATE transaction: its writes all happen or none do. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}
