import { afterEach, describe, expect, it } from 'vitest';
import { registerAdapters } from '../../src/adapters/port.js';
import { SlackBot } from '../../src/adapters/slack/bot.js';
import { M13_TIMING } from '../../src/core/drill/types.js';
import { ManualClock, systemClock, TimeoutScheduler, type Clock, type Scheduler } from '../../src/engine/clock.js';
import type { Engine } from '../../src/engine/engine.js';
import type { NudgeService } from '../../src/engine/nudge-service.js';
import { createEngine } from '../../src/engine/wiring.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { mentionsIn, mrkdwnTexts, renderedText, startFakeSlack, type FakeSlack, type FakeSlackUser, type PostedMessage } from '../fakes/slack-server.js';
import { fixtureScenario, scoringResources } from '../helpers/scoring.js';
import { loadChecklists, loadQuestionBank } from '../../src/coaching/load.js';

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
  nudges: NudgeService;
  bot: SlackBot;
}

async function world(options: { clock?: Clock & Scheduler; http?: boolean; tierLimits?: boolean } = {}): Promise<World> {
  const fake = await startFakeSlack({ tierLimits: options.tierLimits ?? false });
  running.push(() => fake.close());
  const db = openDatabase(':memory:');
  const clock = options.clock ?? systemClock;
  const scheduler = options.clock ?? new TimeoutScheduler(systemClock);
  const { competencies } = await loadChecklists();
  const { questions } = await loadQuestionBank();
  const { engine, nudges, restore } = createEngine({ db, clock, scheduler, scenarios: new Map([[scenario.id, scenario]]), resources: await scoringResources(), timing: M13_TIMING, defaultTimezone: 'Europe/Paris', random: () => 0, competencies, oralQuestions: questions });
  const settings = {
    botToken: fake.botToken,
    appToken: options.http ? undefined : fake.appToken,
    signingSecret: fake.signingSecret,
    trainerIds: [TRAINER.id],
    apiUrl: fake.apiUrl,
    port: 0,
  };
  const bot = new SlackBot(engine, settings, createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'), options.http ? { port: 0 } : {});
  registerAdapters(engine, [bot]);
  await bot.start();
  restore();
  running.push(() => scheduler.cancelAll(), () => bot.stop(), () => void db.close());
  if (!options.http) await fake.waitFor(() => fake.connected, 3_000, 'the Socket Mode connection');
  return { fake, db, engine, nudges, bot };
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

/** What Slack shows of a response_url answer (its mrkdwn texts, rendered). */
const shown = (body: Record<string, unknown>) => mrkdwnTexts({ text: String(body.text ?? ''), blocks: (body.blocks as PostedMessage['blocks']) ?? [] }).map((text) => renderedText(text)).join('\n');

/**
 * Everything the bot made readable by a whole public channel: messages posted there (chat.postMessage,
 * attempted or not), files shared there, and response_url answers « in_channel » there.
 */
function publicTraffic(fake: FakeSlack): string[] {
  return [
    ...fake.callsTo('chat.postMessage').filter((call) => fake.isPublic(String(call.args.channel))).map((call) => `message ${JSON.stringify(call.args)}`),
    ...fake.files.filter((file) => fake.isPublic(file.channel)).map((file) => `fichier ${file.filename} : ${file.data.toString('utf8')}`),
    ...fake.responses.filter((response) => response.body.response_type === 'in_channel' && fake.isPublic(response.channel)).map((response) => `réponse ${JSON.stringify(response.body)}`),
  ];
}

/** Nothing naming these learners or carrying a score in what a public channel can read. */
function expectNothingPublicAbout(fake: FakeSlack, names: string[]): void {
  for (const traffic of publicTraffic(fake)) {
    for (const name of names) expect(traffic).not.toContain(name);
    expect(traffic).not.toMatch(/Cr7|%|atteint|pas rendu|copies? rendues?/);
  }
}

/** Nothing the bot sent can notify anyone: no mention sequences, no link_names. */
function expectNoPing(fake: FakeSlack): void {
  for (const call of [...fake.callsTo('chat.postMessage'), ...fake.callsTo('chat.postEphemeral'), ...fake.callsTo('chat.update')]) {
    expect(call.args.link_names).toBeUndefined();
    expect(mrkdwnTexts({ text: String(call.args.text ?? ''), blocks: (call.args.blocks as PostedMessage['blocks']) ?? [] }).flatMap((text) => mentionsIn(text))).toEqual([]);
  }
  for (const response of fake.responses) expect(mrkdwnTexts({ text: String(response.body.text ?? ''), blocks: (response.body.blocks as PostedMessage['blocks']) ?? [] }).flatMap((text) => mentionsIn(text))).toEqual([]);
}

describe('Slack adapter against a local fake Slack (real Bolt app, Socket Mode)', () => {
  it('runs a practice drill in the learner’s DM: buttons, checkboxes, texts written in the message, feedback', async () => {
    const w = await world();
    const command = w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: `start ${scenario.id} practice` });
    expect((await w.fake.waitForAck(command.envelopeId)).latencyMs).toBeLessThan(3_000);
    const dm = dmOf(LEARNER);
    let current = await nextQuestion(w.fake, dm, undefined, 'la première question');
    expect(allText(w.fake.messagesIn(dm))).toContain('La charte éditoriale');
    expect((await w.fake.waitFor(() => w.fake.responses[0], 3_000, 'la réponse éphémère')).body).toMatchObject({ response_type: 'ephemeral', text: 'Votre exercice est dans vos messages directs avec moderato.' });

    // c1: yes → checkboxes « Répondre » + Valider → the texts' fields in a message of the DM (no views.open).
    await click(w, LEARNER, current, /\|yes$/);
    const actions = await nextQuestion(w.fake, dm, current, 'les actions');
    expect(current.updated).toBe(true);
    expect(JSON.stringify(current.blocks)).toContain('→ Oui');
    const checkboxes = actionIds(actions).find((id) => id.startsWith('m|'))!;
    await click(w, LEARNER, actions, /^ok\|/, { state: { choices: { [checkboxes]: { type: 'checkboxes', selected_options: [{ text: { type: 'plain_text', text: 'répondre publiquement' }, value: 'reply' }] } } } });
    const form = await nextQuestion(w.fake, dm, actions, 'le formulaire des textes');
    const blocks = form.blocks as Array<{ type: string; block_id?: string; text?: { text: string } }>;
    // The rules to write by come first, above the fields.
    expect(blocks[1]!.type).toBe('section');
    expect(blocks[1]!.text!.text).toContain('Registre : vouvoiement');
    expect(blocks.filter((block) => block.type === 'input').map((block) => block.block_id)).toEqual(['justification', 'reply']);
    const texts = { justification: 'Réclamation d’une cliente mécontente du déplacement.', reply: 'Bonjour Julie, nous sommes désolés. Réouverture le mardi 12 mars à 7 h. L’équipe Martin' };
    await click(w, LEARNER, form, /^e\|texts:[^|]*$/, { state: typedState(texts) });
    expect(w.fake.views.filter((view) => view.method === 'views.open')).toEqual([]);
    current = await nextQuestion(w.fake, dm, form, 'la question suivante');
    // Sent: the texts stay to read in the message, the fields are gone.
    expect(form.updated).toBe(true);
    expect(form.blocks.some((block) => block.type === 'input')).toBe(false);
    expect(allText([form])).toContain('Réouverture le mardi 12 mars');
    expect(allText(w.fake.messagesIn(dm))).toContain('Retour sur ce commentaire');
    // Practice offers to rewrite what failed (buttons « Réécrire ce qui n’a pas marché » / « Commentaire suivant »): the learner goes on.
    const goOn = async () => {
      if (!actionIds(current).some((id) => /^b\|retry:.*\|next$/.test(id))) return;
      await click(w, LEARNER, current, /^b\|retry:.*\|next$/);
      current = await nextQuestion(w.fake, dm, current, 'la question suivante');
    };
    await goOn();

    for (const comment of scenario.comments.slice(1)) {
      expect(JSON.stringify(current.blocks)).toContain(`Commentaire ${scenario.comments.indexOf(comment) + 1}/`);
      await click(w, LEARNER, current, /\|no$/);
      current = await nextQuestion(w.fake, dm, current, 'la question suivante');
      await goOn();
    }
    // Submit, or edit one of six comments: seven choices come as a select menu.
    await click(w, LEARNER, current, /^s\|submit:/, { selectedOption: { value: 'submit', text: 'Rendre la copie' } });
    await w.fake.waitFor(() => allText(w.fake.messagesIn(dm)).includes('Cr7.2'), 3_000, 'le retour final');
    expect(w.fake.unexpected).toEqual([]);
    expect(w.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(scenario.comments.length);
  });

  it('keeps what was typed in the message as a draft, and gives back a refused text under its field', async () => {
    const w = await world();
    w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: `start ${scenario.id} practice` });
    const dm = dmOf(LEARNER);
    const first = await nextQuestion(w.fake, dm, undefined, 'la première question');
    await click(w, LEARNER, first, /\|yes$/);
    const actions = await nextQuestion(w.fake, dm, first, 'les actions');
    const checkboxes = actionIds(actions).find((id) => id.startsWith('m|'))!;
    await click(w, LEARNER, actions, /^ok\|/, { state: { choices: { [checkboxes]: { type: 'checkboxes', selected_options: [{ text: { type: 'plain_text', text: 'réponse publique' }, value: 'reply' }] } } } });
    const form = await nextQuestion(w.fake, dm, actions, 'le formulaire des textes');
    const justification = 'Réclamation d’une cliente mécontente du déplacement.';
    const drafted = () => Number(w.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'drafted' AND payload LIKE '%mécontente%'").pluck().get());
    expect(drafted()).toBe(0);
    await click(w, LEARNER, form, /^e\|texts:.*\|draft$/, { state: typedState({ justification }) });
    await w.fake.waitFor(() => (JSON.stringify(form.blocks).includes('Brouillon enregistré') ? true : undefined), 3_000, 'le brouillon enregistré');
    expect(drafted()).toBe(1);
    // The message keeps the justification as the field's value (Slack shows what the message says).
    expect(JSON.stringify(form.blocks)).toContain(justification);
    // Sent without a reply: refused under the reply's field, the justification still there, nothing answered.
    await click(w, LEARNER, form, /^e\|texts:[^|]*$/, { state: typedState({ justification }) });
    await w.fake.waitFor(() => (JSON.stringify(form.blocks).includes('error:reply') ? true : undefined), 3_000, 'le refus sous le champ');
    expect(JSON.stringify(form.blocks)).toContain(justification);
    expect(w.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(0);
  });

  it('says a refused click (an outdated or forged button) to the learner alone, and leaves the question as it was', async () => {
    const w = await world();
    w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: `start ${scenario.id} practice` });
    const dm = dmOf(LEARNER);
    const first = await nextQuestion(w.fake, dm, undefined, 'la première question');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const messages = w.fake.messagesIn(dm).length;
    // A prompt the engine does not know, and an id none of our components carries.
    for (const actionId of ['b|inconnu|x', 'nimporte quoi']) {
      const stale = w.fake.blockAction({ user: LEARNER, actionId, message: first });
      const refusal = await w.fake.waitFor(() => w.fake.responses.find((response) => response.responseUrl === stale.responseUrl), 3_000, `le refus de ${actionId}`);
      expect(refusal.body).toMatchObject({ response_type: 'ephemeral' });
      expect(shown(refusal.body)).toMatch(/plus d’actualité/);
    }
    expect(w.fake.messagesIn(dm)).toHaveLength(messages);
    expect(w.fake.callsTo('chat.update')).toEqual([]);
    expect(actionIds(first).some((id) => id.endsWith('|no'))).toBe(true);
  });

  it('lets a trainer create a cohort in a public channel, launch from the modal and read results, never showing names or scores to the channel', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
    const w = await world({ clock });
    const create = w.fake.slashCommand({ user: TRAINER, channel: TRAINERS_CHANNEL, text: 'cohort create Promo Hiver' });
    await w.fake.waitFor(() => w.fake.responses.filter((response) => response.responseUrl === create.responseUrl).length === 2, 3_000, 'la création');
    const [created, invitation] = w.fake.responses.filter((response) => response.responseUrl === create.responseUrl).map((response) => response.body);
    expect(created).toMatchObject({ response_type: 'ephemeral' });
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(String(created!.text))![1]!;
    expect(invitation).toMatchObject({ response_type: 'in_channel' });
    expect(JSON.stringify(invitation)).toContain(`/cohort join ${code}`);

    // Learners join with the invitation's button (and one with the code).
    const invitationMessage: PostedMessage = { channel: 'C0GENERAL', ts: '1.000001', text: String(invitation!.text), blocks: invitation!.blocks as PostedMessage['blocks'] };
    const join = w.fake.blockAction({ user: LEARNER, actionId: `c|join:${code}|join`, message: invitationMessage });
    await w.fake.waitFor(() => w.fake.responses.find((response) => response.responseUrl === join.responseUrl), 3_000, 'la réponse à l’inscription');
    expect(JSON.stringify(w.fake.responses.find((response) => response.responseUrl === join.responseUrl)!.body)).toContain('Bienvenue dans la cohorte « Promo Hiver »');
    w.fake.slashCommand({ user: OTHER, channel: 'C0GENERAL', text: `join ${code}` });
    await w.fake.waitFor(() => w.db.prepare('SELECT COUNT(*) FROM cohort_members').pluck().get() === 2, 3_000, 'deux membres');

    // The launch modal: a past time is shown beside the date; then a start at 10:30 Paris time.
    const launch = w.fake.slashCommand({ user: TRAINER, channel: TRAINERS_CHANNEL, text: 'drill launch' });
    const modal = await w.fake.waitFor(() => w.fake.views.find((view) => view.method === 'views.open'), 3_000, 'la fenêtre de lancement');
    expect(launch.triggerId).toBeDefined();
    const fields = (modal.view.blocks as Array<{ block_id: string }>).map((block) => block.block_id);
    expect(fields).toEqual(['scenario', 'cohort', 'date', 'time', 'mode', 'window', 'reports']);
    const past = w.fake.viewSubmission({ user: TRAINER, view: modal, values: { scenario: scenario.id, cohort: '1', date: '2026-11-27', time: '10:00', mode: 'exam' } });
    expect((await w.fake.waitForAck(past.envelopeId)).payload).toEqual({ response_action: 'errors', errors: { date: 'vendredi 27 novembre 2026 à 10:00 (Europe/Paris) est déjà passé : choisissez une heure à venir, ou « maintenant ».' } });
    const good = w.fake.viewSubmission({ user: TRAINER, view: modal, values: { scenario: scenario.id, cohort: '1', date: '2026-11-28', time: '10:30', mode: 'practice', window: '60' } });
    expect((await w.fake.waitForAck(good.envelopeId)).payload).toEqual({});
    const confirmation = await w.fake.waitFor(() => w.fake.messages.find((message) => message.ephemeralTo === TRAINER.id && message.text.includes('lancé pour la cohorte')), 3_000, 'la confirmation');
    expect(confirmation.text).toContain('début samedi 28 novembre 2026 à 10:30 (Europe/Paris), 2 membres');
    expect(confirmation).toMatchObject({ channel: TRAINERS_CHANNEL });
    expect(confirmation.text).toContain('le bilan vous sera envoyé en privé');

    clock.advance(29 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(w.fake.messagesIn(dmOf(LEARNER))).toEqual([]);
    clock.advance(60_000);
    const first = await nextQuestion(w.fake, dmOf(LEARNER), undefined, 'l’exercice de Camille');
    await nextQuestion(w.fake, dmOf(OTHER), undefined, 'l’exercice de Bilal');
    expect(allText(w.fake.messagesIn(dmOf(LEARNER)))).toContain('Exercice de la cohorte « Promo Hiver »');
    // The launch report goes to the trainer's DM, not to the (public) channel the drill was launched from.
    await w.fake.waitFor(() => w.fake.messagesIn(dmOf(TRAINER)).find((message) => message.text.includes('2 membres démarrés')), 3_000, 'le compte rendu');

    // Camille answers « no action » everywhere and submits.
    let current = first;
    for (let index = 0; index < scenario.comments.length; index += 1) {
      await click(w, LEARNER, current, /\|no$/);
      current = await nextQuestion(w.fake, dmOf(LEARNER), current, 'la question suivante');
      // Practice offers to rewrite what failed: Camille goes on.
      if (actionIds(current).some((id) => /^b\|retry:.*\|next$/.test(id))) {
        await click(w, LEARNER, current, /^b\|retry:.*\|next$/);
        current = await nextQuestion(w.fake, dmOf(LEARNER), current, 'la question suivante');
      }
    }
    await click(w, LEARNER, current, /^s\|submit:/, { selectedOption: { value: 'submit', text: 'Rendre la copie' } });
    await w.fake.waitFor(() => w.db.prepare('SELECT COUNT(*) FROM scores').pluck().get() === 1, 3_000, 'la copie rendue');

    // « results » typed in the public channel: the summary for the trainer alone, the files in their DM, and a line saying so.
    const results = w.fake.slashCommand({ user: TRAINER, channel: TRAINERS_CHANNEL, text: 'results Promo Hiver' });
    await w.fake.waitFor(() => w.fake.files.length === 2, 5_000, 'le CSV et le graphique');
    const answers = await w.fake.waitFor(() => {
      const found = w.fake.responses.filter((response) => response.responseUrl === results.responseUrl);
      return found.length === 2 ? found : undefined;
    }, 3_000, 'le résumé et la ligne sur les fichiers');
    expect(answers.map((answer) => answer.body.response_type)).toEqual(['ephemeral', 'ephemeral']);
    expect(shown(answers[0]!.body)).toContain('camille (Slack) : Cr7.1');
    expect(shown(answers[1]!.body)).toContain('Fichiers dans vos messages directs avec moderato : resultats-promo-hiver.csv, reussite-promo-hiver.png.');
    const [csv, chart] = w.fake.files;
    expect(csv).toMatchObject({ filename: 'resultats-promo-hiver.csv', channel: dmOf(TRAINER) });
    expect(csv!.data.toString('utf8')).toMatch(/^\uFEFFcohorte;exercice;/);
    expect(csv!.data.toString('utf8')).toContain(';camille;Slack;rendu;');
    expect(csv!.data.toString('utf8')).toContain(';bilal;Slack;pas rendu;');
    expect(chart).toMatchObject({ filename: 'reussite-promo-hiver.png', channel: dmOf(TRAINER) });
    expect([...chart!.data.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    // An hour after the start the window closes: the summary arrives by itself in the trainer's DM.
    clock.advance(60 * 60_000);
    const summary = await w.fake.waitFor(() => w.fake.messagesIn(dmOf(TRAINER)).find((message) => message.text.startsWith('Bilan')), 3_000, 'le bilan');
    expect(summary.text).toContain('1/2 copies rendues');
    expect(summary.text).toContain('bilal : pas rendu');
    // The channel saw the invitation, and nothing naming a learner or carrying a score.
    expect(publicTraffic(w.fake).length).toBeGreaterThan(0);
    expectNothingPublicAbout(w.fake, ['camille', 'bilal']);
    expectNoPing(w.fake);
    expect(w.fake.unexpected).toEqual([]);
  });

  it('shows the App Home: a trainer’s cohorts, a learner’s progress and a practice button that opens a drill in the DM', async () => {
    const w = await world();
    w.fake.event({ type: 'app_home_opened', user: TRAINER.id, channel: dmOf(TRAINER), tab: 'home' });
    const trainerHome = await w.fake.waitFor(() => w.fake.views.find((view) => view.method === 'views.publish' && view.userId === TRAINER.id), 3_000, 'l’accueil formateur');
    expect(JSON.stringify(trainerHome.view)).toContain('Lancer un exercice pour une cohorte');
    w.fake.event({ type: 'app_home_opened', user: LEARNER.id, channel: dmOf(LEARNER), tab: 'home' });
    const learnerHome = await w.fake.waitFor(() => w.fake.views.find((view) => view.method === 'views.publish' && view.userId === LEARNER.id), 3_000, 'l’accueil apprenant');
    expect(JSON.stringify(learnerHome.view)).not.toContain('Lancer un exercice');
    const practice = (learnerHome.view.blocks as Array<{ elements?: Array<{ action_id: string }> }>).flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'b|home|practice')!;
    w.fake.blockAction({ user: LEARNER, actionId: practice.action_id, home: true });
    await nextQuestion(w.fake, dmOf(LEARNER), undefined, 'l’exercice d’entraînement');
  });

});

