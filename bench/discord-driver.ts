/**
 * The candidates of the Discord benchmark, run next to the fake (in the bench's own thread, or in
 * the fake's worker): each starts a practice drill with /drill start, waits for its private thread
 * and clicks « no » on every comment's first question. Records, per interaction, when it was
 * dispatched and when its callback reached the fake (high-resolution wall clock, comparable across
 * threads), so the bench can split the latency with the bot's own timings.
 */
import type { Server } from 'node:http';
import type { FakeDiscord, FakeMessage, FakeUser } from '../tests/fakes/discord.js';

/** Milliseconds since the epoch, sub-millisecond, comparable between threads. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface DriverOptions {
  candidates: number;
  scenarioId: string;
  comments: number;
  channelId: string;
  /** Delay before each click, drawn uniformly in [min, max] ms (0 0: click as soon as the question is there). */
  thinkMs: [number, number];
  /** Candidates start spread uniformly over this many ms (0: all at once). */
  rampMs: number;
}

export interface FakeSideRecord {
  id: string;
  kind: 'command' | 'click';
  /** Just before the fake built and dispatched INTERACTION_CREATE. */
  dispatch: number;
  /** When the fake's dispatch call returned (its own bookkeeping and watchers included). */
  dispatched: number;
  /** The callback's HTTP request reached the fake's server. */
  httpIn?: number;
  /** The official figure: `RecordedCallback.latencyMs` (Date.now() resolution). */
  latencyMs?: number;
}

export interface DriverResult {
  records: FakeSideRecord[];
  elapsedMs: number;
  interactions: number;
  requests: number;
  failures: number;
  unexpected: number;
  /** Event-loop delay of the thread the fake runs in (ms). */
  loopDelay: { p50: number; p99: number; max: number };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function latestQuestion(server: FakeDiscord, threadId: string): FakeMessage | undefined {
  return [...server.messagesIn(threadId)].reverse().find((message) => message.components.length > 0);
}

export async function driveCandidates(fake: FakeDiscord, options: DriverOptions): Promise<Omit<DriverResult, 'loopDelay'>> {
  const records = new Map<string, FakeSideRecord>();
  // When each callback request arrives (the route the fake answers is `/interactions/:id/:token/callback`).
  const server = (fake as unknown as { server: Server }).server;
  server.prependListener('request', (req) => {
    const match = /\/interactions\/(\d+)\/[^/]+\/callback/.exec(req.url ?? '');
    const record = match ? records.get(match[1]!) : undefined;
    if (record && record.httpIn === undefined) record.httpIn = wallNow();
  });
  const think = async (): Promise<void> => {
    const [min, max] = options.thinkMs;
    if (max > 0) await sleep(min + Math.random() * (max - min));
  };

  async function candidate(user: FakeUser, index: number): Promise<void> {
    if (options.rampMs > 0) await sleep((index / options.candidates) * options.rampMs);
    let dispatch = wallNow();
    const command = fake.slashCommand({ name: 'drill', subcommand: 'start', options: { scenario: options.scenarioId, mode: 'practice' }, user, channelId: options.channelId });
    records.set(command.id, { id: command.id, kind: 'command', dispatch, dispatched: wallNow() });
    const reply = await fake.waitFor(() => /<#(\d+)>/.exec(fake.originalResponse(command.id)?.content ?? ''), 300_000, 'fil');
    const threadId = reply[1]!;
    for (let number = 1; number <= options.comments; number += 1) {
      const question = await fake.waitFor(() => {
        const found = latestQuestion(fake, threadId);
        return found?.content.includes(`Commentaire ${number}/`) ? found : undefined;
      }, 300_000, 'question');
      const customId = JSON.stringify(question.components).match(/"custom_id":"(b\|needs:[^"]+\|no)"/)![1]!;
      await think();
      dispatch = wallNow();
      const click = fake.componentInteraction({ customId, message: question.id, user });
      records.set(click.id, { id: click.id, kind: 'click', dispatch, dispatched: wallNow() });
      await fake.waitForCallback(click.id, 300_000);
    }
  }

  const users = Array.from({ length: options.candidates }, (_, index) => fake.createUser({ username: `candidat${index}` }));
  const started = performance.now();
  await Promise.all(users.map(candidate));
  const elapsedMs = performance.now() - started;
  for (const callback of fake.callbacks) {
    const record = records.get(callback.interactionId);
    if (record) record.latencyMs = callback.latencyMs;
  }
  return {
    records: [...records.values()],
    elapsedMs,
    interactions: fake.callbacks.length,
    requests: fake.requests.length,
    failures: fake.failures.length,
    unexpected: fake.unexpected.length,
  };
}
