/**
 * Spelling suggestions benchmark (check `spelling`). Prints, never asserts:
 * - load: hunspell alone (the check), then the suggestion index (vendored forms + frequency ranks):
 *   time and resident memory added by each;
 * - per misspelled word: the learner mistakes of tests/fixtures/spelling-misspellings.tsv, first
 *   pass right after loading (what the first learners get) and steady state, p50 / p99 / max,
 *   with the top-1 / top-3 hit rates;
 * - per reply: three misspellings suggested together, the figure a learner waits for;
 * - per answer file: scoring the 8 answers of a scenario (tests/fixtures/answers/…/excellent.json)
 *   clean, and with three misspellings whose suggestions are not yet cached;
 * - Hunspell's own suggest on a few of the same words, for comparison (--hunspell, 2–3 s).
 * Run: npm run bench:suggest [-- --hunspell]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dictionary from 'dictionary-fr';
import { loadModule } from 'hunspell-asm';
import { parseAnswersSource } from '../src/core/answers/parse.js';
import type { Answer } from '../src/core/answers/schema.js';
import { score } from '../src/core/rubric/score.js';
import { parse } from 'yaml';
import { loadSpeller, spellingAllowListSchema, WARM_UP } from '../src/core/text/spelling.js';
import { PackedForms } from '../src/core/text/spelling-forms.js';
import { Suggester } from '../src/core/text/spelling-suggest.js';
import { loadScenarioFile } from '../src/scenarios/load.js';
import { loadScoringResources, PACKAGE_ROOT } from '../src/scoring/resources.js';
import { mb, ms, summarise } from './stats.js';

const SCENARIO = 'boutique-en-ligne-retard';
const readRows = (name: string) =>
  readFileSync(join(PACKAGE_ROOT, 'tests/fixtures', name), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .slice(1)
    .map((line) => line.split('\t') as [string, string, string]);
const rows = readRows('spelling-misspellings.tsv');
const heldOut = readRows('spelling-misspellings-mlma.tsv');

const line = (label: string, samples: number[]) => {
  const stats = summarise(samples);
  return `${label}: p50 ${ms(stats.p50)} · p99 ${ms(stats.p99)} · max ${ms(stats.max)}`;
};

// ---- Load: hunspell alone, then the suggestion index.
globalThis.gc?.();
const rss0 = process.memoryUsage().rss;
let start = performance.now();
const factory = await loadModule();
const hunspell = factory.create(factory.mountBuffer(dictionary.aff, 'fr.aff'), factory.mountBuffer(dictionary.dic, 'fr.dic'));
const hunspellMs = performance.now() - start;
globalThis.gc?.();
const rss1 = process.memoryUsage().rss;
start = performance.now();
const forms = PackedForms.fromFile(readFileSync(join(PACKAGE_ROOT, 'assets/spelling/fr-forms.txt.gz')));
const ranked = readFileSync(join(PACKAGE_ROOT, 'assets/spelling/fr-frequency.txt'), 'utf8').split('\n').filter((entry) => entry !== '' && !entry.startsWith('#'));
const suggester = new Suggester({ forms, ranked });
const indexMs = performance.now() - start;
start = performance.now();
for (const word of WARM_UP) suggester.suggest(word);
const warmUpMs = performance.now() - start;
globalThis.gc?.();
const rss2 = process.memoryUsage().rss;
console.log(`Chargement : hunspell ${hunspellMs.toFixed(0)} ms (+${mb(rss1 - rss0)}) ; index des suggestions ${indexMs.toFixed(0)} ms + échauffement ${warmUpMs.toFixed(0)} ms (+${mb(rss2 - rss1)}, ${forms.count} formes)`);

// ---- The first suggestion of a speller whose index is not built yet (a one-off `score`).
{
  const allowList = spellingAllowListSchema.parse(parse(readFileSync(join(PACKAGE_ROOT, 'lexicons/spelling-allow.yaml'), 'utf8')));
  const speller = await loadSpeller(allowList);
  const before = performance.now();
  speller.suggest('recu');
  console.log(`Première suggestion d'un correcteur sans index (construit à ce moment, fichiers déjà lus) : ${(performance.now() - before).toFixed(0)} ms`);
}

// ---- Per word.
/** Wall time, and this process's CPU time (the machine is shared: wall time includes waiting for a core). */
function pass(list = rows): { times: number[]; cpu: number[]; first: number; top3: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  let first = 0;
  let top3 = 0;
  for (const [written, meant] of list) {
    const cpuBefore = process.cpuUsage();
    const before = performance.now();
    const found = suggester.suggest(written);
    times.push(performance.now() - before);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    const rank = found.indexOf(meant);
    if (rank === 0) first += 1;
    if (rank >= 0) top3 += 1;
  }
  return { times, cpu, first, top3 };
}
const cold = pass();
const steady: number[] = [];
const steadyCpu: number[] = [];
for (let round = 0; round < 10; round += 1) {
  const result = pass();
  steady.push(...result.times);
  steadyCpu.push(...result.cpu);
}
const real = pass(heldOut);
console.log(`Qualité sur ${heldOut.length} fautes réelles jamais utilisées pour régler (tweets MLMA) : 1re suggestion juste ${real.first} (${((100 * real.first) / heldOut.length).toFixed(1)} %), dans les 3 premières ${real.top3} (${((100 * real.top3) / heldOut.length).toFixed(1)} %)`);
console.log(`Qualité sur ${rows.length} fautes d'apprenants : 1re suggestion juste ${cold.first} (${((100 * cold.first) / rows.length).toFixed(1)} %), dans les 3 premières ${cold.top3} (${((100 * cold.top3) / rows.length).toFixed(1)} %)`);
console.log(line('Par mot, premier passage après chargement', cold.times));
console.log(line('  (temps CPU du processus, threads de compilation compris)', cold.cpu));
console.log(line(`Par mot, ensuite (${steady.length} appels)`, steady));
console.log(line('  (temps CPU du processus)', steadyCpu));

