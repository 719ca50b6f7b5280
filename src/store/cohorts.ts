import type { DrillMode } from '../core/drill/types.js';
import type { Db } from './database.js';
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

/** One member's drill in a cohort drill, with its scores once submitted. */
export interface CohortResultRow {
  cohortDrillId: string;
  scenarioId: string;
  mode: DrillMode;
  startsAt: string;
  learnerId: number;
  displayName: string;
  platform: Platform | null;
  drillId: string;
  phase: string;
  cr71: number | null;
  cr71Verdict: string | null;
  cr72: number | null;
  cr72Verdict: string | null;
  scoredAt: string | null;
}

export interface CheckRateRow {
  checkId: string;
  criterion: string;
  passRate: number;
  total: number;
}

export interface LearnerCheckFailure {
  learnerId: number;
  checkId: string;
  failed: number;
  total: number;
}

/** Scope of a results query: a whole cohort, or one of its drills. */
const SCOPE = 'cd.cohort_id = @cohortId AND (@cohortDrillId IS NULL OR cd.id = @cohortDrillId)';

/** Cohorts, their channels and members, and the drills launched for them. */
export class CohortStore {
  constructor(private readonly db: Db) {}

  create(name: string, joinCode: string, timezone: string, createdBy: string, now: number): Cohort {
    const id = Number(
      this.db.prepare('INSERT INTO cohorts (name, join_code, timezone, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(name, joinCode, timezone, createdBy, new Date(now).toISOString()).lastInsertRowid,
    );
    return { id, name, joinCode, timezone, createdBy };
  }

  byName(name: string): Cohort | undefined {
    const row = this.db.prepare<[string], CohortRow>(`SELECT ${COHORT_COLUMNS} FROM cohorts WHERE name = ? COLLATE NOCASE`).get(name);
    return row && toCohort(row);
  }

  byCode(code: string): Cohort | undefined {
    const row = this.db.prepare<[string], CohortRow>(`SELECT ${COHORT_COLUMNS} FROM cohorts WHERE join_code = ?`).get(code);
    return row && toCohort(row);
  }

  byId(id: number): Cohort | undefined {
    const row = this.db.prepare<[number], CohortRow>(`SELECT ${COHORT_COLUMNS} FROM cohorts WHERE id = ?`).get(id);
    return row && toCohort(row);
  }

  all(): Cohort[] {
    return this.db.prepare<[], CohortRow>(`SELECT ${COHORT_COLUMNS} FROM cohorts ORDER BY name`).all().map(toCohort);
  }

  /** The cohort a channel is bound to, if any. */
  byChannel(platform: Platform, channelId: string): Cohort | undefined {
    const row = this.db
      .prepare<[string, string], CohortRow>(`SELECT c.id, c.name, c.join_code, c.timezone, c.created_by FROM cohort_channels b JOIN cohorts c ON c.id = b.cohort_id WHERE b.platform = ? AND b.channel_id = ?`)
      .get(platform, channelId);
    return row && toCohort(row);
  }

  /** Binds a channel to a cohort (a channel serves one cohort: binding again moves it). */
  bind(cohortId: number, platform: Platform, channelId: string, now: number): void {
    this.db
      .prepare('INSERT INTO cohort_channels (platform, channel_id, cohort_id, bound_at) VALUES (?, ?, ?, ?) ON CONFLICT (platform, channel_id) DO UPDATE SET cohort_id = excluded.cohort_id, bound_at = excluded.bound_at')
      .run(platform, channelId, cohortId, new Date(now).toISOString());
  }

  /** The channels bound to the cohort on a platform, oldest binding first. */
  channels(cohortId: number, platform: Platform): string[] {
    return this.db.prepare<[number, string], string>('SELECT channel_id FROM cohort_channels WHERE cohort_id = ? AND platform = ? ORDER BY bound_at').pluck().all(cohortId, platform);
  }

  /** Adds a member, or updates where they are reached; false when they were already a member. */
  join(cohortId: number, learnerId: number, platform: Platform, channelId: string | undefined, now: number): boolean {
    const existing = this.db.prepare('SELECT 1 FROM cohort_members WHERE cohort_id = ? AND learner_id = ?').get(cohortId, learnerId) !== undefined;
    this.db
      .prepare(
        'INSERT INTO cohort_members (cohort_id, learner_id, joined_at, platform, channel_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (cohort_id, learner_id) DO UPDATE SET platform = excluded.platform, channel_id = excluded.channel_id',
      )
      .run(cohortId, learnerId, new Date(now).toISOString(), platform, channelId ?? null);
    return !existing;
  }

  members(cohortId: number): CohortMember[] {
    return this.db
      .prepare<[number], { learner_id: number; display_name: string; platform: Platform; user_id: string; channel_id: string | null }>(
        `SELECT m.learner_id, l.display_name, m.platform, i.platform_user_id AS user_id, m.channel_id
         FROM cohort_members m JOIN learners l ON l.id = m.learner_id
         JOIN identities i ON i.learner_id = m.learner_id AND i.platform = m.platform
         WHERE m.cohort_id = ? ORDER BY m.joined_at, m.learner_id`,
      )
      .all(cohortId)
      .map((row) => ({ learnerId: row.learner_id, displayName: row.display_name, platform: row.platform, userId: row.user_id, channelId: row.channel_id }));
  }

  createDrill(drill: Omit<CohortDrill, 'cancelled'>, now: number): void {
    this.db
      .prepare('INSERT INTO cohort_drills (id, cohort_id, scenario_id, mode, starts_at, closes_at, launched_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(drill.id, drill.cohortId, drill.scenarioId, drill.mode, new Date(drill.startsAt).toISOString(), new Date(drill.closesAt).toISOString(), JSON.stringify(drill.launchedBy), new Date(now).toISOString());
  }

  drill(id: string): CohortDrill | undefined {
    const row = this.db.prepare<[string], CohortDrillRow>(`SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE id = ?`).get(id);
    return row && toCohortDrill(row);
  }

  /** Cohort drills not cancelled whose summary is still to send: re-armed after a restart. */
  pendingDrills(): CohortDrill[] {
    return this.db
      .prepare<[], CohortDrillRow>(`SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE cancelled_at IS NULL AND summary_sent_at IS NULL ORDER BY starts_at`)
      .all()
      .map(toCohortDrill);
  }

  /** Claims the closing summary; false when it was already sent. */
  claimSummary(id: string, now: number): boolean {
    return this.db.prepare('UPDATE cohort_drills SET summary_sent_at = ? WHERE id = ? AND summary_sent_at IS NULL').run(new Date(now).toISOString(), id).changes === 1;
  }

  drillsOf(cohortId: number): CohortDrill[] {
    return this.db.prepare<[number], CohortDrillRow>(`SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE cohort_id = ? ORDER BY starts_at DESC`).all(cohortId).map(toCohortDrill);
  }

  /** A cohort drill by the first characters of its id, as « drill status » prints it. */
  findDrillByPrefix(prefix: string): CohortDrill | undefined {
    const rows = this.db.prepare<[string], CohortDrillRow>(`SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE id LIKE ? || '%' LIMIT 2`).all(prefix.toLowerCase());
    return rows.length === 1 ? toCohortDrill(rows[0]!) : undefined;
  }

  /** The member's drill for this cohort drill, if they were started. */
  startOf(cohortDrillId: string, learnerId: number): string | undefined {
    return this.db.prepare<[string, number], string>('SELECT drill_id FROM cohort_drill_starts WHERE cohort_drill_id = ? AND learner_id = ?').pluck().get(cohortDrillId, learnerId);
  }

  recordStart(cohortDrillId: string, learnerId: number, drillId: string, now: number): void {
    this.db.prepare('INSERT INTO cohort_drill_starts (cohort_drill_id, learner_id, drill_id, started_at) VALUES (?, ?, ?, ?)').run(cohortDrillId, learnerId, drillId, new Date(now).toISOString());
  }

  /** Per member: started or not, and their drill's phase and verdicts when there are some. */
  progress(cohortDrillId: string, cohortId: number): Array<CohortMember & { drillId: string | null; phase: string | null; cr71: number | null; cr71Verdict: string | null; cr72: number | null; cr72Verdict: string | null }> {
    const members = this.members(cohortId);
    const rows = this.db
      .prepare<[string], { learner_id: number; drill_id: string; phase: string; cr71_score: number | null; cr71_verdict: string | null; cr72_score: number | null; cr72_verdict: string | null }>(
        `SELECT st.learner_id, st.drill_id, d.phase, s.cr71_score, s.cr71_verdict, s.cr72_score, s.cr72_verdict
         FROM cohort_drill_starts st JOIN drills d ON d.id = st.drill_id LEFT JOIN scores s ON s.drill_id = st.drill_id
         WHERE st.cohort_drill_id = ?`,
      )
      .all(cohortDrillId);
    const byLearner = new Map(rows.map((row) => [row.learner_id, row]));
    return members.map((member) => {
      const row = byLearner.get(member.learnerId);
      return {
        ...member,
        drillId: row?.drill_id ?? null,
        phase: row?.phase ?? null,
        cr71: row?.cr71_score ?? null,
        cr71Verdict: row?.cr71_verdict ?? null,
        cr72: row?.cr72_score ?? null,
        cr72Verdict: row?.cr72_verdict ?? null,
      };
    });
  }

  /** Every member's drill of the cohort (or of one cohort drill), oldest launch first. */
  results(cohortId: number, cohortDrillId: string | null): CohortResultRow[] {
    return this.db
      .prepare<{ cohortId: number; cohortDrillId: string | null }, CohortResultRow>(
        `SELECT cd.id AS cohortDrillId, cd.scenario_id AS scenarioId, cd.mode, cd.starts_at AS startsAt, l.id AS learnerId, l.display_name AS displayName,
                m.platform, st.drill_id AS drillId, d.phase, s.cr71_score AS cr71, s.cr71_verdict AS cr71Verdict, s.cr72_score AS cr72,
                s.cr72_verdict AS cr72Verdict, s.scored_at AS scoredAt
         FROM cohort_drill_starts st
         JOIN cohort_drills cd ON cd.id = st.cohort_drill_id
         JOIN learners l ON l.id = st.learner_id
         JOIN drills d ON d.id = st.drill_id
         LEFT JOIN cohort_members m ON m.cohort_id = cd.cohort_id AND m.learner_id = st.learner_id
         LEFT JOIN scores s ON s.drill_id = st.drill_id
         WHERE ${SCOPE}
         ORDER BY cd.starts_at, l.display_name COLLATE NOCASE`,
      )
      .all({ cohortId, cohortDrillId });
  }

  /** Pass rate per check over the scope's submitted drills, erased learners' anonymous counts included. */
  passRateByCheck(cohortId: number, cohortDrillId: string | null): CheckRateRow[] {
    return this.db
      .prepare<{ cohortId: number; cohortDrillId: string | null }, CheckRateRow>(
        `SELECT checkId, criterion, CAST(SUM(passed) AS REAL) / SUM(total) AS passRate, SUM(total) AS total FROM (
           SELECT c.check_id AS checkId, c.criterion, c.passed AS passed, 1 AS total
           FROM check_results c JOIN cohort_drill_starts st ON st.drill_id = c.drill_id JOIN cohort_drills cd ON cd.id = st.cohort_drill_id
           WHERE ${SCOPE}
           UNION ALL
           SELECT a.check_id, a.criterion, a.passed, a.total
           FROM anonymous_check_counts a JOIN cohort_drills cd ON cd.id = a.cohort_drill_id
           WHERE ${SCOPE}
         ) GROUP BY checkId, criterion`,
      )
      .all({ cohortId, cohortDrillId });
  }

  /** Drills submitted by learners who since erased their data: counted, never named. */
  anonymousSubmissions(cohortId: number, cohortDrillId: string | null): { submitted: number; cr71Met: number; cr72Met: number } {
    const row = this.db
      .prepare<{ cohortId: number; cohortDrillId: string | null }, { submitted: number | null; cr71Met: number | null; cr72Met: number | null }>(
        `SELECT SUM(a.submitted) AS submitted, SUM(a.cr71_met) AS cr71Met, SUM(a.cr72_met) AS cr72Met
         FROM anonymous_submissions a JOIN cohort_drills cd ON cd.id = a.cohort_drill_id WHERE ${SCOPE}`,
      )
      .get({ cohortId, cohortDrillId });
    return { submitted: row?.submitted ?? 0, cr71Met: row?.cr71Met ?? 0, cr72Met: row?.cr72Met ?? 0 };
  }

  /** Failed evaluations per learner and check over the scope, most failed first. */
  failuresByLearner(cohortId: number, cohortDrillId: string | null): LearnerCheckFailure[] {
    return this.db
      .prepare<{ cohortId: number; cohortDrillId: string | null }, LearnerCheckFailure>(
        `SELECT st.learner_id AS learnerId, c.check_id AS checkId, SUM(1 - c.passed) AS failed, COUNT(*) AS total
         FROM check_results c JOIN cohort_drill_starts st ON st.drill_id = c.drill_id JOIN cohort_drills cd ON cd.id = st.cohort_drill_id
         WHERE ${SCOPE} GROUP BY st.learner_id, c.check_id HAVING failed > 0 ORDER BY st.learner_id, failed DESC, c.check_id`,
      )
      .all({ cohortId, cohortDrillId });
  }

  /** Members per platform and submitted drills per member, for « cohort show ». */
  memberActivity(cohortId: number): Array<CohortMember & { started: number; submitted: number }> {
    const counts = this.db
      .prepare<[number], { learner_id: number; started: number; submitted: number }>(
        `SELECT st.learner_id, COUNT(*) AS started, COUNT(s.drill_id) AS submitted
         FROM cohort_drill_starts st JOIN cohort_drills cd ON cd.id = st.cohort_drill_id LEFT JOIN scores s ON s.drill_id = st.drill_id
         WHERE cd.cohort_id = ? GROUP BY st.learner_id`,
      )
      .all(cohortId);
    const byLearner = new Map(counts.map((row) => [row.learner_id, row]));
    return this.members(cohortId).map((member) => ({ ...member, started: byLearner.get(member.learnerId)?.started ?? 0, submitted: byLearner.get(member.learnerId)?.submitted ?? 0 }));
  }

  /** Cohort drills still to start, soonest first (App Home). */
  upcomingDrills(now: number): CohortDrill[] {
    return this.db
      .prepare<[string], CohortDrillRow>(`SELECT ${COHORT_DRILL_COLUMNS} FROM cohort_drills WHERE cancelled_at IS NULL AND starts_at > ? ORDER BY starts_at LIMIT 10`)
      .all(new Date(now).toISOString())
      .map(toCohortDrill);
  }
}
