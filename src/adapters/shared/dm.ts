import type { DrillOrigin } from '../../store/drills.js';

/** Each person's DM channel with the bot, opened once per process (Discord's user channel, Slack's conversations.open). */
export class DmChannels {
  private readonly known = new Map<string, string>();
  /** Posts under way to a person's user id, whose answer will name their DM. */
  private readonly learning = new Map<string, Promise<string | undefined>>();

  constructor(private readonly open: (userId: string) => Promise<string>) {}

  async of(userId: string): Promise<string> {
    const known = this.known.get(userId);
    if (known) return known;
    const named = await this.learning.get(userId);
    if (named) return named;
    const id = await this.open(userId);
    this.known.set(userId, id);
    return id;
  }

  /** The DM already known for this person (opened, or learnt from a platform's answer), without asking. */
  knownFor(userId: string): string | undefined {
    return this.known.get(userId);
  }

  /** A DM the platform named for this person (Slack answers a post to a user id with the DM's id). */
  remember(userId: string, channelId: string): void {
    this.known.set(userId, channelId);
  }

  /** A post to the person's user id is under way: its answer names their DM (`of` waits for it rather than asking). */
  learn(userId: string, naming: Promise<string | undefined>): void {
    const settled = naming.then((id) => {
      if (id) this.known.set(userId, id);
      return id;
    }, () => undefined).finally(() => {
      if (this.learning.get(userId) === settled) this.learning.delete(userId);
    });
    this.learning.set(userId, settled);
  }
}

/**
 * Where a clock-driven message for one person goes (a drill's next step, a nudge, a trainer's
 * report): the origin's channel when it has one (the learner's drill thread, a trainer's private
 * channel), else their DM with the bot.
 */
export function channelOrDm(origin: DrillOrigin, dms: DmChannels): Promise<string> {
  return origin.channelId ? Promise.resolve(origin.channelId) : dms.of(origin.userId);
}
