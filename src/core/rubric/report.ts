import type { Scenario } from '../scenario/schema.js';
import { CATEGORY_LABELS, checkLabel, checkList, commentName, excerpt, NETWORK_LABELS, verdictLabel } from './labels.js';
import type { CommentScore, CriterionScore, Score, WrittenAnswers } from './score.js';
import type { Criterion } from './types.js';

const CRITERION_TITLES: Record<Criterion, string> = {
  'Cr7.1': 'identifier et justifier les commentaires à modérer',
  'Cr7.2': 'rédiger les réponses selon la charte',
};

function percent(value: number): string {
  return `${Math.round(value * 100)} %`;
}

/**
 * One comment's feedback: failed checks in full with their evidence, passed ones in one line.
 * Comments by their position and author, checks by their French names: ids stay in the JSON.
 */
export function renderCommentFeedback(scenario: Scenario, result: CommentScore): string[] {
  const index = scenario.comments.findIndex((candidate) => candidate.id === result.comment);
  const comment = scenario.comments[index];
  const lines: string[] = [];
  const heading = comment
    ? `Commentaire ${index + 1}/${scenario.comments.length} — ${comment.author} (${CATEGORY_LABELS[comment.category]}) : « ${excerpt(comment.text, 70)} »`
    : 'Commentaire inconnu';
  lines.push(result.answered ? heading : `${heading} — sans réponse`);
  for (const check of result.checks.filter((candidate) => !candidate.passed)) {
    const evidence = check.evidence ? ` [${check.evidence}]` : '';
    lines.push(`  ✗ ${checkLabel(check.id)}${check.critical ? ' (critique)' : ''} : ${check.message}${evidence}`);
  }
  const passed = result.checks.filter((candidate) => candidate.passed).map((candidate) => candidate.id);
  if (passed.length > 0) lines.push(`  ✓ ${checkList(passed)}`);
  return lines;
}

/** « commentaire 5 (Julie) : Détection », for each critical failure. */
export function criticalFailureList(scenario: Scenario, failures: CriterionScore['critical_failures']): string {
  return failures.map((failure) => `${commentName(scenario.comments, failure.comment)} : ${checkLabel(failure.check)}`).join(', ');
}

export function renderCriterion(criterion: Criterion, result: CriterionScore, scenario: Scenario): string {
  const verdict = verdictLabel(result.verdict);
  const critical = result.critical_failures.length > 0 ? ` — échec critique : ${criticalFailureList(scenario, result.critical_failures)}` : '';
  return `${criterion} (${CRITERION_TITLES[criterion]}) : ${percent(result.score)} (${result.passed}/${result.evaluated} vérifications) — ${verdict}${critical}`;
}

/** « Réponses écrites : 4 sur 7 commentaires qui en demandent une (75 % attendus) ». */
export function writtenAnswersNote({ given, required, min_share: minShare }: WrittenAnswers): string {
  const comments = required > 1 ? 'commentaires qui en demandent une' : 'commentaire qui en demande une';
  return `Réponses écrites : ${given} sur ${required} ${comments} (${percent(minShare)} attendus)`;
}

/** What a criterion's line does not say: for Cr7.2, how many written answers were given. */
export function criterionNotes(result: CriterionScore): string[] {
  return result.written_answers && result.written_answers.required > 0 ? [writtenAnswersNote(result.written_answers)] : [];
}

/** The whole report a candidate reads after a drill or a `score` run. */
export function renderReport(scenario: Scenario, score: Score): string {
  const lines = [`Scénario « ${scenario.title} » (${NETWORK_LABELS[scenario.network]}, ${scenario.brand.name})`, ''];
  for (const comment of score.comments) lines.push(...renderCommentFeedback(scenario, comment), '');
  for (const criterion of ['Cr7.1', 'Cr7.2'] as const) {
    lines.push(renderCriterion(criterion, score.criteria[criterion], scenario), ...criterionNotes(score.criteria[criterion]).map((note) => `  ${note}`));
  }
  return lines.join('\n');
}
