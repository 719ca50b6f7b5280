import type { Action, Scenario } from '../scenario/schema.js';
import { NETWORK_LABELS } from './labels.js';
import type { Rubric } from './types.js';

/**
 * The rules the scorer applies to the texts of one comment, in French, shown beside the texts
 * before the candidate writes them: what would fail is said before, not only after.
 */
export function writingRules(scenario: Scenario, rubric: Pick<Rubric, 'length_limits' | 'emoji_limits'>, actions: readonly Action[]): string[] {
  const { charter } = scenario;
  const replying = actions.includes('reply');
  const writing = replying || actions.includes('private_message');
  if (!writing) return [];
  const rules: string[] = [];
  if (replying) rules.push(`Réponse publique : ${rubric.length_limits[scenario.network].toLocaleString('fr-FR')} caractères au plus sur ${NETWORK_LABELS[scenario.network]}.`);
  rules.push(charter.register === 'vous' ? 'Registre : vouvoiement (« vous »), dans chaque texte.' : 'Registre : tutoiement (« tu »), dans chaque texte.');
  const emoji = rubric.emoji_limits[charter.emoji];
  rules.push(emoji === null ? 'Emoji : libres.' : emoji === 0 ? 'Emoji : aucun.' : `Emoji : ${emoji} au plus par texte.`);
  if (replying && charter.signature) rules.push(`Signature de la réponse publique : « ${charter.signature} ».`);
  if (charter.forbidden_terms.length > 0) rules.push(`Termes à ne pas employer : ${charter.forbidden_terms.map((term) => `« ${term} »`).join(', ')}.`);
  rules.push('Chiffres, prix, dates et horaires : seulement ceux des faits de la charte, de la publication et du commentaire.');
  return rules;
}
