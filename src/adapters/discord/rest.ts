import { AsyncLocalStorage } from 'node:async_hooks';
import { REST, type InternalRequest, type RESTOptions, type ResponseLike } from 'discord.js';

/**
 * Discord's global limit (50 requests/s per bot) binds the requests made with the bot token. It does
 * not bind interaction endpoints: the callback (`/interactions/{id}/{token}/callback`) and the
 * interaction's webhook (`/webhooks/{application}/{token}`: follow-ups, edits of the response). discord.js
 * sends callbacks outside its queue (BurstHandler) but counts everything else, webhook-token routes
 * included, against its client-side 50/s (SequentialHandler decrements `globalRemaining` for every
 * request). So a step answered through its interaction would still wait behind reminders and thread
 * creations. DiscordRest splits the two:
 *
 * - requests without the bot token (`auth: false`: callbacks, interaction webhooks) go to a REST
 *   instance of their own whose global counter never binds; per-route limits (X-RateLimit-* headers,
 *   one queue per interaction token) and 429s (wait retry_after, send again once) stay discord.js's;
 * - requests with the bot token wait their turn in a paced queue ordered by lane (a learner's
 *   interaction, then what the clock delivers to a learner, then reminders) and, within a lane, by
 *   the age of the flow they belong to (the learner who started first is served first); the pace
 *   (45/s, one at a time) stays under Discord's 50/s even when latencies bunch requests, and a
 *   hard ceiling just before the network (47 in any second) catches what discord.js held and
 *   released together (a per-route wait, a retry).
 *
 * Every 429 is counted (Discord bans a bot for a while after 10 000 invalid requests in 10 minutes).
 */

/** Who waits for a request: a learner who just acted, a learner the clock moves on, nobody in particular (a reminder). */
export type Lane = 'interaction' | 'delivery' | 'background';
const LANE_ORDER: Record<Lane, number> = { interaction: 0, delivery: 1, background: 2 };

interface Flow {
  lane: Lane;
  /** Increasing with each flow started: the older flow goes first within a lane. */
  seq: number;
}

const flows = new AsyncLocalStorage<Flow>();
let flowCounter = 0;

/** Runs `work` as a new flow in `lane`: every bot-token request it makes (awaited or not) waits in that lane. */
export function inLane<T>(lane: Lane, work: () => T): T {
  flowCounter += 1;
  return flows.run({ lane, seq: flowCounter }, work);
}

/** Runs `work` in another lane, keeping the current flow's age (a step of the same learner's start). */
export function sameFlowIn<T>(lane: Lane, work: () => T): T {
  const current = flows.getStore();
  if (!current) return inLane(lane, work);
  return flows.run({ lane, seq: current.seq }, work);
}

export interface PaceOptions {
  /** Bot-token requests per second granted on average (Discord allows 50). */
  perSecond: number;
  /** Requests that may leave together after a quiet moment. */
  burst: number;
  /** Hard ceiling: never more than this many sends in any window of `windowMs`. */
  ceiling: number;
  windowMs: number;
}

export const DISCORD_PACE: PaceOptions = { perSecond: 45, burst: 1, ceiling: 47, windowMs: 1_000 };

interface Waiter {
  lane: number;
  seq: number;
  order: number;
  resolve: () => void;
}

/** A token bucket whose waiters are served by lane, then by flow age, then in arrival order. */
export class PacedQueue {
  private tokens: number;
  private last = performance.now();
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private arrivals = 0;

  constructor(private readonly perSecond: number, private readonly burst: number) {
    this.tokens = burst;
  }

  /** Requests waiting for their turn. */
  get length(): number {
    return this.waiting.length;
  }

  take(flow: Flow | undefined): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = { lane: LANE_ORDER[flow?.lane ?? 'delivery'], seq: flow?.seq ?? Number.MAX_SAFE_INTEGER, order: (this.arrivals += 1), resolve };
      // Sorted insert (the queue is short: a few hundred at most); the later arrival goes after its equals.
      let index = this.waiting.length;
      while (index > 0 && compare(this.waiting[index - 1]!, waiter) > 0) index -= 1;
      this.waiting.splice(index, 0, waiter);
      this.pump();
    });
  }

  private pump(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    while (this.waiting.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiting.shift()!.resolve();
    }
    if (this.waiting.length > 0 && this.timer === undefined) {
      const wait = Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
    }
  }
}

