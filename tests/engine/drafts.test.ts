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
const JUSTIFICATION = 'Réclamation publique d’une cliente déçue par la fermeture, il faut lui répondre.';

function databasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'moderato-drafts-')), 'm.db');
}

function feedbackOf(views: View[]): Extract<View, { kind: 'feedback' }> {
  const feedback = views.find((view): view is Extract<View, { kind: 'feedback' }> => view.kind === 'feedback' && view.criteria !== undefined);
  if (!feedback) throw new Error(`pas de résultat dans ${JSON.stringify(views.map((view) => view.kind))}`);
  return feedback;
}

/** Starts an exam, skips the reading time: the first comment's question is on screen. */
function examOnFirstComment(platform: TestPlatform, user: string): ReturnType<typeof TestPlatform.question> {
  const ready = TestPlatform.question(platform.send(user, { kind: 'command', name: 'start', args: [scenario.id, 'exam'] }));
  return TestPlatform.question(platform.send(user, { kind: 'choice', prompt: ready.id, values: ['go'] }));
}

describe('a half-answered comment is never lost', () => {
  it('scores at the deadline what was given: the decision, the actions and the justification of an unfinished comment', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    const needs = examOnFirstComment(platform, 'ana');
    const actions = TestPlatform.question(platform.send('ana', { kind: 'choice', prompt: needs.id, values: ['yes'] }));
    const form = TestPlatform.question(platform.send('ana', { kind: 'choice', prompt: actions.id, values: ['reply', 'private_message'] }));
    // The terminal hands over the justification as soon as it is typed; the reply is still being written.
    expect(platform.send('ana', { kind: 'form', form: form.id, values: { justification: JUSTIFICATION }, draft: true })).toEqual([]);
    clock.advance(20 * MIN);
    const result = feedbackOf(platform.delivered);
    const c1 = result.comments.find((comment) => comment.comment === 'c1')!;
    expect(c1.answered).toBe(true);
    const passed = (id: string) => c1.checks.find((check) => check.id === id)?.passed;
    expect(passed('detection')).toBe(true);
    expect(passed('action')).toBe(true);
    expect(passed('justification')).toBe(true);
    // The public reply was not given: the check says so instead of the comment counting as skipped.
    expect(passed('reply_present')).toBe(false);
    platform.close();
  });

  it('after a crash, resume brings the comment back at its texts, with what was already typed', async () => {
    const path = databasePath();
    const first = await TestPlatform.open(path, new ManualClock(T0), [scenario]);
    const needs = TestPlatform.question(first.send('ben', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] }));
    const actions = TestPlatform.question(first.send('ben', { kind: 'choice', prompt: needs.id, values: ['yes'] }));
    const form = TestPlatform.question(first.send('ben', { kind: 'choice', prompt: actions.id, values: ['reply'] }));
    first.send('ben', { kind: 'form', form: form.id, values: { justification: JUSTIFICATION }, draft: true });
    first.close();

    const second = await TestPlatform.open(path, new ManualClock(T0 + MIN), [scenario]);
    const views = second.send('ben', { kind: 'command', name: 'resume' });
    const again = TestPlatform.question(views);
    expect(again).toMatchObject({ kind: 'form', id: form.id });
    expect(again.kind === 'form' && again.fields.find((field) => field.id === 'justification')?.value).toBe(JUSTIFICATION);
    // The comment itself is shown again, with the decision already taken.
    expect(JSON.stringify(views)).toContain(scenario.comments[0]!.text.slice(0, 30));
    expect(JSON.stringify(views)).toContain('Votre décision : action nécessaire (réponse publique)');
    second.close();
  });

  it('after a crash between the decision and the actions, resume asks for the actions of that comment', async () => {
    const path = databasePath();
    const first = await TestPlatform.open(path, new ManualClock(T0), [scenario]);
    const needs = TestPlatform.question(first.send('cléo', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] }));
    first.send('cléo', { kind: 'choice', prompt: needs.id, values: ['yes'] });
    first.close();

    const second = await TestPlatform.open(path, new ManualClock(T0 + MIN), [scenario]);
    const question = TestPlatform.question(second.send('cléo', { kind: 'command', name: 'resume' }));
    expect(question).toMatchObject({ kind: 'prompt', id: expect.stringMatching(/^actions:.*:c1$/), multiple: true });
    expect(question.kind === 'prompt' && question.text).toContain(scenario.comments[0]!.text.slice(0, 30));
    second.close();
  });

  it('a form sent incomplete keeps what it had: the learner does not type it twice', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    const needs = TestPlatform.question(platform.send('dan', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] }));
    const actions = TestPlatform.question(platform.send('dan', { kind: 'choice', prompt: needs.id, values: ['yes'] }));
    const form = TestPlatform.question(platform.send('dan', { kind: 'choice', prompt: actions.id, values: ['reply'] }));
    const views = platform.send('dan', { kind: 'form', form: form.id, values: { justification: JUSTIFICATION, reply: '' } });
    expect(views[0]).toMatchObject({ kind: 'notice', tone: 'error', text: 'À remplir : la réponse publique.' });
    const again = TestPlatform.question(views);
    expect(again.kind === 'form' && again.fields.find((field) => field.id === 'justification')?.value).toBe(JUSTIFICATION);
    platform.close();
  });
});

