import { criterionNotes } from '../core/rubric/report.js';
import type { CommentScore, CriterionScore, Score } from '../core/rubric/score.js';
import { ACTION_LABELS, CATEGORY_LABELS, commentName, NETWORK_LABELS } from '../core/rubric/labels.js';
import type { CheckResult, Criterion } from '../core/rubric/types.js';
import { ACTIONS, type Scenario, type ScenarioComment } from '../core/scenario/schema.js';
import type { CommentFeedbackView, ModelAnswerView, View } from './views.js';

/** How the engine shows a scenario, a comment and feedback, whatever the platform. */

const EMOJI_POLICY = { none: 'aucun emoji', sparing: 'un emoji au plus par texte', free: 'emoji libres' } as const;

export function caseView(scenario: Scenario, deadline?: number): View {
  const { brand, charter, post } = scenario;
  const contact = [
    charter.contact.private_message ? 'messages privés' : undefined,
    charter.contact.email,
    charter.contact.phone,
    charter.contact.url,
  ].filter(Boolean);
  return {
    kind: 'case',
    title: `${scenario.title} — ${brand.name} (${NETWORK_LABELS[scenario.network]})`,
    sections: [
      { heading: 'La marque', lines: [`${brand.name} · ${brand.sector}`, brand.description] },
      {
        heading: 'La charte éditoriale',
        lines: [
          `Registre : ${charter.register === 'vous' ? 'vouvoiement' : 'tutoiement'} · ton : ${charter.tone.join(', ') || '—'} · ${EMOJI_POLICY[charter.emoji]}`,
          ...(charter.signature ? [`Signature des réponses publiques : « ${charter.signature} »`] : ['Pas de signature']),
          ...(charter.preferred_terms.length > 0 ? [`À privilégier : ${charter.preferred_terms.join(', ')}`] : []),
          ...(charter.forbidden_terms.length > 0 ? [`À proscrire : ${charter.forbidden_terms.join(', ')}`] : []),
          ...charter.facts.map((fact) => `• ${fact.text}`),
          ...(contact.length > 0 ? [`Contact : ${contact.join(' · ')}`] : []),
        ],
      },
      { heading: `La publication de ${post.author}`, lines: [post.text, ...(post.media ? [`[Visuel : ${post.media}]`] : [])] },
    ],
    ...(deadline !== undefined ? { deadline } : {}),
  };
}

/** The comment as the learner reads it under a question that already says its position. */
export function commentQuote(comment: ScenarioComment): string {
  return `${comment.author} : « ${comment.text} »`;
}

export function commentHeading(scenario: Scenario, comment: ScenarioComment): string {
  const index = scenario.comments.indexOf(comment) + 1;
  return `Commentaire ${index}/${scenario.comments.length} — ${commentQuote(comment)}`;
}

export function actionChoices(): Array<{ value: string; label: string }> {
  return ACTIONS.filter((action) => action !== 'none').map((action) => ({ value: action, label: ACTION_LABELS[action] }));
}

/** A comment's model answer as people read it; undefined when the case gives none (a trainer's case may not). */
export function modelAnswerView(comment: ScenarioComment | undefined): ModelAnswerView | undefined {
  const model = comment?.model;
  if (!model) return undefined;
  return {
    actions: model.actions.map((action) => ACTION_LABELS[action]),
    justification: model.justification,
    ...(model.reply !== undefined ? { reply: model.reply } : {}),
    ...(model.private_message !== undefined ? { privateMessage: model.private_message } : {}),
  };
}

function commentFeedback(scenario: Scenario, result: CommentScore | { comment: string; answered: boolean; checks: CheckResult[] }, withModel: boolean): CommentFeedbackView {
  const comment = scenario.comments.find((candidate) => candidate.id === result.comment);
  const heading = comment ? `${commentHeading(scenario, comment)} (${CATEGORY_LABELS[comment.category]})` : 'Commentaire inconnu';
  const model = withModel ? modelAnswerView(comment) : undefined;
  return { comment: result.comment, heading, name: commentName(scenario.comments, result.comment), answered: result.answered, checks: result.checks, ...(model ? { model } : {}) };
}

/**
 * A comment's feedback in practice, with its model answer; `first` (the first attempt's checks)
 * makes it a second attempt's feedback, which says what changed.
 */
export function commentFeedbackView(scenario: Scenario, commentId: string, checks: CheckResult[], first?: CheckResult[]): View {
  const view = commentFeedback(scenario, { comment: commentId, answered: true, checks }, true);
  if (!first) return { kind: 'feedback', title: 'Retour sur ce commentaire', comments: [view] };
  const before = new Map(first.map((check) => [check.id, check.passed]));
  const improved = checks.filter((check) => check.passed && before.get(check.id) === false).map((check) => check.id);
  const worsened = checks.filter((check) => !check.passed && before.get(check.id) === true).map((check) => check.id);
  return { kind: 'feedback', title: 'Retour sur ce commentaire — 2e essai', comments: [{ ...view, attempt: { number: 2, improved, worsened } }] };
}

function criterionView(id: Criterion, title: string, result: CriterionScore) {
  const notes = criterionNotes(result);
  return { id, title, result, ...(notes.length > 0 ? { notes } : {}) };
}

/** The results of a drill; `withModels`: each comment's model answer beside its feedback (the exam's review, feedback read again). */
export function scoreView(scenario: Scenario, score: Score, withModels = false): View {
  return {
    kind: 'feedback',
    title: `Résultats — ${scenario.title}`,
    comments: score.comments.map((result) => commentFeedback(scenario, result, withModels)),
    criteria: [
      criterionView('Cr7.1', 'Identifier et justifier les commentaires à modérer', score.criteria['Cr7.1']),
      criterionView('Cr7.2', 'Rédiger les réponses selon la charte', score.criteria['Cr7.2']),
    ],
  };
}

/** « Réponse modèle : … » as lines: the actions, the justification, then each text the model writes. */
export function modelAnswerLines(model: ModelAnswerView): string[] {
  return [
    `Réponse modèle — actions : ${model.actions.join(', ')}`,
    `Justification : ${model.justification}`,
    ...(model.reply !== undefined ? [`Réponse : ${model.reply}`] : []),
    ...(model.privateMessage !== undefined ? [`Message privé : ${model.privateMessage}`] : []),
  ];
}

/**
 * The model answers of a case for trainers (a cohort drill's results and report), comment by
 * comment; undefined when the case has none.
 */
export function modelAnswersNotice(scenario: Scenario): View | undefined {
  const lines = scenario.comments.flatMap((comment, index) => {
    const model = modelAnswerView(comment);
    if (!model) return [];
    return ['', `Commentaire ${index + 1} (${comment.author}) — ${CATEGORY_LABELS[comment.category]}`, ...modelAnswerLines(model).map((line) => `  ${line}`)];
  });
  if (lines.length === 0) return undefined;
  return { kind: 'notice', tone: 'info', text: [`Réponses modèles — « ${scenario.title} »`, ...lines].join('\n') };
}
