/**
 * Scoring benchmark (issue: Cr7 scorer). Prints, never asserts:
 * - resources load (rubric, lexicons, French dictionary): time and resident memory;
 * - scoring one answer file after warm-up: p50 / p90 / p99 latency;
 * - the `score` CLI cold: wall time of whole processes against Node's own start-up.
 * Run: npm run bench:score  (builds dist/ first)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnswersSource } from '../src/core/answers/parse.js';
import { score } from '../src/core/rubric/score.js';
import { loadScenarioFile } from '../src/scenarios/load.js';
import { loadScoringResources, PACKAGE_ROOT } from '../src/scoring/resources.js';
import { mb, ms, summarise } from './stats.js';

const SCENARIO = process.argv[2] ?? 'boutique-en-ligne-retard';
const ANSWERS = join(PACKAGE_ROOT, 'tests/fixtures/answers', SCENARIO, 'excellent.json');
const SCORINGS = 5_000;
const COLD_RUNS = 10;

const rssBefore = process.memoryUsage().rss;
const loadStart = performance.now();
const resources = await loadScoringResources();
const loadTime = performance.now() - loadStart;
const rssAfterLoad = process.memoryUsage().rss;

const { scenario } = await loadScenarioFile(join(PACKAGE_ROOT, 'scenarios', `${SCENARIO}.yaml`));
if (!scenario) throw new Error(`scénario ${SCENARIO} invalide`);
const parsed = parseAnswersSource(readFileSync(ANSWERS, 'utf8'), ANSWERS, scenario);
if (!parsed.ok) throw new Error(`réponses invalides : ${JSON.stringify(parsed.problems)}`);
const answers = parsed.answers.answers;

for (let i = 0; i < 500; i += 1) score(scenario, answers, resources);
const samples: number[] = [];
for (let i = 0; i < SCORINGS; i += 1) {
  const start = performance.now();
  score(scenario, answers, resources);
  samples.push(performance.now() - start);
}
const latency = summarise(samples);
const rssAfterScoring = process.memoryUsage().rss;

function wall(args: string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    const start = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } });
    times.push(performance.now() - start);
    if (run.status !== 0) throw new Error(`${args.join(' ')} → ${run.status}: ${run.stderr}`);
  }
  return times;
}
const nodeAlone = summarise(wall(['-e', '']));
const cli = summarise(wall([join(PACKAGE_ROOT, 'dist/cli.js'), 'score', '--scenario', SCENARIO, '--answers', ANSWERS, '--json']));

console.log(`Scénario ${SCENARIO} : ${scenario.comments.length} commentaires, ${answers.length} réponses`);
console.log(`Chargement (barème, lexiques, dictionnaire) : ${ms(loadTime)} ; mémoire résidente ${mb(rssBefore)} → ${mb(rssAfterLoad)}`);
console.log(`Évaluation (${SCORINGS} fois après échauffement) : p50 ${ms(latency.p50)} · p90 ${ms(latency.p90)} · p99 ${ms(latency.p99)} · max ${ms(latency.max)}`);
console.log(`Mémoire résidente après les évaluations : ${mb(rssAfterScoring)}`);
console.log(`CLI score à froid (${COLD_RUNS} fois) : médiane ${ms(cli.p50)} ; Node seul ${ms(nodeAlone.p50)} ; surcoût ${ms(cli.p50 - nodeAlone.p50)}`);