describe('Slack adapter in HTTP mode', () => {
  it('accepts a correctly signed request and rejects a bad signature or a stale timestamp', async () => {
    const w = await world({ http: true });
    const port = (w.bot.app as unknown as { receiver: { server?: { address(): { port: number } } } }).receiver.server?.address().port;
    expect(port).toBeGreaterThan(0);
    const url = `http://127.0.0.1:${port}/slack/events`;
    const body = w.fake.slashCommandBody({ user: LEARNER, channel: 'C0GENERAL', text: `start ${scenario.id} practice` });
    expect((await w.fake.signedPost(url, body, { secret: 'pas-le-bon-secret' })).status).toBe(401);
    expect((await w.fake.signedPost(url, body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect(w.db.prepare('SELECT COUNT(*) FROM drills').pluck().get()).toBe(0);
    expect((await w.fake.signedPost(url, body)).status).toBe(200);
    await nextQuestion(w.fake, dmOf(LEARNER), undefined, 'la première question');
  });
});

describe('Slack nudges', () => {
  it('opts in with the learner’s Slack time zone, imports a calendar through the modal and delivers the reminder in the DM', async () => {
    // 09:05 in Montréal, just after the monthly KPI reminder's time (09:00): that one is not for her.
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 14, 5, 0));
    const w = await world({ clock });
    w.fake.users.set(LEARNER.id, { ...LEARNER, tz: 'America/Montreal' });
    const on = w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: 'nudges on' });
    const reply = await w.fake.waitFor(() => w.fake.responses.find((response) => response.responseUrl === on.responseUrl), 3_000, 'la confirmation');
    expect(String(reply.body.text)).toContain('fuseau America/Montreal');

    w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: 'calendar import' });
    const modal = await w.fake.waitFor(() => w.fake.views.find((view) => view.method === 'views.open'), 3_000, 'la fenêtre d’import');
    const bad = w.fake.viewSubmission({ user: LEARNER, view: modal, values: { text: 'date;heure\n2026-12-01;10:00' } });
    expect((await w.fake.waitForAck(bad.envelopeId)).payload).toMatchObject({ response_action: 'errors', errors: { text: expect.stringContaining('colonnes manquantes : réseau, axe, titre') } });
    // 10:00 in Montréal is 15:00 UTC: the reminder is due at 14:30 UTC.
    const good = w.fake.viewSubmission({ user: LEARNER, view: modal, values: { text: 'date;heure;réseau;axe;titre\n2026-12-01;10:00;linkedin;Expertise;Étude de cas' } });
    expect((await w.fake.waitForAck(good.envelopeId)).payload).toEqual({});
    clock.advance(24 * 60_000);
    expect((await w.nudges.tick()).sent).toBe(0);
    clock.advance(60_000);
    expect((await w.nudges.tick()).sent).toBe(1);
    const nudge = await w.fake.waitFor(() => w.fake.messagesIn(dmOf(LEARNER)).find((message) => message.text.includes('Publication prévue')), 3_000, 'le rappel');
    expect(nudge.text).toContain('Publication prévue à 10:00 sur LinkedIn : « Étude de cas »');
    // 30 minutes before the publication, no pause would end before it: only stopping is offered.
    expect(actionIds(nudge)).toEqual(['b|nudge|off']);
    await click(w, LEARNER, nudge, /\|off$/);
    await w.fake.waitFor(() => w.db.prepare('SELECT opted_in FROM nudge_prefs').pluck().get() === 0, 3_000, 'l’arrêt des rappels');
  });
});

