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
