import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCompetency, type Competency } from '../core/coaching/checklist.js';
import { parseQuestionBank, type OralQuestion } from '../core/coaching/oral.js';
import type { Problem } from '../core/validation/problem.js';
import { BUNDLED_SCENARIO_DIR } from '../scenarios/load.js';

export const CHECKLIST_DIR = join(BUNDLED_SCENARIO_DIR, 'checklists');

/** Loads the competency checklists, in id order; a bad file is reported, the others stay. */
export async function loadChecklists(dir = CHECKLIST_DIR): Promise<{ competencies: Competency[]; problems: Problem[] }> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
  const competencies: Competency[] = [];
  const problems: Problem[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const result = parseCompetency(await readFile(file, 'utf8'), file);
    if (result.ok) competencies.push(result.value);
    else problems.push(...result.problems);
  }
  return { competencies: competencies.sort((a, b) => a.id.localeCompare(b.id)), problems };
}

export const QUESTION_BANK = join(BUNDLED_SCENARIO_DIR, 'oral', 'questions.yaml');

/** The jury question bank for oral rehearsals. */
export async function loadQuestionBank(file = QUESTION_BANK): Promise<{ questions: OralQuestion[]; problems: Problem[] }> {
  const result = parseQuestionBank(await readFile(file, 'utf8'), file);
  return result.ok ? { questions: result.value, problems: [] } : { questions: [], problems: result.problems };
}