// ---- Per reply: three misspellings.
const triples: number[] = [];
for (let index = 0; index + 2 < rows.length; index += 1) {
  const before = performance.now();
  for (let offset = 0; offset < 3; offset += 1) suggester.suggest(rows[(index * 7 + offset * 53) % rows.length]![0]);
  triples.push(performance.now() - before);
}
console.log(line('Réponse à 3 fautes (3 suggestions)', triples));

// ---- Per answer file.
// As the bot loads them: the suggestion index built ahead (see LoadOptions).
const resources = await loadScoringResources(undefined, { prepareSuggestions: true });
const { scenario } = await loadScenarioFile(join(PACKAGE_ROOT, 'scenarios', `${SCENARIO}.yaml`));
if (!scenario) throw new Error(`scénario ${SCENARIO} invalide`);
const file = join(PACKAGE_ROOT, 'tests/fixtures/answers', SCENARIO, 'excellent.json');
const parsed = parseAnswersSource(readFileSync(file, 'utf8'), file, scenario);
if (!parsed.ok) throw new Error('réponses invalides');
const clean = parsed.answers.answers;
/** The file with three of the fixture's mistakes in three replies: a different three each time, so that suggestions are computed. */
function withMistakes(round: number): Answer[] {
  const copy = structuredClone(clean) as Answer[];
  let placed = 0;
  for (const answer of copy) {
    if (placed === 3 || !answer.reply) continue;
    const [written] = rows[(round * 3 + placed) % rows.length]!;
    answer.reply = answer.reply.replace(/\bnous\b/u, written);
    placed += 1;
  }
  return copy;
}
for (let round = 0; round < 300; round += 1) score(scenario, clean, resources);
const cleanTimes: number[] = [];
for (let round = 0; round < 2000; round += 1) {
  const before = performance.now();
  score(scenario, clean, resources);
  cleanTimes.push(performance.now() - before);
}
const files = Array.from({ length: Math.floor(rows.length / 3) }, (_, round) => withMistakes(round));
const mistakeTimes: number[] = [];
for (const answers of files) {
  const before = performance.now();
  score(scenario, answers, resources);
  mistakeTimes.push(performance.now() - before);
}
console.log(line(`Fichier de ${clean.length} réponses sans faute (2 000 fois)`, cleanTimes));
console.log(line(`Même fichier avec 3 fautes, suggestions calculées (${files.length} fichiers différents)`, mistakeTimes));
console.log(`Mémoire résidente à la fin : ${mb(process.memoryUsage().rss)}`);

// ---- Hunspell's own suggest, for comparison.
if (process.argv.includes('--hunspell')) {
  const times: number[] = [];
  for (const [written] of rows.slice(0, 10)) {
    const before = performance.now();
    hunspell.suggest(written);
    times.push(performance.now() - before);
  }
  console.log(line('Hunspell suggest, par mot (10 mots)', times));
}
