import type { Db } from './database.js';

/**
 * Deletes what is older than the retention period: drills (their events, scores and check results
 * cascade), past calendar posts, the nudge log, handled event ids, rehearsals. Learners, cohorts and
 * preferences stay. Returns the rows removed per table.
 */
export function purgeOlderThan(db: Db, cutoff: number): Record<string, number> {
  const before = new Date(cutoff).toISOString();
  return db.transaction(() => ({
    drills: db.prepare('DELETE FROM drills WHERE updated_at < ?').run(before).changes,
    calendar_posts: db.prepare('DELETE FROM calendar_posts WHERE at < ?').run(before).changes,
    nudge_deliveries: db.prepare('DELETE FROM nudge_deliveries WHERE at < ?').run(before).changes,
    nudge_attempts: db.prepare('DELETE FROM nudge_attempts WHERE attempted_at < ?').run(before).changes,
    processed_events: db.prepare('DELETE FROM processed_events WHERE processed_at < ?').run(before).changes,
    rehearsals: db.prepare('DELETE FROM rehearsals WHERE started_at < ?').run(before).changes,
  })).immediate();
}
