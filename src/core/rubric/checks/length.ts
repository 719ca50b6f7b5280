import { NETWORK_LABELS } from '../labels.js';
import type { Check } from '../types.js';

const graphemes = new Intl.Segmenter('fr', { granularity: 'grapheme' });

/** Characters as the reader sees them: an emoji or an accented letter counts once. */
export function graphemeCount(text: string): number {
  // Without combining marks, joiners, variation selectors, surrogates or CR, each unit is a grapheme:
  // the segmenter (slow) is needed only for the rest.
  if (!/[\p{M}\u200d\ufe0f\ud800-\udfff\r]/u.test(text)) return text.length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count += 1;
  return count;
}

/** Cr7.2: the public reply fits the network's comment limit. */
export const length: Check = {
  id: 'length',
  criterion: 'Cr7.2',
  applies: ({ reply }) => reply !== undefined,
  run({ reply, scenario, resources }) {
    const limit = resources.rubric.length_limits[scenario.network];
    const count = graphemeCount(reply?.text.source ?? '');
    const network = NETWORK_LABELS[scenario.network];
    if (count <= limit) return { passed: true, message: `Longueur adaptée à ${network} (${count}/${limit} caractères).` };
    return { passed: false, message: `Réponse trop longue pour ${network} : ${count} caractères pour ${limit} au plus.`, evidence: `${count} caractères` };
  },
};
