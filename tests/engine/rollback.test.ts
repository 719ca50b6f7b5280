import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

describe('an event that fails half-way', () => {
  it('writes nothing, not even its id, so the « Réessayez » the learner is told to do works', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    let question = TestPlatform.question(platform.send('lou', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] }));
    for (let index = 0; index < scenario.comments.length; index += 1) question = platform.goOn('lou', TestPlatform.question(platform.send('lou', { kind: 'choice', prompt: question.id, values: ['no'] })));
    expect(question.id).toMatch(/^submit:/);
    // A fault of ours after the submission and the score were written (the weak spots' update fails once).
    const weakSpots = platform.drills.weakSpots;
    const apply = weakSpots.apply.bind(weakSpots);
    weakSpots.apply = () => {
      weakSpots.apply = apply;
      throw new Error('panne simulée');
    };
    const failed = platform.send('lou', { kind: 'choice', prompt: question.id, values: ['submit'] }, 'submit-1');
    expect(failed).toEqual([{ kind: 'notice', tone: 'error', text: expect.stringContaining('Réessayez') }]);
    expect(platform.db.prepare('SELECT COUNT(*) FROM scores').pluck().get()).toBe(0);
    expect(platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'submitted'").pluck().get()).toBe(0);
    expect(platform.db.prepare("SELECT COUNT(*) FROM processed_events WHERE event_id = 'test:submit-1'").pluck().get()).toBe(0);
    // The same event, retried: handled, not dropped as a duplicate.
    const retried = platform.send('lou', { kind: 'choice', prompt: question.id, values: ['submit'] }, 'submit-1');
    expect(retried.find((view) => view.kind === 'feedback')).toMatchObject({ title: `Résultats — ${scenario.title}` });
    expect(platform.db.prepare('SELECT COUNT(*) FROM scores').pluck().get()).toBe(1);
    platform.close();
  });

  it('tells nobody about what the clock did during an event that was rolled back, and tells it once on the retry', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    const ready = TestPlatform.question(platform.send('max', { kind: 'command', name: 'start', args: [scenario.id, 'exam'] }));
    const needs = TestPlatform.question(platform.send('max', { kind: 'choice', prompt: ready.id, values: ['go'] }));
    // Eleven minutes of writing pass without any timer running: the 5-minute reminder is due.
    clock.cancelAll();
    clock.advance(11 * 60_000);
    platform.delivered.splice(0);
    // The learner's answer catches the reminder up, then a fault of ours after the answer was stored.
    const drills = platform.drills;
    const answer = drills.answer.bind(drills);
    const scenarioOf = drills.scenario.bind(drills);
    drills.answer = (...args) => {
      const result = answer(...args);
      drills.scenario = () => {
        drills.scenario = scenarioOf;
        throw new Error('panne simulée');
      };
      return result;
    };
    const failed = platform.send('max', { kind: 'choice', prompt: needs.id, values: ['no'] }, 'answer-1');
    expect(failed).toEqual([{ kind: 'notice', tone: 'error', text: expect.stringContaining('Réessayez') }]);
    expect(JSON.stringify(platform.delivered)).not.toContain('Plus que 5 minutes');
    expect(platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type IN ('reminded', 'answered')").pluck().get()).toBe(0);
    drills.answer = answer;
    platform.send('max', { kind: 'choice', prompt: needs.id, values: ['no'] }, 'answer-1');
    expect(platform.delivered.filter((view) => view.kind === 'notice' && view.text.includes('Plus que 5 minutes'))).toHaveLength(1);
    expect(platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(1);
    platform.close();
  });

  it('keeps what the clock caught up when the learner\'s action is refused', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    const ready = TestPlatform.question(platform.send('noé', { kind: 'command', name: 'start', args: [scenario.id, 'exam'] }));
    const needs = TestPlatform.question(platform.send('noé', { kind: 'choice', prompt: ready.id, values: ['go'] }));
    clock.cancelAll();
    clock.advance(16 * 60_000);
    platform.delivered.splice(0);
    // Past the deadline: the answer is refused, and the automatic submission it caught up is kept and told.
    expect(platform.send('noé', { kind: 'choice', prompt: needs.id, values: ['no'] })[0]).toMatchObject({ kind: 'notice', tone: 'error', text: expect.stringContaining('Copie déjà rendue') });
    expect(platform.delivered.some((view) => view.kind === 'feedback')).toBe(true);
    expect(platform.db.prepare('SELECT COUNT(*) FROM scores').pluck().get()).toBe(1);
    platform.close();
  });
});
