import { adviceFor, classOf } from '../../text/civility.js';
import type { Check } from '../types.js';
import { hasText, overTexts } from './over-texts.js';

/**
 * Cr7.2 (critical): no threat, hateful generalisation, slur, insult, profanity, mockery, blame or
 * condescension, shouting or « !!! ». Laughter and ironic praise count as mockery in a reply to a
 * hostile comment (complaint, criticism, troll…), so the check passes the answered comment's category.
 */
export const civility: Check = {
  id: 'civility',
  criterion: 'Cr7.2',
  applies: hasText,
  run(context) {
    const detector = context.resources.civility;
    return overTexts(
      context,
      ({ text, label }) => {
        const finding = detector.find(text, { replyTo: context.comment.category })[0];
        if (!finding) return undefined;
        return { message: `Ton inapproprié (${classOf(finding)}) dans ${label} : « ${finding.evidence} ». ${adviceFor(finding)}`, evidence: finding.evidence };
      },
      'Ton courtois, sans agressivité.',
    );
  },
};
