import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/core/answers/schema.js';
import { score } from '../../../src/core/rubric/score.js';
import { fixtureScenario, scoringResources } from '../../helpers/scoring.js';

const scenario = fixtureScenario();

describe('score (docs/score.md)', () => {
  it('counts a missing comment as no action and reports only the checks that apply', async () => {
    const result = score(scenario, [], await scoringResources());
    expect(result.comments).toHaveLength(scenario.comments.length);
    for (const comment of result.comments) {
      expect(comment.answered).toBe(false);
      // c1 (complaint) and c6 (question) call for a written answer: skipping them fails reply_present.
      const written = ['c1', 'c6'].includes(comment.comment) ? ['reply_present'] : [];
      expect(comment.checks.map((check) => check.id)).toEqual(['detection', 'action', ...written]);
    }
    // c5 needs no action: both checks pass there; everything else fails.
    expect(result.criteria['Cr7.1']).toMatchObject({ passed: 2, evaluated: 12, score: 0.17, verdict: 'not_met' });
    expect(result.criteria['Cr7.1'].critical_failures).toEqual([{ comment: 'c4', check: 'detection' }]);
    expect(result.criteria['Cr7.1'].written_answers).toBeUndefined();
    expect(result.criteria['Cr7.2']).toEqual({
      score: 0, verdict: 'not_met', passed: 0, evaluated: 2, critical_failures: [],
      written_answers: { given: 0, required: 2, min_share: 0.75 },
    });
  });

  it('meets a criterion at 75 % without critical failure, and not with one', async () => {
    const resources = await scoringResources();
    const perfect: Answer[] = scenario.comments.map((comment) => ({
      comment: comment.id,
      needs_action: comment.needs_action,
      actions: [comment.actions.expected[0]!],
      justification: `Il s'agit ici de ${comment.reasons[0] ?? 'rien'}, ce qui justifie ce choix.`,
    }));
    const good = score(scenario, perfect, resources);
    expect(good.criteria['Cr7.1']).toMatchObject({ score: 1, verdict: 'met', critical_failures: [] });
    const missedData = perfect.map((answer) => (answer.comment === 'c4' ? { ...answer, needs_action: false, actions: ['none' as const] } : answer));
    const critical = score(scenario, missedData, resources);
    expect(critical.criteria['Cr7.1'].score).toBeGreaterThanOrEqual(0.75);
    expect(critical.criteria['Cr7.1'].verdict).toBe('not_met');
  });

  it('is deterministic', async () => {
    const resources = await scoringResources();
    const answers: Answer[] = [{ comment: 'c1', needs_action: true, actions: ['reply'], reply: 'Bonjour Julie, nous sommes désolés. L’équipe Martin' }];
    expect(JSON.stringify(score(scenario, answers, resources))).toBe(JSON.stringify(score(scenario, answers, resources)));
  });
});
