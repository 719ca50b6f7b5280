import { describe, expect, it, vi } from 'vitest';
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

describe('erasing a learner who took part in a cohort drill', () => {
  it('keeps the cohort’s pass rates and verdict counts, anonymous, and forgets who they were', async () => {
    const scenario = fixtureScenario();
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9));
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    platform.cohorts.onOpenSpace('test', async (member) => `space-${member.userId}`);
    const trainer = { channelId: 'salon-formateurs', trainer: true };
    const created = platform.send('formatrice', command('cohort-create', 'Promo'), undefined, trainer);
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(JSON.stringify(created))![1]!;
    for (const learner of ['alice', 'bob']) platform.send(learner, command('cohort-join', code));
    platform.send('formatrice', { kind: 'form', form: 'launch', values: { cohort: '1', scenario: scenario.id, date: '', time: '', mode: 'practice', window: '60' } }, undefined, trainer);
    clock.advance(0);
    await vi.waitFor(() => expect(platform.deliveries.filter((delivery) => delivery.origin.channelId?.startsWith('space-'))).toHaveLength(2));
    const alice = platform.cohorts.store.members(1).find((member) => member.displayName === 'alice')!;
    const drillId = platform.drills.store.latestOpenDrill(alice.learnerId)!;
    for (const comment of scenario.comments) platform.send('alice', { kind: 'choice', prompt: `needs:${drillId}:${comment.id}`, values: ['no'] });
    platform.send('alice', { kind: 'choice', prompt: `submit:${drillId}`, values: ['submit'] });
    const before = platform.cohorts.reports.passRateByCheck(1, null);
    expect(before.length).toBeGreaterThan(0);

    platform.send('alice', command('privacy', 'erase'));
    platform.send('alice', { kind: 'choice', prompt: 'privacy:erase', values: ['confirm'] });

    // The same rates over the same number of evaluations: the trainer's figures do not move.
    expect(platform.cohorts.reports.passRateByCheck(1, null)).toEqual(before);
    const results = platform.send('formatrice', command('results', 'Promo'), undefined, { trainer: true });
    const text = (results[0] as Extract<View, { kind: 'notice' }>).text;
    expect(text).toContain('Résultats — cohorte « Promo » : 0 copie rendue sur 1.');
    expect(text).toContain('Et 1 copie d’apprenants qui ont effacé leurs données, comptée anonymement dans les taux : Cr7.1 atteint 0/1, Cr7.2 atteint 0/1.');
    expect(JSON.stringify(results)).not.toContain('alice');
    // Nothing left that names her: no learner, no drill, no answer, no score.
    expect(platform.db.prepare("SELECT COUNT(*) FROM learners WHERE display_name = 'alice'").pluck().get()).toBe(0);
    expect(platform.db.prepare('SELECT COUNT(*) FROM scores').pluck().get()).toBe(0);
    expect(platform.db.prepare('SELECT COUNT(*) FROM drill_events e JOIN drills d ON d.id = e.drill_id WHERE d.learner_id = ?').pluck().get(alice.learnerId)).toBe(0);
    platform.close();
  });
});
