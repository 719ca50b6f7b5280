import { App, LogLevel, type BlockAction, type RespondFn, type ViewSubmitAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Logger as SlackLogger } from '@slack/logger';
import type { SlackSettings } from '../../config.js';
import type { DeliveryOptions, Engine } from '../../engine/engine.js';
import { isForm, type Inbound, type View } from '../../engine/views.js';
import type { Logger } from '../../logger.js';
import { parseSlashText, SLASH_HELP } from './commands.js';
import { decodeActionId } from './ids.js';
import { escapeMrkdwn, filesOf, formValues, modalFor, renderMessages, viewBlocks, type SlackMessage } from './render.js';
import { decodeSlackText } from './text.js';

type WebClient = App['client'];

/** Where a submitted modal's answers go: the form's id and the channel the conversation is in. */
interface ModalMetadata {
  form: string;
  channel: string;
}

const HOME_BLOCKS_LIMIT = 100;
/** A name from users.info is asked again after this long (user_change refreshes it sooner). */
const PROFILE_TTL_MS = 30 * 60_000;
/** Message metadata type carrying a nudge's idempotency key. */
const IDEMPOTENCY_EVENT = 'moderato_delivery';

/** Only an error notice came back: say it to the user alone. */
function isRefusal(views: View[]): boolean {
  return views.length > 0 && views.every((view) => view.kind === 'notice' && view.tone === 'error');
}

interface SlackUser {
  name?: string;
  real_name?: string;
  tz?: string;
  profile?: { display_name?: string; real_name?: string };
}

/** The name people see in Slack: the display name, else the full name, else the account name. */
function personOf(user: SlackUser | undefined): { name?: string; tz?: string } {
  const name = [user?.profile?.display_name, user?.profile?.real_name, user?.real_name, user?.name].map((candidate) => candidate?.trim()).find(Boolean);
  return { ...(name ? { name } : {}), ...(user?.tz ? { tz: user.tz } : {}) };
}

