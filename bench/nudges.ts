/**
 * Nudges benchmark (issue: calendar nudges). 10,000 learners opted in, each with a one-month
 * calendar of 30 posts, one cohort with a drill and a milestone: the time of one minute tick
 * (gathering from SQLite + the pure planner + recording deliveries to a no-op platform), p50/p99
 * over 60 consecutive minutes, and the pure planner alone. Then delivery throughput through the real
 * discord.js client against the local fake Discord, whose client-side global limit is 50 requests/s.
 * Prints figures; never asserts.
 * Run: npm run bench:nudges [-- LEARNERS] [--discord=N]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordBot } from '../src/adapters/discord/bot.js';
import { registerAdapters } from '../src/adapters/port.js';
import { M13_TIMING } from '../src/core/drill/types.js';
import { plan } from '../src/core/nudges/plan.js';
import { ManualClock } from '../src/engine/clock.js';
import { createEngine } from '../src/engine/wiring.js';
import { createLogger } from '../src/logger.js';
import { loadScenarioDir } from '../src/scenarios/load.js';
import { loadScoringResources } from '../src/scoring/resources.js';
import { openDatabase } from '../src/store/database.js';
import { startFakeDiscord } from '../tests/fakes/discord.js';
import { mb, ms, summarise } from './stats.js';

const LEARNERS = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 10_000);
const DISCORD = Number(process.argv.find((arg) => arg.startsWith('--discord='))?.slice('--discord='.length) ?? 300);
const POSTS = 30;
const T0 = Date.UTC(2026, 11, 1, 7, 0, 0);
const MIN = 60_000;

const bank = await loadScenarioDir();
const scenarios = new Map(bank.scenarios.map(({ scenario }) => [scenario.id, scenario]));
const resources = await loadScoringResources();
const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'moderato-nudges-bench-')), 'bench.db'));
const clock = new ManualClock(T0);
const { engine, nudges, cohorts } = createEngine({ db, clock, scheduler: clock, scenarios, resources, timing: M13_TIMING, defaultTimezone: 'Europe/Paris' });
let delivered = 0;
engine.onDeliver('test', () => void (delivered += 1));

// Fill the database directly: the bench measures the tick, not 300,000 imports.
const fillStarted = performance.now();
const networks = ['x', 'instagram', 'linkedin', 'facebook', 'tiktok', 'youtube'];
db.transaction(() => {
  const learner = db.prepare('INSERT INTO learners (display_name, created_at) VALUES (?, ?)');
  const identity = db.prepare("INSERT INTO identities (platform, platform_user_id, learner_id) VALUES ('test', ?, ?)");
  const prefs = db.prepare("INSERT INTO nudge_prefs (learner_id, opted_in, platform, user_id, opted_in_at, updated_at) VALUES (?, 1, 'test', ?, ?, ?)");
  const post = db.prepare('INSERT INTO calendar_posts (learner_id, at, local_date, local_time, network, axis, title, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const start = new Date(T0 - MIN).toISOString();
  for (let index = 0; index < LEARNERS; index += 1) {
    const id = Number(learner.run(`apprenant${index}`, start).lastInsertRowid);
    identity.run(`u${index}`, id);
    prefs.run(id, `u${index}`, start, start);
    for (let day = 0; day < POSTS; day += 1) {
      // Posts between 08:00 and 20:00 UTC, each learner at their own minutes.
      const at = T0 + day * 86_400_000 + ((index * 7 + day * 13) % (12 * 60)) * MIN + MIN;
      post.run(id, new Date(at).toISOString(), '2026-12-01', '10:00', networks[(index + day) % networks.length], 'Axe', `Publication ${day}`, start);
    }
  }
})();
const cohort = cohorts.create('Promo bench', 'bench');
db.prepare('INSERT INTO cohort_members (cohort_id, learner_id, joined_at, platform) SELECT ?, id, ?, ? FROM learners').run(cohort.id, new Date(T0).toISOString(), 'test');
cohorts.launch({ cohort, scenarioId: [...scenarios.keys()][0]!, mode: 'exam', startsAt: T0 + 24 * 60 * MIN + 30 * MIN, launchedBy: { platform: 'test', userId: 'formatrice' } });
console.log(`${LEARNERS.toLocaleString('fr-FR')} apprenants × ${POSTS} publications prévues (${(LEARNERS * POSTS).toLocaleString('fr-FR')}) + une cohorte avec un exercice : base remplie en ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);

await nudges.tick();
const ticks: number[] = [];
const planOnly: number[] = [];
const gathering: number[] = [];
let occurrenceCount = 0;
for (let minute = 0; minute < 60; minute += 1) {
  clock.advance(MIN);
  const started = performance.now();
  await nudges.tick();
  ticks.push(performance.now() - started);
  // The pure planner alone, on what the tick gathered.
  const rows = nudges.store.optedIn();
  const prefs = new Map(rows.map((row) => [row.learnerId, { optedIn: true, timezone: 'Europe/Paris', quietStart: row.quietStart, quietEnd: row.quietEnd, ignoredInARow: 0 }]));
  const gatherStarted = performance.now();
  const occurrences = nudges.occurrences(clock.now(), clock.now() - 2 * 60 * MIN - MIN, rows);
  gathering.push(performance.now() - gatherStarted);
  occurrenceCount = occurrences.length;
  // As the tick sees it: the keys it recorded are in memory, the database answers the others.
  const recorded = new Set(db.prepare<[], string>("SELECT learner_id || ':' || key FROM nudge_deliveries").pluck().all());
  const log = nudges.store.deliveredLog();
  const planStarted = performance.now();
  plan(clock.now(), { occurrences, prefs, delivered: { has: (key) => recorded.has(key) || log.has(key) } });
  planOnly.push(performance.now() - planStarted);
}
const tick = summarise(ticks);
const pure = summarise(planOnly);
console.log(`Tick d’une minute (SQLite + planification + enregistrement) : p50 ${ms(tick.p50)} · p99 ${ms(tick.p99)} · max ${ms(tick.max)} ; ${delivered} rappels délivrés en 60 minutes`);
const gather = summarise(gathering);
console.log(`dont collecte des ${occurrenceCount.toLocaleString('fr-FR')} occurrences de la fenêtre (SQLite) : p50 ${ms(gather.p50)} · p99 ${ms(gather.p99)}`);
console.log(`dont planification (règles + journal des envois) : p50 ${ms(pure.p50)} · p99 ${ms(pure.p99)} · mémoire résidente ${mb(process.memoryUsage().rss)}`);

// Delivery throughput through discord.js against the fake.
const fake = await startFakeDiscord();
const guild = fake.addGuild({ name: 'Promo' });
const discordDb = openDatabase(':memory:');
const discordClock = new ManualClock(T0);
const wired = createEngine({ db: discordDb, clock: discordClock, scheduler: discordClock, scenarios, resources, timing: M13_TIMING, defaultTimezone: 'Europe/Paris' });
const bot = new DiscordBot(wired.engine, { token: fake.token, appId: fake.applicationId, guildId: guild.id, trainerRole: undefined, apiUrl: fake.apiUrl }, createLogger('silent'));
registerAdapters(wired.engine, [bot]);
await bot.start();
for (let index = 0; index < DISCORD; index += 1) {
  const user = fake.createUser({ username: `cm${index}` });
  wired.engine.handle({ eventId: `on${index}`, platform: 'discord', userId: user.id, displayName: user.username, event: { kind: 'command', name: 'nudges', args: ['on'] } });
  wired.engine.handle({ eventId: `cal${index}`, platform: 'discord', userId: user.id, displayName: user.username, event: { kind: 'form', form: 'calendar-import', values: { text: 'date;heure;réseau;axe;titre\n2026-12-01;10:00;x;Axe;Rafale' } } });
}
discordClock.advance(90 * MIN);
const started = performance.now();
const { sent } = await wired.nudges.tick();
const seconds = (performance.now() - started) / 1000;
const requests = fake.requests.filter((request) => request.route === 'POST /channels/:channel/messages' || request.route === 'POST /users/@me/channels').length;
const messages = fake.requests.filter((request) => request.route === 'POST /channels/:channel/messages' && request.status === 200);
const seen = new Set<string>();
let duplicates = 0;
for (const message of messages) {
  const key = `${message.path} ${JSON.stringify((message.body as { content?: string }).content)}`;
  if (seen.has(key)) duplicates += 1;
  seen.add(key);
}
console.log(`Rafale Discord : ${sent} rappels (${requests} requêtes : ouverture du MP + message) en ${seconds.toFixed(1)} s = ${(requests / seconds).toFixed(1)} requêtes/s pour une limite de 50/s (${((requests / seconds / 50) * 100).toFixed(0)} %) ; doublons : ${duplicates}`);
await bot.stop();
await fake.close();
process.exit(0);
