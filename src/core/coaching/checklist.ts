import { z } from 'zod';
import type { LocatedMessage } from '../validation/messages.js';
import { validateYaml, type Validated } from '../validation/yaml.js';

/** The referential's ids, in order: every checklist set must hold each criterion exactly once. */
export const REFERENTIAL: Record<string, string[]> = {
  C1: ['Cr1.1', 'Cr1.2', 'Cr1.3'],
  C2: ['Cr2.1', 'Cr2.2'],
  C3: ['Cr3.1', 'Cr3.2', 'Cr3.3'],
  C4: ['Cr4.1', 'Cr4.2', 'Cr4.3'],
  C5: ['Cr5.1', 'Cr5.2', 'Cr5.3'],
  C6: ['Cr6.1', 'Cr6.2', 'Cr6.3'],
  C7: ['Cr7.1', 'Cr7.2'],
};

const text = z.string().trim().min(1);

const itemSchema = z.strictObject({ id: z.string().regex(/^Cr\d\.\d\.[a-z]$/), text });

const criterionSchema = z.strictObject({
  id: z.string().regex(/^Cr\d\.\d$/),
  text,
  jury: z.array(text).min(1),
  mistakes: z.array(text).min(1),
  tips: z.array(text).min(1),
  example: text,
  items: z.array(itemSchema).min(1),
});

export const competencySchema = z.strictObject({
  id: z.string().regex(/^C[1-7]$/),
  title: text,
  evaluation: z.array(z.enum(['M1.1', 'M1.2', 'M1.3'])).min(1),
  goal: text,
  criteria: z.array(criterionSchema).min(1),
});

export type Competency = z.infer<typeof competencySchema>;
export type ChecklistCriterion = Competency['criteria'][number];

/** Coherence the schema cannot say: criteria belong to their competency, items to their criterion. */
function rules(raw: unknown): LocatedMessage[] {
  const doc = raw as Partial<Competency> | null;
  if (!doc || typeof doc.id !== 'string' || !Array.isArray(doc.criteria)) return [];
  const messages: LocatedMessage[] = [];
  const expected = REFERENTIAL[doc.id] ?? [];
  doc.criteria.forEach((criterion, index) => {
    if (!criterion || typeof criterion.id !== 'string') return;
    if (!expected.includes(criterion.id)) messages.push({ path: ['criteria', index, 'id'], message: `critère « ${criterion.id} » hors de ${doc.id} ; attendu : ${expected.join(', ')}` });
    (criterion.items ?? []).forEach((item, itemIndex) => {
      if (item && typeof item.id === 'string' && !item.id.startsWith(`${criterion.id}.`)) messages.push({ path: ['criteria', index, 'items', itemIndex, 'id'], message: `l'élément doit commencer par « ${criterion.id}. »` });
    });
  });
  return messages;
}

export function parseCompetency(source: string, file: string): Validated<Competency> {
  return validateYaml(source, file, competencySchema, { rules, expectedContent: 'une compétence du référentiel (id, title, evaluation, goal, criteria)' });
}

export interface Readiness {
  competency: string;
  ticked: number;
  total: number;
}

/** Share of ticked items per competency, in referential order. */
export function readiness(competencies: Competency[], ticked: ReadonlySet<string>): Readiness[] {
  return competencies.map((competency) => {
    const items = competency.criteria.flatMap((criterion) => criterion.items.map((item) => item.id));
    return { competency: competency.id, ticked: items.filter((id) => ticked.has(id)).length, total: items.length };
  });
}

/** What the moderation drills say of the Cr7 criteria: the learner's latest scored drill. */
export interface DrillEvidence {
  /** The criteria that drill met (`Cr7.1`, `Cr7.2`). */
  met: ReadonlySet<string>;
  /** When it was scored (ms since the epoch). */
  at: number;
}

/** The criteria the drills measure: their items follow the drills, not ticks (a tick could outlive a failed drill). */
export const DRILL_MEASURED = new Set(['Cr7.1', 'Cr7.2']);

/** Whether an item of the checklist (`Cr7.1.a`) belongs to a criterion the drills measure. */
export const measuredByDrills = (itemId: string) => DRILL_MEASURED.has(itemId.split('.').slice(0, 2).join('.'));

/**
 * What counts as done: the learner's ticks, except for the criteria the drills measure, whose
 * items are done when the latest scored drill met that criterion.
 */
export function doneItems(competencies: Competency[], ticked: ReadonlySet<string>, drills: DrillEvidence | undefined): Set<string> {
  const done = new Set([...ticked].filter((id) => !measuredByDrills(id)));
  for (const criterion of competencies.flatMap((competency) => competency.criteria)) {
    if (DRILL_MEASURED.has(criterion.id) && drills?.met.has(criterion.id)) for (const item of criterion.items) done.add(item.id);
  }
  return done;
}

/** « ▓▓▓▓░░░░░░ 40 % »: readable in every chat and in the terminal. */
export function progressBar(done: number, total: number, width = 10): string {
  const ratio = total === 0 ? 0 : done / total;
  const filled = Math.round(ratio * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.round(ratio * 100)} %`;
}

/** The next thing to do: the first unticked item of the least ready competency. */
export function nextStep(competencies: Competency[], ticked: ReadonlySet<string>): { competency: Competency; criterion: ChecklistCriterion; item: { id: string; text: string } } | undefined {
  const ranked = readiness(competencies, ticked)
    .map((entry, index) => ({ ...entry, index }))
    .filter((entry) => entry.ticked < entry.total)
    .sort((a, b) => a.ticked / a.total - b.ticked / b.total || a.index - b.index);
  for (const entry of ranked) {
    const competency = competencies[entry.index]!;
    for (const criterion of competency.criteria) {
      const item = criterion.items.find((candidate) => !ticked.has(candidate.id));
      if (item) return { competency, criterion, item };
    }
  }
  return undefined;
}