describe('handing in and finding one’s way', () => {
  it('asks before handing in with comments left, says how many, and continues on request', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    const needs = examOnFirstComment(platform, 'eva');
    platform.send('eva', { kind: 'choice', prompt: needs.id, values: ['no'] });
    const confirm = TestPlatform.question(platform.send('eva', { kind: 'command', name: 'submit' }));
    expect(confirm).toMatchObject({ kind: 'prompt', text: expect.stringContaining(`Il reste ${scenario.comments.length - 1} commentaires sans réponse complète sur ${scenario.comments.length}`) });
    const back = TestPlatform.question(platform.send('eva', { kind: 'choice', prompt: confirm.id, values: ['continue'] }));
    expect(back).toMatchObject({ kind: 'prompt', id: expect.stringMatching(/^needs:.*:c2$/) });
    // Nothing was handed in meanwhile.
    expect(platform.send('eva', { kind: 'command', name: 'feedback' })[0]).toMatchObject({ text: 'Aucun exercice rendu pour l’instant.' });
    const again = TestPlatform.question(platform.send('eva', { kind: 'command', name: 'submit' }));
    expect(feedbackOf(platform.send('eva', { kind: 'choice', prompt: again.id, values: ['submit'] })).title).toContain(scenario.title);
    platform.close();
  });

  it('hands in at once when every comment has its answer', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    let question = TestPlatform.question(platform.send('fred', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] }));
    for (let index = 0; index < scenario.comments.length; index += 1) question = platform.goOn('fred', TestPlatform.question(platform.send('fred', { kind: 'choice', prompt: question.id, values: ['no'] })));
    expect(feedbackOf(platform.send('fred', { kind: 'command', name: 'submit' })).title).toContain(scenario.title);
    platform.close();
  });

  it('shows the case and its charter again on request, every fact included', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    expect(platform.send('gus', { kind: 'command', name: 'case' })[0]).toMatchObject({ kind: 'notice', text: expect.stringContaining('Aucun exercice en cours') });
    examOnFirstComment(platform, 'gus');
    const [view] = platform.send('gus', { kind: 'command', name: 'case' });
    expect(view?.kind).toBe('case');
    const text = JSON.stringify(view);
    for (const fact of scenario.charter.facts) expect(text).toContain(fact.text);
    expect(text).toContain(scenario.post.text.slice(0, 40));
    platform.close();
  });

  it('says the position of a comment once, not in both the header and the question', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    const needs = TestPlatform.question(platform.send('hugo', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] }));
    expect(needs).toMatchObject({ progress: `Commentaire 1/${scenario.comments.length}` });
    expect(needs.kind === 'prompt' && needs.text).not.toContain('Commentaire 1/');
    expect(needs.kind === 'prompt' && needs.text).toContain(scenario.comments[0]!.author);
    platform.close();
  });

  it('lists every command in the help', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    const [help] = platform.send('ines', { kind: 'command', name: 'help' });
    for (const command of ['start', 'resume', 'submit', 'edit', 'case', 'feedback', 'history', 'progress', 'coach', 'oral', 'nudges', 'calendar', 'privacy']) {
      expect(help?.kind === 'notice' && help.text, command).toMatch(new RegExp(`\\b${command}\\b`));
    }
    platform.close();
  });
});
