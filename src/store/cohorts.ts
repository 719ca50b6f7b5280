import type { DrillMode } from '../core/drill/types.js';
import type { Db } from './database.js';
import { prepared, preparedPluck } from './statements.js';
import type { DrillOrigin } from './drills.js';
import type { Platform } from './learners.js';

export interface Cohort {
  id: number;
  name: string;
  joinCode: string;
  timezone: string;
  createdBy: string | null;
}

/** A member as a platform reaches them: the account they joined with and where they joined. */
export interface CohortMember {
  learnerId: number;
  displayName: string;
  platform: Platform;
  userId: string;
  channelId: string | null;
}

export interface CohortDrill {
  id: string;
  cohortId: number;
  scenarioId: string;
  mode: DrillMode;
  startsAt: number;
  closesAt: number;
  launchedBy: DrillOrigin;
  cancelled: boolean;
}

interface CohortRow {
  id: number;
  name: string;
  join_code: string;
  timezone: string;
  created_by: string | null;
}

interface CohortDrillRow {
  id: string;
  cohort_id: number;
  scenario_id: string;
  mode: DrillMode;
  starts_at: string;
  closes_at: string;
  launched_by: string;
  cancelled_at: string | null;
}

function toCohort(row: CohortRow): Cohort {
  return { id: row.id, name: row.name, joinCode: row.join_code, timezone: row.timezone, createdBy: row.created_by };
}

function toCohortDrill(row: CohortDrillRow): CohortDrill {
  return {
    id: row.id,
    cohortId: row.cohort_id,
    scenarioId: row.scenario_id,
    mode: row.mode,
    startsAt: Date.parse(row.starts_at),
    closesAt: Date.parse(row.closes_at),
    launchedBy: JSON.parse(row.launched_by) as DrillOrigin,
    cancelled: row.cancelled_at !== null,
  };
}

const COHORT_COLUMNS = 'id, name, join_code, timezone, created_by';
const COHORT_DRILL_COLUMNS = 'id, cohort_id, scenario_id, mode, starts_at, closes_at, launched_by, cancelled_at';

/** Cohorts, their channels and members, and the drills launched for them. */
export class CohortStore {
  constructor(private readonly db: Db) {}

