import { z } from 'zod';
import { groupBy } from '../util/group-by.js';
import { validateYaml, type Validated } from '../validation/yaml.js';

/** M1.2: a 15-minute presentation, then 10 minutes of questions. */
export const ORAL_TIMING = { presentationMinutes: 15, questionsMinutes: 10 } as const;
/** Milestones announced during the presentation (minutes from the start). */
export const PRESENTATION_MILESTONES = [5, 10, 13] as const;

export const questionBankSchema = z.strictObject({
  questions: z.array(z.strictObject({ criterion: z.string().regex(/^Cr[1-7]\.\d$/), text: z.string().trim().min(1) })).min(1),
});

export type OralQuestion = z.infer<typeof questionBankSchema>['questions'][number];

export function parseQuestionBank(source: string, file: string): Validated<OralQuestion[]> {
  const result = validateYaml(source, file, questionBankSchema, { expectedContent: 'une liste de questions (criterion, text)' });
  return result.ok ? { ok: true, value: result.value.questions } : result;
}

/**
 * The jury's questions for a rehearsal: from the weakest criteria first (lowest readiness), one per
 * criterion before a second, so a candidate is asked about what they have not prepared.
 */
export function pickQuestions(bank: OralQuestion[], weakness: ReadonlyMap<string, number>, count: number, seed = 0): OralQuestion[] {
  const byCriterion = groupBy(bank, (question) => question.criterion);
  const criteria = [...byCriterion.keys()].sort((a, b) => (weakness.get(a) ?? 0) - (weakness.get(b) ?? 0) || a.localeCompare(b, 'fr', { numeric: true }));
  const picked: OralQuestion[] = [];
  for (let round = 0; picked.length < count && round < 5; round += 1) {
    for (const criterion of criteria) {
      const list = byCriterion.get(criterion)!;
      // A seed rotates among a criterion's questions from one rehearsal to the next.
      const question = list[(round + seed) % list.length];
      if (question && !picked.includes(question)) picked.push(question);
      if (picked.length === count) break;
    }
  }
  return picked;
}
