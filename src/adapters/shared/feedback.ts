import { checkLabel, verdictLabel } from '../../core/rubric/labels.js';
import type { CheckId } from '../../core/rubric/types.js';
import { modelAnswerLines } from '../../engine/present.js';
import type { View } from '../../engine/views.js';

type Feedback = Extract<View, { kind: 'feedback' }>;

/**
 * How a platform marks up the feedback. Every hook gets raw text: what the engine wrote goes through
 * `text`, the learner's own words through `quote`, so each platform makes both safe its own way
 * (Slack escapes `&`, `<` and `>`, Discord escapes the learner's markdown).
 */
export interface FeedbackMarkup {
  /** Words the engine wrote: a check's message, a heading, a criterion's title or note. */
  text(text: string): string;
  /** Emphasis around text already made safe: a check's name, a verdict. */
  strong(text: string): string;
  /** The learner's words quoted as evidence: never read as markup, a link or a mention. */
  quote(text: string): string;
  /** A check as the platform names it; default: its French name (« Détection »), never its id. */
  checkName?(id: CheckId): string;
  /** Colours for what failed and what passed; default: none. */
  failed?(text: string): string;
  passed?(text: string): string;
}

export interface CommentText {
  /** The comment's heading (« Commentaire 2/8 — @julie »), made safe. */
  heading: string;
  answered: boolean;
  /**
   * Each failed check with its message (« (critique) » when it alone fails the criterion) and the
   * evidence on the line under it, then the passed checks together on one line.
   */
  lines: string[];
  /** The worst of its checks, for platforms that colour it. */
  outcome: 'critical' | 'failed' | 'passed';
  /** A second attempt: « 2e essai : mieux sur … », made safe; absent for a first attempt. */
  attempt?: string;
  /** The model answer, one line each (« Réponse modèle — actions : … », « Justification : … »…), made safe; empty when the case has none. */
  model: string[];
}

export interface CriterionText {
  /** « Cr7.1 — Identifier et justifier », made safe. */
  heading: string;
  /** « 80 % (8/10) — atteint », then the critical failures and the notes, each on a line of its own. */
  result: string;
  met: boolean;
}

const plain = (text: string) => text;

/** « 2e essai : réussi cette fois : Registre, Signature ; moins bien : Longueur », or « aucun changement ». */
function attemptText(improved: string[], worsened: string[]): string {
  const parts = [
    ...(improved.length > 0 ? [`réussi cette fois : ${improved.join(', ')}`] : []),
    ...(worsened.length > 0 ? [`moins bien qu’au 1er essai : ${worsened.join(', ')}`] : []),
  ];
  return `2e essai (le seul possible pour ce commentaire) : ${parts.length > 0 ? parts.join(' ; ') : 'aucune vérification ne change'}.`;
}

/** « 80 % », the sign held to its figure by a non-breaking space. */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}\u00a0%`;
}

/**
 * A feedback view as text, the same on every platform: what failed and why, what passed, each
 * criterion's result. Checks by their French names (« Détection »), comments by their position
 * and author (« commentaire 5 (Julie) »): no id reaches the learner.
 */
export function feedbackText(view: Feedback, markup: FeedbackMarkup): { comments: CommentText[]; criteria: CriterionText[] } {
  const label = (id: CheckId) => markup.text(markup.checkName?.(id) ?? checkLabel(id));
  const name = (id: CheckId) => markup.strong(label(id));
  const commentName = (id: string) => view.comments.find((comment) => comment.comment === id)?.name ?? 'un commentaire';
  const failed = markup.failed ?? plain;
  const passed = markup.passed ?? plain;
  const comments = view.comments.map((comment): CommentText => {
    const failures = comment.checks.filter((check) => !check.passed);
    const successes = comment.checks.filter((check) => check.passed);
    const lines = [
      ...failures.map((check) => `${failed('✗')} ${name(check.id)}${check.critical ? failed(' (critique)') : ''} : ${markup.text(check.message)}${check.evidence ? `\n  › ${markup.quote(check.evidence)}` : ''}`),
      ...(successes.length > 0 ? [`${passed('✓')} ${successes.map((check) => label(check.id)).join(', ')}`] : []),
    ];
    const outcome = failures.some((check) => check.critical) ? 'critical' : failures.length > 0 ? 'failed' : 'passed';
    const attempt = comment.attempt ? attemptText(comment.attempt.improved.map(label), comment.attempt.worsened.map(label)) : undefined;
    const model = comment.model ? modelAnswerLines(comment.model).map((line) => markup.text(line)) : [];
    return { heading: markup.text(comment.heading), answered: comment.answered, lines, outcome, ...(attempt ? { attempt } : {}), model };
  });
  const criteria = (view.criteria ?? []).map(({ id, title, result, notes }): CriterionText => {
    const met = result.verdict === 'met';
    const critical = result.critical_failures.length > 0 ? `\nÉchec critique : ${result.critical_failures.map((failure) => `${markup.text(commentName(failure.comment))} : ${label(failure.check)}`).join(', ')}` : '';
    const verdict = (met ? passed : failed)(markup.strong(verdictLabel(result.verdict)));
    return {
      heading: `${id} — ${markup.text(title)}`,
      result: `${percent(result.score)} (${result.passed}/${result.evaluated}) — ${verdict}${critical}${(notes ?? []).map((note) => `\n${markup.text(note)}`).join('')}`,
      met,
    };
  });
  return { comments, criteria };
}
