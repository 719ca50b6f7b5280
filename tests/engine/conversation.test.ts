import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const MIN = 60_000;

function texts(views: View[]): string {
  return JSON.stringify(views);
}

/** Answers one comment through the conversation: needs action, actions, texts. */
function answer(platform: TestPlatform, user: string, views: View[], actions: string[], values: Record<string, string>): View[] {
  const needs = TestPlatform.question(views);
  expect(needs.id).toMatch(/^needs:/);
  if (actions.length === 0) return goOn(platform, user, platform.send(user, { kind: 'choice', prompt: needs.id, values: ['no'] }));
  const actionPrompt = TestPlatform.question(platform.send(user, { kind: 'choice', prompt: needs.id, values: ['yes'] }));
  const form = TestPlatform.question(platform.send(user, { kind: 'choice', prompt: actionPrompt.id, values: actions }));
  expect(form.kind).toBe('form');
  return goOn(platform, user, platform.send(user, { kind: 'form', form: form.id, values }));
}

/** Practice offers to rewrite what failed after the feedback: this candidate goes on. */
function goOn(platform: TestPlatform, user: string, views: View[]): View[] {
  const question = views.length > 0 ? TestPlatform.question(views) : undefined;
  return question?.id.startsWith('retry:') ? [...views, ...platform.send(user, { kind: 'choice', prompt: question.id, values: ['next'] })] : views;
}

const JUSTIFICATION = 'Réclamation publique d’un client mécontent qui attend une réponse.';

describe('conversation through a test platform', () => {
  it('runs a practice drill with feedback after each comment, then the full result', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    let views = platform.send('alice', { kind: 'command', name: 'start' });
    views = platform.send('alice', { kind: 'choice', prompt: TestPlatform.question(views).id, values: [scenario.id] });
    views = platform.send('alice', { kind: 'choice', prompt: TestPlatform.question(views).id, values: ['practice'] });
    expect(views[0]).toMatchObject({ kind: 'case' });
    views = answer(platform, 'alice', views, ['reply'], { justification: JUSTIFICATION, reply: 'Bonjour Julie, nous sommes désolés. Réouverture le mardi 12 mars à 7 h. L’équipe Martin' });
    expect(views.find((view) => view.kind === 'feedback')).toMatchObject({ title: 'Retour sur ce commentaire' });
    for (let index = 1; index < scenario.comments.length; index += 1) views = answer(platform, 'alice', views, [], {});
    const submit = TestPlatform.question(views);
    expect(submit.id).toMatch(/^submit:/);
    views = platform.send('alice', { kind: 'choice', prompt: submit.id, values: ['submit'] });
    const result = views.find((view) => view.kind === 'feedback');
    expect(result).toMatchObject({ kind: 'feedback', title: `Résultats — ${scenario.title}` });
    expect(texts(views)).toContain('Cr7.1');
    // The learner can read it again later, and sees their own history and progress per check.
    expect(platform.send('alice', { kind: 'command', name: 'feedback' })[0]).toEqual(result);
    expect(platform.send('alice', { kind: 'command', name: 'history' })[0]).toMatchObject({ kind: 'notice', text: expect.stringContaining(`${scenario.title} (entraînement)`) });
    expect(platform.send('alice', { kind: 'command', name: 'progress' })[0]).toMatchObject({ kind: 'notice', text: expect.stringMatching(/Détection : \d+ %/) });
    expect(platform.send('bob', { kind: 'command', name: 'history' })[0]).toMatchObject({ text: 'Aucun exercice rendu pour l’instant.' });
    platform.close();
  });

  it('runs an exam across every phase with the injected clock and submits automatically', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    let views = platform.send('bob', { kind: 'command', name: 'start', args: [scenario.id, 'exam'] });
    const ready = TestPlatform.question(views);
    expect(ready).toMatchObject({ id: expect.stringMatching(/^ready:/), deadline: T0 + 5 * MIN });
    expect(texts(views)).not.toContain('Encore fermé'); // comments hidden while reading
    clock.advance(5 * MIN);
    expect(texts(platform.delivered)).toContain('Fin du temps de lecture');
    views = platform.delivered.splice(0);
    answer(platform, 'bob', views, ['reply'], { justification: JUSTIFICATION, reply: 'Bonjour Julie, nous sommes désolés pour ce déplacement. L’équipe Martin' });
    clock.advance(10 * MIN);
    expect(texts(platform.delivered)).toContain('Plus que 5 minutes');
    clock.advance(4 * MIN);
    expect(texts(platform.delivered)).toContain('Plus qu’une minute');
    clock.advance(1 * MIN);
    expect(texts(platform.delivered)).toContain('Temps écoulé');
    const feedback = platform.delivered.find((view) => view.kind === 'feedback');
    expect(feedback?.kind === 'feedback' && feedback.comments.filter((comment) => comment.answered).map((comment) => comment.comment)).toEqual(['c1']);
    clock.advance(10 * MIN);
    expect(texts(platform.delivered)).toContain('Fin de la relecture');
    platform.close();
  });

  it('fires a deadline after a simulated restart and loses no answer', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moderato-conv-')), 'm.db');
    const first = await TestPlatform.open(path, new ManualClock(T0), [scenario]);
    let views = first.send('carla', { kind: 'command', name: 'start', args: [scenario.id, 'exam'] });
    views = first.send('carla', { kind: 'choice', prompt: TestPlatform.question(views).id, values: ['go'] });
    answer(first, 'carla', views, ['reply'], { justification: JUSTIFICATION, reply: 'Bonjour Julie, nous sommes désolés. L’équipe Martin' });
    first.close();

    const clock = new ManualClock(T0 + 3 * MIN);
    const second = await TestPlatform.open(path, clock, [scenario]);
    second.drills.restore();
    clock.advance(12 * MIN);
    const feedback = second.delivered.find((view) => view.kind === 'feedback');
    expect(feedback?.kind === 'feedback' && feedback.comments.find((comment) => comment.comment === 'c1')?.answered).toBe(true);
    second.close();
  });

  it('ignores a redelivered event and keeps learners apart', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    const views = platform.send('dan', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] });
    const needs = TestPlatform.question(views);
    expect(platform.send('dan', { kind: 'choice', prompt: needs.id, values: ['no'] }, 'same-id')).not.toEqual([]);
    expect(platform.send('dan', { kind: 'choice', prompt: needs.id, values: ['no'] }, 'same-id')).toEqual([]);
    const forged = platform.send('eve', { kind: 'choice', prompt: needs.id, values: ['no'] });
    expect(forged).toEqual([{ kind: 'notice', tone: 'error', text: 'Cet exercice n’existe pas ou ne vous appartient pas.' }]);
    platform.close();
  });

  it('answers free text and unknown prompts helpfully', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    expect(platform.send('fay', { kind: 'text', text: 'bonjour ?' })[0]).toMatchObject({ kind: 'notice', text: expect.stringContaining('Commandes') });
    expect(platform.send('fay', { kind: 'choice', prompt: 'bogus:1', values: ['x'] })[0]).toMatchObject({ kind: 'notice', tone: 'warning' });
    platform.close();
  });
});