/** The ephemeral or in-channel answers to one slash command, once `count` have arrived. */
async function answersTo(w: World, handle: { responseUrl?: string }, count = 1, what = 'la réponse'): Promise<Array<Record<string, unknown>>> {
  return w.fake.waitFor(() => {
    const found = w.fake.responses.filter((response) => response.responseUrl === handle.responseUrl);
    return found.length >= count ? found.map((response) => response.body) : undefined;
  }, 3_000, what);
}

/** Creates « name » from a channel and has these learners join with the code; returns the code. */
async function cohortWith(w: World, name: string, learners: FakeSlackUser[], channel = TRAINERS_CHANNEL): Promise<string> {
  const create = w.fake.slashCommand({ user: TRAINER, channel, text: `cohort create ${name}` });
  const [created] = await answersTo(w, create, 2, 'la création');
  const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(shown(created!))![1]!;
  for (const learner of learners) w.fake.slashCommand({ user: learner, channel: 'C0GENERAL', text: `join ${code}` });
  await w.fake.waitFor(() => w.db.prepare('SELECT COUNT(*) FROM cohort_members').pluck().get() === learners.length, 3_000, 'les inscriptions');
  return code;
}

/** Opens the launch modal from `channel` and submits these values (scenario and cohort 1 by default). */
async function submitLaunch(w: World, channel: string, values: Record<string, string>) {
  const before = w.fake.views.filter((view) => view.method === 'views.open').length;
  w.fake.slashCommand({ user: TRAINER, channel, text: 'drill launch' });
  const modal = await w.fake.waitFor(() => w.fake.views.filter((view) => view.method === 'views.open')[before], 3_000, 'la fenêtre de lancement');
  const submitted = w.fake.viewSubmission({ user: TRAINER, view: modal, values: { scenario: scenario.id, cohort: '1', mode: 'practice', window: '10', ...values } });
  return (await w.fake.waitForAck(submitted.envelopeId)).payload;
}

