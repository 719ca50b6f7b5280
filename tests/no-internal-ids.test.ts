import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Answer } from '../src/core/answers/schema.js';
import { renderReport } from '../src/core/rubric/report.js';
import { score } from '../src/core/rubric/score.js';
import { modelAnswers } from '../src/core/scenario/models.js';
import type { Scenario } from '../src/core/scenario/schema.js';
import { ManualClock } from '../src/engine/clock.js';
import { renderMessages as discordMessages } from '../src/adapters/discord/render.js';
import { renderMessages as slackMessages } from '../src/adapters/slack/render.js';
import { commentFeedbackView, scoreView } from '../src/engine/present.js';
import type { View } from '../src/engine/views.js';
import { ROOT, runCli } from './helpers/cli.js';
import { bankScenario, fixtureScenario, scoringResources } from './helpers/scoring.js';
import { forbiddenIds, idLeaks, shownTexts } from './helpers/shown-text.js';
import { TestPlatform } from './helpers/test-adapter.js';

/**
 * Issue 17: no internal id reaches a learner or a trainer. Every text a person reads — the drill,
 * its feedback, history, progress, the App Home, weak spots, trainers' results and CSV, the
 * `score` report — is collected as each surface shows it (terminal, Discord, Slack), and searched
 * for the ids of checks, categories, comments, facts and must-cover items.
 */

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const GOLDEN = join(ROOT, 'tests/fixtures/answers');
/** The commands the help lists: words learners type, shown on purpose (« feedback » is also a fact's id). */
const COMMANDS = ['start', 'resume', 'case', 'edit', 'submit', 'feedback', 'history', 'progress', 'coach', 'oral', 'nudges', 'calendar', 'privacy', 'help', 'quit'];

const restaurant = bankScenario('restaurant-nouvelle-carte');
const bakery = fixtureScenario();
const IDS = forbiddenIds([restaurant, bakery], COMMANDS);

function goldenAnswers(scenarioId: string, level: string): Answer[] {
  return (JSON.parse(readFileSync(join(GOLDEN, scenarioId, `${level}.json`), 'utf8')) as { answers: Answer[] }).answers;
}

/** Answers one comment through the conversation as a learner would: action or not, the actions, the texts. */
function answerComment(platform: TestPlatform, user: string, drillId: string, commentId: string, answer: Answer | undefined): View[] {
  platform.clock.advance(5_000); // at a learner's pace, under the flood guard
  const needs = platform.send(user, { kind: 'choice', prompt: `needs:${drillId}:${commentId}`, values: [answer?.needs_action ? 'yes' : 'no'] });
  if (!answer?.needs_action) return needs;
  const actions = platform.send(user, { kind: 'choice', prompt: TestPlatform.question(needs).id, values: answer.actions.filter((action) => action !== 'none') });
  const form = TestPlatform.question(actions);
  if (form.kind !== 'form') return [...needs, ...actions];
  const values = Object.fromEntries(form.fields.map((field) => [field.id, String(answer[field.id as keyof Answer] ?? 'Texte.')]));
  return [...needs, ...actions, form, ...platform.send(user, { kind: 'form', form: form.id, values })];
}

function expectNoLeak(views: readonly View[], now = T0): void {
  const texts = shownTexts(views, now);
  expect(texts.length).toBeGreaterThan(0);
  expect(idLeaks(texts, IDS)).toEqual([]);
}

