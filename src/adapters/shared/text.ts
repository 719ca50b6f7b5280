/**
 * Text as both chat platforms cut it: a text the learner must read is split into as many pieces as
 * a platform's limit asks (never losing a word), a label is shortened with an ellipsis.
 */

/** The mark before a notice, by tone, where a platform shows notices as text. */
export const TONE_MARKS = { info: 'ℹ️', success: '✅', warning: '⚠️', error: '⛔' } as const;

/** The button that opens a form (the learner's texts, a calendar, a document to check). */
export const OPEN_FORM_LABEL = 'Rédiger mes textes';

/** For labels only (a button, a menu option, a title): a text the learner must read is split, never cut. */
export function cut(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/**
 * Splits a text into pieces of at most `limit` characters without losing any of it: at line breaks
 * where possible, else between words, else (a single word longer than the limit) between characters.
 * Only the whitespace where a piece ends goes. An empty text is one empty piece.
 */
export function splitText(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let current = '';
  const add = (part: string, separator: string): void => {
    if (current === '') current = part;
    else if (current.length + separator.length + part.length <= limit) current = `${current}${separator}${part}`;
    else {
      pieces.push(current);
      current = part;
    }
  };
  for (const line of text.split('\n')) {
    if (line.length <= limit) {
      add(line, '\n');
      continue;
    }
    // A line longer than a whole piece: word by word, the first word still after a line break.
    let separator = '\n';
    for (const word of line.split(' ')) {
      if (word.length <= limit) add(word, separator);
      else {
        // Character by character (never half an emoji), the first piece still after its separator.
        let chunk = '';
        let first = true;
        for (const character of word) {
          if (chunk.length + character.length > limit) {
            add(chunk, first ? separator : '');
            chunk = '';
            first = false;
          }
          chunk += character;
        }
        add(chunk, first ? separator : '');
      }
      separator = ' ';
    }
  }
  if (current !== '' || pieces.length === 0) pieces.push(current);
  return pieces;
}