/** A learner answers « no action » everywhere and hands in. */
async function handIn(w: World, learner: FakeSlackUser): Promise<void> {
  let current = await nextQuestion(w.fake, dmOf(learner), undefined, 'la première question');
  for (let index = 0; index < scenario.comments.length; index += 1) {
    await click(w, learner, current, /\|no$/);
    current = await nextQuestion(w.fake, dmOf(learner), current, 'la question suivante');
    // Practice offers to rewrite what failed: this learner goes on.
    if (actionIds(current).some((id) => /^b\|retry:.*\|next$/.test(id))) {
      await click(w, learner, current, /^b\|retry:.*\|next$/);
      current = await nextQuestion(w.fake, dmOf(learner), current, 'la question suivante');
    }
  }
  const scores = Number(w.db.prepare('SELECT COUNT(*) FROM scores').pluck().get());
  await click(w, learner, current, /^s\|submit:/, { selectedOption: { value: 'submit', text: 'Rendre la copie' } });
  await w.fake.waitFor(() => Number(w.db.prepare('SELECT COUNT(*) FROM scores').pluck().get()) === scores + 1, 3_000, 'la copie rendue');
}

describe('Slack: results and reports stay with trainers', () => {
  it('publishes results and the closing report in a private channel the trainer names, and refuses a public one or one the bot cannot see', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
    const w = await world({ clock });
    w.fake.addChannel({ id: 'C0GENERAL', name: 'general', kind: 'public' });
    w.fake.addChannel({ id: 'C0PROFS', name: 'formateurs', kind: 'private' });
    w.fake.addChannel({ id: 'C0DIREC', name: 'direction', kind: 'private', botMember: false });
    await cohortWith(w, 'Promo Hiver', [LEARNER, OTHER], 'C0GENERAL');

    // Named in the launch form: a public channel, or a private one without the bot, is refused beside the field.
    expect(await submitLaunch(w, 'C0GENERAL', { reports: 'C0GENERAL' })).toEqual({
      response_action: 'errors',
      // Slack does not describe a public channel to an app without channels:read: no name, but not private.
      errors: { reports: 'Ce salon n’est pas un salon privé : les résultats nomment les apprenants et donnent leurs notes. Nommez un salon privé où moderato est invité, ou n’en nommez aucun pour tout recevoir en message direct.' },
    });
    expect(await submitLaunch(w, 'C0GENERAL', { reports: 'C0DIREC' })).toMatchObject({ response_action: 'errors', errors: { reports: expect.stringMatching(/^Je ne vois pas ce salon : s’il est privé, invitez-y moderato/) } });
    expect(w.db.prepare('SELECT COUNT(*) FROM cohort_drills').pluck().get()).toBe(0);
    expect(await submitLaunch(w, 'C0GENERAL', { reports: 'C0PROFS' })).toEqual({});
    const confirmation = await w.fake.waitFor(() => w.fake.messages.find((message) => message.ephemeralTo === TRAINER.id && message.text.includes('lancé pour la cohorte')), 3_000, 'la confirmation');
    expect(renderedText(confirmation.text)).toContain('le bilan sera publié dans le salon privé #formateurs.');

    clock.advance(0);
    await w.fake.waitFor(() => w.fake.messagesIn('C0PROFS').find((message) => message.text.includes('2 membres démarrés')), 3_000, 'le compte rendu dans le salon privé');
    await handIn(w, LEARNER);

    // « results … #salon »: in the named private channel, with the files; a public one is refused.
    const refused = w.fake.slashCommand({ user: TRAINER, channel: 'C0GENERAL', text: 'results Promo Hiver #general' });
    expect(shown((await answersTo(w, refused))[0]!)).toContain('#general n’est pas un salon privé');
    const published = w.fake.slashCommand({ user: TRAINER, channel: 'C0GENERAL', text: 'results Promo Hiver #formateurs' });
    await w.fake.waitFor(() => w.fake.files.length === 2, 5_000, 'les fichiers dans le salon privé');
    expect(w.fake.files.map((file) => [file.filename, file.channel])).toEqual([['resultats-promo-hiver.csv', 'C0PROFS'], ['reussite-promo-hiver.png', 'C0PROFS']]);
    expect(w.fake.messagesIn('C0PROFS').some((message) => renderedText(message.text).includes('camille (Slack) : Cr7.1'))).toBe(true);
    expect(shown((await answersTo(w, published))[0]!)).toContain('Résultats, export CSV et graphique publiés dans le salon privé #formateurs.');

    clock.advance(10 * 60_000);
    const summary = await w.fake.waitFor(() => w.fake.messagesIn('C0PROFS').find((message) => message.text.startsWith('Bilan')), 3_000, 'le bilan');
    expect(summary.text).toContain('1/2 copies rendues');
    expect(w.fake.messagesIn(dmOf(TRAINER)).filter((message) => message.text.startsWith('Bilan'))).toEqual([]);
    expectNothingPublicAbout(w.fake, ['camille', 'bilal']);
    expectNoPing(w.fake);
    expect(w.fake.unexpected).toEqual([]);
  });

  it('answers a launch from a DM between two people in the trainer’s own DM, and says so', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
    const w = await world({ clock });
    // Nadia's DM with Camille: the bot is not in it, Slack answers channel_not_found.
    w.fake.addChannel({ id: 'D0PAIR', name: '', kind: 'im' });
    await cohortWith(w, 'Promo', [LEARNER]);
    expect(await submitLaunch(w, 'D0PAIR', {})).toEqual({});
    const dm = dmOf(TRAINER);
    const answer = await w.fake.waitFor(() => w.fake.messagesIn(dm).find((message) => message.text.includes('lancé pour la cohorte')), 3_000, 'la confirmation en message direct');
    expect(renderedText(answer.text)).toContain('Je ne peux pas écrire dans cette conversation : je vous réponds en message direct.');
    expect(w.fake.callsTo('chat.postEphemeral').filter((call) => call.args.channel === 'D0PAIR').map((call) => call.response.error)).toEqual(['channel_not_found']);

    // Results asked there: the summary as an ephemeral answer (response_url works in any conversation), the files in the DM.
    clock.advance(0);
    await w.fake.waitFor(() => w.fake.messagesIn(dm).find((message) => message.text.includes('1 membre démarré')), 3_000, 'le compte rendu');
    const results = w.fake.slashCommand({ user: TRAINER, channel: 'D0PAIR', text: 'results Promo' });
    const [summary, files] = await answersTo(w, results, 2, 'le résumé et la ligne sur les fichiers');
    expect(shown(summary!)).toContain('Résultats — cohorte « Promo » : 0 copie rendue sur 1.');
    expect(shown(files!)).toContain('Fichiers dans vos messages directs avec moderato');
    await w.fake.waitFor(() => w.fake.files.length === 2, 3_000, 'les fichiers');
    expect(w.fake.files.every((file) => file.channel === dm)).toBe(true);
    expect(w.fake.callsTo('chat.postMessage').filter((call) => call.args.channel === 'D0PAIR')).toEqual([]);
  });

  it('brings to the trainer’s DM the reports of drills launched earlier from a public channel or a DM between two people', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
    const w = await world({ clock });
    w.fake.addChannel({ id: 'C0GENERAL', name: 'general', kind: 'public' });
    w.fake.addChannel({ id: 'D0PAIR', name: '', kind: 'im' });
    await cohortWith(w, 'Promo', [LEARNER]);
    // As a launch recorded before reports went to the DM by default: its origin is the channel it was typed in.
    const cohort = w.engine.cohorts.find('Promo');
    for (const channelId of ['C0GENERAL', 'D0PAIR']) {
      w.engine.cohorts.launch({ cohort, scenarioId: scenario.id, mode: 'practice', startsAt: clock.now(), practiceWindowMinutes: 10, launchedBy: { platform: 'slack', userId: TRAINER.id, channelId } });
    }
    clock.advance(0);
    clock.advance(10 * 60_000);
    const summaries = await w.fake.waitFor(() => {
      const found = w.fake.messagesIn(dmOf(TRAINER)).filter((message) => message.text.includes('Bilan'));
      return found.length === 2 ? found.map((message) => renderedText(message.text)) : undefined;
    }, 3_000, 'les deux bilans en message direct');
    expect(summaries.some((text) => text.startsWith('Je ne publie pas dans ce salon, qui n’est pas un salon privé où je suis invité : je vous réponds en message direct.'))).toBe(true);
    expect(summaries.some((text) => text.startsWith('Je ne peux pas écrire dans cette conversation : je vous réponds en message direct.'))).toBe(true);
    expect(w.fake.callsTo('chat.postMessage').filter((call) => call.args.channel === 'C0GENERAL' || call.args.channel === 'D0PAIR')).toEqual([]);
    expectNothingPublicAbout(w.fake, ['camille']);
  });
});

