import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { M13_TIMING } from '../../src/core/drill/types.js';
import { systemClock, TimeoutScheduler } from '../../src/engine/clock.js';
import { createEngine } from '../../src/engine/wiring.js';
import { openDatabase } from '../../src/store/database.js';
import { startFakeDiscord, type FakeDiscord, type FakeGuild, type FakeUser } from '../fakes/discord.js';
import { startFakeSlack } from '../fakes/slack-server.js';
import { startBot, type BotProcess } from '../helpers/bot-process.js';
import { customIds, findQuestion } from '../helpers/discord-ui.js';
import { runCli } from '../helpers/cli.js';
import { scoringResources } from '../helpers/scoring.js';

/*
 * The bot as its own process on a real database file, killed with SIGKILL (no handler runs, as in a
 * power cut or an OOM kill) or stopped with SIGTERM, then started again against the same file.
 */

const SCENARIO = 'restaurant-nouvelle-carte';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface World {
  fake: FakeDiscord;
  guild: FakeGuild;
  learner: FakeUser;
  dbPath: string;
  env: NodeJS.ProcessEnv;
  start(): Promise<BotProcess>;
}

async function world(): Promise<World> {
  const fake = await startFakeDiscord();
  cleanups.push(() => fake.close());
  const guild = fake.addGuild({ name: 'Promo CM', channels: [{ name: 'entrainement' }] });
  const learner = fake.createUser({ username: 'camille', global_name: 'Camille' });
  const dbPath = join(mkdtempSync(join(tmpdir(), 'moderato-crash-')), 'moderato.db');
  const env = { DATABASE_PATH: dbPath, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.applicationId, DISCORD_GUILD_ID: guild.id, DISCORD_API_URL: fake.apiUrl };
  return {
    fake,
    guild,
    learner,
    dbPath,
    env,
    async start() {
      const bot = startBot(env);
      cleanups.push(async () => {
        if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
        await bot.exited;
      });
      await bot.waitForLog('moteur prêt');
      return bot;
    },
  };
}

function answeredComments(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT json_extract(payload, '$.answer.comment') FROM drill_events WHERE type = 'answered' ORDER BY seq").pluck().all() as string[];
  } finally {
    db.close();
  }
}

async function startPracticeDrill(w: World): Promise<string> {
  const command = w.fake.slashCommand({ name: 'drill', subcommand: 'start', options: { scenario: SCENARIO, mode: 'practice' }, user: w.learner, channelId: w.guild.channelId('entrainement') });
  const reply = await w.fake.waitFor(() => w.fake.originalResponse(command.id)?.content.includes('<#') && w.fake.originalResponse(command.id), 10_000, 'le lien vers le fil');
  return /<#(\d+)>/.exec(reply.content)![1]!;
}

const GO_ON = /^b\|retry:.*\|next$/;

/** Practice offers to rewrite what failed after a comment's feedback: the learner goes on to the question of comment `n`. */
async function goOn(w: World, threadId: string, n: number): Promise<void> {
  for (;;) {
    const found = await w.fake.waitFor(() => {
      const question = findQuestion(w.fake, threadId);
      return question && (customIds(question).some((id) => GO_ON.test(id)) || question.content.includes(`Commentaire ${n}/`)) ? question : undefined;
    }, 10_000, `la question ${n}`);
    const next = customIds(found).find((id) => GO_ON.test(id));
    if (!next) return;
    await w.fake.waitForCallback(w.fake.componentInteraction({ customId: next, message: found.id, user: w.learner }).id, 10_000);
    await w.fake.waitFor(() => findQuestion(w.fake, threadId)?.id !== found.id || undefined, 10_000, 'la question suivante');
  }
}

/** Clicks « no action needed » on comment `n` of the question on screen; resolves with the interaction. */
async function clickNo(w: World, threadId: string, n: number) {
  await goOn(w, threadId, n);
  const current = await w.fake.waitFor(() => {
    const found = findQuestion(w.fake, threadId);
    return found?.content.includes(`Commentaire ${n}/`) ? found : undefined;
  }, 10_000, `la question ${n}`);
  const customId = customIds(current).find((id) => /^b\|needs:.*\|no$/.test(id))!;
  const commentId = /:([^:|]+)\|no$/.exec(customId)![1]!;
  return { interaction: w.fake.componentInteraction({ customId, message: current.id, user: w.learner }), commentId, customId, messageId: current.id };
}

