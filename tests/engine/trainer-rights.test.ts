import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { Inbound, View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const REFUSAL = 'Cette commande est réservée aux formateurs.';

/** What each table holds, to prove a refused command changed nothing. */
function snapshot(platform: TestPlatform): Record<string, number> {
  const tables = platform.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('processed_events', 'learners', 'identities', 'nudge_prefs', 'sqlite_sequence')").pluck().all() as string[];
  return Object.fromEntries(tables.map((table) => [table, platform.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number]));
}

describe('trainer rights', () => {
  it('every trainer action is refused to a learner, whatever they type or forge, and changes nothing', async () => {
    const scenario = fixtureScenario();
    const platform = await TestPlatform.open(':memory:', new ManualClock(Date.UTC(2026, 10, 28, 9)), [scenario]);
    const created = platform.send('formatrice', { kind: 'command', name: 'cohort-create-here', args: ['Promo'] }, undefined, { channelId: 'salon-promo', trainer: true });
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(JSON.stringify(created))![1]!;
    platform.send('alice', { kind: 'command', name: 'cohort-join', args: [code] });
    const before = snapshot(platform);

    const actions: Inbound[] = [
      { kind: 'command', name: 'cohort-create', args: ['Pirate'] },
      { kind: 'command', name: 'cohort-create-here', args: ['Pirate'] },
      { kind: 'command', name: 'cohort-bind', args: [code] },
      { kind: 'command', name: 'cohort-list', args: [] },
      { kind: 'command', name: 'cohort-show', args: ['Promo'] },
      { kind: 'command', name: 'launch', args: [scenario.id, 'maintenant', 'exam'] },
      { kind: 'command', name: 'launch-form', args: [] },
      { kind: 'command', name: 'drill-status', args: [] },
      { kind: 'command', name: 'results', args: ['Promo'] },
      { kind: 'command', name: 'milestone', args: ['Promo', '2026-12-15', '09:00', 'Examen'] },
      { kind: 'command', name: 'coach', args: ['cohorte', 'Promo'] },
      { kind: 'form', form: 'launch', values: { cohort: '1', scenario: scenario.id, mode: 'exam' } },
    ];
    for (const event of actions) {
      const views = platform.send('alice', event, undefined, { channelId: 'salon-promo' });
      expect(views, JSON.stringify(event)).toEqual([{ kind: 'notice', tone: 'error', text: REFUSAL }] satisfies View[]);
    }
    expect(snapshot(platform)).toEqual(before);
    platform.close();
  });
});