describe('Slack: names and text as people see them', () => {
  it('stores a learner met first on the App Home or in a DM under their Slack name, and follows a rename', async () => {
    const w = await world();
    const lea: FakeSlackUser = { id: 'U0LEA', name: 'lea.apprenante', displayName: 'Léa', realName: 'Léa Martin' };
    const noe: FakeSlackUser = { id: 'U0NOE', name: 'noe.p', realName: 'Noé Petit' };
    w.fake.users.set(lea.id, lea);
    w.fake.users.set(noe.id, noe);
    w.fake.event({ type: 'app_home_opened', user: lea.id, channel: dmOf(lea), tab: 'home' });
    await w.fake.waitFor(() => w.fake.views.find((view) => view.method === 'views.publish' && view.userId === lea.id), 3_000, 'l’accueil de Léa');
    // Noé has no display name: his full name, not his account id nor his account name.
    w.fake.event({ type: 'message', channel_type: 'im', channel: dmOf(noe), user: noe.id, text: w.fake.typed('history'), ts: '1.000001' });
    await w.fake.waitFor(() => w.fake.messagesIn(dmOf(noe))[0], 3_000, 'la réponse à Noé');
    expect(w.db.prepare('SELECT display_name FROM learners ORDER BY id').pluck().all()).toEqual(['Léa', 'Noé Petit']);

    const code = await cohortWith(w, 'Promo', []);
    for (const learner of [lea, noe]) w.fake.slashCommand({ user: learner, channel: 'C0GENERAL', text: `join ${code}` });
    await w.fake.waitFor(() => w.db.prepare('SELECT COUNT(*) FROM cohort_members').pluck().get() === 2, 3_000, 'les inscriptions');
    const show = async () => shown((await answersTo(w, w.fake.slashCommand({ user: TRAINER, channel: TRAINERS_CHANNEL, text: 'cohort show Promo' })))[0]!);
    const before = await show();
    expect(before).toContain('Léa — 0 exercice rendu sur 0');
    expect(before).toContain('Noé Petit — 0 exercice rendu sur 0');
    expect(before).not.toMatch(/U0LEA|U0NOE|lea\.apprenante|noe\.p/);

    // Léa changes her display name: from her next action on, trainers read the new one.
    await w.fake.waitForAck(w.fake.userChanged({ ...lea, displayName: 'Léa M.' }).envelopeId);
    w.fake.event({ type: 'app_home_opened', user: lea.id, channel: dmOf(lea), tab: 'home' });
    await w.fake.waitFor(() => w.db.prepare('SELECT display_name FROM learners WHERE id = 1').pluck().get() === 'Léa M.', 3_000, 'le nouveau nom');
    expect(await show()).toContain('Léa M. — 0 exercice rendu sur 0');
  });

  it('reads « & < > » as typed and shows them back once escaped, in a command and in the DM, pinging no one', async () => {
    const w = await world();
    const create = w.fake.slashCommand({ user: TRAINER, channel: TRAINERS_CHANNEL, text: 'cohort create Promo R&D <test>' });
    // What Slack sent is what Slack sends: entities.
    expect(create.payload.text).toBe('cohort create Promo R&amp;D &lt;test&gt;');
    const [created] = await answersTo(w, create, 2, 'la création');
    expect(shown(created!)).toContain('Cohorte « Promo R&D <test> » créée.');
    expect(JSON.stringify(created)).not.toContain('&amp;amp;');
    expect(w.db.prepare('SELECT name FROM cohorts').pluck().get()).toBe('Promo R&D <test>');

    // Typed in the bot's DM, a mention-looking text stays text.
    w.fake.event({ type: 'message', channel_type: 'im', channel: dmOf(TRAINER), user: TRAINER.id, text: w.fake.typed('cohort create <!channel> & co'), ts: '1.000002' });
    w.fake.event({ type: 'message', channel_type: 'im', channel: dmOf(TRAINER), user: TRAINER.id, text: w.fake.typed('cohort list'), ts: '1.000003' });
    const list = await w.fake.waitFor(() => w.fake.messagesIn(dmOf(TRAINER)).find((message) => message.text.includes('Cohortes')), 3_000, 'la liste');
    const rendered = mrkdwnTexts(list).map((text) => renderedText(text)).join('\n');
    expect(rendered).toContain('« Promo R&D <test> »');
    expect(rendered).toContain('« <!channel> & co »');
    expectNoPing(w.fake);
  });
});

