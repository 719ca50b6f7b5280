import type { Check } from '../types.js';
import { hasText, overTexts } from './over-texts.js';

/**
 * Cr7.2: no misspelled word (names, mentions, hashtags, links, figures and scenario words aside).
 * No suggestions here: Hunspell takes a quarter of a second per word to suggest, far too slow for
 * feedback that must come at once; the quoted word is enough to find the fault.
 */
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
        const words = mistakes.map((mistake) => mistake.word);
        return {
          message: `Orthographe à vérifier dans ${label} : ${words.map((word) => `« ${word} »`).join(', ')} (mot absent du dictionnaire).`,
          evidence: words.join(', '),
        };
      },
      'Aucune faute d’orthographe relevée.',
    );
  },
};
