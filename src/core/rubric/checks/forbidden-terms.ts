import { findFirstTerm } from '../../text/match.js';
import type { Check } from '../types.js';
import { hasText, overTexts } from './over-texts.js';

/** Cr7.2: no term the charter forbids and no phrase this comment's reply must avoid. */
export const forbiddenTerms: Check = {
  id: 'forbidden_terms',
  criterion: 'Cr7.2',
  applies: hasText,
  run(context) {
    const charterTerms = context.scenario.charter.forbidden_terms;
    const avoided = context.comment.reply?.must_avoid ?? [];
    return overTexts(
      context,
      ({ text, label }) => {
        const banned = findFirstTerm(text, charterTerms);
        if (banned) return { message: `« ${banned.term} » est proscrit par la charte (${label}).`, evidence: banned.text };
        const avoid = findFirstTerm(text, avoided);
        if (avoid) return { message: `« ${avoid.term} » est à éviter dans la réponse à ce commentaire (${label}) : promesse non décidée, formule qui envenime ou information à ne pas répéter.`, evidence: avoid.text };
        return undefined;
      },
      'Aucun terme proscrit par la charte.',
    );
  },
};
