import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const scenario = fixtureScenario();

async function world() {
  const platform = await TestPlatform.open(':memory:', new ManualClock(Date.UTC(2026, 11, 1, 9)), [scenario]);
  platform.send('alice', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] });
  const drillId = platform.drills.store.latestOpenDrill(1)!;
  return { platform, drillId };
}

const answered = (platform: TestPlatform) => platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get();

describe('size limits on what a learner sends', () => {
  it('refuses a reply over 3,000 characters beside its field, stores nothing, and takes one of exactly 3,000', async () => {
    const { platform, drillId } = await world();
    const comment = scenario.comments[0]!.id;
    const form = (reply: string) => ({ kind: 'form' as const, form: `texts:${drillId}:${comment}:r`, values: { justification: 'Client mécontent : je réponds publiquement.', reply } });
    const refused = platform.send('alice', form(`Bonjour, ${'merci '.repeat(800)}`));
    expect(refused).toEqual([{ kind: 'notice', tone: 'error', field: 'reply', text: 'Texte trop long : 4\u202f809 caractères pour 3\u202f000 au plus. Raccourcissez-le ; rien n’a été enregistré.' }]);
    expect(answered(platform)).toBe(0);
    expect(JSON.stringify(platform.send('alice', form('B'.repeat(3000))))).toContain('Réponse enregistrée');
    expect(answered(platform)).toBe(1);
    platform.close();
  });

  it('refuses an over-long justification, pasted document, calendar, command or forged choice, each with its own message', async () => {
    const { platform, drillId } = await world();
    const notice = (views: View[]) => (views[0] as Extract<View, { kind: 'notice' }>).text;
    expect(platform.send('alice', { kind: 'form', form: `texts:${drillId}:${scenario.comments[0]!.id}:`, values: { justification: 'x'.repeat(3001) } })[0]).toMatchObject({ field: 'justification' });
    expect(notice(platform.send('alice', { kind: 'form', form: 'artefact:publication', values: { text: 'Mot '.repeat(2000) } }))).toBe('Texte trop long : 8\u202f000 caractères pour 3\u202f000 au plus. Raccourcissez-le ; rien n’a été enregistré.');
    // A calendar may be a whole file: 200,000 characters.
    const calendar = `date;heure;réseau;axe;titre\n${'2026-12-03;10:00;instagram;Coulisses;Le fournil\n'.repeat(5000)}`;
    expect(notice(platform.send('alice', { kind: 'form', form: 'calendar-import', values: { text: calendar } }))).toMatch(/^Texte trop long : 240\u202f028 caractères pour 200\u202f000 au plus\./);
    expect(notice(platform.send('alice', { kind: 'command', name: 'cohort-join', args: ['A'.repeat(2000)] }))).toBe('Commande trop longue (2\u202f012 caractères pour 1\u202f000 au plus) : rien n’a été fait.');
    expect(notice(platform.send('alice', { kind: 'choice', prompt: `needs:${drillId}:${'c'.repeat(500)}`, values: ['no'] }))).toBe('Choix non reconnu : rien n’a été enregistré.');
    expect(answered(platform)).toBe(0);
    expect(platform.db.prepare('SELECT COUNT(*) FROM calendar_posts').pluck().get()).toBe(0);
    expect(platform.db.prepare('SELECT COUNT(*) FROM artefacts').pluck().get()).toBe(0);
    platform.close();
  });
});
