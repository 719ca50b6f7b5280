import { INCIVILITY_LABELS } from '../../text/civility.js';
import type { Check } from '../types.js';
import { hasText, overTexts } from './over-texts.js';

/** Cr7.2 (critical): no insult, profanity, mockery or aggressive marker. */
export const civility: Check = {
  id: 'civility',
  criterion: 'Cr7.2',
  applies: hasText,
  run(context) {
    const detector = context.resources.civility;
    return overTexts(
      context,
      ({ text, label }) => {
        const finding = detector.find(text)[0];
        if (!finding) return undefined;
        return { message: `Ton inapproprié : ${INCIVILITY_LABELS[finding.kind]} dans ${label}. Restez factuel et courtois, même face à un commentaire agressif.`, evidence: finding.evidence };
      },
      'Ton courtois, sans agressivité.',
    );
  },
};
