import type { Db } from './database.js';
import { prepared } from './statements.js';

/**
 * The platform events already handled, whatever part of the bot answered them: a redelivery (a
 * retried interaction, a Slack envelope sent twice) is recognised and skipped. An event's id is
 * claimed in the same transaction as everything the event writes, so a rolled-back event leaves
 * no id behind and the user's retry is handled.
 */
export class InboundEventLog {
  constructor(private readonly db: Db) {}

  /** Records the event id; false when it was already processed (a redelivery). */
  claim(eventId: string, now: number): boolean {
    return prepared(this.db, 'INSERT OR IGNORE INTO processed_events (event_id, processed_at) VALUES (?, ?)').run(eventId, new Date(now).toISOString()).changes === 1;
  }

  wasProcessed(eventId: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM processed_events WHERE event_id = ?').get(eventId) !== undefined;
  }
}
