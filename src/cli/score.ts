import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAnswersSource } from '../core/answers/parse.js';
import { renderReport } from '../core/rubric/report.js';
import { score } from '../core/rubric/score.js';
import { SCENARIO_ID_PATTERN, type Scenario } from '../core/scenario/schema.js';
import { describeFsError } from '../core/util/fs-error.js';
import { formatProblem, type Problem } from '../core/validation/problem.js';
import { BUNDLED_SCENARIO_DIR, DEFAULT_SCENARIO_DIR, loadScenarioFile } from '../scenarios/load.js';
import { loadScoringResources } from '../scoring/resources.js';
import { EXIT, type Output } from './output.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** `--scenario` takes a file path or the id of a scenario of the bank. */
async function resolveScenario(fileOrId: string): Promise<{ scenario?: Scenario; problems: Problem[] }> {
  if (await isFile(fileOrId)) return loadScenarioFile(fileOrId);
  if (SCENARIO_ID_PATTERN.test(fileOrId)) {
    // The working directory's bank first (a trainer's own cases), then the one shipped with moderato.
    for (const dir of [DEFAULT_SCENARIO_DIR, BUNDLED_SCENARIO_DIR]) {
      const file = join(dir, `${fileOrId}.yaml`);
      if (await isFile(file)) return loadScenarioFile(file);
    }
  }
  return { problems: [{ file: fileOrId, path: '', message: `scénario introuvable ; attendu : un fichier .yaml ou l'id d'un scénario de ${DEFAULT_SCENARIO_DIR}/` }] };
}

async function readAnswers(file: string, scenario: Scenario) {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false as const, problems: [{ file, path: '', message: describeFsError(error, 'fichier de réponses') }] };
  }
  return parseAnswersSource(source, file, scenario);
}

export interface ScoreOptions {
  scenario: string | undefined;
  answers: string | undefined;
  json: boolean;
}

/** `score --scenario FILE_OR_ID --answers FILE [--json]`: 0 scored, 2 bad input (README, « Ligne de commande »). */
export async function scoreCommand(options: ScoreOptions, output: Output): Promise<number> {
  const missing = [!options.scenario && '--scenario FICHIER_OU_ID', !options.answers && '--answers FICHIER'].filter(Boolean);
  if (missing.length > 0) {
    output.err(`Option manquante : ${missing.join(', ')}\nUtilisation : moderato score --scenario FICHIER_OU_ID --answers FICHIER [--json]`);
    return EXIT.badInput;
  }
  const { scenario, problems } = await resolveScenario(options.scenario!);
  if (!scenario) {
    for (const problem of problems) output.err(formatProblem(problem));
    return EXIT.badInput;
  }
  const answers = await readAnswers(options.answers!, scenario);
  if (!answers.ok) {
    for (const problem of answers.problems) output.err(formatProblem(problem));
    return EXIT.badInput;
  }
  const resources = await loadScoringResources();
  const result = score(scenario, answers.answers.answers, resources);
  output.out(options.json ? JSON.stringify(result, null, 2) : renderReport(scenario, result));
  return EXIT.ok;
}
