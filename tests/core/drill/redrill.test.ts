import { describe, expect, it } from 'vitest';
import { suggestScenario, updateWeakSpots, type WeakSpot } from '../../../src/core/drill/redrill.js';
import type { Score } from '../../../src/core/rubric/score.js';
import type { Category } from '../../../src/core/scenario/schema.js';
import { fixtureScenario } from '../../helpers/scoring.js';

const scenario = fixtureScenario();
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 1);

/** A score where the listed comments failed `detection` and the others passed everything. */
function scoreFailing(failed: string[]): Score {
  return {
    comments: scenario.comments.map((comment) => ({ comment: comment.id, answered: true, checks: [{ id: 'detection', criterion: 'Cr7.1', passed: !failed.includes(comment.id), critical: false, message: '' }] })),
  } as unknown as Score;
}

describe('re-drill by weakness', () => {
  it('brings a failed category back in 2 days, then 7, then 14, then lets it go', () => {
    const first = scenario.comments[0]!;
    const failed = updateWeakSpots(new Map(), scenario, scoreFailing([first.id]), NOW);
    expect(failed.upsert).toEqual([{ category: first.category, failedChecks: ['detection'], reviewsDone: 0, nextReviewAt: NOW + 2 * DAY }]);
    let spots = new Map<Category, WeakSpot>(failed.upsert.map((spot) => [spot.category, spot]));
    // Passed before the review is due: nothing moves.
    expect(updateWeakSpots(spots, scenario, scoreFailing([]), NOW + DAY)).toEqual({ upsert: [], remove: [] });
    const second = updateWeakSpots(spots, scenario, scoreFailing([]), NOW + 2 * DAY);
    expect(second.upsert[0]).toMatchObject({ reviewsDone: 1, nextReviewAt: NOW + 9 * DAY });
    spots = new Map(second.upsert.map((spot) => [spot.category, spot]));
    const third = updateWeakSpots(spots, scenario, scoreFailing([]), NOW + 9 * DAY);
    expect(third.upsert[0]).toMatchObject({ reviewsDone: 2, nextReviewAt: NOW + 23 * DAY });
    spots = new Map(third.upsert.map((spot) => [spot.category, spot]));
    expect(updateWeakSpots(spots, scenario, scoreFailing([]), NOW + 23 * DAY)).toEqual({ upsert: [], remove: [first.category] });
    // Failed again during the reviews: back to the start.
    expect(updateWeakSpots(spots, scenario, scoreFailing([first.id]), NOW + 23 * DAY).upsert[0]).toMatchObject({ reviewsDone: 0, nextReviewAt: NOW + 25 * DAY });
  });

  it('suggests the case that works the most due categories', () => {
    const categories = [...new Set(scenario.comments.map((comment) => comment.category))];
    expect(suggestScenario([scenario], [categories[0]!])).toEqual({ scenario, categories: [categories[0]] });
    expect(suggestScenario([scenario], ['phishing' as Category].filter((category) => !categories.includes(category)))).toBeUndefined();
  });
});
