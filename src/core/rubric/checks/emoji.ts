import type { Check } from '../types.js';
import { hasText, overTexts } from './over-texts.js';

const EMOJI = /\p{RGI_Emoji}/gv;

export function findEmoji(text: string): string[] {
  return text.match(EMOJI) ?? [];
}

/** Cr7.2: the charter's emoji policy (none, at most one, free) holds in every text. */
export const emoji: Check = {
  id: 'emoji',
  criterion: 'Cr7.2',
  applies: hasText,
  run(context) {
    const policy = context.scenario.charter.emoji;
    const limit = context.resources.rubric.emoji_limits[policy];
    const rule = limit === 0 ? "La charte n'autorise aucun emoji" : `La charte autorise au plus ${limit} emoji par texte`;
    return overTexts(
      context,
      ({ text, label }) => {
        if (limit === null) return undefined;
        const found = findEmoji(text.source);
        if (found.length <= limit) return undefined;
        return { message: `${rule} ; ${found.length} dans ${label}.`, evidence: found.join(' ') };
      },
      limit === null ? 'Emoji libres selon la charte.' : `Politique d'emoji de la charte respectée (${limit === 0 ? 'aucun' : `au plus ${limit}`}).`,
    );
  },
};
