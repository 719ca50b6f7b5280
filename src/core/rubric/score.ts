import { unansweredAnswer, type Answer } from '../answers/schema.js';
import type { Scenario, ScenarioComment } from '../scenario/schema.js';
import { AnalysedText } from '../text/match.js';
import { wordsOf } from '../text/spelling.js';
import { CHECKS } from './checks/index.js';
import type { CheckId, CheckResult, CommentContext, Criterion, ScoringResources, WrittenText } from './types.js';
import { hasWrittenAnswer, needsWrittenAnswer } from './written-answers.js';

export interface CriticalFailure {
  comment: string;
  check: CheckId;
}

/** Cr7.2: how many of the comments that call for a written answer got one. */
export interface WrittenAnswers {
  given: number;
  required: number;
  /** The rubric's `criteria.written_answer_share`: below it, Cr7.2 is not met. */
  min_share: number;
}

export interface CriterionScore {
  /** Share of evaluated checks of this criterion that passed, over all comments (2 decimals). */
  score: number;
  verdict: 'met' | 'not_met';
  passed: number;
  evaluated: number;
  critical_failures: CriticalFailure[];
  /** Cr7.2 only (absent from scores stored before it existed). */
  written_answers?: WrittenAnswers;
}

export interface CommentScore {
  comment: string;
  /** False when the answer file had no answer for this comment (scored as « no action »). */
  answered: boolean;
  checks: CheckResult[];
}

export interface Score {
  scenario: string;
  criteria: Record<Criterion, CriterionScore>;
  comments: CommentScore[];
}

const scenarioWordCache = new WeakMap<Scenario, Set<string>>();

/** Every word of the scenario (names, brand terms, the comment's own words…) is never a misspelling. */
function scenarioWords(scenario: Scenario): Set<string> {
  let words = scenarioWordCache.get(scenario);
  if (!words) {
    const { brand, charter, post, comments } = scenario;
    const texts = [
      brand.name, brand.sector, brand.description,
      ...charter.tone, ...charter.preferred_terms, ...charter.forbidden_terms, charter.signature ?? '',
      ...charter.facts.flatMap((fact) => [fact.text, ...(fact.keywords ?? [])]),
      charter.contact.email ?? '', charter.contact.url ?? '',
      post.author, post.text, post.media ?? '',
      ...comments.flatMap((comment) => [comment.author, comment.text]),
    ];
    words = wordsOf(texts);
    scenarioWordCache.set(scenario, words);
  }
  return words;
}

function written(kind: WrittenText['kind'], source: string | undefined): WrittenText | undefined {
  if (source === undefined) return undefined;
  return { kind, label: kind === 'reply' ? 'la réponse publique' : 'le message privé', text: new AnalysedText(source) };
}

function isCritical(result: CheckResult, comment: ScenarioComment, resources: ScoringResources): boolean {
  if (result.passed) return false;
  const { critical } = resources.rubric;
  if (result.id === 'detection') return critical.detection_categories.includes(comment.category);
  return result.criterion === 'Cr7.2' && critical.checks.includes(result.id);
}

function commentContext(scenario: Scenario, comment: ScenarioComment, answer: Answer, resources: ScoringResources): CommentContext {
  const reply = written('reply', answer.reply);
  const privateMessage = written('private_message', answer.private_message);
  return {
    scenario,
    comment,
    answer,
    reply,
    privateMessage,
    texts: [reply, privateMessage].filter((text): text is WrittenText => text !== undefined),
    resources,
    scenarioWords: scenarioWords(scenario),
  };
}

function runChecks(context: CommentContext): CheckResult[] {
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (!check.applies(context)) continue;
    const outcome = check.run(context);
    const result: CheckResult = { id: check.id, criterion: check.criterion, ...outcome };
    if (isCritical(result, context.comment, context.resources)) result.critical = true;
    results.push(result);
  }
  return results;
}

/** Scores one comment's answer with every check that applies. */
export function scoreComment(scenario: Scenario, comment: ScenarioComment, answer: Answer, resources: ScoringResources): CheckResult[] {
  return runChecks(commentContext(scenario, comment, answer, resources));
}

function criterionScore(criterion: Criterion, comments: CommentScore[], passScore: number): CriterionScore {
  const results = comments.flatMap(({ comment, checks }) => checks.filter((check) => check.criterion === criterion).map((check) => ({ comment, check })));
  const passed = results.filter(({ check }) => check.passed).length;
  const evaluated = results.length;
  const criticalFailures = results.filter(({ check }) => check.critical).map(({ comment, check }) => ({ comment, check: check.id }));
  // Nothing evaluated (no text written at all) earns nothing.
  const ratio = evaluated === 0 ? 0 : passed / evaluated;
  return {
    score: Math.round(ratio * 100) / 100,
    verdict: ratio >= passScore && criticalFailures.length === 0 && evaluated > 0 ? 'met' : 'not_met',
    passed,
    evaluated,
    critical_failures: criticalFailures,
  };
}

/**
 * Scores a candidate's answers to a scenario against Cr7.1 and Cr7.2 (docs/score.md). Pure and
 * deterministic: the same inputs always give the same result. A comment without an answer counts
 * as « no action ». Answers to unknown comments are the parser's business and are ignored here.
 */
export function score(scenario: Scenario, answers: readonly Answer[], resources: ScoringResources): Score {
  const byComment = new Map(answers.map((answer) => [answer.comment, answer]));
  const { pass_score: passScore, written_answer_share: minShare } = resources.rubric.criteria;
  const writtenAnswers: WrittenAnswers = { given: 0, required: 0, min_share: minShare };
  const comments = scenario.comments.map((comment) => {
    const answer = byComment.get(comment.id);
    const context = commentContext(scenario, comment, answer ?? unansweredAnswer(comment.id), resources);
    if (needsWrittenAnswer(comment)) {
      writtenAnswers.required += 1;
      if (hasWrittenAnswer(context.texts, resources.rubric.reply_present.min_words)) writtenAnswers.given += 1;
    }
    return { comment: comment.id, answered: answer !== undefined, checks: runChecks(context) };
  });
  const cr72 = criterionScore('Cr7.2', comments, passScore);
  // One excellent reply among skipped ones does not meet Cr7.2, whatever its checks' score.
  const enoughWritten = writtenAnswers.required === 0 || writtenAnswers.given / writtenAnswers.required >= minShare;
  return {
    scenario: scenario.id,
    criteria: {
      'Cr7.1': criterionScore('Cr7.1', comments, passScore),
      'Cr7.2': { ...cr72, verdict: enoughWritten ? cr72.verdict : 'not_met', written_answers: writtenAnswers },
    },
    comments,
  };
}