describe('no internal id in what people read', () => {
  it('the ids searched for include the ones seen leaking before', () => {
    for (const id of ['reply_present', 'unsupported_facts', 'detection', 'c5', 'lunch_deal', 'personal_data', 'off_topic']) expect(IDS).toContain(id);
    expect(idLeaks(['✓ detection, action, reply_present', 'échec critique : c5 detection', 'ne couvre pas : sorry'], IDS)).toHaveLength(4);
    expect(idLeaks(['✓ Détection, Choix des actions', 'commentaire 5 (kev_44_officiel) : Détection'], IDS)).toEqual([]);
  });

  it('a practice drill and an exam, then feedback, history, progress, the App Home, weak spots and editing', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [restaurant, bakery]);
    const shown: View[] = [];
    const send = (user: string, name: string, ...args: string[]) => {
      const views = platform.send(user, { kind: 'command', name, args });
      shown.push(...views);
      return views;
    };

    // Practice: the harmful model answers (critical failures, missing coverage, forbidden actions), feedback after each comment.
    const start = send('alice', 'start');
    const picked = platform.send('alice', { kind: 'choice', prompt: TestPlatform.question(start).id, values: [restaurant.id] });
    shown.push(...picked, ...platform.send('alice', { kind: 'choice', prompt: TestPlatform.question(picked).id, values: ['practice'] }));
    const practice = platform.drills.store.latestOpenDrill(1)!;
    const harmful = goldenAnswers(restaurant.id, 'harmful');
    for (const comment of restaurant.comments) shown.push(...answerComment(platform, 'alice', practice, comment.id, harmful.find((answer) => answer.comment === comment.id)));
    // A second attempt at comment 2 (its offer, what it asks again, its feedback with the model answer), written as the model.
    const model = modelAnswers(restaurant).find((answer) => answer.comment === 'c2')!;
    let step = platform.send('alice', { kind: 'choice', prompt: `retry:${practice}:c2`, values: ['retry'] });
    shown.push(...step);
    for (let turn = 0; turn < 4; turn += 1) {
      const question = TestPlatform.question(step);
      if (question.id.startsWith('needs:')) step = platform.send('alice', { kind: 'choice', prompt: question.id, values: [model.needs_action ? 'yes' : 'no'] });
      else if (question.id.startsWith('actions:')) step = platform.send('alice', { kind: 'choice', prompt: question.id, values: model.actions });
      else if (question.kind === 'form') step = platform.send('alice', { kind: 'form', form: question.id, values: Object.fromEntries(question.fields.map((field) => [field.id, String(model[field.id as keyof Answer] ?? '')])) });
      else break;
      shown.push(...step);
    }
    expect(shown.some((view) => view.kind === 'feedback' && view.comments.some((comment) => comment.attempt))).toBe(true);
    shown.push(...send('alice', 'edit', '3'), ...send('alice', 'edit', 'c99'));
    shown.push(...platform.send('alice', { kind: 'choice', prompt: `submit:${practice}`, values: ['submit'] }));
    expect(shown.some((view) => view.kind === 'feedback' && view.criteria?.some((criterion) => criterion.result.critical_failures.length > 0))).toBe(true);
    expect(JSON.stringify(shown)).toContain('À retravailler');
    shown.push(...send('alice', 'feedback'), ...send('alice', 'history'), ...send('alice', 'progress'), ...send('alice', 'home'), ...send('alice', 'help'));
    // Two days later the weak categories are due: the case list advises one, naming the checks to work on.
    clock.advance(2 * DAY);
    expect(JSON.stringify(send('alice', 'start'))).toContain('Conseillé');

    // Exam: half the average answers, then the clock hands in the copy.
    const exam = send('bob', 'start', restaurant.id, 'exam');
    shown.push(...platform.send('bob', { kind: 'choice', prompt: TestPlatform.question(exam).id, values: ['go'] }));
    clock.advance(5 * MIN);
    const examId = platform.drills.store.latestOpenDrill(2)!;
    const average = goldenAnswers(restaurant.id, 'average');
    for (const comment of restaurant.comments.slice(0, 5)) shown.push(...answerComment(platform, 'bob', examId, comment.id, average.find((answer) => answer.comment === comment.id)));
    clock.advance(30 * MIN);
    shown.push(...platform.delivered.splice(0));
    expect(shown.filter((view) => view.kind === 'feedback' && view.criteria).length).toBeGreaterThanOrEqual(3);
    shown.push(...send('bob', 'feedback'), ...send('bob', 'history'), ...send('bob', 'progress'), ...send('bob', 'home'));

    expectNoLeak(shown, clock.now());
    platform.close();
  });

  it('a trainer’s results, drill status, CSV export and closing report', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [restaurant, bakery]);
    platform.cohorts.onOpenSpace('test', async (member) => `space-${member.userId}`);
    const trainer = { trainer: true };
    const created = platform.send('formatrice', { kind: 'command', name: 'cohort-create', args: ['Promo'] }, undefined, trainer);
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(JSON.stringify(created))![1]!;
    for (const learner of ['alice', 'bob']) platform.send(learner, { kind: 'command', name: 'cohort-join', args: [code] });
    const shown: View[] = [...created, ...platform.send('formatrice', { kind: 'command', name: 'launch-form' }, undefined, trainer)];
    shown.push(...platform.send('formatrice', { kind: 'form', form: 'launch', values: { cohort: '1', scenario: restaurant.id, date: '', time: '', mode: 'practice', window: '60' } }, undefined, trainer));
    clock.advance(0);
    await vi.waitFor(() => expect(platform.deliveries.filter((delivery) => delivery.origin.channelId?.startsWith('space-'))).toHaveLength(2));
    const learnerId = platform.cohorts.store.members(1)[0]!.learnerId;
    const drillId = platform.drills.store.latestOpenDrill(learnerId)!;
    const harmful = goldenAnswers(restaurant.id, 'harmful');
    for (const comment of restaurant.comments) answerComment(platform, 'alice', drillId, comment.id, harmful.find((answer) => answer.comment === comment.id));
    platform.send('alice', { kind: 'choice', prompt: `submit:${drillId}`, values: ['submit'] });
    for (const name of ['cohort-list', 'drill-status']) shown.push(...platform.send('formatrice', { kind: 'command', name }, undefined, trainer));
    const results = platform.send('formatrice', { kind: 'command', name: 'results', args: ['Promo'] }, undefined, trainer);
    expect(results.some((view) => view.kind === 'file' && view.contentType === 'text/csv')).toBe(true);
    expect(JSON.stringify(results)).toContain('à travailler');
    shown.push(...results);
    clock.advance(2 * 60 * MIN);
    await vi.waitFor(() => expect(platform.deliveries.some((delivery) => JSON.stringify(delivery.views).includes('Bilan'))).toBe(true));
    shown.push(...platform.delivered.splice(0));
    expectNoLeak(shown, clock.now());
    platform.close();
  });

  it.each(['excellent', 'average', 'harmful'])('the score report (text) of the %s golden answers of every scenario', async (level) => {
    const resources = await scoringResources();
    for (const scenarioId of ['restaurant-nouvelle-carte', 'boutique-en-ligne-retard', 'industrie-recrutement']) {
      const scenario: Scenario = bankScenario(scenarioId);
      const result = score(scenario, goldenAnswers(scenarioId, level), resources);
      const ids = forbiddenIds([scenario], COMMANDS);
      expect(idLeaks([renderReport(scenario, result)], ids)).toEqual([]);
      // The same score as each surface shows it.
      expect(idLeaks(shownTexts([scoreView(scenario, result)]), ids)).toEqual([]);
    }
  });

  it('Discord and Slack show a comment’s feedback and the results by French names, the critical failures by comment position and author', async () => {
    const result = score(restaurant, goldenAnswers(restaurant.id, 'harmful'), await scoringResources());
    const views = [scoreView(restaurant, result), ...result.comments.map((comment) => commentFeedbackView(restaurant, comment.comment, comment.checks))];
    for (const view of views) {
      const discord = JSON.stringify(discordMessages(view));
      const slack = JSON.stringify(slackMessages([view]));
      for (const shown of [discord, slack]) expect(shown).not.toMatch(/reply_present|unsupported_facts|forbidden_terms|private_redirect|personal_data/);
    }
    const [discord, slack] = [JSON.stringify(discordMessages(views[0]!)), JSON.stringify(slackMessages([views[0]!]))];
    for (const shown of [discord, slack]) {
      expect(shown).toContain('Échec critique : commentaire 2 (claire_bdn) : Civilité, commentaire 5 (kev_44_officiel) : Civilité');
      expect(shown).toContain('Points à couvrir');
      expect(shown).toContain('un de ces mots : « désolé »');
    }
    expect(idLeaks(shownTexts(views), IDS)).toEqual([]);
  });

  it('the score command prints no id without --json, and keeps them in --json', () => {
    const answers = join(GOLDEN, restaurant.id, 'harmful.json');
    const text = runCli(['score', '--scenario', restaurant.id, '--answers', answers]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('échec critique : commentaire');
    expect(idLeaks([text.stdout], IDS)).toEqual([]);
    const json = runCli(['score', '--scenario', restaurant.id, '--answers', answers, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ comments: expect.arrayContaining([expect.objectContaining({ comment: 'c2', checks: expect.arrayContaining([expect.objectContaining({ id: 'coverage' })]) })]) });
  });
});