function counts(values: string[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const value of values) result.set(value, (result.get(value) ?? 0) + 1);
  return result;
}

describe('kill -9 in the middle of a drill', () => {
  it('loses no answer the learner saw acknowledged and records none twice', async () => {
    const w = await world();
    let bot = await w.start();
    const threadId = await startPracticeDrill(w);
    const acknowledged: string[] = [];
    for (let n = 1; n <= 3; n += 1) {
      const { interaction, commentId } = await clickNo(w, threadId, n);
      await w.fake.waitForCallback(interaction.id, 10_000);
      acknowledged.push(commentId);
    }
    // Killed the instant Discord receives the answer to the 4th: stored, maybe not yet fully shown.
    const fourth = await clickNo(w, threadId, 4);
    await w.fake.waitForCallback(fourth.interaction.id, 10_000);
    acknowledged.push(fourth.commentId);
    bot.child.kill('SIGKILL');
    expect((await bot.exited).signal).toBe('SIGKILL');

    bot = await w.start();
    // The crash may have come before the next question was posted: « /drill reprendre » in the thread shows it.
    const resume = w.fake.slashCommand({ name: 'drill', subcommand: 'resume', user: w.learner, channelId: threadId, guildId: w.guild.id });
    await w.fake.waitForCallback(resume.id, 10_000);
    const fifth = await clickNo(w, threadId, 5);
    // Killed as the 5th click arrives: the learner gets no acknowledgement (Discord shows « échec »)…
    bot.child.kill('SIGKILL');
    await bot.exited;
    const afterSecondCrash = answeredComments(w.dbPath);
    bot = await w.start();
    // …and clicks again on the same button.
    const retry = w.fake.componentInteraction({ customId: fifth.customId, message: fifth.messageId, user: w.learner });
    await w.fake.waitForCallback(retry.id, 10_000);
    acknowledged.push(fifth.commentId);

    const answered = answeredComments(w.dbPath);
    const perComment = counts(answered);
    for (const comment of acknowledged.slice(0, 4)) expect(perComment.get(comment), comment).toBe(1);
    // The 5th: once if the killed process never read the click, twice (the learner's own retry, the same answer) if it had stored it.
    expect(perComment.get(fifth.commentId)).toBe(afterSecondCrash.includes(fifth.commentId) ? 2 : 1);
    expect(answered).toHaveLength(afterSecondCrash.length + 1);
    // The drill goes on where it was: the 6th question is on screen.
    await goOn(w, threadId, 6);
    await w.fake.waitFor(() => findQuestion(w.fake, threadId)?.content.includes('Commentaire 6/'), 10_000, 'la question 6');
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  }, 60_000);
});

/** A zone where it is early afternoon now, so no quiet hours get in the way whatever the hour of the run. */
function daytimeZone(): string {
  const zones = ['Pacific/Kiritimati', 'Pacific/Auckland', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Kolkata', 'Asia/Dubai', 'Europe/Paris', 'Atlantic/Azores', 'America/Sao_Paulo', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Pacific/Honolulu', 'Pacific/Pago_Pago'];
  const distance = (zone: string) => Math.abs(DateTime.now().setZone(zone).hour + DateTime.now().setZone(zone).minute / 60 - 14);
  return zones.sort((a, b) => distance(a) - distance(b))[0]!;
}

/** Learners who asked for nudges an hour ago, each with a post in 29 minutes: their reminder is due now. */
async function prepareNudges(dbPath: string, platform: 'discord' | 'slack', userIds: string[], zone: string): Promise<void> {
  const db = openDatabase(dbPath);
  const { engine } = createEngine({ db, clock: systemClock, scheduler: new TimeoutScheduler(), scenarios: new Map(), resources: await scoringResources(), timing: M13_TIMING, defaultTimezone: 'Europe/Paris' });
  const post = DateTime.now().setZone(zone).plus({ minutes: 29 });
  const csv = `date;heure;réseau;axe;titre\n${post.toFormat('yyyy-MM-dd')};${post.toFormat('HH:mm')};instagram;Coulisses;Le fournil`;
  for (const userId of userIds) {
    const as = { platform, userId, displayName: userId };
    expect(JSON.stringify(engine.handle({ ...as, eventId: `on-${userId}`, event: { kind: 'command', name: 'nudges', args: ['on', zone] } }))).toContain(zone);
    expect(JSON.stringify(engine.handle({ ...as, eventId: `cal-${userId}`, event: { kind: 'form', form: 'calendar-import', values: { text: csv } } }))).toContain('1 publication');
  }
  db.prepare('UPDATE nudge_prefs SET opted_in_at = ?').run(new Date(Date.now() - 3_600_000).toISOString());
  db.close();
}

