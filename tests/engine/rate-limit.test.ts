import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import { RateLimiter } from '../../src/engine/rate-limit.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

describe('per-user rate limit', () => {
  it('lets a burst of 20 through, refuses the 21st without writing anything, and refills at one per second', () => {
    const limiter = new RateLimiter(20, 1);
    const allowed = Array.from({ length: 21 }, () => limiter.take('discord:1', 0));
    expect(allowed.filter(Boolean)).toHaveLength(20);
    expect(allowed.at(-1)).toBe(false);
    expect(limiter.take('discord:2', 0)).toBe(true);
    expect(limiter.take('discord:1', 999)).toBe(false);
    expect(limiter.take('discord:1', 1_000)).toBe(true);
  });

  it('answers a flooding user politely and records nothing of the refused events', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1));
    const platform = await TestPlatform.open(':memory:', clock, [fixtureScenario()]);
    for (let index = 0; index < 20; index += 1) platform.send('robot', { kind: 'command', name: 'history' });
    expect(platform.send('robot', { kind: 'command', name: 'history' })).toEqual([{ kind: 'notice', tone: 'warning', text: 'Doucement : trop d’actions en quelques secondes. Réessayez dans un instant ; vos réponses déjà données sont enregistrées.' }]);
    expect(platform.db.prepare('SELECT COUNT(*) FROM processed_events').pluck().get()).toBe(20);
    expect(platform.send('alice', { kind: 'command', name: 'history' })[0]).toMatchObject({ text: 'Aucun exercice rendu pour l’instant.' });
    clock.advance(2_000);
    expect(platform.send('robot', { kind: 'command', name: 'history' })[0]).toMatchObject({ text: 'Aucun exercice rendu pour l’instant.' });
    platform.close();
  });

  it('keeps the texts of a form the flood guard refuses: the form comes back filled', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1));
    const scenario = fixtureScenario();
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    const needs = TestPlatform.question(platform.send('zoé', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] }));
    const actions = TestPlatform.question(platform.send('zoé', { kind: 'choice', prompt: needs.id, values: ['yes'] }));
    const form = TestPlatform.question(platform.send('zoé', { kind: 'choice', prompt: actions.id, values: ['reply'] }));
    for (let index = 0; index < 20; index += 1) platform.send('zoé', { kind: 'command', name: 'history' });
    const values = { justification: 'Réclamation publique d’une cliente déçue par la fermeture.', reply: 'Bonjour Julie, nous sommes désolés. L’équipe Martin' };
    const refused = platform.send('zoé', { kind: 'form', form: form.id, values }, 'submit-1');
    expect(refused).toEqual([{ kind: 'notice', tone: 'warning', text: expect.stringContaining('Vos textes sont gardés') }]);
    expect(platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(0);
    clock.advance(5_000);
    const again = TestPlatform.question(platform.send('zoé', { kind: 'command', name: 'form', args: [form.id] }));
    expect(again.kind === 'form' && Object.fromEntries(again.fields.map((field) => [field.id, field.value]))).toEqual(values);
    // The same submission, sent again, is handled as one.
    expect(platform.send('zoé', { kind: 'form', form: form.id, values }, 'submit-1').find((view) => view.kind === 'feedback')).toBeDefined();
    platform.close();
  });
});
