import { readFile } from 'node:fs/promises';
import { PACKAGE_ROOT } from '../package-root.js';
import type { z } from 'zod';
import { reasonsLexiconSchema, redirectLexiconSchema, rubricSchema } from '../core/rubric/resources-schema.js';
import type { ScoringResources } from '../core/rubric/types.js';
import { describeFsError } from '../core/util/fs-error.js';
import { civilityLexiconSchema, createCivilityDetector, negativeLexiconSchema, unknownVerbs, type CivilityDetector } from '../core/text/civility.js';
import { loadSpeller, spellingAllowListSchema, type Speller } from '../core/text/spelling.js';
import { loadConjugations } from './conjugations.js';
import { formatProblem, type Problem } from '../core/validation/problem.js';
import { validateYaml, type YamlValidationOptions } from '../core/validation/yaml.js';

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

async function loadYaml<T>(file: string, schema: z.ZodType<T>, expectedContent: string, rules?: YamlValidationOptions['rules']): Promise<T> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    throw new ResourceError([{ file, path: '', message: describeFsError(error) }]);
  }
  const result = validateYaml(source, file, schema, { expectedContent, ...(rules ? { rules } : {}) });
  if (!result.ok) throw new ResourceError(result.problems);
  return result.value;
}

/**
 * The civility detector: lexicons/civility.yaml, its verb sets conjugated (french-verbs-lefff), the
 * negative-evaluation words of lexicons/civility-negative.yaml, and the speller, so that a typo-like
 * spelling of an insult is told from a French word.
 */
export async function loadCivilityDetector(lexicons: string, spellerLoading?: Speller | Promise<Speller>): Promise<CivilityDetector> {
  const file = `${lexicons}/civility.yaml`;
  const [lexicon, negative] = await Promise.all([
    loadYaml(file, civilityLexiconSchema, 'le lexique de civilité'),
    loadYaml(`${lexicons}/civility-negative.yaml`, negativeLexiconSchema, 'negative: [répugnant, …]'),
  ]);
  const conjugations = await loadConjugations(Object.values(lexicon.verbs).flatMap((entries) => entries.map((entry) => entry.trim().split(/\s+/)[0]!)));
  if (unknownVerbs(lexicon, conjugations).length > 0) {
    // Validated again, only to place each unknown verb at its line.
    await loadYaml(file, civilityLexiconSchema, 'le lexique de civilité', (raw) =>
      unknownVerbs(civilityLexiconSchema.parse(raw), conjugations).map(({ path, verb }) => ({
        path,
        message: `verbe inconnu « ${verb} » : ni dans les conjugaisons du Lefff, ni un verbe régulier en -er ; vérifiez l'orthographe de l'infinitif`,
      })),
    );
  }
  const speller = await spellerLoading;
  return createCivilityDetector(lexicon, {
    negative: negative.negative,
    conjugations,
    ...(speller ? { isWord: (word: string) => speller.check(word).length === 0 } : {}),
  });
}

export interface LoadOptions {
  /**
   * Build the spelling suggestions' index now (about 0.15 s, 20 MB), as a long-running bot should,
   * rather than at the first misspelled word scored (which then waits for it). A one-off `score`
   * or a test leaves it to the first suggestion: most of them never need one.
   */
  prepareSuggestions?: boolean;
}

/** Loads the rubric, the lexicons and the French dictionary once, for every scoring that follows. */
export async function loadScoringResources(paths: ResourcePaths = DEFAULT_RESOURCE_PATHS, options: LoadOptions = {}): Promise<ScoringResources> {
  const spellerLoading = loadYaml(`${paths.lexicons}/spelling-allow.yaml`, spellingAllowListSchema, 'la liste des mots acceptés').then(loadSpeller);
  const [rubric, redirect, reasons, civility, speller] = await Promise.all([
    loadYaml(paths.rubric, rubricSchema, 'les seuils du barème'),
    loadYaml(`${paths.lexicons}/redirect.yaml`, redirectLexiconSchema, 'phrases: [message privé, …]'),
    loadYaml(`${paths.lexicons}/reasons.yaml`, reasonsLexiconSchema, 'une liste de mots par catégorie'),
    loadCivilityDetector(paths.lexicons, spellerLoading),
    spellerLoading,
  ]);
  if (options.prepareSuggestions) speller.prepareSuggestions();
  return { rubric, lexicons: { redirect: redirect.phrases, reasons }, civility, speller };
}
