import type { Answer } from '../answers/schema.js';
import { scoreComment } from '../rubric/score.js';
import type { CheckResult, ScoringResources } from '../rubric/types.js';
import type { Action, Scenario, ScenarioComment } from '../scenario/schema.js';

export type TextField = 'justification' | 'reply' | 'private_message';

/**
 * What a second attempt asks again, from the first attempt's checks: the decision when detection
 * failed, the actions when they did (or when a written answer was expected and none was chosen),
 * and the texts whose checks failed. Everything else is kept as it was.
 */
export interface RetryPlan {
  decision: boolean;
  actions: boolean;
  fields: TextField[];
}

const WRITTEN: ReadonlyArray<Exclude<TextField, 'justification'>> = ['reply', 'private_message'];

/** The answer with only one of its written texts (and its action): which text a check fails on. */
function withOnly(answer: Answer, kind: Exclude<TextField, 'justification'>): Answer {
  const other = kind === 'reply' ? 'private_message' : 'reply';
  const { [other]: _dropped, ...rest } = answer;
  return { ...rest, actions: answer.actions.filter((action) => action !== other) };
}

export function retryPlan(scenario: Scenario, comment: ScenarioComment, first: Answer, checks: CheckResult[], resources: ScoringResources): RetryPlan {
  const failed = new Set(checks.filter((check) => !check.passed).map((check) => check.id));
  const written = WRITTEN.filter((kind) => first[kind] !== undefined);
  const decision = failed.has('detection');
  const actions = decision || failed.has('action') || (failed.has('reply_present') && written.length === 0);
  const fields = new Set<TextField>();
  if (failed.has('justification') || actions) fields.add('justification');
  const textFailures = checks.filter((check) => !check.passed && check.criterion === 'Cr7.2' && check.id !== 'reply_present');
  for (const check of textFailures) {
    // A check over both texts reports the first fault only: each text alone says which one fails.
    const culprits = written.length < 2 ? written : written.filter((kind) => scoreComment(scenario, comment, withOnly(first, kind), resources).some((result) => result.id === check.id && !result.passed));
    for (const kind of culprits.length > 0 ? culprits : written) fields.add(kind);
  }
  if (failed.has('reply_present')) for (const kind of written) fields.add(kind);
  // A failure no field stands for: the actions and the justification are asked again.
  if (!actions && fields.size === 0) return { decision, actions: true, fields: ['justification'] };
  return { decision, actions, fields: [...fields] };
}

/**
 * The fields a second attempt's form asks for, once the actions are known: the failed texts the
 * actions still call for, and any text the new actions need that the first attempt did not write.
 */
export function retryFields(plan: RetryPlan, first: Answer, actions: Action[]): TextField[] {
  const applies = (field: TextField) => field === 'justification' || actions.includes(field);
  const fresh = WRITTEN.filter((kind) => actions.includes(kind) && first[kind] === undefined);
  return (['justification', 'reply', 'private_message'] as const).filter((field) => applies(field) && (plan.fields.includes(field) || fresh.includes(field as never)));
}

/** The second attempt's answer: the texts given now, the others kept from the first attempt. */
export function retryAnswer(first: Answer, actions: Action[], given: Partial<Record<TextField, string>>, asked: readonly TextField[]): Answer {
  const answer: Answer = { comment: first.comment, needs_action: true, actions };
  for (const field of ['justification', 'reply', 'private_message'] as const) {
    if (field !== 'justification' && !actions.includes(field)) continue;
    const value = asked.includes(field) ? given[field] : first[field];
    if (value !== undefined) answer[field] = value;
  }
  return answer;
}