/** A platform the bot process talks to, seen from the test: who the learners are and what reached their DMs. */
interface NudgePlatform {
  env: NodeJS.ProcessEnv;
  /** Tokens that must never appear in the bot's logs, even at debug level. */
  secrets: string[];
  userIds: string[];
  /** DM channel of each reminder shown, one entry per message. */
  reminders(): string[];
  /** Slows the burst down so it can be cut in the middle. */
  throttle(): void;
  /**
   * Calls `at` the moment the platform has shown a reminder and before the bot hears back: the
   * worst moment to die (sent, not yet recorded).
   */
  whenShown(at: (shown: number) => void): void;
  /** What the platform absorbed of the resends (Discord: enforced nonces; Slack: history checks). */
  absorbed(): string;
}

const LEARNERS = 30;

async function discordPlatform(): Promise<NudgePlatform> {
  const fake = await startFakeDiscord();
  cleanups.push(() => fake.close());
  const guild = fake.addGuild({ name: 'Promo CM', channels: [{ name: 'entrainement' }] });
  const users = Array.from({ length: LEARNERS }, (_, index) => fake.createUser({ username: `apprenant${index}` }));
  return {
    env: { DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.applicationId, DISCORD_GUILD_ID: guild.id, DISCORD_API_URL: fake.apiUrl },
    secrets: [fake.token],
    userIds: users.map((user) => user.id),
    reminders: () => fake.messages.filter((message) => fake.channel(message.channelId)?.type === 1 && message.content.includes('Publication prévue')).map((message) => message.channelId),
    throttle: () => {
      for (let index = 0; index < 10; index += 1) fake.rateLimitOnce('POST', /^\/channels\/\d+\/messages$/, 0.15);
    },
    // The fake checks its watchers after handling a request and before answering it.
    whenShown: (at) => void fake.waitFor(() => {
      at(fake.messages.filter((message) => fake.channel(message.channelId)?.type === 1 && message.content.includes('Publication prévue')).length);
      return false;
    }, 120_000).catch(() => undefined),
    absorbed: () => `${fake.nonceRepeats} renvoi(s) rendu(s) inoffensif(s) par le nonce imposé`,
  };
}

async function slackPlatform(): Promise<NudgePlatform> {
  const fake = await startFakeSlack();
  cleanups.push(() => fake.close());
  return {
    env: { SLACK_BOT_TOKEN: fake.botToken, SLACK_APP_TOKEN: fake.appToken, SLACK_API_URL: fake.apiUrl },
    secrets: [fake.botToken, fake.appToken],
    userIds: Array.from({ length: LEARNERS }, (_, index) => `U0L${String(index).padStart(3, '0')}`),
    reminders: () => fake.messages.filter((message) => message.channel.startsWith('D') && message.text.includes('Publication prévue')).map((message) => message.channel),
    throttle: () => fake.setLatency('chat.postMessage', 60),
    whenShown: (at) => fake.beforeReply((call) => {
      if (call.method === 'chat.postMessage' && String(call.args.text ?? '').includes('Publication prévue')) at(fake.messages.filter((message) => message.channel.startsWith('D') && message.text.includes('Publication prévue')).length);
    }),
    absorbed: () => `${fake.calls.filter((call) => call.method === 'conversations.history').length} vérification(s) de l’historique du message direct`,
  };
}

