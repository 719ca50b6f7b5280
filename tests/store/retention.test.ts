import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import { purgeOlderThan } from '../../src/store/retention.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

describe('retention', () => {
  it('deletes drills (with events and scores) and logs older than the cutoff, keeps the rest and the accounts', async () => {
    const scenario = fixtureScenario();
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    platform.send('alice', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] });
    // Handed in (confirmed with comments left unanswered), so that the next « start » starts a new drill.
    const confirmation = TestPlatform.question(platform.send('alice', { kind: 'command', name: 'submit' }));
    platform.send('alice', { kind: 'choice', prompt: confirmation.id, values: ['submit'] });
    clock.advance(100 * 86_400_000);
    platform.send('alice', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] });
    const removed = purgeOlderThan(platform.db, clock.now() - 90 * 86_400_000);
    expect(removed).toMatchObject({ drills: 1 });
    expect(platform.db.prepare('SELECT COUNT(*) FROM drills').pluck().get()).toBe(1);
    expect(platform.db.prepare('SELECT COUNT(*) FROM scores').pluck().get()).toBe(0);
    expect(platform.db.prepare('SELECT COUNT(*) FROM drill_events WHERE drill_id NOT IN (SELECT id FROM drills)').pluck().get()).toBe(0);
    expect(platform.db.prepare('SELECT COUNT(*) FROM learners').pluck().get()).toBe(1);
    platform.close();
  });
});
