import { formatProblem } from '../core/validation/problem.js';
import { DEFAULT_SCENARIO_DIR, loadScenarioDir } from '../scenarios/load.js';
import { EXIT, type Output } from './output.js';

/** `scenarios check [DIR] [--json]`: 0 when every file is valid, 2 otherwise. */
export async function scenariosCheck(dir: string | undefined, json: boolean, output: Output): Promise<number> {
  const folder = dir ?? DEFAULT_SCENARIO_DIR;
  const bank = await loadScenarioDir(folder);
  const problems = [...bank.problems];
  if (problems.length === 0 && bank.scenarios.length === 0) {
    problems.push({ file: folder, path: '', message: 'aucun fichier .yaml dans ce dossier ; attendu : au moins un scénario' });
  }
  const valid = problems.length === 0;

  if (json) {
    output.out(
      JSON.stringify({
        valid,
        scenarios: bank.scenarios.map(({ scenario }) => scenario.id),
        invalid_files: bank.invalidFiles,
        problems,
      }),
    );
  } else {
    for (const problem of problems) output.err(formatProblem(problem));
    const count = bank.scenarios.length;
    const summary = `${count} scénario${count > 1 ? 's' : ''} valide${count > 1 ? 's' : ''} dans ${folder}`;
    if (valid) output.out(summary);
    else output.err(`${summary} ; ${bank.invalidFiles.length} fichier(s) à corriger, ${problems.length} problème(s).`);
  }
  return valid ? EXIT.ok : EXIT.badInput;
}
