import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../src/core/answers/schema.js';
import { modelAnswers } from '../../src/core/scenario/models.js';
import type { Scenario } from '../../src/core/scenario/schema.js';
import { ManualClock } from '../../src/engine/clock.js';
import type { Inbound, View } from '../../src/engine/views.js';
import { playModelAnswers } from '../helpers/model-drill.js';
import { bankScenario } from '../helpers/scoring.js';
import { TestPlatform } from '../helpers/test-adapter.js';

/**
 * Issue 17: the model answer after the feedback (practice, exam review, trainers' results) and,
 * in practice, one second attempt per comment that rewrites only what failed.
 */

const scenario = bankScenario('restaurant-nouvelle-carte');
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const MIN = 60_000;
const models = modelAnswers(scenario);
const c1 = models.find((answer) => answer.comment === 'c1')!;
const SIGNATURE = scenario.charter.signature!;
/** c1's model answer, its reply without the charter's signature: only the signature check fails. */
const unsigned: Answer = { ...c1, reply: c1.reply!.replace(SIGNATURE, '').trim() };

type Feedback = Extract<View, { kind: 'feedback' }>;

function feedbacks(views: View[]): Feedback[] {
  return views.filter((view): view is Feedback => view.kind === 'feedback');
}

function notices(views: View[]): string[] {
  return views.flatMap((view) => (view.kind === 'notice' ? [view.text] : []));
}

function databasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'moderato-retry-')), 'm.db');
}

/** A candidate at their pace (under the flood guard). */
function sender(platform: TestPlatform, user: string) {
  return (event: Inbound) => {
    platform.clock.advance(1_000);
    return platform.send(user, event);
  };
}

/** Answers one comment through the conversation: the decision, the actions, the texts. */
function answer(platform: TestPlatform, user: string, drillId: string, given: Answer): View[] {
  const send = sender(platform, user);
  const needs = send({ kind: 'choice', prompt: `needs:${drillId}:${given.comment}`, values: [given.needs_action ? 'yes' : 'no'] });
  if (!given.needs_action) return needs;
  const form = TestPlatform.question(send({ kind: 'choice', prompt: TestPlatform.question(needs).id, values: given.actions.filter((action) => action !== 'none') }));
  const values: Record<string, string> = { justification: given.justification ?? '' };
  if (given.reply !== undefined) values.reply = given.reply;
  if (given.private_message !== undefined) values.private_message = given.private_message;
  return send({ kind: 'form', form: form.id, values });
}

async function practice(user: string, path = ':memory:', clock = new ManualClock(T0), scenarios: Scenario[] = [scenario]) {
  const platform = await TestPlatform.open(path, clock, scenarios);
  platform.send(user, { kind: 'command', name: 'start', args: [scenario.id, 'practice'] });
  const drillId = platform.drills.store.openDrillIds()[0]!;
  return { platform, drillId };
}

