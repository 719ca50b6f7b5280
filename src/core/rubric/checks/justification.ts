import { AnalysedText, findFirstTerm } from '../../text/match.js';
import { excerpt } from '../labels.js';
import type { Check } from '../types.js';

/** Cr7.1: a needed action is argued in at least N words that name the problem. */
export const justification: Check = {
  id: 'justification',
  criterion: 'Cr7.1',
  applies: ({ answer }) => answer.needs_action,
  run({ comment, answer, resources }) {
    const text = answer.justification ?? '';
    const minimum = resources.rubric.justification.min_words;
    const analysed = new AnalysedText(text);
    const words = analysed.words;
    if (words === 0) {
      return { passed: false, message: `Justification absente : nommez le problème et argumentez l'action (au moins ${minimum} mots).` };
    }
    if (words < minimum) {
      return { passed: false, message: `Justification trop courte (${words} mot${words > 1 ? 's' : ''}) : au moins ${minimum} mots sont attendus.`, evidence: excerpt(text) };
    }
    const vocabulary = [...comment.reasons, ...resources.lexicons.reasons[comment.category]];
    const named = findFirstTerm(analysed, vocabulary);
    if (!named) {
      const examples = vocabulary.slice(0, 3).map((word) => `« ${word} »`).join(', ');
      return { passed: false, message: `La justification ne nomme pas le problème du commentaire (par exemple ${examples}).`, evidence: excerpt(text) };
    }
    return { passed: true, message: `Justification argumentée : « ${named.text} » nomme le problème.` };
  },
};
