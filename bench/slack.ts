/**
 * Slack benchmark (issue 20): what a learner waits for when a whole cohort uses the bot at once,
 * measured from outside — the real Bolt app in Socket Mode against the local fake Slack, which
 * enforces Slack's limits (each Web API method's tier per minute, chat.postMessage about once a
 * second per conversation, a response_url's five uses). Never asserts.
 *
 * Passes (each with a fresh bot, database and fake): 50 and 200 learners who each start a practice
 * drill with « /moderato start » in a channel, answer their comments in their DM and submit, 1 to 2 s
 * between actions; then a trainer's launch « maintenant » for a cohort of 200 (the time until each
 * member has the first question in their DM). With `--answers=write` (the default) each comment is
 * answered « oui », « répondre », and the texts are typed in the form the bot posts in the DM (no
 * modal: views.open takes 100 a minute for the workspace): the form (« Valider » → form in the DM)
 * and the comment's feedback (« Envoyer » → feedback and next question) are reported, with the
 * views.open calls made (none expected); `--answers=skip` answers « non » to every comment, the
 * journey of earlier figures.
 *
 * Run: npm run bench:slack [-- CANDIDATES] [--launch=N] [--only=drill|launch] [--think=MIN-MAX]
 *      [--answers=write|skip] [--ramp=MS] [--each-commit] [--json=FILE]
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { SlackBot } from '../src/adapters/slack/bot.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import type { SlackDriverOptions, SlackDriverResult } from './slack-driver.js';
import { summarise } from './stats.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const COUNT = args.find((arg) => !arg.startsWith('--'));
const DRILL_SIZES = COUNT ? [Number(COUNT)] : [50, 200];
const LAUNCH_SIZE = Number(flag('launch') ?? (COUNT ? 0 : 200));
const ONLY = flag('only');
const [thinkMin, thinkMax] = (flag('think') ?? '1000-2000').split('-').map(Number) as [number, number];
const RAMP_MS = Number(flag('ramp') ?? 0);
const ANSWERS = (flag('answers') ?? 'write') as SlackDriverOptions['answers'];
if (ANSWERS !== 'write' && ANSWERS !== 'skip') throw new Error(`--answers=write|skip, pas « ${String(ANSWERS)} »`);
const JSON_OUT = flag('json');
// As `moderato start` runs the platforms: commits share one fsync (group commit); --each-commit flushes each one.
const EACH_COMMIT = args.includes('--each-commit');
const TRAINER = { id: 'U0TRAINER', name: 'formatrice' };

interface Ready {
  apiUrl: string;
  botToken: string;
  appToken: string;
  signingSecret: string;
}

async function openFake(): Promise<{ ready: Ready; run(options: SlackDriverOptions): Promise<SlackDriverResult>; close(): Promise<void> }> {
  const entry = new URL('./fake-slack-worker.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
  const next = <T>(type: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string; error?: string } & T): void => {
        if (message.type === 'error') reject(new Error(`fake Slack worker: ${message.error}`));
        else if (message.type === type) resolve(message);
        else return;
        worker.off('message', onMessage);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const ready = await next<Ready>('ready');
  return {
    ready,
    run: async (options) => {
      const done = next<{ result: SlackDriverResult }>('done');
      worker.postMessage({ type: 'run', options });
      return (await done).result;
    },
    close: async () => {
      const closed = next('closed');
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}

const figure = (value: number): string => (Number.isNaN(value) ? '—' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`);
function line(name: string, samples: number[]): string {
  if (samples.length === 0) return `  ${name.padEnd(48)} —`;
  const stats = summarise(samples);
  return `  ${name.padEnd(48)} p50 ${figure(stats.p50).padStart(8)} · p99 ${figure(stats.p99).padStart(8)} · max ${figure(stats.max).padStart(8)} (${samples.length})`;
}

async function pass(mode: SlackDriverOptions['mode'], candidates: number): Promise<void> {
  const fake = await openFake();
  const { ready } = fake;
  const config = { ...loadConfig({}), databasePath: join(mkdtempSync(join(tmpdir(), 'moderato-slack-')), 'bench.db') };
  const logger = createLogger('error');
  const app = await createApp({ config, logger, groupCommit: !EACH_COMMIT });
  const scenario = [...app.scenarios.values()][0]!;
  const bot = new SlackBot(app.engine, { botToken: ready.botToken, appToken: ready.appToken, signingSecret: ready.signingSecret, trainerIds: [TRAINER.id], apiUrl: ready.apiUrl, port: 0 }, logger);
  app.register([bot]);
  await bot.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const options: SlackDriverOptions = { mode, candidates, scenarioId: scenario.id, comments: scenario.comments.length, channel: 'C0GENERAL', thinkMs: [thinkMin, thinkMax], rampMs: RAMP_MS, trainer: TRAINER, answers: ANSWERS };
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const result = await fake.run(options);
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();

  const title = mode === 'drill' ? `${candidates} apprenants, chacun un exercice d’entraînement complet (/moderato start, ${options.comments} commentaires ${ANSWERS === 'write' ? 'tous « répondre » avec textes écrits' : 'tous « non »'}, rendu)` : `lancement pour une cohorte de ${candidates} membres (« maintenant »)`;
  console.log(`\n── Slack · ${title}\n   faux Slack dans un worker · limites de débit de Slack appliquées · réflexion ${thinkMin}-${thinkMax} ms${RAMP_MS > 0 ? ` · arrivées sur ${RAMP_MS} ms` : ''} · ${EACH_COMMIT ? 'un fsync par événement (--each-commit)' : 'fsync partagés (group commit)'}`);
  const calls = Object.entries(result.calls).sort((a, b) => b[1] - a[1]).map(([method, count]) => `${method} ${count}`).join(', ');
  console.log(`   ${result.envelopes} événements · ${(result.elapsedMs / 1000).toFixed(1)} s · appels : ${calls} · réponses par response_url : ${result.responses}${app.flushes() === undefined ? '' : ` · ${app.flushes()} fsync`}`);
  console.log(line('accusé de réception (envoi → ack)', result.acks));
  if (result.formAcks.length > 0) console.log(line('  envois de formulaire (« Envoyer »)', result.formAcks));
  if (mode === 'drill') {
    console.log(line('réponse à /moderato start (éphémère)', result.waits.receipt));
    console.log(line('première question en message direct', result.waits.firstQuestion));
    console.log(line('question suivante (clic → question)', result.waits.nextQuestion));
    if (ANSWERS === 'write') {
      console.log(line('formulaire des textes (« Valider » → formulaire)', result.waits.formShown));
      console.log(line('retour du commentaire (envoi du formulaire → retour + question suivante)', result.waits.formFeedback));
    }
    console.log(line('retour final (rendu → résultats)', result.waits.finalFeedback));
    if (ANSWERS === 'write') console.log(`  fenêtres ouvertes (views.open) : ${result.modalsOpened}`);
  } else {
    console.log(line('première question (lancement → question)', result.waits.launchFirstQuestion));
    if (result.waits.launchFirstQuestion.length > 0) console.log(`  dernier membre servi : ${figure(Math.max(...result.waits.launchFirstQuestion))}`);
  }
  if (result.broken.length > 0) console.log(`  parcours interrompus : ${result.broken.length} (${[...new Set(result.broken)].slice(0, 3).join(' ; ')})`);
  console.log(`  sans ack en 3 s : ${result.unanswered} · 429 : ${result.rateLimited}`);
  console.log(`  processeur (bot + faux) : ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s en ${(result.elapsedMs / 1000).toFixed(1)} s, soit ${((cpu.user + cpu.system) / 1e3 / result.elapsedMs).toFixed(2)} cœur en moyenne`);
  console.log(`  retard de la boucle du bot : p99 ${figure(loop.percentile(99) / 1e6)} · max ${figure(loop.max / 1e6)} · du worker : p99 ${figure(result.loopDelay.p99)} · max ${figure(result.loopDelay.max)}`);
  if (JSON_OUT) {
    const stats = (samples: number[]) => (samples.length > 0 ? summarise(samples) : undefined);
    appendFileSync(JSON_OUT, `${JSON.stringify({ platform: 'slack', mode, candidates, answers: ANSWERS, think: [thinkMin, thinkMax], elapsedMs: result.elapsedMs, calls: result.calls, rateLimited: result.rateLimited, unanswered: result.unanswered, broken: result.broken.length, ack: stats(result.acks), receipt: stats(result.waits.receipt), firstQuestion: stats(result.waits.firstQuestion), nextQuestion: stats(result.waits.nextQuestion), formShown: stats(result.waits.formShown), formFeedback: stats(result.waits.formFeedback), modalsOpened: result.modalsOpened, formAck: stats(result.formAcks), finalFeedback: stats(result.waits.finalFeedback), launch: stats(result.waits.launchFirstQuestion) })}\n`);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await bot.stop();
  app.close();
  await fake.close();
}

if (ONLY !== 'launch') for (const size of DRILL_SIZES) await pass('drill', size);
if (ONLY !== 'drill' && LAUNCH_SIZE > 0) await pass('launch', LAUNCH_SIZE);
process.exit(0);
