/**
 * The fake Slack (tier limits on) and the learners in their own thread (bench/slack.ts): the bot's
 * thread pays only for what it would pay against the real Slack.
 *
 * Protocol: → { type: 'ready', apiUrl, botToken, appToken, signingSecret }
 *           ← { type: 'run', options } → { type: 'done', result }
 *           ← { type: 'close' }        → { type: 'closed' }
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { startFakeSlack } from '../tests/fakes/slack-server.js';
import { driveSlack, type SlackDriverOptions, type SlackDriverResult } from './slack-driver.js';

const port = parentPort;
if (!port) throw new Error('fake-slack-worker.ts runs as a worker thread');

const fake = await startFakeSlack({ tierLimits: true });
fake.addChannel({ id: 'C0GENERAL', name: 'general', kind: 'public' });
const loop = monitorEventLoopDelay({ resolution: 1 });

port.on('message', (message: { type: 'run'; options: SlackDriverOptions } | { type: 'close' }) => {
  if (message.type === 'run') {
    loop.enable();
    driveSlack(fake, message.options).then(
      (outcome) => {
        loop.disable();
        const result: SlackDriverResult = { ...outcome, loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 } };
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

port.postMessage({ type: 'ready', apiUrl: fake.apiUrl, botToken: fake.botToken, appToken: fake.appToken, signingSecret: fake.signingSecret });
