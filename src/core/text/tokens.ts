import { fold } from './fold.js';

export interface Token {
  /** As written, for quoting evidence. */
  text: string;
  /** Folded (see fold()), for matching. */
  folded: string;
  /** Offsets in the original text. */
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('fr', { granularity: 'word' });

/**
 * Word tokens of a French text. Elisions are split after the apostrophe (« l'équipe » → « l' »,
 * « équipe ») so that « équipe » is found inside « l'équipe » and « t' » is seen as a pronoun;
 * hyphenated words come apart (« rendez-vous » → « rendez », « vous »), as the segmenter does.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const segment of segmenter.segment(text)) {
    if (!segment.isWordLike) continue;
    let start = segment.index;
    // Split after every apostrophe that has a letter after it; offsets stay those of the original.
    for (const part of segment.segment.split(/(?<=['’ʼ‘`´])(?=\p{L})/u)) {
      tokens.push({ text: part, folded: fold(part), start, end: start + part.length });
      start += part.length;
    }
  }
  return tokens;
}