describe('the model answer after the feedback', () => {
  it('follows each comment’s feedback in practice, with its actions, justification and texts in French', async () => {
    const { platform, drillId } = await practice('ana');
    const [feedback] = feedbacks(answer(platform, 'ana', drillId, c1));
    const model = scenario.comments[0]!.model!;
    expect(feedback!.comments[0]!.model).toEqual({ actions: ['réaction (like ou emoji)', 'réponse publique'], justification: model.justification, reply: model.reply });
    platform.close();
  });

  it('comes beside each comment’s feedback at the exam’s review, and not during the exam', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    platform.send('ben', { kind: 'command', name: 'start', args: [scenario.id, 'exam'] });
    const drillId = platform.drills.store.openDrillIds()[0]!;
    const views = playModelAnswers(platform, 'ben', drillId, scenario);
    const results = feedbacks(views).find((view) => view.criteria)!;
    expect(results.comments.every((comment) => comment.model !== undefined)).toBe(true);
    expect(results.comments.find((comment) => comment.comment === 'c2')!.model!.privateMessage).toBe(scenario.comments[1]!.model!.private_message);
    // No per-comment feedback (nor model) before the copy is handed in.
    expect(feedbacks(views).filter((view) => !view.criteria)).toEqual([]);
    platform.close();
  });

  it('shows nothing more for a comment without a model answer (a trainer’s case)', async () => {
    const bare: Scenario = { ...scenario, id: 'sans-modele', comments: scenario.comments.map(({ model: _model, ...comment }) => comment) };
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [bare]);
    platform.send('cleo', { kind: 'command', name: 'start', args: [bare.id, 'practice'] });
    const drillId = platform.drills.store.openDrillIds()[0]!;
    const [feedback] = feedbacks(answer(platform, 'cleo', drillId, c1));
    expect(feedback!.comments[0]).not.toHaveProperty('model');
    platform.close();
  });

  it('is in the trainer’s results and closing report of a cohort exam, and held back from a member who hands in early until the exam is over for all', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    platform.cohorts.onOpenSpace('test', async (member) => `space-${member.userId}`);
    const trainer = { channelId: 'salon-promo', trainer: true };
    const created = notices(platform.send('formatrice', { kind: 'command', name: 'cohort-create-here', args: ['Promo'] }, undefined, trainer))[0]!;
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(created)![1]!;
    platform.send('alice', { kind: 'command', name: 'cohort-join', args: [code] }, undefined, { channelId: 'salon-promo' });
    platform.send('formatrice', { kind: 'command', name: 'launch', args: [scenario.id, 'maintenant', 'exam'] }, undefined, trainer);
    clock.advance(0);
    await vi.waitFor(() => expect(platform.drills.store.openDrillIds()).toHaveLength(1));
    const drillId = platform.drills.store.openDrillIds()[0]!;
    // Alice hands in early: the others may still be writing, so her results hold the model answers back.
    const handedIn = playModelAnswers(platform, 'alice', drillId, scenario);
    expect(feedbacks(handedIn)[0]!.comments.some((comment) => comment.model)).toBe(false);
    expect(notices(handedIn)).toContain('Réponses modèles : d’autres membres de la cohorte peuvent encore écrire ; « feedback » les montrera une fois l’épreuve finie pour tous.');
    expect(feedbacks(platform.send('alice', { kind: 'command', name: 'feedback' }))[0]!.comments.some((comment) => comment.model)).toBe(false);
    const results = notices(platform.send('formatrice', { kind: 'command', name: 'results', args: ['Promo'] }, undefined, { trainer: true }));
    const section = results.find((text) => text.startsWith('Réponses modèles — « Lancement de la nouvelle carte »'))!;
    expect(section).toContain(`Commentaire 1 (${scenario.comments[0]!.author}) — éloge`);
    expect(section).toContain('  Réponse modèle — actions : réaction (like ou emoji), réponse publique');
    expect(section).toContain(`  Réponse : ${scenario.comments[0]!.model!.reply}`);
    expect(section).toContain(`  Message privé : ${scenario.comments[1]!.model!.private_message}`);
    clock.advance(60 * MIN);
    const report = platform.deliveries.filter((delivery) => delivery.origin.userId === 'formatrice').flatMap((delivery) => notices(delivery.views));
    expect(report.some((text) => text.startsWith('Réponses modèles — « Lancement de la nouvelle carte »'))).toBe(true);
    // Once nobody can still be writing, « feedback » shows them beside each comment.
    clock.advance(60 * MIN);
    expect(feedbacks(platform.send('alice', { kind: 'command', name: 'feedback', args: [drillId] }))[0]!.comments[0]!.model?.reply).toBe(scenario.comments[0]!.model!.reply);
    platform.close();
  });
});

