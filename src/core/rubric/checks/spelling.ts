import type { Check } from '../types.js';
import { hasText, overTexts } from './over-texts.js';

/**
 * Cr7.2: no misspelled word (names, mentions, hashtags, links, figures and scenario words aside).
 * Each misspelled word is named with up to three corrections (« evenement » (événement ?)), or
 * alone when nothing in the dictionary is close. Suggestions are looked up only on a failure,
 * in under a millisecond per word (src/core/text/spelling-suggest.ts).
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
        const words = [...new Set(mistakes.map((mistake) => mistake.word))];
        return {
          message: `${words.length === 1 ? 'Mot' : 'Mots'} à vérifier dans ${label} : ${words.map((word) => describe(word, speller.suggest(word))).join(', ')}.`,
          evidence: words.join(', '),
        };
      },
      'Aucune faute d’orthographe relevée.',
    );
  },
};

/** « evenement » (événement ?) ; « recu » (reçu, reçus ?) ; « xqzt » alone. */
export function describe(word: string, suggestions: readonly string[]): string {
  return suggestions.length === 0 ? `« ${word} »` : `« ${word} » (${suggestions.join(', ')} ?)`;
}
