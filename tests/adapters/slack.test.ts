import { afterEach, describe, expect, it } from 'vitest';
import { SlackBot } from '../../src/adapters/slack/bot.js';
import { M13_TIMING } from '../../src/core/drill/types.js';
import { systemClock, TimeoutScheduler, type Clock, type Scheduler } from '../../src/engine/clock.js';
import type { Engine } from '../../src/engine/engine.js';
import { createEngine } from '../../src/engine/wiring.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { startFakeSlack, type FakeSlack, type FakeSlackUser, type PostedMessage } from '../fakes/slack-server.js';
import { fixtureScenario, scoringResources } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const running: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  while (running.length > 0) await running.pop()!();
});

const TRAINER: FakeSlackUser = { id: 'U0TRAIN', name: 'nadia' };
const LEARNER: FakeSlackUser = { id: 'U0CAMI', name: 'camille' };
const OTHER: FakeSlackUser = { id: 'U0BILAL', name: 'bilal' };
const TRAINERS_CHANNEL = 'C0FORMA';
const dmOf = (user: FakeSlackUser) => `D${user.id.replace(/^U/, '')}`;

interface World {
  fake: FakeSlack;
  db: Db;
  engine: Engine;
  bot: SlackBot;
}

async function world(options: { clock?: Clock & Scheduler; http?: boolean } = {}): Promise<World> {
  const fake = await startFakeSlack();
  running.push(() => fake.close());
  const db = openDatabase(':memory:');
  const clock = options.clock ?? systemClock;
  const scheduler = options.clock ?? new TimeoutScheduler(systemClock);
  const { engine, restore } = createEngine({ db, clock, scheduler, scenarios: new Map([[scenario.id, scenario]]), resources: await scoringResources(), timing: M13_TIMING, defaultTimezone: 'Europe/Paris', random: () => 0 });
  const settings = {
    botToken: fake.botToken,
    appToken: options.http ? undefined : fake.appToken,
    signingSecret: fake.signingSecret,
    trainerIds: [TRAINER.id],
    apiUrl: fake.apiUrl,
    port: 0,
  };
  const bot = new SlackBot(engine, settings, createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'), options.http ? { port: 0 } : {});
  await bot.start();
  restore();
  running.push(() => scheduler.cancelAll(), () => bot.stop(), () => void db.close());
  if (!options.http) await fake.waitFor(() => fake.connected, 3_000, 'the Socket Mode connection');
  return { fake, db, engine, bot };
}

/** The latest message of the channel that still has actions: the question on screen. */
function question(fake: FakeSlack, channel: string): PostedMessage | undefined {
  return [...fake.messagesIn(channel)].reverse().find((message) => message.blocks.some((block) => block.type === 'actions'));
}

function actionIds(message: PostedMessage): string[] {
  return message.blocks.flatMap((block) => ((block.elements as Array<{ action_id?: string }> | undefined) ?? []).map((element) => element.action_id ?? ''));
}

async function nextQuestion(fake: FakeSlack, channel: string, previous: PostedMessage | undefined, what: string): Promise<PostedMessage> {
  return fake.waitFor(() => {
    const found = question(fake, channel);
    return found && found.ts !== previous?.ts ? found : undefined;
  }, 3_000, what);
}

async function click(w: World, user: FakeSlackUser, message: PostedMessage, match: RegExp, extra: Parameters<FakeSlack['blockAction']>[0] extends infer T ? Partial<T> : never = {}) {
  const actionId = actionIds(message).find((id) => match.test(id));
  if (!actionId) throw new Error(`pas d’action ${match} dans ${actionIds(message).join(', ')}`);
  const handle = w.fake.blockAction({ user, actionId, message, ...extra });
  await w.fake.waitForAck(handle.envelopeId);
  return handle;
}

const allText = (messages: PostedMessage[]) => JSON.stringify(messages.map((message) => message.blocks));

describe('Slack adapter against a local fake Slack (real Bolt app, Socket Mode)', () => {
  it('runs a practice drill in the learner’s DM: buttons, checkboxes, a modal, feedback', async () => {
    const w = await world();
    const command = w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: `start ${scenario.id} practice` });
    expect((await w.fake.waitForAck(command.envelopeId)).latencyMs).toBeLessThan(3_000);
    const dm = dmOf(LEARNER);
    let current = await nextQuestion(w.fake, dm, undefined, 'la première question');
    expect(allText(w.fake.messagesIn(dm))).toContain('La charte éditoriale');
    expect((await w.fake.waitFor(() => w.fake.responses[0], 3_000, 'la réponse éphémère')).body).toMatchObject({ response_type: 'ephemeral', text: 'Votre exercice est dans vos messages directs avec moderato.' });

    // c1: yes → checkboxes « Répondre » + Valider → modal → texts.
    await click(w, LEARNER, current, /\|yes$/);
    const actions = await nextQuestion(w.fake, dm, current, 'les actions');
    expect(current.updated).toBe(true);
    expect(JSON.stringify(current.blocks)).toContain('→ Oui');
    const checkboxes = actionIds(actions).find((id) => id.startsWith('m|'))!;
    await click(w, LEARNER, actions, /^ok\|/, { state: { choices: { [checkboxes]: { type: 'checkboxes', selected_options: [{ text: { type: 'plain_text', text: 'répondre publiquement' }, value: 'reply' }] } } } });
    const modal = await w.fake.waitFor(() => w.fake.views.find((view) => view.method === 'views.open'), 3_000, 'la fenêtre de saisie');
    expect((modal.view.blocks as Array<{ block_id: string }>).map((block) => block.block_id)).toEqual(['justification', 'reply']);
    const submitted = w.fake.viewSubmission({ user: LEARNER, view: modal, values: { justification: 'Réclamation d’une cliente mécontente du déplacement.', reply: 'Bonjour Julie, nous sommes désolés. Réouverture le mardi 12 mars à 7 h. L’équipe Martin' } });
    expect((await w.fake.waitForAck(submitted.envelopeId)).payload).toEqual({});
    current = await nextQuestion(w.fake, dm, actions, 'la question suivante');
    expect(allText(w.fake.messagesIn(dm))).toContain('Retour sur ce commentaire');

    for (const comment of scenario.comments.slice(1)) {
      expect(JSON.stringify(current.blocks)).toContain(`Commentaire ${scenario.comments.indexOf(comment) + 1}/`);
      await click(w, LEARNER, current, /\|no$/);
      current = await nextQuestion(w.fake, dm, current, 'la question suivante');
    }
    // Submit, or edit one of six comments: seven choices come as a select menu.
    await click(w, LEARNER, current, /^s\|submit:/, { selectedOption: { value: 'submit', text: 'Rendre la copie' } });
    await w.fake.waitFor(() => allText(w.fake.messagesIn(dm)).includes('Cr7.2'), 3_000, 'le retour final');
    expect(w.fake.unexpected).toEqual([]);
    expect(w.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(scenario.comments.length);
  });

  it('handles a redelivered envelope once, and refuses trainer commands to learners', async () => {
    const w = await world();
    const command = w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: `start ${scenario.id} practice` });
    const current = await nextQuestion(w.fake, dmOf(LEARNER), undefined, 'la première question');
    const handle = w.fake.blockAction({ user: LEARNER, actionId: actionIds(current).find((id) => id.endsWith('|no'))!, message: current });
    await w.fake.waitForAck(handle.envelopeId);
    await nextQuestion(w.fake, dmOf(LEARNER), current, 'la deuxième question');
    const before = w.fake.messagesIn(dmOf(LEARNER)).length;
    w.fake.redeliver(handle);
    w.fake.redeliver(command);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(w.fake.messagesIn(dmOf(LEARNER))).toHaveLength(before);
    expect(w.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(1);
    expect(w.db.prepare('SELECT COUNT(*) FROM drills').pluck().get()).toBe(1);

    const refused = w.fake.slashCommand({ user: LEARNER, channel: TRAINERS_CHANNEL, text: 'cohort create Pirates' });
    await w.fake.waitFor(() => w.fake.responses.find((response) => response.responseUrl === refused.responseUrl), 3_000, 'le refus');
    expect(JSON.stringify(w.fake.responses.find((response) => response.responseUrl === refused.responseUrl)!.body)).toContain('Cette commande est réservée aux formateurs.');
    expect(w.db.prepare('SELECT COUNT(*) FROM cohorts').pluck().get()).toBe(0);
  });
});
