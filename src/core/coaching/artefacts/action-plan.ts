import { z } from 'zod';
import { validateYaml, type Validated } from '../../validation/yaml.js';
import type { ArtefactCheck } from './editorial-line.js';

const text = z.string().trim().min(1);

export const actionPlanSchema = z.strictObject({
  features: z.array(z.strictObject({ feature: text, argument: text, objective: text, audience: text, budget: z.number().nonnegative(), methodology: text })).min(1),
  results: z.array(z.strictObject({
    feature: text,
    followers_before: z.number().int().nonnegative(),
    followers_after: z.number().int().nonnegative(),
    in_target_share: z.number().min(0).max(1).optional(),
    cost: z.number().nonnegative().optional(),
    value_per_follower: z.number().nonnegative().optional(),
    conclusion: text,
  })).default([]),
});

export type ActionPlan = z.infer<typeof actionPlanSchema>;

export const ACTION_PLAN_TEMPLATE = `# Plan d'action (Cr6.1–Cr6.3) — à compléter, puis « coach check plan »
features:
  - feature: Publicité Instagram
    argument: La cible des 16-25 ans est sur Instagram et la publicité locale y coûte peu
    objective: Gagner 300 abonnés de 16 à 25 ans en un mois
    audience: 16-25 ans à moins de 20 km de Lauzac
    budget: 150            # en euros
    methodology: Trois Reels sponsorisés sur 30 jours, test A/B de l'accroche
results:
  - feature: Publicité Instagram
    followers_before: 1560
    followers_after: 1840
    in_target_share: 0.7   # part des nouveaux abonnés dans la cible
    cost: 150
    value_per_follower: 1.5  # ce que vaut un abonné pour la structure (estimation argumentée)
    conclusion: Objectif presque atteint, abonnés bien ciblés, trois candidatures reçues
`;

export function parseActionPlan(source: string, file = 'plan.yaml'): Validated<ActionPlan> {
  return validateYaml(source, file, actionPlanSchema, { expectedContent: 'un plan d’action (features, results)' });
}

const words = (value: string) => value.trim().split(/\s+/).filter(Boolean).length;
const euros = (value: number) => `${value.toFixed(2).replace('.', ',')} €`;

/** Cr6.1–Cr6.3: argued features, a complete plan for each, results analysed with figures computed. */
export function checkActionPlan(plan: ActionPlan): ArtefactCheck[] {
  const checks: ArtefactCheck[] = [];
  const thin = plan.features.filter((feature) => words(feature.argument) < 6).map((feature) => feature.feature);
  checks.push({ id: 'plan_argued', criterion: 'Cr6.1', passed: thin.length === 0, message: thin.length === 0 ? 'Chaque levier retenu est argumenté.' : 'Argumentez le choix de chaque levier (au moins 6 mots).', ...(thin.length > 0 ? { evidence: thin.join(', ') } : {}) });
  const vague = plan.features.filter((feature) => words(feature.methodology) < 5 || feature.budget === 0).map((feature) => feature.feature);
  checks.push({ id: 'plan_complete', criterion: 'Cr6.2', passed: vague.length === 0, message: vague.length === 0 ? 'Objectif, cible, budget et méthodologie pour chaque levier.' : 'Donnez un budget chiffré et une méthodologie détaillée (au moins 5 mots) pour chaque levier.', ...(vague.length > 0 ? { evidence: vague.join(', ') } : {}) });
  const withResults = new Set(plan.results.map((result) => result.feature));
  const unmeasured = plan.features.filter((feature) => !withResults.has(feature.feature)).map((feature) => feature.feature);
  checks.push({ id: 'results_present', criterion: 'Cr6.3', passed: unmeasured.length === 0, message: unmeasured.length === 0 ? 'Chaque levier a ses résultats.' : 'Des leviers n’ont pas de résultats analysés.', ...(unmeasured.length > 0 ? { evidence: unmeasured.join(', ') } : {}) });
  for (const result of plan.results) {
    const gained = result.followers_after - result.followers_before;
    const growth = result.followers_before === 0 ? '—' : `${gained >= 0 ? '+' : ''}${Math.round((gained / result.followers_before) * 100)} %`;
    checks.push({ id: 'results_growth', criterion: 'Cr6.3', passed: gained > 0, message: `${result.feature} : ${gained >= 0 ? '+' : ''}${gained} abonnés (${growth}).${gained > 0 ? '' : ' La communauté n’a pas grandi : expliquez pourquoi.'}` });
    checks.push({ id: 'results_quality', criterion: 'Cr6.3', passed: result.in_target_share !== undefined, message: result.in_target_share !== undefined ? `${result.feature} : ${Math.round(result.in_target_share * 100)} % des nouveaux abonnés dans la cible.` : `${result.feature} : dites quelle part des nouveaux abonnés est dans la cible (in_target_share).` });
    const costPerFollower = result.cost !== undefined && gained > 0 ? result.cost / gained : undefined;
    checks.push({ id: 'results_cost', criterion: 'Cr6.3', passed: result.cost !== undefined, message: result.cost !== undefined ? `${result.feature} : coût ${euros(result.cost)}${costPerFollower !== undefined ? `, soit ${euros(costPerFollower)} par abonné gagné` : ''}.` : `${result.feature} : indiquez le coût (cost), même nul.` });
    const roi = result.cost !== undefined && result.cost > 0 && result.value_per_follower !== undefined ? ((gained * result.value_per_follower - result.cost) / result.cost) * 100 : undefined;
    checks.push({ id: 'results_roi', criterion: 'Cr6.3', passed: roi !== undefined || result.cost === 0, message: roi !== undefined ? `${result.feature} : retour sur investissement ${roi >= 0 ? '+' : ''}${Math.round(roi)} % (${gained} × ${euros(result.value_per_follower!)} pour ${euros(result.cost!)}).` : result.cost === 0 ? `${result.feature} : sans coût, le retour se juge sur la croissance et la qualité.` : `${result.feature} : donnez la valeur d’un abonné (value_per_follower) pour calculer le retour sur investissement.` });
  }
  return checks;
}
