import type { DrillOrigin } from '../../store/drills.js';

/** Each person's DM channel with the bot, opened once per process (Discord's user channel, Slack's conversations.open). */
export class DmChannels {
  private readonly known = new Map<string, string>();

  constructor(private readonly open: (userId: string) => Promise<string>) {}

  async of(userId: string): Promise<string> {
    const known = this.known.get(userId);
    if (known) return known;
    const id = await this.open(userId);
    this.known.set(userId, id);
    return id;
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
