import { actionList, CATEGORY_LABELS, excerpt } from '../labels.js';
import type { Check } from '../types.js';

/** Cr7.1: did the candidate see whether this comment needs a moderation action? */
export const detection: Check = {
  id: 'detection',
  criterion: 'Cr7.1',
  applies: () => true,
  run({ comment, answer }) {
    const category = CATEGORY_LABELS[comment.category];
    if (answer.needs_action === comment.needs_action) {
      return {
        passed: true,
        message: comment.needs_action
          ? `Bien vu : ce commentaire (${category}) demande une action de modération.`
          : `Bien vu : ce commentaire (${category}) ne demande pas d'action.`,
      };
    }
    if (comment.needs_action) {
      return {
        passed: false,
        message: `Ce commentaire (${category}) demande une action de modération ; vous l'avez laissé sans action.`,
        evidence: excerpt(comment.text),
      };
    }
    return {
      passed: false,
      message: `Ce commentaire (${category}) ne demande pas d'action de modération ; intervenir n'était pas nécessaire.`,
      evidence: actionList(answer.actions),
    };
  },
};