describe('Slack: what the ephemeral says was sent to the DM', () => {
  it('names the data export, the oral rehearsal, and answers where typed when nothing goes to the DM', async () => {
    const w = await world();
    const exported = w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: 'privacy export' });
    expect((await answersTo(w, exported))[0]).toEqual({ response_type: 'ephemeral', text: 'Votre export de données est dans vos messages directs avec moderato.' });
    const file = await w.fake.waitFor(() => w.fake.files.find((candidate) => candidate.filename === 'mes-donnees-moderato.json'), 3_000, 'l’export');
    expect(file.channel).toBe(dmOf(LEARNER));

    const oral = w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: 'oral' });
    expect((await answersTo(w, oral))[0]).toEqual({ response_type: 'ephemeral', text: 'L’oral blanc se déroule dans vos messages directs avec moderato.' });
    expect(w.fake.messagesIn(dmOf(LEARNER)).some((message) => message.text.startsWith('Oral blanc lancé'))).toBe(true);
    const stop = w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: 'oral stop' });
    expect(shown((await answersTo(w, stop))[0]!)).toContain('Oral blanc arrêté.');

    // Nothing handed in yet: the answer is right here, and nothing claims to wait in the DM.
    const before = w.fake.messagesIn(dmOf(LEARNER)).length;
    const feedback = w.fake.slashCommand({ user: LEARNER, channel: 'C0GENERAL', text: 'feedback' });
    const [answer] = await answersTo(w, feedback);
    expect(answer).toMatchObject({ response_type: 'ephemeral' });
    expect(shown(answer!)).toContain('Aucun exercice rendu pour l’instant.');
    expect(w.fake.messagesIn(dmOf(LEARNER))).toHaveLength(before);
  });
});