describe.each([
  ['Discord', 'SIGKILL', discordPlatform],
  ['Slack', 'SIGKILL', slackPlatform],
  ['Discord', 'SIGTERM', discordPlatform],
  ['Slack', 'SIGTERM', slackPlatform],
] as const)('a nudge burst on %s stopped by %s', (name, signal, open) => {
  it('after the restart every learner has its reminder exactly once', async () => {
    const platform = await open();
    const dbPath = join(mkdtempSync(join(tmpdir(), 'moderato-burst-')), 'moderato.db');
    await prepareNudges(dbPath, name === 'Discord' ? 'discord' : 'slack', platform.userIds, daytimeZone());
    // At debug level, where clients log the most: the secrets must still never show.
    const env = { DATABASE_PATH: dbPath, LOG_LEVEL: 'debug', ...platform.env };
    const logs: string[] = [];
    const launch = () => {
      const bot = startBot(env);
      cleanups.push(async () => {
        if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
        await bot.exited;
      });
      void bot.exited.then(() => logs.push(...bot.logs.map((line) => JSON.stringify(line))));
      return bot;
    };
    const waitUntil = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`pas de ${what} après 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    platform.throttle();
    let bot: BotProcess | undefined;
    let killed = false;
    platform.whenShown((shown) => {
      if (shown >= 10 && !killed && bot) {
        killed = true;
        bot.child.kill(signal);
      }
    });

    bot = launch();
    const stopped = await bot.exited;
    expect(killed).toBe(true);
    // SIGTERM: the message under way is finished and recorded, the rest waits for the restart.
    if (signal === 'SIGTERM') expect(stopped.code).toBe(0);
    const shownAtKill = platform.reminders().length;
    const db = new Database(dbPath, { readonly: true });
    const recordedAtKill = db.prepare("SELECT COUNT(*) FROM nudge_deliveries WHERE status = 'sent'").pluck().get() as number;
    db.close();
    expect(shownAtKill).toBeLessThan(LEARNERS);
    if (signal === 'SIGTERM') expect(recordedAtKill).toBe(shownAtKill);

    bot = launch();
    await waitUntil(() => new Set(platform.reminders()).size === LEARNERS, 'un rappel pour chacun');
    // A little longer: a duplicate would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);

    expect([...counts(platform.reminders()).values()]).toEqual(Array.from({ length: LEARNERS }, () => 1));
    const after = new Database(dbPath, { readonly: true });
    expect(after.prepare("SELECT COUNT(*) FROM nudge_deliveries WHERE status = 'sent'").pluck().get()).toBe(LEARNERS);
    expect(after.prepare('SELECT COUNT(*) FROM nudge_attempts').pluck().get()).toBe(0);
    after.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.length).toBeGreaterThan(3);
    for (const secret of platform.secrets) expect(logs.filter((line) => line.includes(secret))).toEqual([]);
    // The figures of this run, for the record.
    console.info(`${name} : rafale coupée par ${signal === 'SIGKILL' ? 'kill -9' : 'SIGTERM'} à ${shownAtKill}/${LEARNERS} rappels affichés, ${recordedAtKill} enregistrés ; après redémarrage, ${LEARNERS} affichés une fois chacun ; ${platform.absorbed()}`);
  }, 90_000);
});

describe('SIGTERM', () => {
  it('finishes the answer under way, tells a newcomer the bot restarts, then stops cleanly', async () => {
    const w = await world();
    const bot = await w.start();
    const threadId = await startPracticeDrill(w);
    // Discord holds the acknowledgement of the next answer for a second (a 429).
    w.fake.rateLimitOnce('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, 1);
    const first = await clickNo(w, threadId, 1);
    await w.fake.waitFor(() => w.fake.requests.find((request) => request.status === 429), 10_000, 'le 429');
    bot.child.kill('SIGTERM');
    await bot.waitForLog('arrêt demandé');
    // Someone acts during the stop: told plainly, nothing recorded.
    const late = w.fake.slashCommand({ name: 'drill', subcommand: 'resume', user: w.learner, channelId: threadId, guildId: w.guild.id });
    const lateReply = await w.fake.waitFor(() => {
      const reply = w.fake.originalResponse(late.id);
      return reply && reply.embeds.length > 0 ? reply : undefined;
    }, 10_000, 'la réponse pendant l’arrêt');
    expect(JSON.stringify(lateReply.embeds)).toContain('Le bot redémarre : cette action n’a pas été enregistrée');
    expect(lateReply.ephemeral).toBe(true);

    // The answer under way was acknowledged before the bot left.
    expect((await w.fake.waitForCallback(first.interaction.id, 10_000)).type).toBeGreaterThan(0);
    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    expect(bot.logs.map((line) => line.msg)).toContain('arrêté proprement');
    expect(answeredComments(w.dbPath)).toEqual([first.commentId]);
    const processed = new Database(w.dbPath, { readonly: true });
    // The refused event left no trace: after the restart the same action would be handled.
    expect(processed.prepare('SELECT COUNT(*) FROM processed_events WHERE event_id = ?').pluck().get(`discord:${late.id}`)).toBe(0);
    processed.close();
    const health = runCli(['health'], { env: w.env });
    expect(health.status).toBe(1);
    expect(health.stderr).toContain('discord : déconnecté');
  }, 60_000);
});
