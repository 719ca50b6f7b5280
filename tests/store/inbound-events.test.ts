import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { InboundEventLog } from '../../src/store/inbound-events.js';
import { transaction } from '../../src/store/transaction.js';

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

describe('the inbound-event log', () => {
  it('treats a redelivered inbound event as already processed', () => {
    const db = openDatabase(':memory:');
    const log = new InboundEventLog(db);
    expect(log.wasProcessed('interaction-1')).toBe(false);
    expect(log.claim('interaction-1', T0)).toBe(true);
    expect(log.claim('interaction-1', T0 + 1)).toBe(false);
    expect(log.wasProcessed('interaction-1')).toBe(true);
    db.close();
  });

  it('forgets an id claimed in a transaction that rolled back, so the retry is handled', () => {
    const db = openDatabase(':memory:');
    const log = new InboundEventLog(db);
    expect(() =>
      transaction(db, () => {
        log.claim('interaction-2', T0);
        throw new Error('panne simulée');
      }),
    ).toThrow('panne simulée');
    expect(log.wasProcessed('interaction-2')).toBe(false);
    expect(log.claim('interaction-2', T0)).toBe(true);
    db.close();
  });
});
