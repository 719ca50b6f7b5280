import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswersSource } from '../src/core/answers/parse.js';
import { score } from '../src/core/rubric/score.js';
import { loadScenarioFile } from '../src/scenarios/load.js';
import { ROOT, runCli } from './helpers/cli.js';
import { scoringResources } from './helpers/scoring.js';

/**
 * Golden answer files: for bank scenarios, an excellent, an average and a harmful candidate, with
 * the result a trainer expects for every check that applies (written by hand, not recorded).
 */
interface Expected {
  criteria: Record<'Cr7.1' | 'Cr7.2', { score: number; verdict: string; critical_failures?: Array<{ comment: string; check: string }>; written_answers?: { given: number; required: number; min_share: number } }>;
  checks: Record<string, Record<string, boolean>>;
}

const GOLDEN = join(ROOT, 'tests/fixtures/answers');
const cases = readdirSync(GOLDEN).flatMap((scenarioId) =>
  ['excellent', 'average', 'harmful'].map((level) => ({ scenarioId, level, answers: join(GOLDEN, scenarioId, `${level}.json`) })),
);

describe.each(cases)('golden $scenarioId / $level', ({ scenarioId, level, answers }) => {
  const expected = JSON.parse(readFileSync(join(GOLDEN, scenarioId, `${level}.expected.json`), 'utf8')) as Expected;

  it('gives every check the expected result and both verdicts', async () => {
    const { scenario } = await loadScenarioFile(join(ROOT, 'scenarios', `${scenarioId}.yaml`));
    if (!scenario) throw new Error(`${scenarioId} invalide`);
    const parsed = parseAnswersSource(readFileSync(answers, 'utf8'), answers, scenario);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const result = score(scenario, parsed.answers.answers, await scoringResources());
    const actual = Object.fromEntries(result.comments.map((comment) => [comment.comment, Object.fromEntries(comment.checks.map((check) => [check.id, check.passed]))]));
    // On a mismatch, the failing checks' messages say why.
    const messages = result.comments.flatMap((comment) => comment.checks.filter((check) => check.passed !== expected.checks[comment.comment]?.[check.id]).map((check) => `${comment.comment} ${check.id}: ${check.message} [${check.evidence ?? ''}]`));
    expect({ actual, messages }).toEqual({ actual: expected.checks, messages: [] });
    for (const criterion of ['Cr7.1', 'Cr7.2'] as const) {
      expect(result.criteria[criterion]).toMatchObject({ score: expected.criteria[criterion].score, verdict: expected.criteria[criterion].verdict });
      expect(result.criteria[criterion].critical_failures).toEqual(expected.criteria[criterion].critical_failures ?? []);
    }
    // How many of the comments that call for a written answer got one (Cr7.2 only).
    expect(result.criteria['Cr7.2'].written_answers).toEqual(expected.criteria['Cr7.2'].written_answers);
    expect(result.criteria['Cr7.1'].written_answers).toBeUndefined();
  });
});

describe('score CLI on a golden file', () => {
  const [first] = cases;
  it('prints only the JSON document with --json, exit 0', () => {
    const run = runCli(['score', '--scenario', first!.scenarioId, '--answers', first!.answers, '--json']);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { scenario: string; criteria: Record<string, { score: number; verdict: string }>; comments: Array<{ comment: string; checks: Array<{ id: string; criterion: string; passed: boolean; message: string }> }> };
    expect(result.scenario).toBe(first!.scenarioId);
    expect(Object.keys(result.criteria)).toEqual(['Cr7.1', 'Cr7.2']);
    // The JSON only grows: the existing fields keep their names, Cr7.2 tells how many written answers were given.
    expect(Object.keys(result.criteria['Cr7.2']!)).toEqual(['score', 'verdict', 'passed', 'evaluated', 'critical_failures', 'written_answers']);
    expect(result.criteria['Cr7.2']).toMatchObject({ written_answers: { given: 5, required: 5, min_share: 0.75 } });
    for (const comment of result.comments) for (const check of comment.checks) expect(check).toMatchObject({ id: expect.any(String), criterion: expect.stringMatching(/^Cr7\.[12]$/), passed: expect.any(Boolean), message: expect.any(String) });
  });

  it('prints a readable report without --json', () => {
    const harmful = cases.find((candidate) => candidate.level === 'harmful' && candidate.scenarioId === first!.scenarioId)!;
    const run = runCli(['score', '--scenario', `scenarios/${harmful.scenarioId}.yaml`, '--answers', harmful.answers]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('✗ Civilité (critique)');
    expect(run.stdout).toMatch(/\nCr7\.2 .* — non atteint — échec critique : .*\n  Réponses écrites : 2 sur 5 commentaires qui en demandent une \(75 % attendus\)\n?$/);
    expect(run.stdout).toMatch(/Cr7\.1 \(identifier et justifier les commentaires à modérer\) : \d+ % \(\d+\/\d+ vérifications\) — non atteint — échec critique/);
  });

  it('rejects bad input with exit 2, the file and the path', () => {
    const missing = runCli(['score', '--scenario', first!.scenarioId, '--answers', 'nope.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.json: fichier de réponses introuvable');
    const unknown = runCli(['score', '--scenario', 'pas-un-scenario', '--answers', first!.answers]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('pas-un-scenario: scénario introuvable');
    const noArgs = runCli(['score']);
    expect(noArgs.status).toBe(2);
    expect(noArgs.stderr).toContain('Option manquante : --scenario FICHIER_OU_ID, --answers FICHIER');
  });
});
