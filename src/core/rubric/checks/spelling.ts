import type { Check } from '../types.js';
import { hasText, overTexts } from './over-texts.js';

/** How many misspelled words get suggestions: suggestions are slow, feedback needs only a few. */
const SUGGESTED = 3;

/** Cr7.2: no misspelled word (names, mentions, hashtags, links, figures and scenario words aside). */
export const spelling: Check = {
  id: 'spelling',
  criterion: 'Cr7.2',
  applies: hasText,
  run(context) {
    const { speller } = context.resources;
    return overTexts(
      context,
      ({ text, label }) => {
        const mistakes = speller.check(text.source, context.scenarioWords);
        if (mistakes.length === 0) return undefined;
        const quoted = mistakes.map((mistake, index) => {
          const suggestions = index < SUGGESTED ? speller.suggest(mistake.word) : [];
          return suggestions.length > 0 ? `« ${mistake.word} » (${suggestions.join(', ')} ?)` : `« ${mistake.word} »`;
        });
        return {
          message: `Orthographe à corriger dans ${label} : ${quoted.join(', ')}.`,
          evidence: mistakes.map((mistake) => mistake.word).join(', '),
        };
      },
      'Aucune faute d’orthographe relevée.',
    );
  },
};
