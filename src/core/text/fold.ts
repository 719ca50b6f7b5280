/** Apostrophe look-alikes users type (’ from phones, ʼ, ‘, `, ´), all read as '. */
const APOSTROPHES = /[’ʼ‘`´]/g;

/** Text already in folded form: nothing to do (most words of a French reply). */
const ALREADY_FOLDED = /^[a-z0-9' .,;:!?\-]*$/;

/**
 * Words come back again and again (every check, every answer): their folded forms are kept,
 * within a bound, so that normalising Unicode is paid once per word rather than per use.
 */
const folded = new Map<string, string>();
const FOLD_CACHE_LIMIT = 50_000;

/** Lower case, accents removed, ligatures opened, every apostrophe as ': the form all matching uses. */
export function fold(text: string): string {
  if (ALREADY_FOLDED.test(text)) return text;
  const known = folded.get(text);
  if (known !== undefined) return known;
  const result = foldUncached(text);
  if (text.length <= 64) {
    if (folded.size >= FOLD_CACHE_LIMIT) folded.clear();
    folded.set(text, result);
  }
  return result;
}

function foldUncached(text: string): string {
  return text
    .replace(APOSTROPHES, "'")
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
