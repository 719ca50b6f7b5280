const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Characters a line takes on screen: colours take none. */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** List items keep their text aligned after the marker: « 1. », « • », « ✗ », « ✓ ». */
const MARKER = /^(?:\d+\.|[•✗✓›-]) /u;

/**
 * One line cut at spaces to fit `width` columns. A word is never cut (a longer one gets a row of
 * its own), non-breaking spaces (« 4 000 », « 80 % ») and the spaces French puts inside
 * quotes and before « : ; ? ! » never break, and the rows after the first
 * keep the line's indentation (after the marker, for a list item).
 */
export function wrapLine(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  const indent = /^ */.exec(line)![0];
  const body = line.slice(indent.length);
  const marker = MARKER.exec(body.replace(ANSI, ''));
  let hang = indent + (marker ? ' '.repeat([...marker[0]].length) : '');
  if (hang.length > width / 2) hang = indent.length > width / 2 ? '' : indent;
  // French punctuation stays with its word: no row starts with « : », « ; », « ? », « ! » or « », nor ends with « «.
  const words: string[] = [];
  for (const word of body.split(/ +/)) {
    const previous = words.at(-1);
    if (previous !== undefined && (/^[:;?!»]/.test(word.replace(ANSI, '')) || previous.replace(ANSI, '').endsWith('«'))) words[words.length - 1] = `${previous} ${word}`;
    else words.push(word);
  }
  const rows: string[] = [];
  let row = indent + (words[0] ?? '');
  let length = visibleLength(row);
  for (const word of words.slice(1)) {
    const size = visibleLength(word);
    if (size === 0 || length + 1 + size <= width) {
      row += ` ${word}`;
      length += 1 + size;
      continue;
    }
    rows.push(row);
    row = hang + word;
    length = visibleLength(row);
  }
  rows.push(row);
  return rows.join('\n');
}

/** A text wrapped line by line; no width (piped output) leaves it as is. */
export function wrapText(text: string, width: number | undefined): string {
  if (width === undefined || !Number.isFinite(width) || width < 20) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}
