import { DiscordBot } from '../../../src/adapters/discord/bot.js';
import type { DrillMode } from '../../../src/core/drill/types.js';
import type { Action, Scenario } from '../../../src/core/scenario/schema.js';
import { ManualClock } from '../../../src/engine/clock.js';
import type { Engine } from '../../../src/engine/engine.js';
import { createLogger } from '../../../src/logger.js';
import { startFakeDiscord, type FakeDiscord, type FakeGuild, type FakeMessage, type FakeUser, type InteractionHandle, type Json } from '../../fakes/discord.js';
import { customIds, findQuestion, readableText } from '../../helpers/discord-ui.js';
import type { TestPlatform } from '../../helpers/test-adapter.js';
import { contractScenarios, openEngine, T0, turns, until, type CaseId, type CommentAnswer, type Driver, type ForgedKind, type Person, type Refusal } from './driver.js';
import { registerAdapters } from '../../../src/adapters/port.js';

/** Where Discord stands in the contract. */
export const DISCORD_SURFACE = {
  notApplicable: {} satisfies Partial<Record<CaseId, string>>,
  findings: {
  } satisfies Partial<Record<CaseId, string>>,
  // A Discord modal cannot be answered with errors: its max_length (the engine's 3 000) stops a longer text in
  // the client, and a forged submission gets the engine's refusal as a private message.
  refusesBesideField: false,
};

const EPHEMERAL = 64;
const PRIVATE_THREAD = 12;
const DM = 1;

interface Sent {
  who: Person;
  handle: InteractionHandle;
  what: string;
}

/**
 * The real discord.js client of DiscordBot against the local fake Discord (gateway and REST on
 * loopback). Learners start drills with « /drill start » in a server channel: each drill runs in
 * the learner's private thread; refusals and command answers are ephemeral.
 */
