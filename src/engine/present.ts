import { criterionNotes } from '../core/rubric/report.js';
import type { CommentScore, CriterionScore, Score } from '../core/rubric/score.js';
import { ACTION_LABELS, CATEGORY_LABELS, commentName, NETWORK_LABELS } from '../core/rubric/labels.js';
import type { CheckResult, Criterion } from '../core/rubric/types.js';
import { ACTIONS, type Scenario, type ScenarioComment } from '../core/scenario/schema.js';
import type { View } from './views.js';

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

function commentFeedback(scenario: Scenario, result: CommentScore | { comment: string; answered: boolean; checks: CheckResult[] }) {
  const comment = scenario.comments.find((candidate) => candidate.id === result.comment);
  const heading = comment ? `${commentHeading(scenario, comment)} (${CATEGORY_LABELS[comment.category]})` : 'Commentaire inconnu';
  return { comment: result.comment, heading, name: commentName(scenario.comments, result.comment), answered: result.answered, checks: result.checks };
}

export function commentFeedbackView(scenario: Scenario, commentId: string, checks: CheckResult[]): View {
  return { kind: 'feedback', title: 'Retour sur ce commentaire', comments: [commentFeedback(scenario, { comment: commentId, answered: true, checks })] };
}

function criterionView(id: Criterion, title: string, result: CriterionScore) {
  const notes = criterionNotes(result);
  return { id, title, result, ...(notes.length > 0 ? { notes } : {}) };
}

export function scoreView(scenario: Scenario, score: Score): View {
  return {
    kind: 'feedback',
    title: `Résultats — ${scenario.title}`,
    comments: score.comments.map((result) => commentFeedback(scenario, result)),
    criteria: [
      criterionView('Cr7.1', 'Identifier et justifier les commentaires à modérer', score.criteria['Cr7.1']),
      criterionView('Cr7.2', 'Rédiger les réponses selon la charte', score.criteria['Cr7.2']),
    ],
  };
}
