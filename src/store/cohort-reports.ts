import type { DrillMode } from '../core/drill/types.js';
import type { Db } from './database.js';
import { prepared } from './statements.js';
import { CohortStore, type CohortMember } from './cohorts.js';
import type { Platform } from './learners.js';

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

/** Scope of a report: a whole cohort, or one of its drills. */
const SCOPE = 'cd.cohort_id = @cohortId AND (@cohortDrillId IS NULL OR cd.id = @cohortDrillId)';

/**
 * What trainers read about their cohorts: progress, results, pass rates and failures per learner
 * (results, reports, the CSV and the chart). Read-only: nothing here writes.
 */
export class CohortReports {
  private readonly cohorts: CohortStore;

  constructor(private readonly db: Db) {
    this.cohorts = new CohortStore(db);
  }

  /** Per member: started or not, and their drill's phase and verdicts when there are some. */
  progress(cohortDrillId: string, cohortId: number): Array<CohortMember & { drillId: string | null; phase: string | null; cr71: number | null; cr71Verdict: string | null; cr72: number | null; cr72Verdict: string | null }> {
    const members = this.cohorts.members(cohortId);
    const rows = prepared<[string], { learner_id: number; drill_id: string; phase: string; cr71_score: number | null; cr71_verdict: string | null; cr72_score: number | null; cr72_verdict: string | null }>(
      this.db,
      `SELECT st.learner_id, st.drill_id, d.phase, s.cr71_score, s.cr71_verdict, s.cr72_score, s.cr72_verdict
       FROM cohort_drill_starts st JOIN drills d ON d.id = st.drill_id LEFT JOIN scores s ON s.drill_id = st.drill_id
       WHERE st.cohort_drill_id = ?`,
    ).all(cohortDrillId);
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
    return prepared<{ cohortId: number; cohortDrillId: string | null }, CohortResultRow>(
      this.db,
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
    ).all({ cohortId, cohortDrillId });
  }

  /** Pass rate per check over the scope's submitted drills, erased learners' anonymous counts included. */
  passRateByCheck(cohortId: number, cohortDrillId: string | null): CheckRateRow[] {
    return prepared<{ cohortId: number; cohortDrillId: string | null }, CheckRateRow>(
      this.db,
      `SELECT checkId, criterion, CAST(SUM(passed) AS REAL) / SUM(total) AS passRate, SUM(total) AS total FROM (
         SELECT c.check_id AS checkId, c.criterion, c.passed AS passed, 1 AS total
         FROM check_results c JOIN cohort_drill_starts st ON st.drill_id = c.drill_id JOIN cohort_drills cd ON cd.id = st.cohort_drill_id
         WHERE ${SCOPE}
         UNION ALL
         SELECT a.check_id, a.criterion, a.passed, a.total
         FROM anonymous_check_counts a JOIN cohort_drills cd ON cd.id = a.cohort_drill_id
         WHERE ${SCOPE}
       ) GROUP BY checkId, criterion`,
    ).all({ cohortId, cohortDrillId });
  }

  /** Drills submitted by learners who since erased their data: counted, never named. */
  anonymousSubmissions(cohortId: number, cohortDrillId: string | null): { submitted: number; cr71Met: number; cr72Met: number } {
    const row = prepared<{ cohortId: number; cohortDrillId: string | null }, { submitted: number | null; cr71Met: number | null; cr72Met: number | null }>(
      this.db,
      `SELECT SUM(a.submitted) AS submitted, SUM(a.cr71_met) AS cr71Met, SUM(a.cr72_met) AS cr72Met
       FROM anonymous_submissions a JOIN cohort_drills cd ON cd.id = a.cohort_drill_id WHERE ${SCOPE}`,
    ).get({ cohortId, cohortDrillId });
    return { submitted: row?.submitted ?? 0, cr71Met: row?.cr71Met ?? 0, cr72Met: row?.cr72Met ?? 0 };
  }

  /** Failed evaluations per learner and check over the scope, most failed first. */
  failuresByLearner(cohortId: number, cohortDrillId: string | null): LearnerCheckFailure[] {
    return prepared<{ cohortId: number; cohortDrillId: string | null }, LearnerCheckFailure>(
      this.db,
      `SELECT st.learner_id AS learnerId, c.check_id AS checkId, SUM(1 - c.passed) AS failed, COUNT(*) AS total
       FROM check_results c JOIN cohort_drill_starts st ON st.drill_id = c.drill_id JOIN cohort_drills cd ON cd.id = st.cohort_drill_id
       WHERE ${SCOPE} GROUP BY st.learner_id, c.check_id HAVING failed > 0 ORDER BY st.learner_id, failed DESC, c.check_id`,
    ).all({ cohortId, cohortDrillId });
  }

  /** Members per platform and submitted drills per member, for « cohort show ». */
  memberActivity(cohortId: number): Array<CohortMember & { started: number; submitted: number }> {
    const counts = prepared<[number], { learner_id: number; started: number; submitted: number }>(
      this.db,
      `SELECT st.learner_id, COUNT(*) AS started, COUNT(s.drill_id) AS submitted
       FROM cohort_drill_starts st JOIN cohort_drills cd ON cd.id = st.cohort_drill_id LEFT JOIN scores s ON s.drill_id = st.drill_id
       WHERE cd.cohort_id = ? GROUP BY st.learner_id`,
    ).all(cohortId);
    const byLearner = new Map(counts.map((row) => [row.learner_id, row]));
    return this.cohorts.members(cohortId).map((member) => ({ ...member, started: byLearner.get(member.learnerId)?.started ?? 0, submitted: byLearner.get(member.learnerId)?.submitted ?? 0 }));
  }
}
