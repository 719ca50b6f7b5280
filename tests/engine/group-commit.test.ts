import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

/** A flush the test completes by hand: what waits for the disk, and what does not. */
function manualFlush(): { flush: () => Promise<void>; calls: number; complete(): void } {
  const waiting: Array<() => void> = [];
  const control = {
    calls: 0,
    flush: () => {
      control.calls += 1;
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    complete: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
  return control;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('group commit: nothing is said before it is on disk', () => {
  it('answers an event once its commit is flushed, the commit itself made at once', async () => {
    const control = manualFlush();
    const path = join(mkdtempSync(join(tmpdir(), 'moderato-group-')), 'test.db');
    const platform = await TestPlatform.open(path, new ManualClock(T0), [scenario], { flush: control.flush });
    let answered: View[] | undefined;
    void platform.engine.handleDurably({ eventId: 'start-1', platform: 'test', userId: 'lou', displayName: 'Lou', event: { kind: 'command', name: 'start', args: [scenario.id, 'practice'] } }).then((views) => {
      answered = views;
    });
    await settle();
    // Written (a crash of the process loses nothing), not yet told: the fsync has not returned.
    expect(platform.db.prepare('SELECT COUNT(*) FROM drills').pluck().get()).toBe(1);
    expect(answered).toBeUndefined();
    control.complete();
    await settle();
    expect(TestPlatform.question(answered!).id).toMatch(/^needs:/);
    platform.close();
  });

  it('sends a message of the clock (a reminder, a report) only after the flush', async () => {
    const control = manualFlush();
    const path = join(mkdtempSync(join(tmpdir(), 'moderato-group-')), 'test.db');
    const platform = await TestPlatform.open(path, new ManualClock(T0), [scenario], { flush: control.flush });
    const views: View[] = [{ kind: 'notice', tone: 'info', text: 'Rappel : publication à 14:00' }];
    const sent = platform.engine.deliverAsync({ platform: 'test', userId: 'lou' }, views);
    platform.engine.deliverNow({ platform: 'test', userId: 'lou' }, views);
    await settle();
    expect(platform.delivered).toHaveLength(0);
    control.complete();
    await sent;
    await settle();
    expect(platform.delivered).toHaveLength(2);
    platform.close();
  });
});