  create(name: string, joinCode: string, timezone: string, createdBy: string, now: number): Cohort {
    const id = Number(
      prepared(this.db, 'INSERT INTO cohorts (name, join_code, timezone, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(name, joinCode, timezone, createdBy, new Date(now).toISOString()).lastInsertRowid,
    );
    return { id, name, joinCode, timezone, createdBy };
  }

  byName(name: string): Cohort | undefined {
    const row = prepared<[string], CohortRow>(this.db, `SELECT ${COHORT_COLUMNS} FROM cohorts WHERE name = ? COLLATE NOCASE`).get(name);
    return row && toCohort(row);
  }

  byCode(code: string): Cohort | undefined {
    const row = prepared<[string], CohortRow>(this.db, `SELECT ${COHORT_COLUMNS} FROM cohorts WHERE join_code = ?`).get(code);
    return row && toCohort(row);
  }

  byId(id: number): Cohort | undefined {
    const row = prepared<[number], CohortRow>(this.db, `SELECT ${COHORT_COLUMNS} FROM cohorts WHERE id = ?`).get(id);
    return row && toCohort(row);
  }

  all(): Cohort[] {
    return prepared<[], CohortRow>(this.db, `SELECT ${COHORT_COLUMNS} FROM cohorts ORDER BY name`).all().map(toCohort);
  }

  /** The cohort a channel is bound to, if any. */
  byChannel(platform: Platform, channelId: string): Cohort | undefined {
    const row = prepared<[string, string], CohortRow>(this.db, `SELECT c.id, c.name, c.join_code, c.timezone, c.created_by FROM cohort_channels b JOIN cohorts c ON c.id = b.cohort_id WHERE b.platform = ? AND b.channel_id = ?`)
      .get(platform, channelId);
    return row && toCohort(row);
  }

  /** Binds a channel to a cohort (a channel serves one cohort: binding again moves it). */
  bind(cohortId: number, platform: Platform, channelId: string, now: number): void {
    prepared(this.db, 'INSERT INTO cohort_channels (platform, channel_id, cohort_id, bound_at) VALUES (?, ?, ?, ?) ON CONFLICT (platform, channel_id) DO UPDATE SET cohort_id = excluded.cohort_id, bound_at = excluded.bound_at')
      .run(platform, channelId, cohortId, new Date(now).toISOString());
  }

  /** The channels bound to the cohort on a platform, oldest binding first. */
  channels(cohortId: number, platform: Platform): string[] {
    return preparedPluck<[number, string], string>(this.db, 'SELECT channel_id FROM cohort_channels WHERE cohort_id = ? AND platform = ? ORDER BY bound_at').all(cohortId, platform);
  }

  /** Adds a member, or updates where they are reached; false when they were already a member. */
  join(cohortId: number, learnerId: number, platform: Platform, channelId: string | undefined, now: number): boolean {
    const existing = prepared(this.db, 'SELECT 1 FROM cohort_members WHERE cohort_id = ? AND learner_id = ?').get(cohortId, learnerId) !== undefined;
    prepared(this.db, 'INSERT INTO cohort_members (cohort_id, learner_id, joined_at, platform, channel_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (cohort_id, learner_id) DO UPDATE SET platform = excluded.platform, channel_id = excluded.channel_id')
      .run(cohortId, learnerId, new Date(now).toISOString(), platform, channelId ?? null);
    return !existing;
  }

  members(cohortId: number): CohortMember[] {
    return prepared<[number], { learner_id: number; display_name: string; platform: Platform; user_id: string; channel_id: string | null }>(
      this.db,
      `SELECT m.learner_id, l.display_name, m.platform, i.platform_user_id AS user_id, m.channel_id
       FROM cohort_members m JOIN learners l ON l.id = m.learner_id
       JOIN identities i ON i.learner_id = m.learner_id AND i.platform = m.platform
       WHERE m.cohort_id = ? ORDER BY m.joined_at, m.learner_id`,
    ).all(cohortId)
      .map((row) => ({ learnerId: row.learner_id, displayName: row.display_name, platform: row.platform, userId: row.user_id, channelId: row.channel_id }));
  }

  createDrill(drill: Omit<CohortDrill, 'cancelled'>, now: number): void {
    prepared(this.db, 'INSERT INTO cohort_drills (id, cohort_id, scenario_id, mode, starts_at, closes_at, launched_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(drill.id, drill.cohortId, drill.scenarioId, drill.mode, new Date(drill.startsAt).toISOString(), new Date(drill.closesAt).toISOString(), JSON.stringify(drill.launchedBy), new Date(now).toISOString());
  }

  drill(id: string): CohortDrill | undefined {
    const row = prepared<[string], CohortDrillRow>(this.db, `SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE id = ?`).get(id);
    return row && toCohortDrill(row);
  }

  /** Cohort drills not cancelled whose summary is still to send: re-armed after a restart. */
  pendingDrills(): CohortDrill[] {
    return prepared<[], CohortDrillRow>(this.db, `SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE cancelled_at IS NULL AND summary_sent_at IS NULL ORDER BY starts_at`)
      .all()
      .map(toCohortDrill);
  }

  /** Claims the closing summary; false when it was already sent. */
  claimSummary(id: string, now: number): boolean {
    return prepared(this.db, 'UPDATE cohort_drills SET summary_sent_at = ? WHERE id = ? AND summary_sent_at IS NULL').run(new Date(now).toISOString(), id).changes === 1;
  }

  drillsOf(cohortId: number): CohortDrill[] {
    return prepared<[number], CohortDrillRow>(this.db, `SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE cohort_id = ? ORDER BY starts_at DESC`).all(cohortId).map(toCohortDrill);
  }

  /** A cohort drill by the first characters of its id, as « drill status » prints it. */
  findDrillByPrefix(prefix: string): CohortDrill | undefined {
    const rows = prepared<[string], CohortDrillRow>(this.db, `SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE id LIKE ? || '%' LIMIT 2`).all(prefix.toLowerCase());
    return rows.length === 1 ? toCohortDrill(rows[0]!) : undefined;
  }

  /** The member's drill for this cohort drill, if they were started. */
  startOf(cohortDrillId: string, learnerId: number): string | undefined {
    return preparedPluck<[string, number], string>(this.db, 'SELECT drill_id FROM cohort_drill_starts WHERE cohort_drill_id = ? AND learner_id = ?').get(cohortDrillId, learnerId);
  }

  recordStart(cohortDrillId: string, learnerId: number, drillId: string, now: number): void {
    prepared(this.db, 'INSERT INTO cohort_drill_starts (cohort_drill_id, learner_id, drill_id, started_at) VALUES (?, ?, ?, ?)').run(cohortDrillId, learnerId, drillId, new Date(now).toISOString());
  }

  /** Cohort drills still to start, soonest first (App Home). */
  upcomingDrills(now: number): CohortDrill[] {
    return prepared<[string], CohortDrillRow>(this.db, `SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE cancelled_at IS NULL AND starts_at > ? ORDER BY starts_at LIMIT 10`)
      .all(new Date(now).toISOString())
      .map(toCohortDrill);
  }
}
