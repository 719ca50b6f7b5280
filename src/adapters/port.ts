import type { NamedChannel, OpenSpace } from '../engine/cohort-service.js';
import type { DeliveryOptions, Engine } from '../engine/engine.js';
import type { View } from '../engine/views.js';
import type { CohortMember } from '../store/cohorts.js';
import type { DrillOrigin } from '../store/drills.js';
import type { Platform } from '../store/learners.js';

/** What an adapter may ask of the engine: hand an event over, have its work waited for at a stop, skip a redelivery, list the cases matching what is typed (autocomplete). */
export type AdapterEngine = Pick<Engine, 'handle' | 'handleDurably' | 'durable' | 'track' | 'alreadyHandled' | 'scenarioChoices'>;

/** A cohort drill starting for a member: the cohort, its scenario, the channels the cohort is bound to on this platform. */
export type SpaceContext = Parameters<OpenSpace>[1];

/**
 * One surface moderato talks through (Discord, Slack, the terminal; the test platform too). It
 * translates the platform's events into the engine's inbound events (`engine.handle`) and the
 * engine's views into the platform's messages, and decides nothing. The app registers every adapter
 * in one list (`registerAdapters`), then starts, watches and stops them alike.
 */
export interface ChatAdapter {
  readonly platform: Platform;
  /** Connects; rejects with the platform's own error when it refuses (a bad token, an unreachable server). */
  start(): Promise<void>;
  /** Disconnects; the engine's work under way was drained before. */
  stop(): Promise<void>;
  /** Connected and able to deliver now: what `moderato health` reports. */
  connected(): boolean;
  /**
   * A message the clock sends (a drill's next step, a reminder, the automatic submission, a nudge,
   * a trainer's report) to `origin`: its channel, or the person's DM. Settles once the platform
   * accepted every message, rejects when it refused: a nudge is recorded as sent only then.
   * `options.idempotencyKey` is the same for every attempt of one message, so a platform shows it
   * once even when a crash made the bot send it twice.
   */
  deliver(origin: DrillOrigin, views: View[], options?: DeliveryOptions): Promise<void>;
  /**
   * A cohort member's own private place for a drill launched for their cohort (a private thread
   * on Discord, the DM on Slack): its channel id, or undefined when it cannot be opened now (the
   * member is tried again). Absent where the platform has none (the terminal).
   */
  openPrivateSpace?(member: CohortMember, context: SpaceContext): Promise<string | undefined>;
  /** What the platform verified, just before handing the event over, about a channel the event names (Slack). */
  describeChannel?(channelId: string): NamedChannel | undefined;
}

/**
 * Connects adapters to the engine, one per platform: the engine's clock-driven messages go to
 * each adapter's `deliver`, a cohort member's drill opens in its `openPrivateSpace`, named channels
 * are described by its `describeChannel`. Call before `restore()`, so what restarts has somewhere to go.
 */
export function registerAdapters(engine: Pick<Engine, 'onDeliver' | 'cohorts'>, adapters: readonly ChatAdapter[]): void {
  const platforms = new Set<Platform>();
  for (const adapter of adapters) {
    if (platforms.has(adapter.platform)) throw new Error(`deux adaptateurs pour la plateforme ${adapter.platform}`);
    platforms.add(adapter.platform);
    engine.onDeliver(adapter.platform, (origin, views, options) => adapter.deliver(origin, views, options));
    const { openPrivateSpace, describeChannel } = adapter;
    if (openPrivateSpace) engine.cohorts.onOpenSpace(adapter.platform, (member, context) => openPrivateSpace.call(adapter, member, context));
    if (describeChannel) engine.cohorts.onDescribeChannel(adapter.platform, (channelId) => describeChannel.call(adapter, channelId));
  }
}
