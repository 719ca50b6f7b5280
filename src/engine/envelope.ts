import type { DrillOrigin } from '../store/drills.js';
import type { Platform } from '../store/learners.js';
import type { Inbound } from './views.js';

/** One inbound event as an adapter hands it over: who sent it, from where, and what it is. */
export interface Envelope {
  /** The platform's own id of this event (interaction id, envelope id, line number…): a redelivery is ignored. */
  eventId: string;
  platform: Platform;
  userId: string;
  displayName: string;
  channelId?: string;
  /** The platform says this user is a trainer (Discord role, Slack allow-list), checked server-side. */
  trainer?: boolean;
  event: Inbound;
}

/** Where the answers to this event, and what the clock later says about it, are sent. */
export function originOf(envelope: Envelope): DrillOrigin {
  return { platform: envelope.platform, userId: envelope.userId, ...(envelope.channelId ? { channelId: envelope.channelId } : {}) };
}
