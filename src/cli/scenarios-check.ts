import { stat } from 'node:fs/promises';
import { formatWarning, missingModelsWarning, type ScenarioWarning } from '../core/scenario/models.js';
import { describeFsError } from '../core/util/fs-error.js';
import { formatProblem, type Problem } from '../core/validation/problem.js';
import { DEFAULT_SCENARIO_DIR, loadScenarioDir, loadScenarioFileAsBank, type ScenarioBank } from '../scenarios/load.js';
import { EXIT, type Output } from './output.js';

const EXPECTED_TARGET = 'attendu : un fichier de scénario .yaml ou un dossier de scénarios';

/** A folder is checked file by file, a file on its own; anything else is the one problem to report. */
async function loadTarget(target: string): Promise<ScenarioBank | Problem> {
  try {
    const stats = await stat(target);
    if (stats.isDirectory()) return await loadScenarioDir(target);
    if (stats.isFile()) return await loadScenarioFileAsBank(target);
    return { file: target, path: '', message: `ni un fichier ni un dossier ; ${EXPECTED_TARGET}` };
  } catch (error) {
    return { file: target, path: '', message: `${describeFsError(error, 'chemin')} ; ${EXPECTED_TARGET}` };
  }
}

function report(bank: ScenarioBank, target: string, json: boolean, output: Output): number {
  const problems = [...bank.problems];
  if (problems.length === 0 && bank.scenarios.length === 0) {
    problems.push({ file: target, path: '', message: 'aucun fichier .yaml dans ce dossier ; attendu : au moins un scénario' });
  }
  const valid = problems.length === 0;
  // Valid scenarios whose comments lack a model answer: a warning each, never a failure.
  const warnings = bank.scenarios
    .map(({ file, scenario }) => missingModelsWarning(file, scenario))
    .filter((warning): warning is ScenarioWarning => warning !== undefined);

  if (json) {
    output.out(
      JSON.stringify({
        valid,
        scenarios: bank.scenarios.map(({ scenario }) => scenario.id),
        invalid_files: bank.invalidFiles,
        problems,
        warnings,
      }),
    );
  } else {
    for (const problem of problems) output.err(formatProblem(problem));
    for (const warning of warnings) output.err(formatWarning(warning));
    const count = bank.scenarios.length;
    const summary = `${count} scénario${count > 1 ? 's' : ''} valide${count > 1 ? 's' : ''} dans ${target}`;
    if (valid) output.out(summary);
    else output.err(`${summary} ; ${bank.invalidFiles.length} fichier(s) à corriger, ${problems.length} problème(s).`);
  }
  return valid ? EXIT.ok : EXIT.badInput;
}

/**
 * `scenarios check [DIR_OR_FILE] [--json]`: 0 when every scenario is valid, 2 otherwise. Comments
 * without a model answer are warned about (one line per scenario on stderr, `warnings` in JSON)
 * without changing the exit status.
 */
export async function scenariosCheck(path: string | undefined, json: boolean, output: Output): Promise<number> {
  const target = path ?? DEFAULT_SCENARIO_DIR;
  const loaded = await loadTarget(target);
  if ('scenarios' in loaded) return report(loaded, target, json, output);
  // Nothing to check at that path: the one line that says so, without a summary of zero scenarios.
  if (json) output.out(JSON.stringify({ valid: false, scenarios: [], invalid_files: [target], problems: [loaded], warnings: [] }));
  else output.err(formatProblem(loaded));
  return EXIT.badInput;
}
