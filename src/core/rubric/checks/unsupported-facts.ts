import { unsupportedFigures } from '../../text/figures.js';
import type { Check } from '../types.js';
import { hasText, overTexts } from './over-texts.js';
import { factSources } from './sources.js';

/** Cr7.2: every figure comes from the charter, the post or the comment: nothing is invented. */
export const unsupportedFacts: Check = {
  id: 'unsupported_facts',
  criterion: 'Cr7.2',
  applies: hasText,
  run(context) {
    const sources = factSources(context);
    return overTexts(
      context,
      ({ text, label }) => {
        const invented = unsupportedFigures(text.source, sources);
        if (invented.length === 0) return undefined;
        const quoted = invented.map((figure) => `« ${figure.raw} »`).join(', ');
        return {
          message: `Chiffre absent de la charte, de la publication et du commentaire dans ${label} : ${quoted}. N'avancez que des informations vérifiées.`,
          evidence: invented.map((figure) => figure.raw).join(', '),
        };
      },
      'Aucun chiffre inventé : tout vient de la charte, de la publication ou du commentaire.',
    );
  },
};
