import { actionList, CATEGORY_LABELS } from '../labels.js';
import type { Check } from '../types.js';

/** Cr7.1: no forbidden action, and at least one expected action where an action is needed. */
export const action: Check = {
  id: 'action',
  criterion: 'Cr7.1',
  applies: () => true,
  run({ comment, answer }) {
    const forbidden = answer.actions.filter((chosen) => comment.actions.forbidden.includes(chosen));
    if (forbidden.length > 0) {
      return {
        passed: false,
        message: `Action à proscrire pour ce commentaire (${CATEGORY_LABELS[comment.category]}) : ${actionList(forbidden)}.`,
        evidence: actionList(forbidden),
      };
    }
    if (comment.needs_action && !answer.actions.some((chosen) => comment.actions.expected.includes(chosen))) {
      return {
        passed: false,
        message: `Aucune des actions attendues n'a été choisie ; il fallait au moins l'une de : ${actionList(comment.actions.expected)}.`,
        evidence: actionList(answer.actions),
      };
    }
    return { passed: true, message: `Action adaptée : ${actionList(answer.actions)}.` };
  },
};
