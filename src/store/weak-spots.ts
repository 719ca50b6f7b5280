import type { WeakSpot } from '../core/drill/redrill.js';
import type { Category } from '../core/scenario/schema.js';
import type { Db } from './database.js';
import { prepared } from './statements.js';

/** The categories each learner should practise again, and when. */
export class WeakSpotStore {
  constructor(private readonly db: Db) {}

  of(learnerId: number): Map<Category, WeakSpot> {
    const rows = prepared<[number], { category: Category; failed_checks: string; reviews_done: number; next_review_at: string }>(this.db, 'SELECT category, failed_checks, reviews_done, next_review_at FROM weak_spots WHERE learner_id = ?')
      .all(learnerId);
    return new Map(rows.map((row) => [row.category, { category: row.category, failedChecks: JSON.parse(row.failed_checks) as string[], reviewsDone: row.reviews_done, nextReviewAt: Date.parse(row.next_review_at) }]));
  }

  apply(learnerId: number, change: { upsert: WeakSpot[]; remove: Category[] }): void {
    const upsert = prepared(this.db, 'INSERT INTO weak_spots (learner_id, category, failed_checks, reviews_done, next_review_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, category) DO UPDATE SET failed_checks = excluded.failed_checks, reviews_done = excluded.reviews_done, next_review_at = excluded.next_review_at');
    const remove = prepared(this.db, 'DELETE FROM weak_spots WHERE learner_id = ? AND category = ?');
    for (const spot of change.upsert) upsert.run(learnerId, spot.category, JSON.stringify(spot.failedChecks), spot.reviewsDone, new Date(spot.nextReviewAt).toISOString());
    for (const category of change.remove) remove.run(learnerId, category);
  }
}
