/**
 * Discord benchmark (issue: Discord adapter). 200 candidates interact at the same time over the
 * local fake gateway with the real discord.js client: each starts a practice drill in a private
 * thread and answers every comment. Prints the time from INTERACTION_CREATE to the interaction
 * callback (p50/p99), where it goes (fake → bot → engine → REST → fake) and the event-loop delay of
 * each thread; never asserts.
 *
 * By default the fake Discord and the candidates run in a worker thread (bench/fake-discord-worker.ts),
 * so the bot's thread carries only the bot, as against the real Discord. `--inline` puts them back
 * in the bot's thread (the figure measured before: the fake's own work then delays the bot).
 *
 * Run: npm run bench:discord [-- CANDIDATES] [--inline] [--think=MIN-MAX] [--ramp=MS]
 *   --think=2000-8000  each candidate waits 2 to 8 s before each click (default 0-0: at once)
 *   --ramp=10000       candidates start spread over 10 s (default 0: all at the same instant)
 * Diagnostics: --sync=normal (SQLite synchronous=NORMAL instead of FULL), --db=DIR (database
 * folder, e.g. /dev/shm), --json=FILE (appends one JSON line of results).
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Events } from 'discord.js';
import { DiscordBot } from '../src/adapters/discord/bot.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Envelope } from '../src/engine/engine.js';
import { createLogger } from '../src/logger.js';
import { startFakeDiscord } from '../tests/fakes/discord.js';
import { driveCandidates, wallNow, type DriverOptions, type DriverResult, type FakeSideRecord } from './discord-driver.js';
import { ms, summarise } from './stats.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const CANDIDATES = Number(args.find((arg) => !arg.startsWith('--')) ?? 200);
const INLINE = args.includes('--inline');
const [thinkMin, thinkMax] = (flag('think') ?? '0-0').split('-').map(Number) as [number, number];
const RAMP_MS = Number(flag('ramp') ?? 0);
const SYNC = flag('sync');
const DB_DIR = flag('db') ?? tmpdir();
const JSON_OUT = flag('json');

interface Ready {
  apiUrl: string;
  token: string;
  applicationId: string;
  guildId: string;
  channelId: string;
}

// ── the fake and its candidates: in a worker (default) or in this thread (--inline) ──
let ready: Ready;
let run: (options: DriverOptions) => Promise<DriverResult>;
let closeFake: () => Promise<void>;
const loop = monitorEventLoopDelay({ resolution: 1 });
if (INLINE) {
  const fake = await startFakeDiscord();
  const guild = fake.addGuild({ name: 'Promo', channels: [{ name: 'entrainement' }] });
  ready = { apiUrl: fake.apiUrl, token: fake.token, applicationId: fake.applicationId, guildId: guild.id, channelId: guild.channelId('entrainement') };
  // Same thread: its event-loop delay is the bot's, reported below.
  run = async (options) => ({ ...(await driveCandidates(fake, options)), loopDelay: { p50: Number.NaN, p99: Number.NaN, max: Number.NaN } });
  closeFake = () => fake.close();
} else {
  // tsx registers its loader in the main thread only: the worker registers it, then imports the TypeScript.
  const entry = new URL('./fake-discord-worker.ts', import.meta.url).href;
  const worker = new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
  const next = <T>(type: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string; error?: string } & T): void => {
        if (message.type === 'error') reject(new Error(`fake Discord worker: ${message.error}`));
        else if (message.type === type) resolve(message);
        else return;
        worker.off('message', onMessage);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  ready = await next<Ready>('ready');
  run = async (options) => {
    const done = next<{ result: DriverResult }>('done');
    worker.postMessage({ type: 'run', options });
    return (await done).result;
  };
  closeFake = async () => {
    const closed = next('closed');
    worker.postMessage({ type: 'close' });
    await closed;
  };
}

// ── the bot, as in production, plus timestamps taken around it ──
const config = { ...loadConfig({}), databasePath: join(mkdtempSync(join(DB_DIR, 'moderato-discord-')), 'bench.db') };
const logger = createLogger('warn');
const app = await createApp({ config, logger });
if (SYNC) app.db.pragma(`synchronous = ${SYNC}`);
const scenario = [...app.scenarios.values()][0]!;
const bot = new DiscordBot(app.engine, { token: ready.token, appId: ready.applicationId, guildId: ready.guildId, trainerRole: undefined, apiUrl: ready.apiUrl }, logger);
app.register([bot]);

interface BotSide {
  gateway?: number;
  engineStart?: number;
  engineEnd?: number;
  restSend?: number;
}
const botSide = new Map<string, BotSide>();
const sideOf = (id: string): BotSide => botSide.get(id) ?? botSide.set(id, {}).get(id)!;
// Before the bot's own listener: when discord.js hands over the interaction.
bot.client.prependListener(Events.InteractionCreate, (interaction) => {
  sideOf(interaction.id).gateway = wallNow();
});
const handle = app.engine.handle.bind(app.engine);
app.engine.handle = (envelope: Envelope) => {
  const side = sideOf(envelope.eventId);
  side.engineStart ??= wallNow();
  try {
    return handle(envelope);
  } finally {
    side.engineEnd = wallNow();
  }
};
const makeRequest = bot.client.rest.options.makeRequest;
bot.client.rest.options.makeRequest = (url, init) => {
  const match = /\/interactions\/(\d+)\/[^/]+\/callback/.exec(url);
  if (match) sideOf(match[1]!).restSend ??= wallNow();
  return makeRequest(url, init);
};
// Requests queued or under way (rate-limit queues included), to let the bot finish before stopping it.
let inFlight = 0;
const request = bot.client.rest.request.bind(bot.client.rest);
bot.client.rest.request = async (options) => {
  inFlight += 1;
  try {
    return await request(options);
  } finally {
    inFlight -= 1;
  }
};
await bot.start();

const options: DriverOptions = { candidates: CANDIDATES, scenarioId: scenario.id, comments: scenario.comments.length, channelId: ready.channelId, thinkMs: [thinkMin, thinkMax], rampMs: RAMP_MS };
loop.enable();
const result = await run(options);
loop.disable();

// ── figures ──
const records = result.records.filter((record): record is FakeSideRecord & { latencyMs: number } => record.latencyMs !== undefined);
const latency = summarise(records.map((record) => record.latencyMs));
const mode = `${INLINE ? 'faux Discord dans le fil du bot (--inline)' : 'faux Discord dans un worker'}${thinkMax > 0 ? ` · réflexion ${thinkMin}-${thinkMax} ms` : ''}${RAMP_MS > 0 ? ` · arrivées sur ${RAMP_MS} ms` : ''}${SYNC ? ` · synchronous=${SYNC}` : ''}`;
console.log(`${CANDIDATES} candidats simultanés · ${mode}`);
console.log(`${result.interactions} interactions · ${result.requests} requêtes REST · ${(result.elapsedMs / 1000).toFixed(1)} s`);
console.log(`INTERACTION_CREATE → réponse : p50 ${ms(latency.p50)} · p90 ${ms(latency.p90)} · p99 ${ms(latency.p99)} · max ${ms(latency.max)}`);

type Phase = [name: string, value: (record: FakeSideRecord & { latencyMs: number }, side: BotSide) => number | undefined];
const phases: Phase[] = [
  ['faux : construire et envoyer le dispatch', (r) => r.dispatched - r.dispatch],
  ['dispatch → discord.js émet l’interaction', (r, s) => (s.gateway === undefined ? undefined : s.gateway - r.dispatched)],
  ['bot : interaction → requête de réponse', (_r, s) => (s.gateway === undefined || s.restSend === undefined ? undefined : s.restSend - s.gateway)],
  ['  dont moteur (SQLite, évaluation)', (_r, s) => (s.engineStart !== undefined && s.restSend !== undefined && s.engineStart < s.restSend ? Math.min(s.engineEnd!, s.restSend) - s.engineStart : 0)],
  ['requête → reçue par le faux', (r, s) => (s.restSend === undefined || r.httpIn === undefined ? undefined : r.httpIn - s.restSend)],
  ['faux : lire, valider, enregistrer', (r) => (r.httpIn === undefined ? undefined : r.latencyMs - (r.httpIn - r.dispatch))],
];
const slowest = [...records].sort((a, b) => b.latencyMs - a.latencyMs).slice(0, Math.max(1, Math.ceil(records.length / 100)));
console.log(`Où va le temps (ms) : p50 · p99 sur toutes · moyenne sur le 1 % le plus lent (${slowest.length})`);
for (const [name, value] of phases) {
  const all = records.map((record) => value(record, botSide.get(record.id) ?? {})).filter((v): v is number => v !== undefined);
  const slow = slowest.map((record) => value(record, botSide.get(record.id) ?? {})).filter((v): v is number => v !== undefined);
  const stats = summarise(all);
  const mean = slow.reduce((sum, v) => sum + v, 0) / Math.max(1, slow.length);
  console.log(`  ${name.padEnd(44)} ${stats.p50.toFixed(1).padStart(7)} · ${stats.p99.toFixed(1).padStart(7)} · ${mean.toFixed(1).padStart(7)}`);
}
for (const kind of ['command', 'click'] as const) {
  const own = summarise(records.filter((record) => record.kind === kind).map((record) => record.latencyMs));
  console.log(`  ${kind === 'command' ? '/drill start' : 'clics'} : p50 ${ms(own.p50)} · p99 ${ms(own.p99)} · max ${ms(own.max)} · dans le 1 % le plus lent : ${slowest.filter((record) => record.kind === kind).length}`);
}
const loopBot = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
console.log(`Retard de la boucle d'événements du bot : p50 ${ms(loopBot.p50)} · p99 ${ms(loopBot.p99)} · max ${ms(loopBot.max)}${INLINE ? '' : ` · du worker : p99 ${ms(result.loopDelay.p99)} · max ${ms(result.loopDelay.max)}`}`);
console.log(`Échecs REST : ${result.failures} · routes inconnues : ${result.unexpected}`);
if (JSON_OUT) {
  appendFileSync(JSON_OUT, `${JSON.stringify({ candidates: CANDIDATES, inline: INLINE, think: [thinkMin, thinkMax], ramp: RAMP_MS, sync: SYNC ?? 'full', db: DB_DIR, elapsedMs: result.elapsedMs, interactions: result.interactions, requests: result.requests, failures: result.failures, latency, loopBot, loopFake: result.loopDelay })}\n`);
}
// The last answers' messages may still be on their way: let the bot finish before stopping it.
for (let quiet = 0; quiet < 5; quiet = inFlight === 0 ? quiet + 1 : 0) await new Promise((resolve) => setTimeout(resolve, 100));
await bot.stop();
app.close();
await closeFake();
process.exit(0);
