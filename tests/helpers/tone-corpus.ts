import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { CATEGORIES } from '../../src/core/scenario/schema.js';
import type { CivilityDetector, IncivilityFinding } from '../../src/core/text/civility.js';
import { ROOT } from './cli.js';

/** The tone corpus (tests/fixtures/tone/README.md): labelled brand replies, read and scored. */

export const TONE_CLASSES = ['threat', 'hate', 'mockery', 'blame', 'obfuscation', 'civil'] as const;
export type ToneClass = (typeof TONE_CLASSES)[number];
export const TONE_FILES = ['held-out.yaml', 'tuned.yaml'] as const;
/** Written after the lexicons were frozen, measured once, never tuned on: printed by the bench, not asserted. */
export const BLIND_FILE = 'blind.yaml';

const entrySchema = z.strictObject({ class: z.enum(TONE_CLASSES), reply_to: z.enum(CATEGORIES), text: z.string().min(1) });
export type ToneEntry = z.infer<typeof entrySchema>;

export function readToneCorpus(file: string): ToneEntry[] {
  return z.array(entrySchema).parse(parse(readFileSync(join(ROOT, 'tests/fixtures/tone', file), 'utf8')));
}

/** Does a finding name the entry's class? Generalisations include dehumanising; obfuscation is any masked finding. */
export function namesClass(finding: IncivilityFinding, toneClass: ToneClass): boolean {
  switch (toneClass) {
    case 'threat':
      return finding.kind === 'threat';
    case 'hate':
      return finding.kind === 'hate' || finding.kind === 'dehumanising';
    case 'mockery':
      return finding.kind === 'mockery';
    case 'blame':
      return finding.kind === 'blame';
    case 'obfuscation':
      return finding.masked;
    case 'civil':
      return false;
  }
}

export interface CorpusFigures {
  total: number;
  civil: number;
  recall: Record<string, { caught: number; total: number }>;
  misses: Array<ToneEntry & { found: string }>;
  falseAlarms: Array<ToneEntry & { found: string }>;
}

const describe = (findings: IncivilityFinding[]): string => findings.map((finding) => `${finding.kind}${finding.masked ? '(masqué)' : ''}:« ${finding.evidence} »`).join(' ');

/** An uncivil entry counts as caught when a finding names its class; a civil one is a false alarm when anything is found. */
export function corpusFigures(entries: readonly ToneEntry[], detector: CivilityDetector): CorpusFigures {
  const figures: CorpusFigures = { total: entries.length, civil: 0, recall: {}, misses: [], falseAlarms: [] };
  for (const entry of entries) {
    const findings = detector.find(entry.text, { replyTo: entry.reply_to });
    if (entry.class === 'civil') {
      figures.civil += 1;
      if (findings.length > 0) figures.falseAlarms.push({ ...entry, found: describe(findings) });
      continue;
    }
    const recall = (figures.recall[entry.class] ??= { caught: 0, total: 0 });
    recall.total += 1;
    if (findings.some((finding) => namesClass(finding, entry.class))) recall.caught += 1;
    else figures.misses.push({ ...entry, found: describe(findings) });
  }
  return figures;
}
