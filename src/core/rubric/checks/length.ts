import { NETWORK_LABELS } from '../labels.js';
import type { Check } from '../types.js';

const graphemes = new Intl.Segmenter('fr', { granularity: 'grapheme' });

/**
 * Text where every UTF-16 unit is a character of its own: tab, line feed, Latin letters with
 * precomposed accents, French punctuation and spaces (’ « » … – — narrow no-break space), €.
 * Anything else (astral emoji, flags, modifiers, joiners, combining marks, CR LF…) may join
 * several units into what a reader sees as one character.
 */
const NOT_PLAIN_BMP = /[^\t\n\u0020-\u007e\u00a0-\u024f\u2010-\u2027\u202f-\u205e\u20ac]/;

/** Characters as the reader sees them: an emoji with its modifiers, a flag or an accented letter counts once. */
export function graphemeCount(text: string): number {
  // The segmenter is slow: the plain start of the text (often all of it, or all but a closing
  // emoji) is counted by its length. Its last character is left to the segmenter, as what
  // follows may join it (a combining accent).
  const firstOther = NOT_PLAIN_BMP.exec(text)?.index;
  if (firstOther === undefined) return text.length;
  const plain = Math.max(0, firstOther - 1);
  let count = plain;
  for (const _ of graphemes.segment(text.slice(plain))) count += 1;
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