describe('Slack’s rate limits', () => {
  it('a 429 on one learner’s message holds that message alone: the others’ next questions do not wait for its Retry-After', async () => {
    const w = await world();
    const [first, second] = [LEARNER, OTHER];
    const questions = new Map<string, PostedMessage>();
    for (const learner of [first!, second!]) {
      const command = w.fake.slashCommand({ user: learner, channel: 'C0GENERAL', text: `start ${scenario.id} practice` });
      await w.fake.waitForAck(command.envelopeId);
      questions.set(learner.id, await nextQuestion(w.fake, dmOf(learner), undefined, 'la première question'));
    }
    w.fake.rateLimitOnce('chat.postMessage', 2);
    await click(w, first!, questions.get(first!.id)!, /\|no$/);
    await w.fake.waitFor(() => w.fake.calls.some((call) => call.method === 'chat.postMessage (429)'), 3_000, 'le 429');
    await click(w, second!, questions.get(second!.id)!, /\|no$/);
    await nextQuestion(w.fake, dmOf(second!), questions.get(second!.id), 'la question suivante de l’autre apprenant');
    // The second learner has their next question while the first one's is still waiting out its Retry-After…
    const receipts = () => w.fake.messagesIn(dmOf(first!)).filter((message) => allText([message]).includes('Réponse enregistrée (Commentaire 1/'));
    expect(receipts()).toEqual([]);
    // …which then arrives, once.
    const next = await w.fake.waitFor(() => question(w.fake, dmOf(first!)), 5_000, 'la question suivante après le délai');
    expect(receipts()).toEqual([next]);
  });

  it('a cohort of 40 starts and answers together within Slack’s limits: no conversations.open, no chat.update, no 429', async () => {
    const w = await world({ tierLimits: true });
    const learners: FakeSlackUser[] = Array.from({ length: 40 }, (_, index) => ({ id: `U0L${String(index).padStart(3, '0')}`, name: `apprenant${index}` }));
    await Promise.all(learners.map(async (learner) => {
      const command = w.fake.slashCommand({ user: learner, channel: 'C0GENERAL', text: `start ${scenario.id} practice` });
      await w.fake.waitForAck(command.envelopeId, 5_000);
      const first = await w.fake.waitFor(() => question(w.fake, dmOf(learner)), 10_000, 'la première question');
      await click(w, learner, first, /\|no$/);
      const next = await w.fake.waitFor(() => {
        const found = question(w.fake, dmOf(learner));
        return found && found.ts !== first.ts ? found : undefined;
      }, 10_000, 'la question suivante');
      // One message: the receipt, the feedback and what comes next (after a failed practice answer, the offer to rewrite); the answered one closed through its response_url.
      expect(allText([next])).toContain('Réponse enregistrée (Commentaire 1/');
      expect(allText([next])).toContain('Réécrire ce qui n’a pas marché');
      expect(first.updated).toBe(true);
      await click(w, learner, next, /\|next$/);
      const second = await w.fake.waitFor(() => {
        const found = question(w.fake, dmOf(learner));
        return found && found.ts !== next.ts ? found : undefined;
      }, 10_000, 'la question suivante');
      expect(allText([second])).toContain(scenario.comments[1]!.text.slice(0, 30));
    }));
    expect(w.fake.callsTo('conversations.open')).toEqual([]);
    expect(w.fake.callsTo('chat.update')).toEqual([]);
    expect(w.fake.tierLimited).toBe(0);
    expect(w.fake.calls.filter((call) => call.method.endsWith('(429)'))).toEqual([]);
  });
});

/** What Slack sends in `state.values` for the text fields of a message (block id = field id, action id « value »). */
function typedState(texts: Record<string, string>): Record<string, Record<string, { type: string; value: string }>> {
  return Object.fromEntries(Object.entries(texts).map(([field, value]) => [field, { value: { type: 'plain_text_input', value } }]));
}
