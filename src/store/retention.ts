import type { Db } from './database.js';
import { prepared } from './statements.js';

/**
 * Deletes what is older than the retention period: drills (their events, scores and check results
 * cascade), past calendar posts, the nudge log, handled event ids, rehearsals. Learners, cohorts and
 * preferences stay. Returns the rows removed per table.
 */
export function purgeOlderThan(db: Db, cutoff: number): Record<string, number> {
  const before = new Date(cutoff).toISOString();
  return db.transaction(() => ({
    drills: prepared(db, 'DELETE FROM drills WHERE updated_at < ?').run(before).changes,
    calendar_posts: prepared(db, 'DELETE FROM calendar_posts WHERE at < ?').run(before).changes,
    nudge_deliveries: prepared(db, 'DELETE FROM nudge_deliveries WHERE at < ?').run(before).changes,
    nudge_attempts: prepared(db, 'DELETE FROM nudge_attempts WHERE attempted_at < ?').run(before).changes,
    processed_events: prepared(db, 'DELETE FROM processed_events WHERE processed_at < ?').run(before).changes,
    rehearsals: prepared(db, 'DELETE FROM rehearsals WHERE started_at < ?').run(before).changes,
  })).immediate();
}
