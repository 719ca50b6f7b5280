import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const command = (name: string, ...args: string[]) => ({ kind: 'command' as const, name, args });

describe('a learner’s data (RGPD)', () => {
  it('exports everything about the learner and nobody else, then erases it all after confirmation', async () => {
    const scenario = fixtureScenario();
    const platform = await TestPlatform.open(':memory:', new ManualClock(Date.UTC(2026, 11, 1, 9)), [scenario]);
    for (const user of ['alice', 'bob']) {
      platform.send(user, command('start', scenario.id, 'practice'));
      platform.send(user, command('nudges', 'on'));
      platform.send(user, { kind: 'form', form: 'calendar-import', values: { text: 'date;heure;réseau;axe;titre\n2026-12-03;10:00;x;A;B' } });
    }
    const drillId = platform.drills.store.latestOpenDrill(1)!;
    platform.send('alice', { kind: 'choice', prompt: `needs:${drillId}:${scenario.comments[0]!.id}`, values: ['no'] });

    const exported = platform.send('alice', command('privacy', 'export'));
    const file = exported.find((view): view is Extract<View, { kind: 'file' }> => view.kind === 'file')!;
    expect(file).toMatchObject({ filename: 'mes-donnees-moderato.json', contentType: 'application/json' });
    const data = JSON.parse(new TextDecoder().decode(file.data)) as Record<string, Array<Record<string, unknown>>> & { learner: { display_name: string } };
    expect(data.learner.display_name).toBe('alice');
    expect(data.drills).toHaveLength(1);
    expect(data.drill_events!.map((event) => event.type)).toEqual(['started', 'answered']);
    expect(data.calendar_posts).toHaveLength(1);
    expect(JSON.stringify(data)).not.toContain('"bob"');

    const confirm = platform.send('alice', command('privacy', 'erase'));
    expect(confirm[0]).toMatchObject({ kind: 'prompt', id: 'privacy:erase' });
    expect(platform.send('alice', { kind: 'choice', prompt: 'privacy:erase', values: ['cancel'] })).toEqual([{ kind: 'notice', tone: 'info', text: 'Rien n’a été effacé.' }]);
    const erased = platform.send('alice', { kind: 'choice', prompt: 'privacy:erase', values: ['confirm'] });
    expect((erased[0] as Extract<View, { kind: 'notice' }>).text).toMatch(/^Vos données sont effacées \(comptes : 1, exercices : 1, préférences de rappel : 1, calendrier : 1\)/);
    for (const table of ['drills', 'drill_events', 'calendar_posts', 'nudge_prefs', 'identities']) {
      expect(platform.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), table).toBe(1);
    }
    expect(platform.db.prepare('SELECT display_name FROM learners').pluck().all()).toEqual(['bob']);
    platform.close();
  });
});
