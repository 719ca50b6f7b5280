/**
 * The fake Discord and the candidates in their own thread (bench/discord.ts without --inline): the
 * bot's thread then pays only for what it would pay against the real Discord (gateway frames in,
 * REST requests out), not for the fake's JSON, bookkeeping and the candidates' waiting.
 *
 * Protocol: → { type: 'ready', apiUrl, token, applicationId, guildId, channelId }
 *           ← { type: 'run', options }   → { type: 'done', result }
 *           ← { type: 'close' }          → { type: 'closed' }
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { startFakeDiscord } from '../tests/fakes/discord.js';
import { driveCandidates, type DriverOptions, type DriverResult } from './discord-driver.js';

const port = parentPort;
if (!port) throw new Error('fake-discord-worker.ts runs as a worker thread');

const fake = await startFakeDiscord();
const guild = fake.addGuild({ name: 'Promo', channels: [{ name: 'entrainement' }, { name: 'promo' }] });
const loop = monitorEventLoopDelay({ resolution: 1 });

port.on('message', (message: { type: 'run'; options: DriverOptions } | { type: 'close' }) => {
  if (message.type === 'run') {
    loop.enable();
    driveCandidates(fake, message.options).then(
      (outcome) => {
        loop.disable();
        const result: DriverResult = { ...outcome, loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 } };
        port.postMessage({ type: 'done', result });
      },
      (error: unknown) => port.postMessage({ type: 'error', error: error instanceof Error ? error.stack : String(error) }),
    );
  } else {
    void fake.close().then(() => {
      port.postMessage({ type: 'closed' });
      port.close();
    });
  }
});

port.postMessage({ type: 'ready', apiUrl: fake.apiUrl, token: fake.token, applicationId: fake.applicationId, guildId: guild.id, channelId: guild.channelId('entrainement'), cohortChannelId: guild.channelId('promo') });
