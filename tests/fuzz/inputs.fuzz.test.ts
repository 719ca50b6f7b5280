import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAnswersSource } from '../../src/core/answers/parse.js';
import { parseCalendar } from '../../src/core/calendar/import.js';
import { parseScenarioSource } from '../../src/core/scenario/parse.js';
import { ManualClock } from '../../src/engine/clock.js';
import type { Inbound } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

/**
 * Property-based fuzzing (fast-check, 1,000 cases each, seeded so a failure replays): whatever a
 * trainer or learner sends, the answer is a result or a clear error — never an exception.
 */
const RUNS = { numRuns: 1000, seed: 20261128 };
const VALID_SCENARIO = readFileSync('tests/fixtures/scenarios-valid/boulangerie-fermeture.yaml', 'utf8');
const VALID_ANSWERS = readFileSync('tests/fixtures/answers/boutique-en-ligne-retard/excellent.json', 'utf8');

/** A valid text with a random slice replaced: near-misses are where parsers break. */
function mutated(source: string) {
  return fc.tuple(fc.nat(source.length), fc.nat(40), fc.string({ unit: 'grapheme', maxLength: 30 })).map(([at, length, insert]) => source.slice(0, at) + insert + source.slice(at + length));
}

function problemsAreClear(result: { ok: boolean; problems?: Array<{ message: string; path: string }> }): boolean {
  return result.ok || (result.problems !== undefined && result.problems.length > 0 && result.problems.every((problem) => typeof problem.message === 'string' && problem.message.length > 0));
}

describe('fuzzing: files and chat inputs never crash', () => {
  it('scenario files: random text and mutated valid files give a scenario or located problems', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 400 }), mutated(VALID_SCENARIO)), (source) => problemsAreClear(parseScenarioSource(source, 'fuzz.yaml'))), RUNS);
  });

  it('answer files: random text and mutated valid files give answers or located problems', () => {
    const parsed = parseScenarioSource(readFileSync('scenarios/boutique-en-ligne-retard.yaml', 'utf8'), 'boutique-en-ligne-retard.yaml');
    if (!parsed.ok) throw new Error('scénario de la banque invalide');
    const scenario = parsed.scenario;
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 400 }), mutated(VALID_ANSWERS)), (source) => problemsAreClear(parseAnswersSource(source, 'fuzz.json', scenario))), RUNS);
  });

  it('calendars: random CSV-like text gives posts or line-numbered problems', () => {
    const row = fc.array(fc.oneof(fc.constantFrom('2026-12-03', '03/12/2026', '31/02/2026', '14:30', '25:00', 'x', 'Insta', 'Snapchat', ''), fc.string({ maxLength: 12 })), { maxLength: 6 });
    const csv = fc.array(row, { maxLength: 8 }).map((rows) => ['date;heure;réseau;axe;titre', ...rows.map((cells) => cells.join(fc.sample(fc.constantFrom(';', ','), 1)[0]))].join('\n'));
    fc.assert(fc.property(fc.oneof(csv, fc.string({ maxLength: 300 })), (text) => {
      const result = parseCalendar(text, { format: 'csv', timezone: 'Europe/Paris' });
      return result.problems.every((problem) => problem.message.length > 0) && result.posts.every((post) => Number.isFinite(post.at));
    }), RUNS);
  });

  it('chat inputs: any command, choice, form or text gets views back and leaves the database consistent', async () => {
    const scenario = fixtureScenario();
    const platform = await TestPlatform.open(':memory:', new ManualClock(Date.UTC(2026, 11, 1, 9)), [scenario]);
    const word = fc.oneof(fc.constantFrom('start', 'resume', 'submit', 'edit', 'history', 'coach', 'nudges', 'calendar', 'oral', 'privacy', 'cohort-join', 'launch', 'results', scenario.id, 'practice', 'exam', 'c1', 'on', 'off', 'import', 'C3'), fc.string({ maxLength: 20 }));
    const prompt = fc.oneof(fc.constantFrom('scenario', 'mode:', 'ready:', 'needs:', 'actions:', 'submit:', 'coach:C3', 'nudge', 'home', 'privacy:erase', 'join:ABC'), fc.string({ maxLength: 30 })).chain((head) => fc.string({ maxLength: 40 }).map((tail) => `${head}${tail}`));
    const inbound: fc.Arbitrary<Inbound> = fc.oneof(
      fc.record({ kind: fc.constant('command' as const), name: word, args: fc.array(word, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('choice' as const), prompt, values: fc.array(word, { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('form' as const), form: fc.oneof(fc.constantFrom('calendar-import', 'launch', 'artefact:reporting', 'artefact:editorial-line', 'texts:x:c1:r'), fc.string({ maxLength: 30 })), values: fc.dictionary(fc.constantFrom('text', 'justification', 'reply', 'cohort', 'date'), fc.string({ maxLength: 200 })) }),
      fc.record({ kind: fc.constant('text' as const), text: fc.string({ maxLength: 200 }) }),
    );
    let counter = 0;
    fc.assert(fc.property(inbound, fc.constantFrom('alice', 'bob', 'carole'), fc.boolean(), (event, user, trainer) => {
      counter += 1;
      // Many accounts, so the per-user rate limit does not answer most events.
      const views = platform.send(`${user}${counter % 100}`, event, `fuzz-${counter}`, { channelId: 'salon', trainer });
      expect(Array.isArray(views)).toBe(true);
      for (const view of views) if (view.kind === 'notice') expect(view.text.length).toBeGreaterThan(0);
    }), RUNS);
    // Nothing half-written: every drill has its first event, every score its drill.
    expect(platform.db.prepare('SELECT COUNT(*) FROM drills d WHERE NOT EXISTS (SELECT 1 FROM drill_events e WHERE e.drill_id = d.id AND e.seq = 0)').pluck().get()).toBe(0);
    expect(platform.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    platform.close();
  });
});

describe('what fuzzing found', () => {
  it('an alias without its anchor is a located problem, not an exception', () => {
    const result = parseScenarioSource('*!', 'alias.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/^YAML invalide : alias « \* » sans ancre « & » correspondante/);
  });
});
