import { fold } from '../fold.js';

/**
 * Pattern syntax of the civility lexicons (described at the top of lexicons/civility.yaml):
 * parsed once, checked by the schema with messages a trainer can act on.
 */

export const GAP_WORDS = 4;
/** A long gap « …+ » skips up to this many words of one sentence, across commas and negations. */
export const LONG_GAP_WORDS = 8;
export const MIN_PREFIX_LETTERS = 4;

/** Sets every pattern may use without declaring them. */
export const BUILTIN_SETS: Readonly<Record<string, string>> = {
  infinitif: 'un verbe à l’infinitif (un mot en -er, -ir, -re ou -oir)',
};

export type SlotSpec =
  | { type: 'words'; optional: boolean; options: string[] }
  | { type: 'gap'; long: boolean }
  | { type: 'start' }
  | { type: 'after_pause' }
  | { type: 'end' };

export type Parsed = { ok: true; slots: SlotSpec[] } | { ok: false; message: string };

/** One emoji (with its variation selector or skin tone), written alone as a word of a pattern. */
export const EMOJI_WORD = /^\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}\u{200D}\p{Extended_Pictographic}]*$/u;

export function checkWord(word: string, setNames: ReadonlySet<string>): string | undefined {
  const set = /^<(.*)>$/.exec(word);
  if (set) {
    if (setNames.has(set[1]!) || set[1]! in BUILTIN_SETS) return undefined;
    return `ensemble inconnu <${set[1]}> ; attendu l'un de : ${[...setNames, ...Object.keys(BUILTIN_SETS)].join(', ')}`;
  }
  if (EMOJI_WORD.test(word)) return undefined;
  if (/[<>()…~]/.test(word)) return `« ${word} » : caractère réservé mal placé`;
  const bare = word.replace(/^={1,2}/, '');
  if (!/\p{L}/u.test(bare)) return `« ${word} » ne contient aucune lettre`;
  const star = bare.indexOf('*');
  if (star >= 0) {
    if (star !== bare.length - 1 || word.startsWith('=')) return `« ${word} » : l'astérisque ne peut que terminer un mot (préfixe)`;
    if ([...fold(bare.slice(0, -1))].filter((char) => /\p{L}/u.test(char)).length < MIN_PREFIX_LETTERS) return `« ${word} » : un préfixe doit avoir au moins ${MIN_PREFIX_LETTERS} lettres`;
    if (/['’-]/.test(bare)) return `« ${word} » : un préfixe est un seul mot, sans apostrophe ni trait d'union`;
  }
  return undefined;
}

/** Reads one pattern; setNames are those a pattern may refer to. */
export function parsePattern(source: string, setNames: ReadonlySet<string>): Parsed {
  const pieces = source.trim().split(/\s+/);
  const slots: SlotSpec[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (piece === '^' || piece === '~') {
      if (index !== 0) return { ok: false, message: `« ${piece} » ne peut être que le premier élément` };
      slots.push({ type: piece === '^' ? 'start' : 'after_pause' });
    } else if (piece === '$') {
      if (index !== pieces.length - 1) return { ok: false, message: '« $ » ne peut être que le dernier élément' };
      slots.push({ type: 'end' });
    } else if (piece === '…' || piece === '...' || piece === '…+' || piece === '...+') {
      slots.push({ type: 'gap', long: piece.endsWith('+') });
    } else {
      const optional = piece.startsWith('(') && piece.endsWith(')');
      if (!optional && /[()]/.test(piece)) return { ok: false, message: `« ${piece} » : les parenthèses entourent un seul mot ou des alternatives sans espace, comme (vraiment|très)` };
      const body = optional ? piece.slice(1, -1) : piece;
      const options = body.split('|');
      for (const option of options) {
        if (option === '') return { ok: false, message: `« ${piece} » : alternative vide` };
        const problem = checkWord(option, setNames);
        if (problem) return { ok: false, message: problem };
      }
      slots.push({ type: 'words', optional, options });
    }
  }
  const words = slots.filter((slot) => slot.type === 'words');
  if (words.length === 0 || words.every((slot) => slot.optional)) return { ok: false, message: 'le motif doit contenir au moins un mot obligatoire' };
  const inner = slots.filter((slot) => slot.type === 'gap' || slot.type === 'words');
  if (inner[0]?.type === 'gap' || inner.at(-1)?.type === 'gap') return { ok: false, message: '« … » (ou « …+ ») ne peut être ni au début ni à la fin' };
  return { ok: true, slots };
}

/** An entry of a set is a plain word or phrase (=word allowed), without pattern syntax. */
export function checkSetEntry(entry: string): string | undefined {
  if (/[<>()|…^$*~]/.test(entry)) return `« ${entry} » : une entrée d'ensemble est un mot ou une expression simple`;
  return entry.split(/\s+/).map((word) => checkWord(word, new Set())).find(Boolean);
}

/**
 * An entry of a verb set: an infinitive, possibly followed by the words that complete it
 * (« casser la figure », « tirer dessus »). Only the first word is conjugated.
 */
export function checkVerbEntry(entry: string): string | undefined {
  const problem = checkSetEntry(entry);
  if (problem) return problem;
  const [verb] = entry.trim().split(/\s+/);
  if (!/(?:er|ir|re|oir)$/u.test(fold(verb!))) return `« ${verb} » : le premier mot d'une entrée de verbe est un infinitif (en -er, -ir, -re ou -oir)`;
  return undefined;
}
