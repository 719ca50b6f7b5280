import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseScenarioSource } from '../core/scenario/parse.js';
import type { Problem } from '../core/validation/problem.js';
import type { Scenario } from '../core/scenario/schema.js';
import { describeFsError } from '../core/util/fs-error.js';
import { PACKAGE_ROOT } from '../package-root.js';

export const DEFAULT_SCENARIO_DIR = 'scenarios';
/** The bank shipped with moderato, whatever the working directory (a service, a container). */
export const BUNDLED_SCENARIO_DIR = join(PACKAGE_ROOT, 'scenarios');

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

export interface ScenarioBank {
  scenarios: LoadedScenario[];
  problems: Problem[];
  /** Files that had at least one problem. */
  invalidFiles: string[];
}

/** Loads one scenario file; the id must equal the file's base name. */
export async function loadScenarioFile(file: string): Promise<{ scenario?: Scenario; problems: Problem[] }> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    return { problems: [{ file, path: '', message: describeFsError(error) }] };
  }
  const result = parseScenarioSource(source, file, basename(file, extname(file)));
  return result.ok ? { scenario: result.scenario, problems: [] } : { problems: result.problems };
}

/** Loads every `*.yaml` of a folder. A bad file is reported and skipped; it never stops the others. */
export async function loadScenarioDir(dir: string = DEFAULT_SCENARIO_DIR): Promise<ScenarioBank> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    return { scenarios: [], problems: [{ file: dir, path: '', message: describeFsError(error, 'dossier de scénarios') }], invalidFiles: [dir] };
  }
  const bank: ScenarioBank = { scenarios: [], problems: [], invalidFiles: [] };
  // Other files (a README, the checklists/ folder) are not scenarios; .yml is a likely slip.
  for (const name of names) if (name.endsWith('.yaml') || name.endsWith('.yml')) await addToBank(bank, join(dir, name));
  return bank;
}

/** One file checked as the bank would load it: same rules and report as a folder of one. */
export async function loadScenarioFileAsBank(file: string): Promise<ScenarioBank> {
  const bank: ScenarioBank = { scenarios: [], problems: [], invalidFiles: [] };
  await addToBank(bank, file);
  return bank;
}

/** Only `.yaml` files are scenarios of a bank; the id must equal the base name. */
async function addToBank(bank: ScenarioBank, file: string): Promise<void> {
  const extension = extname(file);
  if (extension !== '.yaml') {
    // A .yml file is a scenario with the wrong spelling of the extension; anything else is not a scenario.
    const message = extension === '.yml' ? `extension .yml ; attendu : .yaml (renommer en ${basename(file, extension)}.yaml)` : `extension ${extension === '' ? 'absente' : extension} ; attendu : un fichier de scénario .yaml`;
    bank.problems.push({ file, path: '', message });
    bank.invalidFiles.push(file);
    return;
  }
  const { scenario, problems } = await loadScenarioFile(file);
  if (scenario) bank.scenarios.push({ file, scenario });
  if (problems.length > 0) {
    bank.problems.push(...problems);
    bank.invalidFiles.push(file);
  }
}
