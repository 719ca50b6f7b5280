import { readFile } from 'node:fs/promises';
import { PACKAGE_ROOT } from '../package-root.js';
import type { z } from 'zod';
import { reasonsLexiconSchema, redirectLexiconSchema, rubricSchema } from '../core/rubric/resources-schema.js';
import type { ScoringResources } from '../core/rubric/types.js';
import { describeFsError } from '../core/util/fs-error.js';
import { civilityLexiconSchema, createCivilityDetector } from '../core/text/civility.js';
import { loadSpeller, spellingAllowListSchema } from '../core/text/spelling.js';
import { formatProblem, type Problem } from '../core/validation/problem.js';
import { validateYaml } from '../core/validation/yaml.js';

/** The package root, from src/scoring or dist/scoring alike. */
export { PACKAGE_ROOT };

export interface ResourcePaths {
  rubric: string;
  lexicons: string;
}

export const DEFAULT_RESOURCE_PATHS: ResourcePaths = {
  rubric: `${PACKAGE_ROOT}rubric.yaml`,
  lexicons: `${PACKAGE_ROOT}lexicons`,
};

/** A rubric or lexicon file a trainer edited is wrong: the problems say where. */
export class ResourceError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ResourceError';
  }
}

async function loadYaml<T>(file: string, schema: z.ZodType<T>, expectedContent: string): Promise<T> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    throw new ResourceError([{ file, path: '', message: describeFsError(error) }]);
  }
  const result = validateYaml(source, file, schema, { expectedContent });
  if (!result.ok) throw new ResourceError(result.problems);
  return result.value;
}

/** Loads the rubric, the lexicons and the French dictionary once, for every scoring that follows. */
export async function loadScoringResources(paths: ResourcePaths = DEFAULT_RESOURCE_PATHS): Promise<ScoringResources> {
  const [rubric, redirect, reasons, civility, allowList] = await Promise.all([
    loadYaml(paths.rubric, rubricSchema, 'les seuils du barème'),
    loadYaml(`${paths.lexicons}/redirect.yaml`, redirectLexiconSchema, 'phrases: [message privé, …]'),
    loadYaml(`${paths.lexicons}/reasons.yaml`, reasonsLexiconSchema, 'une liste de mots par catégorie'),
    loadYaml(`${paths.lexicons}/civility.yaml`, civilityLexiconSchema, 'le lexique de civilité'),
    loadYaml(`${paths.lexicons}/spelling-allow.yaml`, spellingAllowListSchema, 'la liste des mots acceptés'),
  ]);
  return {
    rubric,
    lexicons: { redirect: redirect.phrases, reasons },
    civility: createCivilityDetector(civility),
    speller: await loadSpeller(allowList),
  };
}
