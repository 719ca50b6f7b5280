import { describe, expect, it } from 'vitest';
import { ACTION_PLAN_TEMPLATE, checkActionPlan, parseActionPlan, type ActionPlan } from '../../../src/core/coaching/artefacts/action-plan.js';

function plan(source = ACTION_PLAN_TEMPLATE): ActionPlan {
  const parsed = parseActionPlan(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

describe('action plan and results (Cr6.1–Cr6.3)', () => {
  it('passes the template and computes growth, cost per follower and return on investment', () => {
    const checks = checkActionPlan(plan());
    expect(checks.every((check) => check.passed)).toBe(true);
    const messages = checks.map((check) => check.message);
    expect(messages).toContain('Publicité Instagram : +280 abonnés (+18 %).');
    expect(messages).toContain('Publicité Instagram : coût 150,00 €, soit 0,54 € par abonné gagné.');
    expect(messages).toContain('Publicité Instagram : retour sur investissement +180 % (280 × 1,50 € pour 150,00 €).');
  });

  it('names what is missing: an unargued feature, no budget, no results, no target share, no value for the ROI', () => {
    const checks = checkActionPlan(plan(`features:
  - { feature: Ambassadeurs, argument: Pourquoi pas, objective: Plus d'abonnés, audience: Tous, budget: 0, methodology: On verra }
  - { feature: Publicité, argument: La cible des jeunes y est très présente et réactive, objective: 300 abonnés, audience: 16-25 ans, budget: 100, methodology: Deux campagnes de quinze jours ciblées }
results:
  - { feature: Publicité, followers_before: 500, followers_after: 480, cost: 100, conclusion: Échec }
`));
    const failed = checks.filter((check) => !check.passed).map((check) => [check.id, check.evidence ?? check.message]);
    expect(failed).toEqual([
      ['plan_argued', 'Ambassadeurs'],
      ['plan_complete', 'Ambassadeurs'],
      ['results_present', 'Ambassadeurs'],
      ['results_growth', 'Publicité : -20 abonnés (-4 %). La communauté n’a pas grandi : expliquez pourquoi.'],
      ['results_quality', 'Publicité : dites quelle part des nouveaux abonnés est dans la cible (in_target_share).'],
      ['results_roi', 'Publicité : donnez la valeur d’un abonné (value_per_follower) pour calculer le retour sur investissement.'],
    ]);
  });
});
