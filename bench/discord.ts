/**
 * Discord benchmark (issue 20): what a learner WAITS for when a whole cohort uses the bot at once,
 * measured from outside — the real bot and the real discord.js client against the local fake Discord,
 * which enforces Discord's global limit (429 `global: true` beyond 50 bot-token requests in a
 * second; interaction callbacks and webhooks exempt). Never asserts.
 *
 * Passes (each with a fresh bot, database and fake):
 * - drill, 50 and 200 learners: each starts a practice drill with /drill start (all at the same
 *   instant), answers its comments and submits, 1 to 2 s between actions. Measured: the
 *   acknowledgement of each interaction, the thread link, the first question in the thread, each
 *   next question (click → question), the writing window (click on « Rédiger mes textes » → the
 *   modal's callback), the comment's feedback (modal submitted → feedback and next question), the
 *   final feedback (submit → results);
 * - launch, 200 members: a trainer's /trainer launch « maintenant » for a cohort of 200: the time
 *   until each member (the last one above all) has the first question in their own thread.
 * Each pass can carry a burst of reminders (`--nudges=300`): 300 other learners' calendar reminders,
 * due together `--nudges-at=MS` after the pass began and sent by the real nudge service's tick.
 *
 * The fake Discord and the learners run in a worker thread (bench/fake-discord-worker.ts), so the
 * bot's thread carries only the bot; `--inline` puts them in the bot's thread.
 *
 * Run: npm run bench:discord [-- CANDIDATES] [--launch=N] [--only=drill|launch] [--think=MIN-MAX]
 *      [--answers=write|skip] [--ramp=MS] [--nudges=N] [--nudges-at=MS] [--inline] [--each-commit]
 *      [--db=DIR] [--json=FILE]
 *   CANDIDATES   one drill pass with that many learners (default: 50, then 200)
 *   --answers    write (default): each comment answered « oui », « répondre », the rules read and the
 *                texts written in the modal; skip: « non » to every comment (the journey of earlier figures)
 *   --launch=200 members of the launched cohort (default 200; 0: no launch pass)
 *   --think      delay before each click, uniform in [MIN, MAX] ms (default 1000-2000)
 *   --ramp       learners start spread over MS (default 0: all at the same instant)
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Events, type REST } from 'discord.js';
import { DiscordBot } from '../src/adapters/discord/bot.js';
import { createApp, type App } from '../src/app.js';
import { POST_LEAD_MINUTES } from '../src/core/nudges/occurrences.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startFakeDiscord } from '../tests/fakes/discord.js';
import { driveCandidates, wallNow, type DriverOptions, type DriverResult } from './discord-driver.js';
import { summarise } from './stats.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const COUNT = args.find((arg) => !arg.startsWith('--'));
const DRILL_SIZES = COUNT ? [Number(COUNT)] : [50, 200];
const LAUNCH_SIZE = Number(flag('launch') ?? (COUNT ? 0 : 200));
const ONLY = flag('only');
const INLINE = args.includes('--inline');
const [thinkMin, thinkMax] = (flag('think') ?? '1000-2000').split('-').map(Number) as [number, number];
const RAMP_MS = Number(flag('ramp') ?? 0);
const ANSWERS = (flag('answers') ?? 'write') as DriverOptions['answers'];
if (ANSWERS !== 'write' && ANSWERS !== 'skip') throw new Error(`--answers=write|skip, pas « ${ANSWERS} »`);
const NUDGES = Number(flag('nudges') ?? 0);
const NUDGES_AT = Number(flag('nudges-at') ?? 5_000);
// As `moderato start` runs the platforms: commits share one fsync (group commit); --each-commit flushes each one.
const EACH_COMMIT = args.includes('--each-commit');
const DB_DIR = flag('db') ?? tmpdir();
const JSON_OUT = flag('json');

interface Ready {
  apiUrl: string;
  token: string;
  applicationId: string;
  guildId: string;
  channelId: string;
  cohortChannelId: string;
}

interface Fake {
  ready: Ready;
  run(options: DriverOptions): Promise<DriverResult>;
  close(): Promise<void>;
}

/** The fake and its learners: in a worker (default) or in this thread (--inline). */
async function openFake(): Promise<Fake> {
  if (INLINE) {
    const fake = await startFakeDiscord();
    const guild = fake.addGuild({ name: 'Promo', channels: [{ name: 'entrainement' }, { name: 'promo' }] });
    return {
      ready: { apiUrl: fake.apiUrl, token: fake.token, applicationId: fake.applicationId, guildId: guild.id, channelId: guild.channelId('entrainement'), cohortChannelId: guild.channelId('promo') },
      run: async (options) => ({ ...(await driveCandidates(fake, options)), loopDelay: { p50: Number.NaN, p99: Number.NaN, max: Number.NaN } }),
      close: () => fake.close(),
    };
  }
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
  const ready = await next<Ready>('ready');
  return {
    ready,
    run: async (options) => {
      const done = next<{ result: DriverResult }>('done');
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

/** The REST instance interaction callbacks go through (DiscordRest keeps one apart; older bots used the client's). */
function callbackRest(bot: DiscordBot): REST {
  const rest = bot.client.rest as REST & { interactionRest?: REST };
  return rest.interactionRest ?? rest;
}

/** `count` learners opted in to nudges on Discord, each with one post due for a reminder at `at` (no quiet hours). */
function planNudgeBurst(db: App['db'], count: number, at: number): void {
  const now = new Date().toISOString();
  const postAt = new Date(at + POST_LEAD_MINUTES * 60_000 - 1_000).toISOString();
  db.transaction(() => {
    const learner = db.prepare('INSERT INTO learners (display_name, created_at) VALUES (?, ?)');
    const identity = db.prepare("INSERT INTO identities (platform, platform_user_id, learner_id) VALUES ('discord', ?, ?)");
    // Quiet hours from 00:00 to 00:00: none, whatever the hour the bench runs.
    const prefs = db.prepare("INSERT INTO nudge_prefs (learner_id, opted_in, platform, user_id, quiet_start, quiet_end, opted_in_at, updated_at) VALUES (?, 1, 'discord', ?, '00:00', '00:00', ?, ?)");
    const post = db.prepare("INSERT INTO calendar_posts (learner_id, at, local_date, local_time, network, axis, title, imported_at) VALUES (?, ?, '2026-12-03', '14:00', 'instagram', 'Coulisses', 'Le fournil', ?)");
    for (let index = 0; index < count; index += 1) {
      const userId = String(1_300_000_000_000_000_000n + BigInt(index));
      const id = Number(learner.run(`rappel ${index}`, now).lastInsertRowid);
      identity.run(userId, id);
      prefs.run(id, userId, now, now);
      post.run(id, postAt, now);
    }
  })();
}

async function pass(mode: DriverOptions['mode'], candidates: number): Promise<void> {
  const fake = await openFake();
  const { ready } = fake;
  const config = { ...loadConfig({}), databasePath: join(mkdtempSync(join(DB_DIR, 'moderato-discord-')), 'bench.db') };
  const logger = createLogger('warn');
  const app = await createApp({ config, logger, groupCommit: !EACH_COMMIT });
  const scenario = [...app.scenarios.values()][0]!;
  const bot = new DiscordBot(app.engine, { token: ready.token, appId: ready.applicationId, guildId: ready.guildId, trainerRole: undefined, apiUrl: ready.apiUrl }, logger);
  app.register([bot]);

  // The bot's own time: from discord.js handing over the interaction to the callback request leaving.
  const gateway = new Map<string, number>();
  const sent = new Map<string, number>();
  bot.client.prependListener(Events.InteractionCreate, (interaction) => void gateway.set(interaction.id, wallNow()));
  const callbacks = callbackRest(bot);
  const makeRequest = callbacks.options.makeRequest;
  callbacks.options.makeRequest = (url, init) => {
    const match = /\/interactions\/(\d+)\/[^/]+\/callback/.exec(url);
    if (match && !sent.has(match[1]!)) sent.set(match[1]!, wallNow());
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

  // A burst of calendar reminders while the learners work: 300 other learners opted in on Discord,
  // each with a post due 30 min after the burst, sent by the real nudge service's tick (one DM after
  // another, at the lowest priority), as the minute tick of `moderato start` would.
  if (NUDGES > 0) planNudgeBurst(app.db, NUDGES, Date.now() + NUDGES_AT);
  let nudgesDone: Promise<{ seconds: number; failed: number }> | undefined;
  const burst = NUDGES > 0 ? setTimeout(() => {
    const began = performance.now();
    nudgesDone = app.nudges.tick().then(() => ({ seconds: (performance.now() - began) / 1000, failed: NUDGES - app.db.prepare<[], number>("SELECT COUNT(*) FROM nudge_deliveries WHERE status = 'sent'").pluck().get()! }));
  }, NUDGES_AT) : undefined;

  const options: DriverOptions = { mode, candidates, scenarioId: scenario.id, comments: scenario.comments.length, channelId: ready.channelId, cohortChannelId: ready.cohortChannelId, thinkMs: [thinkMin, thinkMax], rampMs: RAMP_MS, answers: ANSWERS };
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const result = await fake.run(options);
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();
  clearTimeout(burst);
  const nudges = nudgesDone ? await nudgesDone : undefined;

  const acks = result.records.map((record) => record.latencyMs).filter((value): value is number => value !== undefined);
  const title = mode === 'drill' ? `${candidates} candidats, chacun un exercice d’entraînement complet (/drill start, ${options.comments} commentaires ${ANSWERS === 'write' ? 'tous « répondre » avec textes écrits' : 'tous « non »'}, rendu)` : `lancement pour une cohorte de ${candidates} membres (/trainer launch « maintenant »)`;
  const setting = [INLINE ? 'faux Discord dans le fil du bot (--inline)' : 'faux Discord dans un worker', 'limite globale 50/s appliquée', thinkMax > 0 ? `réflexion ${thinkMin}-${thinkMax} ms` : 'sans réflexion', RAMP_MS > 0 ? `arrivées sur ${RAMP_MS} ms` : 'arrivées au même instant', NUDGES > 0 ? `${NUDGES} rappels à +${NUDGES_AT / 1000} s` : undefined, EACH_COMMIT ? 'un fsync par événement (--each-commit)' : 'fsync partagés (group commit)'].filter(Boolean).join(' · ');
  console.log(`\n── Discord · ${title}\n   ${setting}`);
  const flushes = app.flushes();
  console.log(`   ${result.interactions} interactions · ${result.requests} requêtes REST dont ${result.botTokenRequests} avec le jeton du bot · ${(result.elapsedMs / 1000).toFixed(1)} s${flushes === undefined ? '' : ` · ${flushes} fsync`}`);
  console.log(line('accusé de réception (INTERACTION_CREATE → réponse)', acks));
  // Where the acknowledgement's time goes: the fake dispatching, the gateway to discord.js, the bot, the request to the fake.
  const phase = (value: (record: DriverResult['records'][number], at: number | undefined, out: number | undefined) => number | undefined) =>
    result.records.map((record) => value(record, gateway.get(record.id), sent.get(record.id))).filter((v): v is number => v !== undefined);
  console.log(line('  faux : construire et envoyer le dispatch', phase((r) => r.dispatched - r.dispatch)));
  console.log(line('  dispatch → discord.js émet l’interaction', phase((r, at) => (at === undefined ? undefined : at - r.dispatched))));
  console.log(line('  bot : interaction → requête de réponse', phase((_r, at, out) => (at === undefined || out === undefined ? undefined : out - at))));
  console.log(line('  requête → reçue par le faux', phase((r, _at, out) => (out === undefined || r.httpIn === undefined ? undefined : r.httpIn - out))));
  for (const kind of ['command', 'click', 'form', 'submit'] as const) {
    const own = result.records.filter((record) => record.kind === kind).map((record) => record.latencyMs).filter((value): value is number => value !== undefined);
    if (own.length > 0) console.log(line(`  ${{ command: '/drill start', click: 'clics', form: 'envois de formulaire', submit: 'rendus' }[kind]}`, own));
  }
  if (mode === 'drill') {
    console.log(line('lien du fil (/drill start → lien)', result.waits.link));
    console.log(line('première question dans le fil (/drill start →)', result.waits.firstQuestion));
    console.log(line('question suivante (clic → question)', result.waits.nextQuestion));
    if (ANSWERS === 'write') {
      console.log(line('fenêtre de rédaction (clic → fenêtre ouverte)', result.waits.modalOpen));
      console.log(line('retour du commentaire (envoi du formulaire → retour + question suivante)', result.waits.formFeedback));
    }
    console.log(line('retour final (rendu → résultats)', result.waits.finalFeedback));
    if (ANSWERS === 'write') {
      const stuck = result.broken.filter((reason) => reason.startsWith('fenêtre de rédaction jamais ouverte')).length;
      console.log(`  fenêtres de rédaction non ouvertes : ${result.modalFailures} sur ${result.waits.modalOpen.length + result.modalFailures} clics · apprenants bloqués sans fenêtre : ${stuck}`);
    }
  } else {
    const waits = result.waits.launchFirstQuestion;
    console.log(line('première question (lancement → question)', waits));
    console.log(`  dernier membre servi : ${figure(Math.max(...waits))}`);
  }
  if (nudges) console.log(`  rappels : ${NUDGES} envoyés en ${nudges.seconds.toFixed(1)} s, ${nudges.failed} en échec`);
  const botHits = (bot as DiscordBot & { rateLimitHits?: number }).rateLimitHits;
  if (result.broken.length > 0) console.log(`  parcours interrompus : ${result.broken.length} (${[...new Set(result.broken)].slice(0, 3).join(' ; ')})`);
  console.log(`  sans réponse en 3 s : ${result.unanswered} · 429 : ${result.rateLimited} (globaux ${result.globalRateLimited})${botHits === undefined ? '' : ` · compteur du bot : ${botHits}`} · échecs : ${result.failures} · routes inconnues : ${result.unexpected}`);
  // Both threads (bot and fake) are this process: how much of the machine's cores the run took.
  console.log(`  processeur (bot + faux) : ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s en ${(result.elapsedMs / 1000).toFixed(1)} s, soit ${((cpu.user + cpu.system) / 1e3 / result.elapsedMs).toFixed(2)} cœur en moyenne`);
  console.log(`  retard de la boucle du bot : p99 ${figure(loop.percentile(99) / 1e6)} · max ${figure(loop.max / 1e6)}${INLINE ? '' : ` · du worker : p99 ${figure(result.loopDelay.p99)} · max ${figure(result.loopDelay.max)}`}`);
  if (JSON_OUT) {
    const stats = (samples: number[]) => (samples.length > 0 ? summarise(samples) : undefined);
    appendFileSync(JSON_OUT, `${JSON.stringify({ mode, candidates, answers: ANSWERS, inline: INLINE, think: [thinkMin, thinkMax], ramp: RAMP_MS, nudges: NUDGES, elapsedMs: result.elapsedMs, interactions: result.interactions, requests: result.requests, botTokenRequests: result.botTokenRequests, rateLimited: result.rateLimited, unanswered: result.unanswered, ack: stats(acks), link: stats(result.waits.link), firstQuestion: stats(result.waits.firstQuestion), nextQuestion: stats(result.waits.nextQuestion), modalOpen: stats(result.waits.modalOpen), formFeedback: stats(result.waits.formFeedback), modalFailures: result.modalFailures, finalFeedback: stats(result.waits.finalFeedback), launch: stats(result.waits.launchFirstQuestion), nudgeSeconds: nudges?.seconds })}\n`);
  }
  // The last messages may still be on their way: let the bot finish before stopping it.
  for (let quiet = 0; quiet < 5; quiet = inFlight === 0 ? quiet + 1 : 0) await new Promise((resolve) => setTimeout(resolve, 100));
  await bot.stop();
  app.close();
  await fake.close();
}

if (ONLY !== 'launch') for (const size of DRILL_SIZES) await pass('drill', size);
if (ONLY !== 'drill' && LAUNCH_SIZE > 0) await pass('launch', LAUNCH_SIZE);
process.exit(0);
