/** Apostrophe look-alikes users type (’ from phones, ʼ, ‘, `, ´), all read as '. */
const APOSTROPHES = /[’ʼ‘`´]/g;

/** Lower case, accents removed, ligatures opened, every apostrophe as ': the form all matching uses. */
export function fold(text: string): string {
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