describe('a second attempt in practice', () => {
  it('offers to rewrite what failed, asks only the failed text pre-filled, scores again and says what improved', async () => {
    const { platform, drillId } = await practice('dan');
    const send = sender(platform, 'dan');
    const first = answer(platform, 'dan', drillId, unsigned);
    const failed = feedbacks(first)[0]!.comments[0]!.checks.filter((check) => !check.passed).map((check) => check.id);
    expect(failed).toEqual(['signature']);
    const offer = TestPlatform.question(first);
    expect(offer).toMatchObject({ kind: 'prompt', id: `retry:${drillId}:c1`, choices: [{ value: 'retry', label: 'Réécrire ce qui n’a pas marché' }, { value: 'next', label: 'Commentaire suivant' }] });
    expect(offer.kind === 'prompt' && offer.text).toContain('un seul 2e essai par commentaire');

    const retry = send({ kind: 'choice', prompt: offer.id, values: ['retry'] });
    expect(notices(retry)[0]).toBe('2e essai (le seul pour ce commentaire) : à revoir : la réponse publique. Le reste de votre réponse est gardé tel quel.');
    const form = TestPlatform.question(retry);
    // Only the reply failed: only the reply is asked again, with the first text in it.
    expect(form.kind === 'form' && form.fields.map((field) => [field.id, field.value])).toEqual([['reply', unsigned.reply]]);
    expect(form.kind === 'form' && form.title).toMatch(/^2e essai — /);

    const second = send({ kind: 'form', form: form.id, values: { reply: c1.reply! } });
    expect(notices(second)[0]).toBe('Réponse enregistrée (Commentaire 1/9, 2e essai).');
    const feedback = feedbacks(second)[0]!;
    expect(feedback.title).toBe('Retour sur ce commentaire — 2e essai');
    expect(feedback.comments[0]!.checks.every((check) => check.passed)).toBe(true);
    expect(feedback.comments[0]!.attempt).toEqual({ number: 2, improved: ['signature'], worsened: [] });
    expect(feedback.comments[0]!.model).toBeDefined();
    // The justification was kept as it was; no third attempt is offered: the next comment comes.
    expect(platform.drills.store.load(drillId)!.state.answers.get('c1')).toEqual({ ...c1, comment: 'c1' });
    expect(TestPlatform.question(second).id).toBe(`needs:${drillId}:c2`);
    expect(notices(send({ kind: 'choice', prompt: offer.id, values: ['retry'] }))).toEqual(['Un seul second essai par commentaire : celui de ce commentaire est déjà fait.']);
    platform.close();
  });

  it('asks the actions again when they failed, then only the texts the new actions need', async () => {
    const { platform, drillId } = await practice('eve');
    const send = sender(platform, 'eve');
    // c5 (insult) calls for hiding; a public reply instead fails the actions.
    const c5 = models.find((model) => model.comment === 'c5')!;
    const wrong: Answer = { ...c5, actions: ['reply'], reply: 'Merci pour ton message, la team Chez Lulu' };
    const first = answer(platform, 'eve', drillId, wrong);
    expect(feedbacks(first)[0]!.comments[0]!.checks.find((check) => check.id === 'action')!.passed).toBe(false);
    const retry = send({ kind: 'choice', prompt: TestPlatform.question(first).id, values: ['retry'] });
    const actions = TestPlatform.question(retry);
    expect(actions.id).toBe(`actions:${drillId}:c5`);
    const form = TestPlatform.question(send({ kind: 'choice', prompt: actions.id, values: c5.actions }));
    expect(form.kind === 'form' && form.fields.map((field) => field.id)).toEqual(['justification']);
    const second = send({ kind: 'form', form: form.id, values: { justification: c5.justification! } });
    const checks = feedbacks(second)[0]!.comments[0]!.checks;
    expect(checks.find((check) => check.id === 'action')!.passed).toBe(true);
    expect(feedbacks(second)[0]!.comments[0]!.attempt!.improved).toContain('action');
    platform.close();
  });

  it('keeps both attempts across a restart, scores the latest, and shows the improvement in history and progress', async () => {
    const path = databasePath();
    const clock = new ManualClock(T0);
    const { platform, drillId } = await practice('fay', path, clock);
    const offer = TestPlatform.question(answer(platform, 'fay', drillId, unsigned));
    const form = TestPlatform.question(sender(platform, 'fay')({ kind: 'choice', prompt: offer.id, values: ['retry'] }));
    platform.close();

    // Restart mid-rewrite: the drill comes back at the second attempt's form, the first attempt kept.
    const again = await TestPlatform.open(path, clock, [scenario]);
    const resumed = again.send('fay', { kind: 'command', name: 'resume' });
    expect(TestPlatform.question(resumed).id).toBe(form.id);
    const send = sender(again, 'fay');
    // The same click delivered again changes nothing (the retry is under way, not started twice).
    send({ kind: 'choice', prompt: offer.id, values: ['retry'] });
    const second = send({ kind: 'form', form: form.id, values: { reply: c1.reply! } });
    expect(feedbacks(second)[0]!.comments[0]!.attempt!.improved).toEqual(['signature']);
    const events = again.db.prepare('SELECT type FROM drill_events WHERE drill_id = ? ORDER BY seq').pluck().all(drillId) as string[];
    expect(events.filter((type) => type === 'retry_started')).toHaveLength(1);
    expect(events.filter((type) => type === 'answered')).toHaveLength(2);

    for (const model of models.filter((candidate) => candidate.comment !== 'c1')) answer(again, 'fay', drillId, model);
    const results = feedbacks(send({ kind: 'choice', prompt: `submit:${drillId}`, values: ['submit'] })).find((view) => view.criteria)!;
    // The final score uses the second attempt.
    expect(results.comments.find((comment) => comment.comment === 'c1')!.checks.every((check) => check.passed)).toBe(true);
    const stored = again.db.prepare('SELECT comment_id, check_id, passed FROM first_attempt_results WHERE drill_id = ? AND passed = 0').all(drillId);
    expect(stored).toEqual([{ comment_id: 'c1', check_id: 'signature', passed: 0 }]);

    const history = notices(send({ kind: 'command', name: 'history' })).join('\n');
    expect(history).toContain('· 2e essai sur 1 commentaire : 1 vérification réussie en plus');
    const progress = notices(send({ kind: 'command', name: 'progress' })).join('\n');
    expect(progress).toMatch(/^Signature : 100 % → 100 % \(\d+ évaluations\) · au 1er essai : \d+ %$/m);
    expect(progress).not.toMatch(/^Registre .* au 1er essai/m);
    again.close();
  });

  it('is never offered in an exam, and a forged retry is refused in French', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    const ready = TestPlatform.question(platform.send('gus', { kind: 'command', name: 'start', args: [scenario.id, 'exam'] }));
    platform.send('gus', { kind: 'choice', prompt: ready.id, values: ['go'] });
    const drillId = platform.drills.store.openDrillIds()[0]!;
    const views = answer(platform, 'gus', drillId, unsigned);
    expect(feedbacks(views)).toEqual([]);
    expect(TestPlatform.question(views).id).toBe(`needs:${drillId}:c2`);
    expect(notices(sender(platform, 'gus')({ kind: 'choice', prompt: `retry:${drillId}:c1`, values: ['retry'] }))).toEqual(['Pas de second essai en examen : une seule réponse par commentaire, comme le jour de l’épreuve.']);
    expect(platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'retry_started'").pluck().get()).toBe(0);
    platform.close();
  });

  it('lets the candidate go on instead, and offers nothing when every check passed', async () => {
    const { platform, drillId } = await practice('hal');
    const offer = TestPlatform.question(answer(platform, 'hal', drillId, unsigned));
    expect(TestPlatform.question(sender(platform, 'hal')({ kind: 'choice', prompt: offer.id, values: ['next'] })).id).toBe(`needs:${drillId}:c2`);
    const c2 = models.find((model) => model.comment === 'c2')!;
    expect(TestPlatform.question(answer(platform, 'hal', drillId, c2)).id).toBe(`needs:${drillId}:c3`);
    platform.close();
  });
});
