import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { searchScenarios } from '../../src/core/scenario/search.js';
import { BUNDLED_SCENARIO_DIR, loadScenarioDir } from '../../src/scenarios/load.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

/** The bundled bank, and two more copies of its first case: 32 cases. */
async function bigBank() {
  const bank = (await loadScenarioDir(BUNDLED_SCENARIO_DIR)).scenarios.map((loaded) => loaded.scenario);
  const extra = [1, 2].map((index) => ({ ...bank[0]!, id: `${bank[0]!.id}-${index}`, title: `${bank[0]!.title} ${index}` }));
  return [...bank, ...extra];
}

function prompt(views: View[]): Extract<View, { kind: 'prompt' }> {
  const found = TestPlatform.question(views);
  if (found.kind !== 'prompt') throw new Error('question attendue');
  return found;
}

describe('the case picker of a large bank', () => {
  it('asks for the network first, then lists that network’s cases, each list within 25 choices', async () => {
    const bank = await bigBank();
    expect(bank.length).toBe(32);
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), bank);
    const first = prompt(platform.send('alice', { kind: 'command', name: 'start' }));
    expect(first.choices.length).toBeLessThanOrEqual(25);
    const facebook = bank.filter((known) => known.network === 'facebook');
    expect(first.choices).toContainEqual({ value: 'network:facebook:1', label: `Facebook (${facebook.length} cas)` });
    expect(first.choices.at(-1)).toEqual({ value: 'random', label: 'Un cas au hasard' });
    expect(first.text).toContain('32 cas en tout');
    const cases = prompt(platform.send('alice', { kind: 'choice', prompt: first.id, values: ['network:facebook:1'] }));
    expect(cases.choices.length).toBeLessThanOrEqual(25);
    expect(cases.choices.map((choice) => choice.value)).toEqual([...facebook.slice(0, 20).map((known) => known.id), ...(facebook.length > 20 ? ['network:facebook:2'] : []), 'networks']);
    expect(cases.choices.at(-1)).toEqual({ value: 'networks', label: 'Autre réseau' });
    // Back to the networks, then a case: the mode comes next.
    expect(prompt(platform.send('alice', { kind: 'choice', prompt: cases.id, values: ['networks'] })).choices).toEqual(first.choices);
    expect(prompt(platform.send('alice', { kind: 'choice', prompt: cases.id, values: [facebook[0]!.id] })).text).toBe('Quel mode ?');
    // « start ID » still works.
    expect(prompt(platform.send('alice', { kind: 'command', name: 'start', args: [bank[31]!.id] })).text).toBe('Quel mode ?');
    platform.close();
  });

  it('pages a network with more cases than a list holds', async () => {
    const base = fixtureScenario();
    const many = Array.from({ length: 45 }, (_, index) => ({ ...base, id: `cas-${index + 1}`, title: `Cas ${index + 1}` }));
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), many);
    const first = prompt(platform.send('alice', { kind: 'command', name: 'start' }));
    expect(first.choices.map((choice) => choice.label)).toEqual([`Facebook (45 cas)`, 'Un cas au hasard']);
    const page1 = prompt(platform.send('alice', { kind: 'choice', prompt: first.id, values: ['network:facebook:1'] }));
    expect(page1.text).toBe('Quel cas Facebook voulez-vous travailler ? (page 1/3)');
    expect(page1.choices.at(-2)).toEqual({ value: 'network:facebook:2', label: 'Cas suivants (21 à 40 sur 45)' });
    const page3 = prompt(platform.send('alice', { kind: 'choice', prompt: first.id, values: ['network:facebook:3'] }));
    expect(page3.choices.map((choice) => choice.value)).toEqual(['cas-41', 'cas-42', 'cas-43', 'cas-44', 'cas-45', 'networks']);
    platform.close();
  });

  it('keeps one list for a small bank', async () => {
    const scenario = fixtureScenario();
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    expect(prompt(platform.send('alice', { kind: 'command', name: 'start' })).choices.map((choice) => choice.value)).toEqual([scenario.id, 'random']);
    platform.close();
  });
});

describe('searchScenarios (autocomplete)', () => {
  it('matches every word typed in the title, brand, network or id, accents and case aside, within the limit', async () => {
    const bank = await bigBank();
    expect(searchScenarios(bank, '', 25)).toHaveLength(25);
    const [first] = searchScenarios(bank, bank[5]!.brand.name.toUpperCase(), 25);
    expect(first?.value).toBe(bank[5]!.id);
    expect(searchScenarios(bank, 'facebook', 100).length).toBe(bank.filter((known) => known.network === 'facebook').length);
    expect(searchScenarios(bank, 'linkedin zzzz', 25)).toEqual([]);
  });
});
