import type { Action, Category, Network } from '../scenario/schema.js';
import type { DrillMode } from '../drill/types.js';
import type { CheckId } from './types.js';

/** Short French names of the checks, for charts and tables trainers read. */
export const CHECK_LABELS: Record<CheckId, string> = {
  detection: 'Détection',
  action: 'Choix des actions',
  justification: 'Justification',
  reply_present: 'Texte rédigé',
  register: 'Registre (tu/vous)',
  signature: 'Signature',
  forbidden_terms: 'Termes interdits',
  civility: 'Civilité',
  unsupported_facts: 'Chiffres non sourcés',
  coverage: 'Points à couvrir',
  personal_data: 'Données personnelles',
  private_redirect: 'Renvoi en privé',
  length: 'Longueur',
  emoji: 'Emoji',
  spelling: 'Orthographe',
};

/** The two drill modes, as candidates and trainers read them. */
export const MODE_LABELS: Record<DrillMode, string> = { exam: 'examen', practice: 'entraînement' };

/** A criterion's verdict (« met » or « not_met »). */
export function verdictLabel(verdict: string | null): string {
  return verdict === 'met' ? 'atteint' : 'non atteint';
}

export const ACTION_LABELS: Record<Action, string> = {
  none: 'aucune action',
  like: 'réaction (like ou emoji)',
  reply: 'réponse publique',
  private_message: 'message privé',
  hide: 'masquer',
  delete: 'supprimer',
  report: 'signaler à la plateforme',
  ban: "bloquer l'auteur",
  escalate: 'escalader en interne',
};

export const CATEGORY_LABELS: Record<Category, string> = {
  praise: 'éloge',
  question: 'question',
  complaint: 'réclamation',
  criticism: 'critique',
  suggestion: 'suggestion',
  troll: 'troll',
  spam: 'spam',
  insult: 'insulte',
  hate: 'propos haineux',
  harassment: 'harcèlement',
  personal_data: 'données personnelles',
  misinformation: 'fausse information',
  off_topic: 'hors sujet',
  crisis: 'situation de crise',
};

export const NETWORK_LABELS: Record<Network, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  x: 'X',
  tiktok: 'TikTok',
  youtube: 'YouTube',
};

export function actionList(actions: readonly Action[]): string {
  return actions.map((action) => ACTION_LABELS[action]).join(', ');
}

/** A short quote of a long text, for evidence. */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

/** A check as candidates and trainers read it (« Justification », « Texte rédigé »), never its id. */
export function checkLabel(id: string): string {
  return CHECK_LABELS[id as CheckId] ?? 'vérification';
}

/** Checks by their French names, in the order given: « Détection, Signature ». */
export function checkList(ids: readonly string[]): string {
  return ids.map(checkLabel).join(', ');
}

/**
 * A comment as people name it, by its position and author: « commentaire 5 (Julie) ». Its id
 * (« c5 ») stays in the JSON and the component ids.
 */
export function commentName(comments: ReadonlyArray<{ id: string; author: string }>, commentId: string): string {
  const index = comments.findIndex((comment) => comment.id === commentId);
  return index < 0 ? 'un commentaire' : `commentaire ${index + 1} (${comments[index]!.author})`;
}
