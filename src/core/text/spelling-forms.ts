import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * The vendored list of the dictionary's surface forms (assets/spelling/fr-forms.txt.gz): the
 * .dic of dictionary-fr expanded with its .aff (spelling-affix.ts) once, at build time, since
 * expanding 84 000 stems into 450 000 forms takes about 2 s.
 *
 * Format: UTF-8 lines, gzipped. The first line records what the list was made from
 * (`# dictionary-fr 3.0.0 sha256:…`), so that a test tells when dictionary-fr changed and the list
 * must be made again (scripts/spelling-assets.ts). Then the forms, sorted and front-coded: each
 * line starts with one byte, 0x30 + the number of bytes shared with the form before (never
 * cutting a character), followed by the rest of the form. Every 32nd form is written whole, so
 * that any form is read back from at most 32 lines. 0.35 MB for 5.3 MB of words.
 *
 * In memory the list stays packed (about 2 MB and one offset per form): the suggestion index only
 * needs the forms' hashes, computed in one pass (spelling-suggest.ts), and reads back the few
 * forms a look-up finds.
 */

const MAX_SHARED = 0x7f - 0x30;
export const RESTART_INTERVAL = 32;
const NEWLINE = 0x0a;

/** The fingerprint written in the header: the package's version and the hash of its two files. */
export function dictionaryFingerprint(version: string, aff: Uint8Array, dic: Uint8Array): string {
  const hash = createHash('sha256').update(aff).update(dic).digest('hex').slice(0, 16);
  return `dictionary-fr ${version} sha256:${hash}`;
}

/** The installed dictionary-fr's version (its package.json is not exported: read beside its entry point). */
export function dictionaryVersion(): string {
  const entry = createRequire(import.meta.url).resolve('dictionary-fr');
  return (JSON.parse(readFileSync(join(dirname(entry), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The forms packed as described above, not gzipped. */
function packForms(forms: readonly string[], source: string): Buffer {
  const sorted = [...new Set(forms)].sort();
  const chunks: Buffer[] = [Buffer.from(`# ${source}\n`, 'utf8')];
  let previous = Buffer.alloc(0);
  sorted.forEach((form, index) => {
    const bytes = Buffer.from(form, 'utf8');
    let shared = 0;
    if (index % RESTART_INTERVAL !== 0) {
      const limit = Math.min(previous.length, bytes.length, MAX_SHARED);
      while (shared < limit && previous[shared] === bytes[shared]) shared += 1;
      // Never inside a character: back to the start of a UTF-8 sequence.
      while (shared > 0 && (bytes[shared]! & 0xc0) === 0x80) shared -= 1;
    }
    chunks.push(Buffer.from([0x30 + shared]), bytes.subarray(shared), Buffer.from([NEWLINE]));
    previous = bytes;
  });
  return Buffer.concat(chunks);
}

export function encodeForms(forms: readonly string[], source: string): Buffer {
  return gzipSync(packForms(forms, source), { level: 9 });
}

/** The packed forms: the unzipped bytes and where each form's line starts. */
export class PackedForms {
  readonly source: string;
  readonly count: number;
  /** Offset of each form's line (its shared-prefix byte) in `bytes`. */
  readonly lineStart: Uint32Array;
  private readonly scratch = Buffer.alloc(512);

  constructor(readonly bytes: Buffer) {
    const headerEnd = bytes.indexOf(NEWLINE);
    this.source = bytes.toString('utf8', 2, headerEnd);
    let count = 0;
    for (let at = headerEnd + 1; at < bytes.length; at += 1) if (bytes[at] === NEWLINE) count += 1;
    this.count = count;
    this.lineStart = new Uint32Array(count);
    let line = 0;
    let start = headerEnd + 1;
    for (let at = start; at < bytes.length; at += 1) {
      if (bytes[at] !== NEWLINE) continue;
      this.lineStart[line] = start;
      line += 1;
      start = at + 1;
    }
  }

  static fromFile(gzipped: Uint8Array): PackedForms {
    return new PackedForms(gunzipSync(gzipped));
  }

  /** For tests and small lists: packed without gzip. */
  static fromForms(forms: readonly string[], source = 'forms'): PackedForms {
    return new PackedForms(packForms(forms, source));
  }

  /** The form at `id`, read from the last whole form before it. */
  get(id: number): string {
    let length = 0;
    for (let line = id - (id % RESTART_INTERVAL); line <= id; line += 1) {
      const start = this.lineStart[line]!;
      const shared = this.bytes[start]! - 0x30;
      const end = this.bytes.indexOf(NEWLINE, start);
      length = shared + this.bytes.copy(this.scratch, shared, start + 1, end);
    }
    return this.scratch.toString('utf8', 0, length);
  }

  /** Every form, in order (tests, tools). */
  all(): string[] {
    const forms: string[] = [];
    let previous = '';
    for (let id = 0; id < this.count; id += 1) {
      const start = this.lineStart[id]!;
      const shared = this.bytes[start]! - 0x30;
      const rest = this.bytes.toString('utf8', start + 1, this.bytes.indexOf(NEWLINE, start));
      // The shared prefix is counted in bytes: cut the previous form's bytes, not its characters.
      previous = shared === 0 ? rest : Buffer.from(previous, 'utf8').toString('utf8', 0, shared) + rest;
      forms.push(previous);
    }
    return forms;
  }
}
