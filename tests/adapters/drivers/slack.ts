import { SlackBot } from '../../../src/adapters/slack/bot.js';
import type { DrillMode } from '../../../src/core/drill/types.js';
import type { Action, Scenario } from '../../../src/core/scenario/schema.js';
import { ACTION_LABELS } from '../../../src/core/rubric/labels.js';
import { ManualClock } from '../../../src/engine/clock.js';
import type { Engine } from '../../../src/engine/engine.js';
import { createLogger } from '../../../src/logger.js';
import { renderedText, startFakeSlack, type EnvelopeHandle, type FakeSlack, type FakeSlackUser, type Json, type PostedMessage } from '../../fakes/slack-server.js';
import type { TestPlatform } from '../../helpers/test-adapter.js';
import { contractScenarios, openEngine, T0, turns, until, type CaseId, type CommentAnswer, type Driver, type ForgedKind, type Person, type Refusal } from './driver.js';
import { registerAdapters } from '../../../src/adapters/port.js';

/** Where Slack stands in the contract. */
export const SLACK_SURFACE = {
  notApplicable: {} satisfies Partial<Record<CaseId, string>>,
  findings: {} satisfies Partial<Record<CaseId, string>>,
  refusesBesideField: true,
};

/** A channel of the workspace where learners type their commands (public: everyone reads it). */
const GENERAL = 'C0GENERAL';
const TRAINER_IDS = ['U0TRAIN'];

interface Sent {
  who: Person;
  handle: EnvelopeHandle;
  what: string;
  /** How many times the fake delivered the envelope (a redelivery adds one). */
  deliveries: number;
}

interface Seen {
  key: string;
  who: Person;
  text: string;
}

/** What a person reads of blocks: sections, headers, context lines, and the labels of buttons and options. */
function blocksText(blocks: Json[]): string {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const node = value as Json;
    if ((node.type === 'mrkdwn' || node.type === 'plain_text') && typeof node.text === 'string') {
      parts.push(node.type === 'mrkdwn' ? renderedText(node.text) : node.text);
      return;
    }
    for (const child of Object.values(node)) if (typeof child === 'object') walk(child);
  };
  walk(blocks);
  return parts.join('\n');
}

function actionIds(blocks: Json[]): string[] {
  return JSON.stringify(blocks).match(/"action_id":"([^"]+)"/g)?.map((match) => match.slice('"action_id":"'.length, -1)) ?? [];
}

/**
 * The real Bolt app of SlackBot in Socket Mode against the local fake Slack (WebSocket and Web API
 * on loopback). Learners type « /moderato start … » in a public channel: the drill runs in their
 * DM with the bot; refusals are ephemeral answers (response_url) or modal errors.
 */
