import type { Answer } from '../answers/schema.js';
import type { Scenario } from './schema.js';

/** A scenario that validates but leaves some comments without a model answer: worth a warning, not a refusal. */
export interface ScenarioWarning {
  file: string;
  /** The ids of the comments without `model`, in the scenario's order. */
  comments: string[];
  message: string;
}

/** The comments of a scenario that have no model answer. */
export function commentsWithoutModel(scenario: Scenario): string[] {
  return scenario.comments.filter((comment) => comment.model === undefined).map((comment) => comment.id);
}

/** « 3 commentaires sans réponse modèle (c2, c5, c7) », or nothing when every comment has one. */
export function missingModelsWarning(file: string, scenario: Scenario): ScenarioWarning | undefined {
  const comments = commentsWithoutModel(scenario);
  if (comments.length === 0) return undefined;
  const count = comments.length > 1 ? `${comments.length} commentaires` : '1 commentaire';
  return {
    file,
    comments,
    message: `${count} sans réponse modèle (${comments.join(', ')}) ; conseillé : une réponse modèle (clé model) pour chacun, voir docs/scenarios.md`,
  };
}

/** One line per warning on stderr: `file : message`. */
export function formatWarning(warning: ScenarioWarning): string {
  return `${warning.file} : ${warning.message}`;
}

/**
 * The model answers of a scenario as an answer file's answers (docs/answers.md): `needs_action`
 * from the comment, the rest from its model. Comments without a model are left out, as a
 * candidate's unanswered comments are.
 */
export function modelAnswers(scenario: Scenario): Answer[] {
  return scenario.comments.flatMap(({ id, needs_action, model }) => {
    if (!model) return [];
    const answer: Answer = { comment: id, needs_action, actions: [...model.actions], justification: model.justification };
    if (model.reply !== undefined) answer.reply = model.reply;
    if (model.private_message !== undefined) answer.private_message = model.private_message;
    return [answer];
  });
}
