import type { Scenario } from '../scenario/schema.js';
import { CATEGORY_LABELS, excerpt, NETWORK_LABELS, verdictLabel } from './labels.js';
import type { CommentScore, CriterionScore, Score, WrittenAnswers } from './score.js';
import type { Criterion } from './types.js';

const CRITERION_TITLES: Record<Criterion, string> = {
  'Cr7.1': 'identifier et justifier les commentaires à modérer',
  'Cr7.2': 'rédiger les réponses selon la charte',
};

function percent(value: number): string {
  return `${Math.round(value * 100)} %`;
}

/** One comment's feedback: failed checks in full with their evidence, passed ones in one line. */
export function renderCommentFeedback(scenario: Scenario, result: CommentScore): string[] {
  const comment = scenario.comments.find((candidate) => candidate.id === result.comment);
  const lines: string[] = [];
  const heading = comment ? `${result.comment} — ${comment.author} (${CATEGORY_LABELS[comment.category]}) : « ${excerpt(comment.text, 70)} »` : result.comment;
  lines.push(result.answered ? heading : `${heading} — sans réponse`);
  for (const check of result.checks.filter((candidate) => !candidate.passed)) {
    const evidence = check.evidence ? ` [${check.evidence}]` : '';
    lines.push(`  ✗ ${check.id}${check.critical ? ' (critique)' : ''} : ${check.message}${evidence}`);
  }
  const passed = result.checks.filter((candidate) => candidate.passed).map((candidate) => candidate.id);
  if (passed.length > 0) lines.push(`  ✓ ${passed.join(', ')}`);
  return lines;
}

export function renderCriterion(criterion: Criterion, result: CriterionScore): string {
  const verdict = verdictLabel(result.verdict);
  const critical = result.critical_failures.length > 0
    ? ` — échec critique : ${result.critical_failures.map((failure) => `${failure.comment} ${failure.check}`).join(', ')}`
    : '';
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
  const lines = [`Scénario ${scenario.id} — ${scenario.title} (${NETWORK_LABELS[scenario.network]}, ${scenario.brand.name})`, ''];
  for (const comment of score.comments) lines.push(...renderCommentFeedback(scenario, comment), '');
  for (const criterion of ['Cr7.1', 'Cr7.2'] as const) {
    lines.push(renderCriterion(criterion, score.criteria[criterion]), ...criterionNotes(score.criteria[criterion]).map((note) => `  ${note}`));
  }
  return lines.join('\n');
}