export async function createSlackSurface(options: { bank?: boolean } = {}): Promise<Driver> {
  const clock = new ManualClock(T0);
  const scenarios = await contractScenarios(options.bank ?? false);
  const platform = await openEngine(clock, scenarios, { groupCommit: true });
  const fake = await startFakeSlack();
  fake.addChannel({ id: GENERAL, name: 'general', kind: 'public' });
  const bot = new SlackBot(platform.engine, { botToken: fake.botToken, appToken: fake.appToken, signingSecret: fake.signingSecret, trainerIds: TRAINER_IDS, apiUrl: fake.apiUrl, port: 0 }, createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'));
  registerAdapters(platform.engine, [bot]);
  await bot.start();
  platform.restore();
  await fake.waitFor(() => fake.connected, 5_000, 'la connexion Socket Mode');
  return new SlackDriver(platform, clock, scenarios, fake, () => bot.stop());
}

class SlackDriver implements Driver {
  readonly surface = 'slack';
  private readonly users: Record<Person, FakeSlackUser> = { camille: { id: 'U0CAMI', name: 'camille' }, bilal: { id: 'U0BILAL', name: 'bilal' } };
  private readonly sent: Sent[] = [];
  /** What each person was shown, in the order the driver first saw it (append-only: offsets stay valid). */
  private readonly seen: Seen[] = [];
  private readonly keys = new Set<string>();
  /** The questions clicked, as they were then (a question answered loses its buttons). */
  private readonly clicked: Array<{ who: Person; message: PostedMessage; actionId: string }> = [];

  constructor(
    private readonly platform: TestPlatform,
    readonly clock: ManualClock,
    readonly scenarios: Scenario[],
    private readonly fake: FakeSlack,
    private readonly stopBot: () => Promise<void>,
  ) {}

  get db() {
    return this.platform.db;
  }

  get engine(): Engine {
    return this.platform.engine;
  }

  get nudges() {
    return this.platform.nudges;
  }

  origin(who: Person) {
    return { platform: 'slack' as const, userId: this.users[who].id };
  }

  private dm(who: Person): string {
    return `D${this.users[who].id.replace(/^U/, '')}`;
  }

  /** An envelope of the person, a couple of seconds after the previous one (the flood guard sees a person, not a script). */
  private send(who: Person, what: string, deliver: (user: FakeSlackUser) => EnvelopeHandle): EnvelopeHandle {
    this.clock.advance(2_000);
    const handle = deliver(this.users[who]);
    this.sent.push({ who, handle, what, deliveries: 1 });
    return handle;
  }

  /** Brings what arrived since the last look into each person's transcript. */
  private sync(): void {
    const people = Object.keys(this.users) as Person[];
    for (const message of this.fake.messages) {
      const key = `m:${message.channel}:${message.ts}:${message.ephemeralTo ?? ''}`;
      if (this.keys.has(key)) continue;
      const who = people.find((person) => (message.ephemeralTo ? message.ephemeralTo === this.users[person].id : message.channel === this.dm(person)));
      if (!who) continue;
      this.keys.add(key);
      this.seen.push({ key, who, text: message.blocks.length > 0 ? blocksText(message.blocks) : renderedText(message.text) });
    }
    for (const [index, response] of this.fake.responses.entries()) {
      const key = `r:${index}`;
      if (this.keys.has(key)) continue;
      const sent = this.sent.find((candidate) => candidate.handle.responseUrl === response.responseUrl);
      if (!sent) continue;
      this.keys.add(key);
      // An answered question closed through its response_url: an edit of a message already read, nothing new.
      if (response.body.replace_original === true) continue;
      const blocks = (response.body.blocks as Json[] | undefined) ?? [];
      this.seen.push({ key, who: sent.who, text: blocks.length > 0 ? blocksText(blocks) : renderedText(String(response.body.text ?? '')) });
    }
    for (const ack of this.fake.acks) {
      const errors = (ack.payload as { response_action?: string; errors?: Record<string, string> }).errors;
      const key = `a:${ack.envelopeId}`;
      if (!errors || this.keys.has(key)) continue;
      const sent = this.sent.find((candidate) => candidate.handle.envelopeId === ack.envelopeId);
      if (!sent) continue;
      this.keys.add(key);
      this.seen.push({ key, who: sent.who, text: Object.entries(errors).map(([field, error]) => `${field} : ${error}`).join('\n') });
    }
  }

  transcript(who: Person): string {
    this.sync();
    return this.seen.filter((entry) => entry.who === who).map((entry) => entry.text).join('\n');
  }

  async waitForText(who: Person, expected: string | RegExp, from = 0): Promise<void> {
    await until(() => {
      const text = this.transcript(who).slice(from);
      return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
    }, String(expected), 10_000, () => this.transcript(who).slice(from));
  }

  private findQuestion(who: Person): PostedMessage | undefined {
    return [...this.fake.messagesIn(this.dm(who))].reverse().find((message) => message.blocks.some((block) => block.type === 'actions'));
  }

  private question(who: Person): PostedMessage {
    const found = this.findQuestion(who);
    if (!found) throw new Error(`aucune question dans le DM de ${who} :\n${this.transcript(who)}`);
    return found;
  }

  /** A question posted after `previous` (an older one may still show its buttons: « J'ai lu » after the clock ended the reading). */
  private async next(who: Person, previous: PostedMessage | undefined, what: string): Promise<PostedMessage> {
    return until(() => {
      const messages = this.fake.messagesIn(this.dm(who));
      const after = previous ? messages.slice(messages.findIndex((message) => message.ts === previous.ts) + 1) : messages;
      return [...after].reverse().find((message) => message.blocks.some((block) => block.type === 'actions'));
    }, what, 10_000, () => this.transcript(who));
  }

  /** Clicks the element of the question on screen whose action id matches, and waits for the ack. */
  private async click(who: Person, match: RegExp, extra: { selectedOption?: { value: string; text: string }; state?: Json } = {}): Promise<PostedMessage> {
    const question = this.question(who);
    const actionId = actionIds(question.blocks).find((id) => match.test(id));
    if (!actionId) throw new Error(`pas d’action ${match} dans ${actionIds(question.blocks).join(', ')}`);
    this.clicked.push({ who, message: structuredClone(question), actionId });
    const handle = this.send(who, `action ${actionId}`, (user) => this.fake.blockAction({ user, actionId, message: question, ...extra }));
    await this.fake.waitForAck(handle.envelopeId, 10_000);
    return question;
  }

  questionOnScreen(who: Person): string {
    const question = this.question(who);
    return JSON.stringify({ ts: question.ts, text: question.text, blocks: question.blocks, updated: question.updated ?? false });
  }

  async startDrill(who: Person, scenarioId: string, mode: DrillMode): Promise<void> {
    const previous = this.findQuestion(who);
    const handle = this.send(who, '/moderato start', (user) => this.fake.slashCommand({ user, channel: GENERAL, text: `start ${scenarioId} ${mode}` }));
    await this.fake.waitForAck(handle.envelopeId, 10_000);
    await this.next(who, previous, 'la première question');
    // The ephemeral line where the command was typed: « Votre exercice est dans vos messages directs ».
    await until(() => this.fake.responses.find((response) => response.responseUrl === handle.responseUrl), 'la réponse à la commande');
    this.sync();
  }

  async finishReading(who: Person): Promise<void> {
    const question = await this.click(who, /^b\|ready:/);
    await this.next(who, question, 'le premier commentaire');
  }

  async answer(who: Person, commentId: string, answer: CommentAnswer): Promise<void> {
    const question = await this.click(who, new RegExp(`^b\\|needs:[^|]*:${commentId}\\|${answer.needsAction ? 'yes' : 'no'}$`));
    const actions = await this.next(who, question, answer.needsAction ? 'les actions' : 'la question suivante');
    if (!answer.needsAction) return this.goOn(who, actions);
    const form = await this.openTexts(who, actions, answer.actions);
    // Typed in Slack's client, which takes no more than each input's max_length.
    for (const block of inputBlocks(form)) {
      const text = (answer.texts as Record<string, string | undefined>)[block.block_id];
      const max = block.element.max_length;
      if (text !== undefined && max !== undefined && text.length > max) throw new Error(`Slack : « ${block.block_id} » ne prend que ${max} caractères dans le formulaire, ${text.length} à taper`);
    }
    await this.sendTexts(who, form, answer.texts as Record<string, string | undefined>);
    const shown = await until(() => this.fake.messagesIn(this.dm(who)).find((message) => message.ts === form.ts && !message.blocks.some((block) => block.type === 'input')), 'le formulaire envoyé', 10_000, () => this.transcript(who));
    if (!shown.blocks.some((block) => JSON.stringify(block).includes('Envoyé'))) throw new Error(`textes refusés : ${JSON.stringify(shown.blocks)}`);
    await this.goOn(who, await this.next(who, form, 'la question suivante'));
  }

  /** Presses « Envoyer » under the form written in the DM, with what was typed in its fields (the message's state). */
  private async sendTexts(who: Person, form: PostedMessage, texts: Record<string, string | undefined>): Promise<void> {
    const state = Object.fromEntries(inputBlocks(form).map((block) => [block.block_id, { value: { type: 'plain_text_input', value: texts[block.block_id] ?? null } }]));
    await this.click(who, /^e\|/, { state });
  }

  /** Practice offers to rewrite what failed: the contract's candidate goes on to the next comment. */
  private async goOn(who: Person, question: PostedMessage): Promise<void> {
    if (!actionIds(question.blocks).some((id) => /^b\|retry:.*\|next$/.test(id))) return;
    await this.click(who, /^b\|retry:.*\|next$/);
    await this.next(who, question, 'la question suivante');
  }

  /** Ticks the actions' checkboxes, presses « Valider », and returns the form written in the DM that follows. */
  private async openTexts(who: Person, actions: PostedMessage, picked: Array<Exclude<Action, 'none'>>): Promise<PostedMessage> {
    const checkboxes = actionIds(actions.blocks).find((id) => id.startsWith('m|'));
    if (!checkboxes) throw new Error(`pas de cases à cocher : ${actionIds(actions.blocks).join(', ')}`);
    const state = { choices: { [checkboxes]: { type: 'checkboxes', selected_options: picked.map((action) => ({ text: { type: 'plain_text', text: ACTION_LABELS[action] }, value: action })) } } };
    await this.click(who, /^ok\|/, { state });
    const form = await this.next(who, actions, 'le formulaire des textes');
    if (inputBlocks(form).length === 0) throw new Error(`pas de champ à remplir : ${JSON.stringify(form.blocks)}`);
    return form;
  }

  async submit(who: Person): Promise<void> {
    const from = this.transcript(who).length;
    await this.click(who, /^s\|submit:/, { selectedOption: { value: 'submit', text: 'Rendre la copie' } });
    await this.waitForText(who, 'Cr7.2', from);
  }

  async endReview(who: Person): Promise<void> {
    const from = this.transcript(who).length;
    await this.click(who, /^b\|review:.*\|done$/);
    await this.waitForText(who, 'Relecture terminée', from);
  }

  async advance(milliseconds: number): Promise<void> {
    this.clock.advance(milliseconds);
    await turns();
  }

  async redeliverLast(who: Person): Promise<void> {
    const last = [...this.sent].reverse().find((sent) => sent.who === who);
    if (!last) throw new Error(`${who} n’a rien envoyé`);
    // The same envelope again (Slack retries when the ack was late): acknowledged, not handled twice.
    last.deliveries += 1;
    this.fake.redeliver(last.handle);
    await until(() => this.fake.acks.filter((ack) => ack.envelopeId === last.handle.envelopeId).length >= last.deliveries, 'l’accusé de la redélivrance');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  rateLimitNextPost(): void {
    this.fake.rateLimitOnce('chat.postMessage', 1);
  }

  rateLimited(): number {
    return this.fake.calls.filter((call) => call.method.endsWith('(429)')).length;
  }

  /** What the actor was shown by one envelope: its ephemeral answers and what came to their DM meanwhile. */
  private async shownFor(actor: Person, handle: EnvelopeHandle, from: number, publicBefore: number): Promise<Refusal> {
    await this.fake.waitForAck(handle.envelopeId, 10_000);
    await until(() => this.transcript(actor).length > from, 'la réponse', 10_000, () => this.transcript(actor).slice(from));
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { text: this.transcript(actor).slice(from), privately: this.publicTraffic().length === publicBefore };
  }

  async sendForged(actor: Person, owner: Person, kind: ForgedKind): Promise<Refusal> {
    const from = this.transcript(actor).length;
    const publicBefore = this.publicTraffic().length;
    if (kind === 'stale') {
      // The first question of the owner's drill, answered long ago: its old action id, sent again.
      const first = this.clicked.find((entry) => entry.who === owner && /^b\|needs:.*\|(no|yes)$/.test(entry.actionId));
      if (!first) throw new Error(`${owner} n’a répondu à aucune question`);
      const actionId = first.actionId.replace(/\|yes$/, '|no');
      const handle = this.send(actor, `action périmée ${actionId}`, (user) => this.fake.blockAction({ user, actionId, message: first.message }));
      return this.shownFor(actor, handle, from, publicBefore);
    }
    const question = this.question(owner);
    const actionId = kind === 'garbage' ? 'b|inconnu|x' : actionIds(question.blocks).find((id) => id.endsWith('|no'))!;
    const handle = this.send(actor, `action ${kind} ${actionId}`, (user) => this.fake.blockAction({ user, actionId, message: question }));
    return this.shownFor(actor, handle, from, publicBefore);
  }

  async tryTrainerAction(who: Person): Promise<Refusal> {
    const from = this.transcript(who).length;
    const publicBefore = this.publicTraffic().length;
    const handle = this.send(who, '/moderato cohort create', (user) => this.fake.slashCommand({ user, channel: GENERAL, text: 'cohort create Promo Pirate' }));
    return this.shownFor(who, handle, from, publicBefore);
  }

  async submitOversized(who: Person, commentId: string, actions: Array<Exclude<Action, 'none'>>, texts: Record<string, string>): Promise<Refusal> {
    const question = await this.click(who, new RegExp(`^b\\|needs:[^|]*:${commentId}\\|yes$`));
    const actionsMessage = await this.next(who, question, 'les actions');
    const form = await this.openTexts(who, actionsMessage, actions);
    await this.sendTexts(who, form, texts);
    // Refused: the same message, the typed texts kept, each error under its field.
    const refused = await until(() => this.fake.messagesIn(this.dm(who)).find((message) => message.ts === form.ts && message.blocks.some((block) => String(block.block_id ?? '').startsWith('error:'))), 'le formulaire refusé', 10_000, () => this.transcript(who));
    const errors = refused.blocks.filter((block) => String(block.block_id ?? '').startsWith('error:'));
    return { text: errors.map((block) => JSON.stringify(block.elements)).join('\n'), privately: true, ...(errors.length === 1 ? { besideField: String(errors[0]!.block_id).slice('error:'.length) } : {}) };
  }

  async enrolForNudges(who: Person, csv: string): Promise<void> {
    const on = this.send(who, '/moderato nudges on', (user) => this.fake.slashCommand({ user, channel: GENERAL, text: 'nudges on' }));
    await until(() => this.fake.responses.find((response) => response.responseUrl === on.responseUrl), 'la confirmation des rappels');
    const opened = this.fake.views.filter((view) => view.method === 'views.open').length;
    this.send(who, '/moderato calendar import', (user) => this.fake.slashCommand({ user, channel: GENERAL, text: 'calendar import' }));
    const modal = await until(() => this.fake.views.filter((view) => view.method === 'views.open')[opened], 'la fenêtre d’import');
    const submitted = this.send(who, 'fenêtre du calendrier', (user) => this.fake.viewSubmission({ user, view: modal, values: { text: csv } }));
    const ack = await this.fake.waitForAck(submitted.envelopeId, 10_000);
    if (Object.keys(ack.payload).length > 0) throw new Error(`import refusé : ${JSON.stringify(ack.payload)}`);
    await until(() => Number(this.db.prepare('SELECT COUNT(*) FROM calendar_posts').pluck().get()) === 1, 'le calendrier importé');
  }

  publicTraffic(): string[] {
    return [
      ...this.fake.callsTo('chat.postMessage').filter((call) => this.fake.isPublic(String(call.args.channel))).map((call) => `message ${JSON.stringify(call.args)}`),
      ...this.fake.files.filter((file) => this.fake.isPublic(file.channel)).map((file) => `fichier ${file.filename}`),
      ...this.fake.responses.filter((response) => response.body.response_type === 'in_channel' && this.fake.isPublic(response.channel)).map((response) => `réponse ${JSON.stringify(response.body)}`),
    ];
  }

  unanswered(): string[] {
    // Every envelope is acknowledged, each time it is delivered.
    return this.sent
      .filter((sent) => this.fake.acks.filter((ack) => ack.envelopeId === sent.handle.envelopeId).length < sent.deliveries)
      .map((sent) => `${sent.what} (${sent.handle.envelopeId})`);
  }

  platformErrors(): string[] {
    return this.fake.unexpected.map((call) => `${call.method} → ${JSON.stringify(call.response)}`);
  }

  async close(): Promise<void> {
    this.clock.cancelAll();
    await this.stopBot();
    this.platform.close();
    await this.fake.close();
  }
}

/** The fields of a form written in a message: its input blocks. */
function inputBlocks(message: PostedMessage): Array<{ block_id: string; element: { max_length?: number } }> {
  return message.blocks.filter((block) => block.type === 'input') as unknown as Array<{ block_id: string; element: { max_length?: number } }>;
}
