import type { Score } from '../rubric/score.js';
import type { Category, Scenario } from '../scenario/schema.js';

/** Days until a weak category comes back: spaced practice, then it is considered learned. */
export const REVIEW_DAYS = [2, 7, 14] as const;
const DAY_MS = 86_400_000;

export interface WeakSpot {
  category: Category;
  failedChecks: string[];
  reviewsDone: number;
  nextReviewAt: number;
}

/**
 * What a scored drill changes in the learner's weak spots: a category with a failed check starts
 * over (back in 2 days); a weak category now passed everywhere moves to its next review, or is
 * learned after the third.
 */
export function updateWeakSpots(current: ReadonlyMap<Category, WeakSpot>, scenario: Scenario, score: Score, now: number): { upsert: WeakSpot[]; remove: Category[] } {
  const failedByCategory = new Map<Category, Set<string>>();
  const seen = new Set<Category>();
  for (const result of score.comments) {
    const comment = scenario.comments.find((candidate) => candidate.id === result.comment);
    if (!comment) continue;
    seen.add(comment.category);
    const failed = result.checks.filter((check) => !check.passed).map((check) => check.id);
    if (failed.length > 0) failedByCategory.set(comment.category, new Set([...(failedByCategory.get(comment.category) ?? []), ...failed]));
  }
  const upsert: WeakSpot[] = [];
  const remove: Category[] = [];
  for (const [category, checks] of failedByCategory) upsert.push({ category, failedChecks: [...checks].sort(), reviewsDone: 0, nextReviewAt: now + REVIEW_DAYS[0] * DAY_MS });
  for (const category of seen) {
    const spot = current.get(category);
    if (!spot || failedByCategory.has(category) || spot.nextReviewAt > now) continue;
    const reviewsDone = spot.reviewsDone + 1;
    if (reviewsDone >= REVIEW_DAYS.length) remove.push(category);
    else upsert.push({ ...spot, reviewsDone, nextReviewAt: now + REVIEW_DAYS[reviewsDone]! * DAY_MS });
  }
  return { upsert, remove };
}

/** The scenario that works the most weak categories due now (ties: the bank's order). */
export function suggestScenario(scenarios: Scenario[], due: Category[]): { scenario: Scenario; categories: Category[] } | undefined {
  let best: { scenario: Scenario; categories: Category[] } | undefined;
  for (const scenario of scenarios) {
    const categories = due.filter((category) => scenario.comments.some((comment) => comment.category === category));
    if (categories.length > 0 && (!best || categories.length > best.categories.length)) best = { scenario, categories };
  }
  return best;
}