function compare(a: Waiter, b: Waiter): number {
  return a.lane - b.lane || a.seq - b.seq || a.order - b.order;
}

/** At most `limit` sends in any window of `windowMs`, in arrival order; paused after a global 429. */
export class SlidingWindow {
  private readonly sent: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private pausedUntil = 0;

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
  }

  /** Discord said the whole bot is limited: nothing leaves before `until`. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private pump(): void {
    const now = performance.now();
    while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift();
    while (this.waiting.length > 0 && this.sent.length < this.limit && now >= this.pausedUntil) {
      this.sent.push(now);
      this.waiting.shift()!();
    }
    if (this.waiting.length > 0 && this.timer === undefined) {
      const free = this.sent.length < this.limit ? now : this.sent[0]! + this.windowMs;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, Math.max(1, Math.ceil(Math.max(free, this.pausedUntil) - now)));
    }
  }
}

/** A 429 Discord answered: what the bot logs and counts. */
export interface RateLimitHit {
  url: string;
  method: string;
  global: boolean;
  retryAfterMs: number;
}

/** The interaction endpoints Discord does not count against the global limit. */
export function isInteractionRoute(request: Pick<InternalRequest, 'fullRoute' | 'auth'>): boolean {
  return request.auth === false && (request.fullRoute.startsWith('/interactions/') || request.fullRoute.startsWith('/webhooks/'));
}

/**
 * discord.js's REST, as the client's `rest`: bot-token requests paced and ordered by lane, interaction
 * endpoints on their own instance, never held behind the bot's global limit.
 */
export class DiscordRest extends REST {
  /** Callbacks and interaction webhooks: discord.js's per-route handling, no global counter. */
  readonly interactionRest: REST;
  /** 429s answered to this bot since it started (both instances). */
  rateLimitHits = 0;
  private readonly paced: PacedQueue;
  private readonly ceiling: SlidingWindow;
  private readonly onRateLimit: (hit: RateLimitHit) => void;

  private readonly pace: PaceOptions;

  constructor(options: Partial<RESTOptions>, { pace = DISCORD_PACE, onRateLimit = () => undefined }: { pace?: PaceOptions; onRateLimit?: (hit: RateLimitHit) => void } = {}) {
    super(options);
    this.pace = pace;
    const network = this.options.makeRequest;
    this.paced = new PacedQueue(pace.perSecond, pace.burst);
    this.ceiling = new SlidingWindow(pace.ceiling, pace.windowMs);
    this.onRateLimit = onRateLimit;
    // The ceiling sits just before the network: what discord.js releases together (after a per-route wait, a retry) is spread again.
    this.options.makeRequest = async (url, init) => {
      await this.ceiling.take();
      return this.watch(await network(url, init), url, init);
    };
    this.interactionRest = new REST({ ...options, globalRequestsPerSecond: Number.POSITIVE_INFINITY });
    const exempt = this.interactionRest.options.makeRequest;
    this.interactionRest.options.makeRequest = async (url, init) => this.watch(await exempt(url, init), url, init);
  }

  /** Milliseconds between two bot-token requests at the pace. */
  get requestInterval(): number {
    return 1000 / this.pace.perSecond;
  }

  /** Bot-token requests waiting for their turn (the paced queue). */
  get waiting(): number {
    return this.paced.length;
  }

  override async queueRequest(request: InternalRequest): Promise<ResponseLike> {
    if (isInteractionRoute(request)) return this.interactionRest.queueRequest(request);
    await this.paced.take(flows.getStore());
    return super.queueRequest(request);
  }

  private watch(response: ResponseLike, url: string, init: { method?: string | undefined }): ResponseLike {
    if (response.status === 429) {
      this.rateLimitHits += 1;
      const global = response.headers.get('x-ratelimit-global') !== null;
      const retryAfterMs = Number(response.headers.get('retry-after') ?? 0) * 1000;
      if (global) this.ceiling.pause(performance.now() + retryAfterMs);
      this.onRateLimit({ url, method: init.method ?? 'GET', global, retryAfterMs });
    }
    return response;
  }
}
