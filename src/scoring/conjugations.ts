import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ConjugationTable } from '../core/text/civility.js';

/**
 * Conjugations of the civility lexicon's verb sets, read from the package french-verbs-lefff
 * (conjugation tables extracted from the Lefff, LGPL-LR; see docs/civility.md). The 6 MB table is
 * scanned once for the wanted verbs instead of parsed whole (a third of the time, far less memory).
 */
const TABLE_FILE = createRequire(import.meta.url).resolve('french-verbs-lefff/dist/conjugations.json');
/** One verb: `"tuer":{"P":[…],…}` (the values hold no brace). */
const ENTRY = /"([^"]+)":(\{[^{}]*\})/g;

export async function loadConjugations(infinitives: Iterable<string>): Promise<ConjugationTable> {
  const wanted = new Set([...infinitives].map((verb) => verb.toLowerCase()));
  const table: Record<string, Record<string, string[]>> = {};
  if (wanted.size === 0) return table;
  const text = await readFile(TABLE_FILE, 'utf8');
  for (const match of text.matchAll(ENTRY)) {
    if (wanted.has(match[1]!)) table[match[1]!] = JSON.parse(match[2]!) as Record<string, string[]>;
  }
  return table;
}