export async function createDiscordSurface(options: { bank?: boolean } = {}): Promise<Driver> {
  const clock = new ManualClock(T0);
  const scenarios = await contractScenarios(options.bank ?? false);
  const platform = await openEngine(clock, scenarios, { groupCommit: true });
  const fake = await startFakeDiscord();
  const guild = fake.addGuild({ name: 'Promo CM', channels: [{ name: 'entrainement' }], roles: [{ name: 'Formateur' }] });
  const users: Record<Person, FakeUser> = {
    camille: fake.createUser({ username: 'camille', global_name: 'Camille' }),
    bilal: fake.createUser({ username: 'bilal', global_name: 'Bilal' }),
  };
  const bot = new DiscordBot(platform.engine, { token: fake.token, appId: fake.applicationId, guildId: guild.id, trainerRole: 'Formateur', apiUrl: fake.apiUrl }, createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'));
  registerAdapters(platform.engine, [bot]);
  await bot.start();
  platform.restore();
  return new DiscordDriver(platform, clock, scenarios, fake, guild, users, () => bot.stop());
}

class DiscordDriver implements Driver {
  readonly surface = 'discord';
  private readonly sent: Sent[] = [];
  /** Each person's drill threads, the latest last. */
  private readonly threads = new Map<Person, string[]>();

  constructor(
    private readonly platform: TestPlatform,
    readonly clock: ManualClock,
    readonly scenarios: Scenario[],
    private readonly fake: FakeDiscord,
    private readonly guild: FakeGuild,
    private readonly users: Record<Person, FakeUser>,
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
    return { platform: 'discord' as const, userId: this.users[who].id };
  }

  private get channel(): string {
    return this.guild.channelId('entrainement');
  }

  private thread(who: Person): string {
    const thread = this.threads.get(who)?.at(-1);
    if (!thread) throw new Error(`pas de fil pour ${who}`);
    return thread;
  }

  /** An interaction of the person, a couple of seconds after the previous one (the flood guard sees a person, not a script). */
  private interact(who: Person, what: string, send: (user: FakeUser) => InteractionHandle): InteractionHandle {
    this.clock.advance(2_000);
    const handle = send(this.users[who]);
    this.sent.push({ who, handle, what });
    return handle;
  }

  private question(who: Person): FakeMessage {
    const found = findQuestion(this.fake, this.thread(who));
    if (!found) throw new Error(`aucune question dans le fil de ${who} :\n${this.transcript(who)}`);
    return found;
  }

  private async next(who: Person, previous: string, what: string): Promise<FakeMessage> {
    // A question posted after the previous one (an older one may still show a button: the reading's « J'ai lu » after the clock ended it).
    return until(() => {
      const messages = this.fake.messagesIn(this.thread(who));
      const after = messages.slice(messages.findIndex((message) => message.id === previous) + 1);
      return [...after].reverse().find((message) => message.components.length > 0);
    }, what, 10_000, () => this.transcript(who));
  }

  /** Clicks the component of the question on screen whose id matches, and waits for its answer. */
  private async click(who: Person, match: RegExp, values?: string[]): Promise<{ question: FakeMessage; handle: InteractionHandle }> {
    const question = this.question(who);
    const customId = customIds(question).find((id) => match.test(id));
    if (!customId) throw new Error(`pas de composant ${match} dans ${customIds(question).join(', ')}`);
    const handle = this.interact(who, `composant ${customId}`, (user) => this.fake.componentInteraction({ customId, componentType: values ? 3 : 2, ...(values ? { values } : {}), message: question.id, user }));
    await this.fake.waitForCallback(handle.id, 10_000);
    return { question, handle };
  }

  /** The private answer an interaction got (a reply or an edited deferred reply), once it says something. */
  private async privateAnswer(handle: InteractionHandle): Promise<Refusal> {
    const callback = await this.fake.waitForCallback(handle.id, 10_000);
    const message = await until(() => {
      const response = this.fake.originalResponse(handle.id);
      return response && readableText(response) !== '' ? response : undefined;
    }, 'la réponse privée');
    const flags = Number((callback.data as { flags?: number } | undefined)?.flags ?? 0);
    return { text: readableText(message), privately: message.ephemeral && (flags & EPHEMERAL) === EPHEMERAL };
  }

  async startDrill(who: Person, scenarioId: string, mode: DrillMode): Promise<void> {
    const handle = this.interact(who, '/drill start', (user) => this.fake.slashCommand({ name: 'drill', subcommand: 'start', options: { scenario: scenarioId, mode }, user, channelId: this.channel }));
    const reply = await until(() => {
      const response = this.fake.originalResponse(handle.id);
      return response?.content.includes('<#') ? response : undefined;
    }, 'le lien vers le fil', 10_000, () => JSON.stringify(this.fake.failures));
    const thread = /<#(\d+)>/.exec(reply.content)![1]!;
    this.threads.set(who, [...(this.threads.get(who) ?? []), thread]);
    await until(() => findQuestion(this.fake, thread), 'la première question', 10_000, () => this.transcript(who));
  }

  /** The person's channels: their drill threads and their DM with the bot. */
  private channelsOf(who: Person): Set<string> {
    const dms = this.fake.requests.filter((request) => request.path === '/users/@me/channels' && (request.body as { recipient_id?: string }).recipient_id === this.users[who].id).map((request) => (request.response as { id: string }).id);
    return new Set([...(this.threads.get(who) ?? []), ...dms]);
  }

  transcript(who: Person): string {
    const channels = this.channelsOf(who);
    const own = new Set(this.sent.filter((sent) => sent.who === who).map((sent) => sent.handle.id));
    return this.fake.messages
      .filter((message) => !message.deleted && (message.interactionId !== null ? own.has(message.interactionId) : channels.has(message.channelId)))
      .map(readableText)
      .join('\n');
  }

  async waitForText(who: Person, expected: string | RegExp, from = 0): Promise<void> {
    await until(() => {
      const text = this.transcript(who).slice(from);
      return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
    }, String(expected), 10_000, () => this.transcript(who).slice(from));
  }

  questionOnScreen(who: Person): string {
    const question = this.question(who);
    const now = this.fake.message(question.id)!;
    return JSON.stringify({ id: now.id, content: now.content, embeds: now.embeds, components: now.components, edits: now.edits });
  }

  async finishReading(who: Person): Promise<void> {
    const { question } = await this.click(who, /^b\|ready:/);
    await this.next(who, question.id, 'le premier commentaire');
  }

  async answer(who: Person, commentId: string, answer: CommentAnswer): Promise<void> {
    const needs = new RegExp(`^b\\|needs:[^|]*:${commentId}\\|${answer.needsAction ? 'yes' : 'no'}$`);
    const { question } = await this.click(who, needs);
    const actions = await this.next(who, question.id, answer.needsAction ? 'les actions' : 'la question suivante');
    if (!answer.needsAction) return this.goOn(who, actions);
    const previous = await this.texts(who, actions, answer.actions, answer.texts);
    await this.goOn(who, await this.next(who, previous, 'la question suivante'));
  }

  /** Practice offers to rewrite what failed: the contract's candidate goes on to the next comment. */
  private async goOn(who: Person, question: FakeMessage): Promise<void> {
    if (!customIds(question).some((id) => /^b\|retry:.*\|next$/.test(id))) return;
    await this.click(who, /^b\|retry:.*\|next$/);
    await this.next(who, question.id, 'la question suivante');
  }

  /** Picks the actions in the select menu, then fills the modal that opens; returns the actions message's id. */
  private async texts(who: Person, actions: FakeMessage, picked: Array<Exclude<Action, 'none'>>, texts: Record<string, string | undefined>, forged = false): Promise<string> {
    const select = customIds(actions).find((id) => id.startsWith('s|actions:'));
    if (!select) throw new Error(`pas de menu d’actions : ${customIds(actions).join(', ')}`);
    const pick = this.interact(who, `menu ${select}`, (user) => this.fake.componentInteraction({ customId: select, componentType: 3, values: picked, message: actions.id, user }));
    let modal = await this.fake.waitForCallback(pick.id, 10_000);
    let source = actions;
    if (modal.type === 7) {
      // The rules to write by come first, in the message whose button opens the window.
      const rules = await this.next(who, actions.id, 'les règles et le bouton des textes');
      const button = customIds(rules).find((id) => id.startsWith('f|'));
      if (!button) throw new Error(`pas de bouton des textes : ${customIds(rules).join(', ')}`);
      const open = this.interact(who, 'bouton des textes', (user) => this.fake.componentInteraction({ customId: button, message: rules.id, user }));
      modal = await this.fake.waitForCallback(open.id, 10_000);
      source = rules;
    }
    if (modal.type !== 9) throw new Error(`pas de fenêtre de saisie : ${JSON.stringify(modal)}`);
    const fields = Object.fromEntries(Object.entries(texts).filter((entry): entry is [string, string] => entry[1] !== undefined));
    // Typed in Discord's client, which takes no more than each input's max_length (a forged submission skips it).
    if (!forged) {
      for (const input of JSON.stringify(modal.data).match(/\{[^{}]*"custom_id":"[^"]+"[^{}]*\}/g) ?? []) {
        const { custom_id: id, max_length: max } = JSON.parse(input) as { custom_id: string; max_length?: number };
        if (fields[id] !== undefined && max !== undefined && fields[id].length > max) throw new Error(`Discord : « ${id} » ne prend que ${max} caractères dans la fenêtre, ${fields[id].length} à taper`);
      }
    }
    const submitted = this.interact(who, 'fenêtre des textes', (user) => this.fake.modalSubmit({ customId: (modal.data as { custom_id: string }).custom_id, fields, user, channelId: this.thread(who), message: source.id }));
    await this.fake.waitForCallback(submitted.id, 10_000);
    return source.id;
  }

  async submit(who: Person): Promise<void> {
    const from = this.transcript(who).length;
    await this.click(who, /^s\|submit:/, ['submit']);
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
    // The same INTERACTION_CREATE again (a gateway replay): the bot must neither act nor answer twice.
    this.fake.dispatch('INTERACTION_CREATE', last.handle.payload);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await turns();
  }

  rateLimitNextPost(): void {
    // The next message created: with the bot token (a channel, a DM) or through an interaction (a step's follow-up).
    this.fake.rateLimitOnce('POST', /^\/(channels\/\d+\/messages|webhooks\/\d+\/[^/]+)$/, 0.3);
  }

  rateLimited(): number {
    return this.fake.requests.filter((request) => request.status === 429).length;
  }

  async sendForged(actor: Person, owner: Person, kind: ForgedKind): Promise<Refusal> {
    if (kind === 'stale') {
      // The first question of the owner's drill, answered long ago: its old component id, sent again.
      const first = this.fake.messagesIn(this.thread(owner)).find((message) => JSON.stringify([message.data, ...message.history]).includes('b|needs:'))!;
      const customId = JSON.stringify([first.data, ...first.history]).match(/"custom_id":"(b\|needs:[^"]+\|no)"/)![1]!;
      const handle = this.interact(actor, `composant périmé ${customId}`, (user) => this.fake.componentInteraction({ customId, message: first.id, user }));
      return this.privateAnswer(handle);
    }
    const question = this.question(owner);
    const customId = kind === 'garbage' ? 'b|inconnu|x' : customIds(question).find((id) => id.endsWith('|no'))!;
    const handle = this.interact(actor, `composant ${kind} ${customId}`, (user) => this.fake.componentInteraction({ customId, message: question.id, user }));
    return this.privateAnswer(handle);
  }

  async tryTrainerAction(who: Person): Promise<Refusal> {
    const handle = this.interact(who, '/trainer create', (user) => this.fake.slashCommand({ name: 'trainer', subcommand: 'create', options: { name: 'Promo Pirate' }, user, channelId: this.channel }));
    return this.privateAnswer(handle);
  }

  async submitOversized(who: Person, commentId: string, actions: Array<Exclude<Action, 'none'>>, texts: Record<string, string>): Promise<Refusal> {
    const { question } = await this.click(who, new RegExp(`^b\\|needs:[^|]*:${commentId}\\|yes$`));
    const actionsMessage = await this.next(who, question.id, 'les actions');
    await this.texts(who, actionsMessage, actions, texts, true);
    const submitted = this.sent.at(-1)!.handle;
    return this.privateAnswer(submitted);
  }

  async enrolForNudges(who: Person, csv: string): Promise<void> {
    const on = this.interact(who, '/nudges on', (user) => this.fake.slashCommand({ name: 'nudges', subcommand: 'on', user }));
    await this.privateAnswer(on);
    const opened = this.interact(who, '/calendar import', (user) => this.fake.slashCommand({ name: 'calendar', subcommand: 'import', user }));
    const modal = await this.fake.waitForCallback(opened.id, 10_000);
    const submitted = this.interact(who, 'fenêtre du calendrier', (user) => this.fake.modalSubmit({ customId: (modal.data as { custom_id: string }).custom_id, fields: { text: csv }, user }));
    const answer = await this.privateAnswer(submitted);
    if (!answer.text.includes('Calendrier importé')) throw new Error(`import refusé : ${answer.text}`);
  }

  publicTraffic(): string[] {
    const readable = (channelId: string) => {
      const type = Number((this.fake.channel(channelId) as Json | undefined)?.type ?? -1);
      return type !== PRIVATE_THREAD && type !== DM;
    };
    const traffic: string[] = [];
    for (const request of this.fake.requests) {
      if (request.route === 'POST /channels/:channel/messages' && readable(request.path.split('/')[2]!)) traffic.push(`message ${JSON.stringify(request.body)}`);
      // A follow-up shows in the interaction's channel: a step's, in the learner's private thread, is theirs alone.
      const followedIn = (request.response as { channel_id?: string } | undefined)?.channel_id;
      if (request.route === 'POST /webhooks/:app/:token' && (Number((request.body as { flags?: number }).flags ?? 0) & EPHEMERAL) === 0 && (followedIn === undefined || readable(followedIn))) traffic.push(`suivi ${JSON.stringify(request.body)}`);
      if (request.route === 'POST /interactions/:id/:token/callback') {
        const { type, data } = request.body as { type: number; data?: { flags?: number } };
        if ((type === 4 || type === 5) && (Number(data?.flags ?? 0) & EPHEMERAL) === 0) traffic.push(`réponse ${JSON.stringify(request.body)}`);
      }
    }
    return traffic;
  }

  unanswered(): string[] {
    // Every INTERACTION_CREATE gets exactly one callback (a replay has the same id: still one).
    const ids = new Map(this.sent.map((sent) => [sent.handle.id, sent.what]));
    return [...ids].filter(([id]) => this.fake.callbacksFor(id).length !== 1).map(([id, what]) => `${what} (${id}) : ${this.fake.callbacksFor(id).length} réponses`);
  }

  platformErrors(): string[] {
    return [...this.fake.failures, ...this.fake.unexpected].map((request) => `${request.method} ${request.path} → ${request.status} ${JSON.stringify(request.response)}`);
  }

  async close(): Promise<void> {
    await this.stopBot();
    this.clock.cancelAll();
    this.platform.close();
    await this.fake.close();
  }
}
