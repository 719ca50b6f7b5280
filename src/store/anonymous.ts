import type { Db } from './database.js';
import { prepared } from './statements.js';

/**
 * Before a learner's data is erased: their contribution to cohort aggregates (check pass counts,
 * verdicts of the drills they submitted) is added to anonymous totals per cohort drill, so the
 * trainer's pass rates do not change when someone exercises their right to erasure.
 * Runs inside the erasing transaction.
 */
export function keepAnonymousAggregates(db: Db, learnerId: number): { drills: number } {
  prepared(
    db,
    `INSERT INTO anonymous_check_counts (cohort_drill_id, check_id, criterion, passed, total)
     SELECT st.cohort_drill_id, c.check_id, c.criterion, SUM(c.passed), COUNT(*)
     FROM check_results c JOIN cohort_drill_starts st ON st.drill_id = c.drill_id
     WHERE st.learner_id = ?
     GROUP BY st.cohort_drill_id, c.check_id, c.criterion
     ON CONFLICT (cohort_drill_id, check_id) DO UPDATE SET passed = passed + excluded.passed, total = total + excluded.total`,
  ).run(learnerId);
  return {
    drills: prepared(
      db,
      `INSERT INTO anonymous_submissions (cohort_drill_id, submitted, cr71_met, cr72_met)
       SELECT st.cohort_drill_id, COUNT(*), SUM(s.cr71_verdict = 'met'), SUM(s.cr72_verdict = 'met')
       FROM scores s JOIN cohort_drill_starts st ON st.drill_id = s.drill_id
       WHERE st.learner_id = ?
       GROUP BY st.cohort_drill_id
       ON CONFLICT (cohort_drill_id) DO UPDATE SET submitted = submitted + excluded.submitted, cr71_met = cr71_met + excluded.cr71_met, cr72_met = cr72_met + excluded.cr72_met`,
    ).run(learnerId).changes,
  };
}
