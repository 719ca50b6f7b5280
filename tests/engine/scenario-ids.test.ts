import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const text = (views: View[]) => (views[0] as Extract<View, { kind: 'notice' }>).text;

describe('scenario ids typed by users', () => {
  it('are looked up among the loaded scenarios only: a path never reaches the file system', async () => {
    const scenario = fixtureScenario();
    const platform = await TestPlatform.open(':memory:', new ManualClock(Date.UTC(2026, 11, 1, 9)), [scenario]);
    platform.send('formatrice', { kind: 'command', name: 'cohort-create', args: ['Promo'] }, undefined, { channelId: 'salon-formateurs', trainer: true });
    for (const id of ['../../etc/passwd', '/etc/passwd', `../scenarios/${scenario.id}`, `${scenario.id}.yaml`, '%2e%2e%2fpackage.json']) {
      expect(text(platform.send('alice', { kind: 'command', name: 'start', args: [id, 'practice'] }))).toBe(`Scénario « ${id} » introuvable.`);
      expect(text(platform.send('formatrice', { kind: 'form', form: 'launch', values: { cohort: '1', scenario: id, mode: 'practice' } }, undefined, { trainer: true }))).toMatch(/introuvable/);
    }
    expect(platform.db.prepare('SELECT COUNT(*) FROM drills').pluck().get()).toBe(0);
    platform.close();
  });
});
