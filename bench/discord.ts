/**
 * Discord benchmark (issue: Discord adapter). 200 candidates interact at the same time over the
 * local fake gateway with the real discord.js client: each starts a practice drill in a private
 * thread and answers every comment. Prints the time from INTERACTION_CREATE to the interaction
 * callback (p50/p99), never asserts.
 * Run: npm run bench:discord [-- CANDIDATES]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordBot } from '../src/adapters/discord/bot.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startFakeDiscord, type FakeDiscord, type FakeMessage, type FakeUser } from '../tests/fakes/discord.js';
import { ms, summarise } from './stats.js';

const CANDIDATES = Number(process.argv[2] ?? 200);
const fake = await startFakeDiscord();
const guild = fake.addGuild({ name: 'Promo', channels: [{ name: 'entrainement' }] });
const config = { ...loadConfig({}), databasePath: join(mkdtempSync(join(tmpdir(), 'moderato-discord-')), 'bench.db') };
const logger = createLogger('warn');
const app = await createApp({ config, logger });
const scenario = [...app.scenarios.values()][0]!;
const bot = new DiscordBot(app.engine, { token: fake.token, appId: fake.applicationId, guildId: guild.id, trainerRole: undefined, apiUrl: fake.apiUrl }, logger);
await bot.start();

function latestQuestion(server: FakeDiscord, threadId: string): FakeMessage | undefined {
  return [...server.messagesIn(threadId)].reverse().find((message) => message.components.length > 0);
}

async function candidate(user: FakeUser): Promise<void> {
  const command = fake.slashCommand({ name: 'drill', subcommand: 'start', options: { scenario: scenario.id, mode: 'practice' }, user, channelId: guild.channelId('entrainement') });
  const reply = await fake.waitFor(() => /<#(\d+)>/.exec(fake.originalResponse(command.id)?.content ?? ''), 300_000, 'fil');
  const threadId = reply[1]!;
  for (const comment of scenario.comments) {
    const question = await fake.waitFor(() => {
      const found = latestQuestion(fake, threadId);
      return found?.content.includes(`Commentaire ${scenario.comments.indexOf(comment) + 1}/`) ? found : undefined;
    }, 300_000, 'question');
    const customId = JSON.stringify(question.components).match(/"custom_id":"(b\|needs:[^"]+\|no)"/)![1]!;
    const click = fake.componentInteraction({ customId, message: question.id, user });
    await fake.waitForCallback(click.id, 300_000);
  }
}

const users = Array.from({ length: CANDIDATES }, (_, index) => fake.createUser({ username: `candidat${index}` }));
const started = performance.now();
await Promise.all(users.map(candidate));
const elapsed = performance.now() - started;
const latency = summarise(fake.callbacks.map((callback) => callback.latencyMs));
console.log(`${CANDIDATES} candidats simultanés · ${fake.callbacks.length} interactions · ${fake.requests.length} requêtes REST · ${(elapsed / 1000).toFixed(1)} s`);
console.log(`INTERACTION_CREATE → réponse : p50 ${ms(latency.p50)} · p90 ${ms(latency.p90)} · p99 ${ms(latency.p99)} · max ${ms(latency.max)}`);
console.log(`Échecs REST : ${fake.failures.length} · routes inconnues : ${fake.unexpected.length}`);
await bot.stop();
app.close();
await fake.close();
process.exit(0);
