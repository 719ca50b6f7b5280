import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { Inbound, View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const OUTDATED: View = { kind: 'notice', tone: 'warning', text: 'Cette question n’est plus d’actualité.' };
const UNKNOWN_FORM: View = { kind: 'notice', tone: 'warning', text: 'Formulaire inconnu.' };

/** Rows of the tables an answer would write to. */
function written(platform: TestPlatform): number {
  return ['drills', 'drill_events', 'cohorts', 'cohort_members', 'checklist_ticks', 'artefacts', 'calendar_posts', 'nudge_prefs'].reduce((sum, table) => sum + (platform.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number), 0);
}

describe('the desks', () => {
  it('answer a prompt or form id that no desk made, or that lacks a part, in French and change nothing', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    const drillId = /needs:([^:]+):/.exec(JSON.stringify(platform.send('lou', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] })))![1]!;
    const before = written(platform);
    const forged: Array<[Inbound, View]> = [
      ...['bogus:1', `needs:${drillId}`, `needs::c1`, `needs:${drillId}:c1:x`, 'submit:', `review:${drillId}:x`, 'mode:', 'join:', 'coach:', 'coach:C3:x', 'nimporte quoi', ''].map((prompt): [Inbound, View] => [{ kind: 'choice', prompt, values: ['yes'] }, OUTDATED]),
      ...[`texts:${drillId}:c1`, `texts::c1:r`, 'artefact:cv', 'artefact:', 'launch:x', 'inconnu'].map((form): [Inbound, View] => [{ kind: 'form', form, values: { justification: 'Texte', text: 'Texte' } }, UNKNOWN_FORM]),
      [{ kind: 'command', name: 'form', args: ['artefact:reporting'] }, UNKNOWN_FORM],
      [{ kind: 'choice', prompt: 'nudge', values: ['snooze'] }, OUTDATED],
    ];
    // From several accounts, so the flood guard (20 events in a burst) does not answer instead.
    forged.forEach(([event, answer], index) => expect(platform.send(index < 10 ? 'lou' : `lou-${index}`, event), JSON.stringify(event)).toEqual([answer]));
    expect(written(platform)).toBe(before);
    platform.close();
  });

  it('drop a half-typed form that no desk keeps as a draft, without answering or writing', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    const calendar = 'date;heure;réseau;axe;titre\n2026-12-03;14:30;Instagram;produit;Nouveautés';
    expect(platform.send('lou', { kind: 'form', form: 'calendar-import', values: { text: calendar }, draft: true })).toEqual([]);
    expect(platform.send('lou', { kind: 'form', form: 'inconnu', values: { text: 'x' }, draft: true })).toEqual([]);
    expect(platform.db.prepare('SELECT COUNT(*) FROM calendar_posts').pluck().get()).toBe(0);
    // Nothing of the learner either: a draft that is dropped is dropped before anyone is looked up.
    expect(platform.db.prepare('SELECT COUNT(*) FROM learners').pluck().get()).toBe(0);
    expect(platform.send('lou', { kind: 'form', form: 'calendar-import', values: { text: calendar } })[0]).toMatchObject({ tone: 'success' });
    platform.close();
  });
});
