import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

function command(name: string, ...args: string[]) {
  return { kind: 'command' as const, name, args };
}

function drillCount(platform: TestPlatform): number {
  return platform.db.prepare('SELECT COUNT(*) FROM drills').pluck().get() as number;
}

/** A practice drill with its first comment answered « no action ». */
async function oneAnswered(): Promise<TestPlatform> {
  const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
  const views = platform.send('alice', command('start', scenario.id, 'practice'));
  platform.send('alice', { kind: 'choice', prompt: TestPlatform.question(views).id, values: ['no'] });
  return platform;
}

describe('a new drill asked for while one is open', () => {
  it('names the open drill and how far it went, and offers to resume or abandon it', async () => {
    const platform = await oneAnswered();
    const [prompt] = platform.send('alice', command('start'));
    expect(prompt).toMatchObject({
      kind: 'prompt',
      text: `Votre exercice « ${scenario.title} » (entraînement, 1 commentaire sur ${scenario.comments.length} répondu) est en cours. Le reprendre ?`,
      choices: [{ value: 'resume', label: 'Reprendre' }, { value: 'abandon', label: 'L’abandonner et en commencer un autre' }],
    });
    // « Le reprendre »: the case, then the next comment.
    const resumed = platform.send('alice', { kind: 'choice', prompt: (prompt as Extract<View, { kind: 'prompt' }>).id, values: ['resume'] });
    expect(TestPlatform.question(resumed)).toMatchObject({ progress: `Commentaire 2/${scenario.comments.length}` });
    platform.close();
  });

  it('asks the same question for « start ID MODE » and a chosen mode: no second drill starts silently', async () => {
    const platform = await oneAnswered();
    const typed = platform.send('alice', command('start', scenario.id, 'exam'));
    expect(typed).toHaveLength(1);
    expect(typed[0]).toMatchObject({ kind: 'prompt', id: expect.stringMatching(/^resume:/), text: expect.stringContaining('est en cours') });
    const mode = platform.send('alice', command('start', scenario.id));
    expect(mode[0]).toMatchObject({ kind: 'prompt', id: expect.stringMatching(/^resume:/) });
    expect(platform.send('alice', { kind: 'choice', prompt: `mode:${scenario.id}`, values: ['practice'] })[0]).toMatchObject({ id: expect.stringMatching(/^resume:/) });
    expect(drillCount(platform)).toBe(1);
    platform.close();
  });

  it('abandons without a score: the event stays in the log, the drill is no longer open, history shows nothing', async () => {
    const platform = await oneAnswered();
    const prompt = TestPlatform.question(platform.send('alice', command('start')));
    const views = platform.send('alice', { kind: 'choice', prompt: prompt.id, values: ['abandon'] });
    expect(views[0]).toEqual({ kind: 'notice', tone: 'info', text: `Exercice « ${scenario.title} » abandonné, sans note : il ne compte pas dans vos résultats.` });
    expect(views[1]).toMatchObject({ kind: 'prompt', id: 'scenario' });
    const drillId = prompt.id.slice('resume:'.length);
    expect(platform.db.prepare('SELECT type FROM drill_events WHERE drill_id = ? ORDER BY seq').pluck().all(drillId)).toEqual(['started', 'answered', 'abandoned']);
    expect(platform.drills.store.latestOpenDrill(platform.drills.store.load(drillId)!.learnerId)).toBeUndefined();
    expect(platform.db.prepare('SELECT COUNT(*) FROM scores').pluck().get()).toBe(0);
    expect(platform.send('alice', command('history'))[0]).toMatchObject({ text: 'Aucun exercice rendu pour l’instant.' });
    // The old question clicked again: nothing more to abandon, the cases to choose from.
    expect(platform.send('alice', { kind: 'choice', prompt: prompt.id, values: ['abandon'] })[0]).toMatchObject({ kind: 'notice', tone: 'error' });
    // A new drill starts at once now.
    expect(platform.send('alice', command('start', scenario.id, 'practice'))[0]).toMatchObject({ kind: 'case' });
    expect(drillCount(platform)).toBe(2);
    platform.close();
  });

  it('does not let a learner abandon a drill their trainer launched for a cohort, and says so', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    platform.cohorts.onOpenSpace('test', async (member) => `space-${member.userId}`);
    const created = platform.send('formatrice', command('cohort-create-here', 'Promo'), undefined, { channelId: 'salon-promo', trainer: true });
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(JSON.stringify(created))![1]!;
    platform.send('alice', command('cohort-join', code), undefined, { channelId: 'salon-promo' });
    platform.send('formatrice', command('launch', scenario.id, 'maintenant', 'practice'), undefined, { channelId: 'salon-promo', trainer: true });
    clock.advance(0);
    await vi.waitFor(() => expect(drillCount(platform)).toBe(1));
    const prompt = TestPlatform.question(platform.send('alice', command('start')));
    expect(prompt).toMatchObject({ text: expect.stringContaining('Lancé par votre formateur, il ne peut pas être abandonné.'), choices: [{ value: 'resume', label: 'Reprendre' }] });
    // A forged « abandon » is refused: the drill stays open.
    expect(platform.send('alice', { kind: 'choice', prompt: prompt.id, values: ['abandon'] })).toEqual([{ kind: 'notice', tone: 'error', text: 'Cet exercice a été lancé par votre formateur : il ne peut pas être abandonné.' }]);
    expect(platform.db.prepare("SELECT COUNT(*) FROM drills WHERE phase <> 'closed'").pluck().get()).toBe(1);
    platform.close();
  });
});
