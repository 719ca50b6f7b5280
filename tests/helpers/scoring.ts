import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer } from '../../src/core/answers/schema.js';
import { scoreComment } from '../../src/core/rubric/score.js';
import type { CheckId, CheckResult, ScoringResources } from '../../src/core/rubric/types.js';
import { parseScenarioSource } from '../../src/core/scenario/parse.js';
import type { Scenario } from '../../src/core/scenario/schema.js';
import { loadScoringResources } from '../../src/scoring/resources.js';
import { ROOT } from './cli.js';

let resources: Promise<ScoringResources> | undefined;

/** The real rubric, lexicons and dictionary, loaded once per test file. */
export function scoringResources(): Promise<ScoringResources> {
  resources ??= loadScoringResources();
  return resources;
}

export function fixtureScenario(name = 'boulangerie-fermeture'): Scenario {
  const file = join(ROOT, 'tests/fixtures/scenarios-valid', `${name}.yaml`);
  const parsed = parseScenarioSource(readFileSync(file, 'utf8'), file, name);
  if (!parsed.ok) throw new Error(`fixture ${name} invalide`);
  return parsed.scenario;
}

/** A scenario of the bundled bank (scenarios/), with its model answers. */
export function bankScenario(name: string): Scenario {
  const file = join(ROOT, 'scenarios', `${name}.yaml`);
  const parsed = parseScenarioSource(readFileSync(file, 'utf8'), file, name);
  if (!parsed.ok) throw new Error(`scénario ${name} invalide`);
  return parsed.scenario;
}

/** Scores one answer to one comment and returns the result of one check (undefined when it does not apply). */
export async function checkOf(scenario: Scenario, answer: Answer, id: CheckId): Promise<CheckResult | undefined> {
  const comment = scenario.comments.find((candidate) => candidate.id === answer.comment);
  if (!comment) throw new Error(`commentaire ${answer.comment} inconnu`);
  return scoreComment(scenario, comment, answer, await scoringResources()).find((result) => result.id === id);
}