/** Bolt's logger interface on top of pino, so tokens stay behind the same redaction. */
function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ adapter: 'slack' });
  return {
    debug: (...messages: unknown[]) => child.debug(messages.map(String).join(' ')),
    info: (...messages: unknown[]) => child.info(messages.map(String).join(' ')),
    warn: (...messages: unknown[]) => child.warn(messages.map(String).join(' ')),
    error: (...messages: unknown[]) => child.error(messages.map(String).join(' ')),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

/**
 * The Slack adapter: `/moderato`, buttons, checkboxes, modals and the App Home become the engine's
 * inbound events; views become Block Kit messages in the learner's DM, ephemeral answers for the
 * trainer, and uploaded files. Trainers are the user ids of SLACK_TRAINER_IDS, checked on every
 * event from the id Slack signed, never from what was typed.
 */
export class SlackBot {
  readonly app: App;
  private readonly dms = new Map<string, string>();
  private readonly people = new Map<string, { name?: string; tz?: string; at: number }>();
  private readonly port: number;
  private started = false;

  constructor(
    private readonly engine: Engine,
    private readonly settings: SlackSettings,
    private readonly logger: Logger,
    options: { port?: number } = {},
  ) {
    this.port = options.port ?? settings.port;
    const common = {
      token: settings.botToken,
      logger: boltLogger(logger),
      clientOptions: { slackApiUrl: settings.apiUrl },
      // Redeliveries are ours to recognise (processed_events), not to drop blindly.
      ignoreSelf: true,
      // The token check (auth.test) runs in start(), where a refused token is an error we report,
      // not an unhandled rejection from the constructor.
      deferInitialization: true,
    };
    this.app = settings.appToken
      ? new App({ ...common, appToken: settings.appToken, socketMode: true })
      : new App({ ...common, signingSecret: settings.signingSecret! });
    this.register();
    engine.onDeliver('slack', (origin, views, options) => {
      // Settles when Slack accepted every message (nudges are recorded only then).
      const channel = origin.channelId ? Promise.resolve(origin.channelId) : this.dmChannel(origin.userId);
      return channel.then((id) => this.post(id, views, options));
    });
    engine.cohorts.onOpenSpace('slack', (member) => this.dmChannel(member.userId));
  }

  async start(): Promise<void> {
    await this.app.init();
    if (this.settings.appToken) await this.app.start();
    else await this.app.start(this.port);
    this.started = true;
    this.logger.info({ mode: this.settings.appToken ? 'socket' : 'http' }, 'application Slack connectée');
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.app.stop();
  }

  /** Started and, in Socket Mode, holding its WebSocket (what « moderato health » reports). */
  get connected(): boolean {
    if (!this.started) return false;
    // Socket Mode: the receiver's client holds the WebSocket (not typed publicly); HTTP mode has none.
    const receiver = (this.app as unknown as { receiver?: { client?: { websocket?: { isActive(): boolean } } } }).receiver;
    if (!this.settings.appToken) return true;
    return receiver?.client?.websocket?.isActive() ?? false;
  }

  private isTrainer(userId: string): boolean {
    return this.settings.trainerIds.includes(userId);
  }

  /** Hands an event to the engine with the person's Slack name (users.info, cached; `fallbackName` when Slack cannot say). */
  private async handle(eventId: string, userId: string, channelId: string | undefined, event: Inbound, fallbackName?: string): Promise<View[]> {
    const displayName = await this.nameOf(userId, fallbackName);
    return this.engine.handle({ eventId, platform: 'slack', userId, displayName, ...(channelId ? { channelId } : {}), trainer: this.isTrainer(userId), event });
  }

  private register(): void {
    // Every listener's work is tracked: a graceful stop lets the answers under way reach Slack.
    this.app.use(async ({ next }) => {
      await this.engine.track(next());
    });
    this.app.error(async (error) => {
      this.logger.error({ err: error }, 'erreur Slack');
    });

    this.app.command('/moderato', async ({ command, ack, respond, client }) => {
      await ack();
      // A redelivered envelope was answered the first time.
      if (this.engine.alreadyHandled('slack', command.trigger_id)) return;
      const parsed = parseSlashText(decodeSlackText(command.text));
      if (!parsed) {
        await respond({ response_type: 'ephemeral', text: SLASH_HELP, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: SLASH_HELP } }] });
        return;
      }
      // Nudges follow the learner's Slack time zone when Slack knows it.
      if (parsed.event.kind === 'command' && parsed.event.name === 'nudges' && parsed.event.args?.[0] === 'on' && !parsed.event.args[1]) {
        const tz = (await this.profile(command.user_id))?.tz;
        if (tz) parsed.event.args.push(tz);
      }
      const channel = parsed.place === 'dm' ? await this.dmChannel(command.user_id) : command.channel_id;
      // user_name is the legacy account name, only for when users.info cannot answer.
      const views = await this.handle(command.trigger_id, command.user_id, channel, parsed.event, command.user_name);
      if (views.length === 0) return;
      // Something to do in the DM (or a rehearsal that continues there): post it there, and say here what was sent.
      if (parsed.place === 'dm' && !isRefusal(views) && (parsed.session || views.some((view) => view.kind !== 'notice'))) {
        await this.post(channel, views);
        await respond({ response_type: 'ephemeral', text: parsed.receipt ?? 'Ma réponse est dans vos messages directs avec moderato.' });
        return;
      }
      await this.answerHere(views, { respond, client, triggerId: command.trigger_id, channel, userId: command.user_id });
    });

    this.app.action(/.*/, async ({ ack, body, respond, client }) => {
      await ack();
      if (body.type !== 'block_actions') return;
      await this.onBlockAction(body as BlockAction, respond, client);
    });

    this.app.view('form', async ({ ack, body, view }) => {
      const submission = body as ViewSubmitAction;
      const metadata = JSON.parse(view.private_metadata || '{}') as Partial<ModalMetadata>;
      if (!metadata.form || !metadata.channel) {
        await ack();
        return;
      }
      // Each submission has its own trigger id (a corrected resubmission too); a redelivery repeats it.
      const eventId = submission.trigger_id;
      if (this.engine.alreadyHandled('slack', eventId)) {
        await ack();
        return;
      }
      const values = formValues(view.state.values as Parameters<typeof formValues>[0]);
      const views = await this.handle(eventId, submission.user.id, metadata.channel, { kind: 'form', form: metadata.form, values }, submission.user.name);
      const errors = this.fieldErrors(views, values, view.blocks.map((block) => block.block_id ?? ''));
      if (errors) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      await ack();
      if (metadata.channel.startsWith('D')) await this.post(metadata.channel, views);
      else await this.postEphemeral(metadata.channel, submission.user.id, views);
    });

    this.app.view({ callback_id: 'form', type: 'view_closed' }, async ({ ack, body, view }) => {
      await ack();
      const metadata = JSON.parse(view.private_metadata || '{}') as Partial<ModalMetadata>;
      if (!metadata.form || !metadata.channel?.startsWith('D')) return;
      const eventId = `${view.id}:${view.hash}:closed`;
      if (this.engine.alreadyHandled('slack', eventId)) return;
      // The form again, as a button: the learner reopens it when ready.
      const views = await this.handle(eventId, body.user.id, metadata.channel, { kind: 'command', name: 'form', args: [metadata.form] }, body.user.name);
      await this.post(metadata.channel, views);
    });

    this.app.event('app_home_opened', async ({ event, body, client }) => {
      if (event.tab !== 'home') return;
      const views = await this.handle(body.event_id, event.user, undefined, { kind: 'command', name: 'home' });
      if (views.length === 0) return;
      const blocks = views.flatMap(viewBlocks).slice(0, HOME_BLOCKS_LIMIT);
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks } });
    });

    // A renamed person is called by their new name from their next action on.
    this.app.event('user_change', async ({ event }) => {
      const user = event.user as SlackUser & { id: string };
      if (this.people.has(user.id)) this.people.set(user.id, { ...personOf(user), at: Date.now() });
    });

    this.app.message(async ({ message, body }) => {
      // Only a learner writing in the bot's DM: no edits, no bots, no channels.
      if (message.channel_type !== 'im' || message.subtype !== undefined || !('user' in message) || !message.user) return;
      const text = decodeSlackText('text' in message ? (message.text ?? '') : '');
      const parsed = parseSlashText(text);
      const eventId = (body as { event_id?: string }).event_id ?? message.ts;
      const views = await this.handle(eventId, message.user, message.channel, parsed?.event ?? { kind: 'text', text });
      await this.post(message.channel, views);
    });
  }

  private async onBlockAction(body: BlockAction, respond: RespondFn, client: WebClient): Promise<void> {
    const action = body.actions[0];
    const id = action ? decodeActionId(action.action_id) : undefined;
    // A checkbox tick is only acknowledged: the choice is read when « Valider » is pressed.
    if (!action || !id || id.kind === 'checkboxes') return;
    if (this.engine.alreadyHandled('slack', body.trigger_id)) return;
    const inDm = body.channel?.id.startsWith('D') ?? false;
    const fromHome = body.container?.type === 'view' && body.view?.type === 'home';
    const channel = inDm ? body.channel!.id : fromHome ? await this.dmChannel(body.user.id) : body.channel?.id;
    const event: Inbound = (() => {
      switch (id.kind) {
        case 'modal':
          return { kind: 'command', name: 'form', args: [id.form] };
        case 'button':
          return { kind: 'choice', prompt: id.prompt, values: [id.value] };
        case 'select':
          return { kind: 'choice', prompt: id.prompt, values: 'selected_option' in action && typeof action.selected_option?.value === 'string' ? [action.selected_option.value] : [] };
        case 'validate': {
          const state = body.state?.values.choices?.[`m|${id.prompt}`];
          return { kind: 'choice', prompt: id.prompt, values: (state?.selected_options ?? []).map((selected) => selected.value).filter((value): value is string => typeof value === 'string') };
        }
      }
    })();
    const views = await this.handle(body.trigger_id, body.user.id, channel, event, body.user.name ?? body.user.username);
    if (views.length === 0) return;
    const form = views.find(isForm);
    if (form && channel) {
      await this.openForm(client, body.trigger_id, form, channel);
      // The question is answered by the modal; cancelling it brings a new « Rédiger mes textes » button.
      if (inDm && body.message) await this.closeQuestion(client, channel, body.message.ts, (body.message.blocks ?? []) as KnownBlock[], this.answerLabel(body, action, id.kind));
      return;
    }
    if (isRefusal(views) || !inDm || !channel) {
      if (fromHome && channel) await this.post(channel, views);
      else await respond({ response_type: 'ephemeral', replace_original: false, text: renderMessages(views)[0]?.text ?? '', blocks: renderMessages(views).flatMap((message) => message.blocks).slice(0, 50) });
      return;
    }
    // The answered question keeps its text and loses its buttons; what follows comes as new messages.
    if (body.message) await this.closeQuestion(client, channel, body.message.ts, (body.message.blocks ?? []) as KnownBlock[], this.answerLabel(body, action, id.kind));
    await this.post(channel, views);
  }

  /** What the learner answered, in words: the button, the option, or the ticked boxes. */
  private answerLabel(body: BlockAction, action: BlockAction['actions'][number], kind: string): string {
    const text = (value: unknown) => (value && typeof value === 'object' && 'text' in value ? String((value as { text: unknown }).text) : undefined);
    if (kind === 'validate') {
      const ticked = Object.values(body.state?.values.choices ?? {})[0]?.selected_options ?? [];
      return ticked.map((option) => text(option.text)).filter(Boolean).join(', ') || 'aucune case cochée';
    }
    if ('selected_option' in action && action.selected_option) return text(action.selected_option.text) ?? 'réponse enregistrée';
    return ('text' in action ? text(action.text) : undefined) ?? 'réponse enregistrée';
  }

  /** Replaces the question's buttons with the answer given. */
  private async closeQuestion(client: WebClient, channel: string, ts: string, blocks: KnownBlock[], answered: string): Promise<void> {
    const kept = blocks.filter((block) => block.type !== 'actions');
    await client.chat
      .update({ channel, ts, text: escapeMrkdwn(answered), blocks: [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: `→ ${escapeMrkdwn(answered)}` }] }] })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'mise à jour de la question impossible'));
  }

  /** Errors to show beside a modal's fields, or undefined when the submission was accepted. */
  private fieldErrors(views: View[], values: Record<string, string>, blockIds: string[]): Record<string, string> | undefined {
    const again = views.find(isForm);
    const errors: Record<string, string> = {};
    for (const view of views) {
      if (view.kind === 'notice' && view.tone === 'error' && view.field && blockIds.includes(view.field)) errors[view.field] = view.text;
    }
    if (again) for (const field of again.fields) if (field.required && !values[field.id]?.trim() && blockIds.includes(field.id)) errors[field.id] = 'À remplir.';
    if (Object.keys(errors).length === 0 && isRefusal(views) && blockIds[0]) errors[blockIds[0]] = (views[0] as Extract<View, { kind: 'notice' }>).text;
    return Object.keys(errors).length > 0 ? errors : undefined;
  }

  /** A slash command's answer where it was typed: ephemeral, a modal, public invitations, files. */
  private async answerHere(views: View[], context: { respond: RespondFn; client: WebClient; triggerId: string; channel: string; userId: string }): Promise<void> {
    const form = views.find(isForm);
    if (form) {
      await this.openForm(context.client, context.triggerId, form, context.channel);
    }
    const privateViews = views.filter((view) => !isForm(view) && view.kind !== 'file' && !(view.kind === 'prompt' && view.audience === 'channel'));
    for (const message of renderMessages(privateViews)) await context.respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
    const invitations = views.filter((view) => view.kind === 'prompt' && view.audience === 'channel');
    for (const message of renderMessages(invitations)) await context.respond({ response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks });
    await this.upload(context.channel, context.userId, views);
  }

  /** Files go to the channel they were asked in; where the bot may not post, to the asker's DM. */
  private async upload(channel: string, userId: string, views: View[]): Promise<void> {
    for (const file of filesOf(views)) {
      try {
        await this.uploadFile(channel, file);
      } catch (error) {
        this.logger.warn({ err: error, channel }, 'envoi du fichier dans le salon impossible : message direct');
        await this.uploadFile(await this.dmChannel(userId), file);
      }
    }
  }

  /** A form as a modal; its metadata says where the answers belong when it is submitted. */
  private async openForm(client: WebClient, triggerId: string, form: Extract<View, { kind: 'form' }>, channel: string): Promise<void> {
    await client.views.open({ trigger_id: triggerId, view: modalFor(form, JSON.stringify({ form: form.id, channel } satisfies ModalMetadata)) });
  }

  private async uploadFile(channel: string, file: ReturnType<typeof filesOf>[number]): Promise<void> {
    await this.app.client.files.uploadV2({ channel_id: channel, file: file.data, filename: file.filename, title: file.title });
  }

  /** Views as messages in a channel (a DM, a trainer's channel), then their files. */
  private async post(channel: string, views: View[], options: DeliveryOptions = {}): Promise<void> {
    const key = options.idempotencyKey;
    // Slack cannot deduplicate: after a crash between sending and recording, the DM's recent history says whether it arrived.
    if (key !== undefined && options.maybeDelivered && (await this.alreadyPosted(channel, key))) {
      this.logger.info({ channel, key }, 'message déjà arrivé avant l’arrêt : pas de second envoi');
      return;
    }
    for (const message of renderMessages(views)) await this.postMessage(channel, message, key);
    for (const file of filesOf(views)) await this.uploadFile(channel, file);
  }

  private async postMessage(channel: string, message: SlackMessage, idempotencyKey?: string): Promise<void> {
    // No link_names and escaped text: nothing the bot posts can ping anyone.
    await this.app.client.chat.postMessage({
      channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false,
      ...(idempotencyKey !== undefined ? { metadata: { event_type: IDEMPOTENCY_EVENT, event_payload: { key: idempotencyKey } } } : {}),
    });
  }

  /** Whether one of the channel's recent messages carries this key in its metadata. */
  private async alreadyPosted(channel: string, key: string): Promise<boolean> {
    const history = await this.app.client.conversations.history({ channel, limit: 50, include_all_metadata: true });
    return (history.messages ?? []).some((message) => message.metadata?.event_type === IDEMPOTENCY_EVENT && (message.metadata.event_payload as { key?: unknown } | undefined)?.key === key);
  }

  private async postEphemeral(channel: string, userId: string, views: View[]): Promise<void> {
    try {
      for (const message of renderMessages(views)) await this.app.client.chat.postEphemeral({ channel, user: userId, text: message.text, blocks: message.blocks });
    } catch (error) {
      this.logger.warn({ err: error, channel }, 'message éphémère impossible : message direct');
      await this.post(await this.dmChannel(userId), views);
    }
  }

  /** The person's Slack profile (name, time zone), asked at most every PROFILE_TTL_MS; the last known one when Slack cannot answer. */
  private async profile(userId: string): Promise<{ name?: string; tz?: string } | undefined> {
    const known = this.people.get(userId);
    if (known && Date.now() - known.at < PROFILE_TTL_MS) return known;
    try {
      const info = await this.app.client.users.info({ user: userId });
      const person = { ...personOf(info.user as SlackUser | undefined), at: Date.now() };
      this.people.set(userId, person);
      return person;
    } catch (error) {
      this.logger.warn({ err: error, user: userId }, 'profil Slack inconnu');
      return known;
    }
  }

  /** The name to store for the person: from Slack, else `fallback`, else empty (the engine keeps what it has). */
  private async nameOf(userId: string, fallback = ''): Promise<string> {
    return (await this.profile(userId))?.name ?? fallback;
  }

  /** The DM channel with a user (conversations.open), asked once per process. */
  private async dmChannel(userId: string): Promise<string> {
    const known = this.dms.get(userId);
    if (known) return known;
    const opened = await this.app.client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error(`conversation directe impossible avec ${userId}`);
    this.dms.set(userId, id);
    return id;
  }
}
