import { App, LogLevel, webApi, type BlockAction, type RespondFn, type ViewSubmitAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Logger as SlackLogger } from '@slack/logger';
import type { SlackSettings } from '../../config.js';
import type { NamedChannel } from '../../engine/cohort-service.js';
import type { DeliveryOptions } from '../../engine/engine.js';
import type { CohortMember } from '../../store/cohorts.js';
import type { AdapterEngine, ChatAdapter } from '../port.js';
import { isForm, type Inbound, type View } from '../../engine/views.js';
import type { Logger } from '../../logger.js';
import type { DrillOrigin } from '../../store/drills.js';
import { parseSlashText, SLASH_HELP } from './commands.js';
import { escapeMrkdwn, filesOf, formMessage, formValues, modalFor, pickedChannels, filledFormMessage, renderMessages, sentFormMessage, slackIds, viewBlocks, type SlackFile, type SlackMessage } from './render.js';
import { channelReferences, decodeSlackText, linkedChannels } from './text.js';
import { isInvitation, isRefusal } from '../shared/answers.js';
import { OUTDATED_ACTION } from '../shared/component-id.js';
import { DmChannels } from '../shared/dm.js';

/** The seconds Slack asked to wait, when the call was refused for going over a rate limit. */
function rateLimitedFor(error: unknown): number | undefined {
  const limited = error as { code?: unknown; retryAfter?: unknown } | undefined;
  return limited?.code === webApi.ErrorCode.RateLimitedError && typeof limited.retryAfter === 'number' ? limited.retryAfter : undefined;
}

/** users.info calls kept under Slack's Tier 4 (100 a minute): beyond, the event's own name serves. */
const PROFILE_CALLS_PER_MINUTE = 80;
/** A call refused for its rate limit is sent again after Slack's Retry-After, this many times at most. */
const RATE_LIMIT_ATTEMPTS = 5;

/** Where a submitted modal's answers go: the form's id and the channel the conversation is in. */
interface ModalMetadata {
  form: string;
  channel: string;
}

const HOME_BLOCKS_LIMIT = 100;
/** Message metadata type carrying a nudge's idempotency key. */
const IDEMPOTENCY_EVENT = 'moderato_delivery';
/** A name from users.info is asked again after this long (user_change refreshes it sooner). */
const PROFILE_TTL_MS = 30 * 60_000;
/**
 * How long an event waits for a person's first users.info (Tier 4: 100 a minute): a cohort arriving
 * together would otherwise wait for Slack's Retry-After. Past it, the name Slack sent with the event
 * is used; the answer, when it comes, names the person from their next action on.
 */
const PROFILE_PATIENCE_MS = 300;
/** What Slack answers when the bot may not write in a conversation (a DM between two people, a channel it is not in). */
const UNREACHABLE = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'user_not_in_channel', 'restricted_action', 'cannot_dm_bot']);

const CANNOT_WRITE_HERE = 'Je ne peux pas écrire dans cette conversation : je vous réponds en message direct.';
const NOT_PRIVATE = 'Je ne publie pas dans ce salon, qui n’est pas un salon privé où je suis invité : je vous réponds en message direct.';
const CANNOT_PUBLISH = 'Je ne peux pas écrire dans le salon demandé : je vous ai tout envoyé en message direct avec moderato.';

function isPublished(view: View): boolean {
  return (view.kind === 'notice' || view.kind === 'file') && view.publishIn !== undefined;
}

function note(text: string): View {
  return { kind: 'notice', tone: 'info', text };
}

/** Slack's error code for a refused call (`channel_not_found`…), if it is one. */
function slackError(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof code === 'string' ? code : undefined;
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

/** Where an answer goes: the person, the conversation they acted in, and how to reach them there. */
interface AnswerContext {
  userId: string;
  channel: string | undefined;
  /** The conversation is the person's DM with the bot: answers are posted there as messages. */
  postHere: boolean;
  /** A slash command's or a click's response_url: ephemeral answers and channel invitations. */
  respond?: RespondFn;
}

/**
 * The Slack adapter: `/moderato`, buttons, checkboxes, modals and the App Home become the engine's
 * inbound events; views become Block Kit messages in the learner's DM, ephemeral answers for the
 * trainer, and uploaded files. Trainers are the user ids of SLACK_TRAINER_IDS, checked on every
 * event from the id Slack signed, never from what was typed.
 *
 * What answers one person stays theirs: ephemeral where they typed, or in their DM with the bot
 * (files, which Slack cannot show ephemerally, always go there, and an ephemeral line says so).
 * Only what the engine marks `publishIn` (a private channel a trainer named, checked here with
 * conversations.info before the engine decided) and channel invitations are posted for others.
 */
export class SlackBot implements ChatAdapter {
  readonly platform = 'slack';
  readonly app: App;
  private readonly dms = new DmChannels(async (userId) => {
    const opened = await this.retrying(() => this.web.conversations.open({ users: userId }));
    if (!opened.channel?.id) throw new Error(`conversation directe impossible avec ${userId}`);
    return opened.channel.id;
  });
  private readonly people = new Map<string, { name?: string; tz?: string; at: number }>();
  private readonly asking = new Map<string, Promise<{ name?: string; tz?: string } | undefined>>();
  /** The channels named in the event being handled, as Slack described them just before. */
  private readonly named = new Map<string, NamedChannel>();
  private readonly port: number;
  private started = false;
  /**
   * The Web API client of every call the bot makes. A 429 is its caller's alone (`retrying`): Bolt's
   * own client pauses ALL its calls for the Retry-After of any one, so a single conversation over
   * its pace, or a users.info over its tier, would stall every learner's next question.
   */
  private readonly web: InstanceType<typeof webApi.WebClient>;
  /** When users.info was called in the last minute. */
  private readonly profileCalls: number[] = [];

  constructor(
    private readonly engine: AdapterEngine,
    private readonly settings: SlackSettings,
    private readonly logger: Logger,
    options: { port?: number } = {},
  ) {
    this.port = options.port ?? settings.port;
    this.web = new webApi.WebClient(settings.botToken, { slackApiUrl: settings.apiUrl, logger: boltLogger(logger), rejectRateLimitedCalls: true });
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
  connected(): boolean {
    if (!this.started) return false;
    // Socket Mode: the receiver's client holds the WebSocket (not typed publicly); HTTP mode has none.
    const receiver = (this.app as unknown as { receiver?: { client?: { websocket?: { isActive(): boolean } } } }).receiver;
    if (!this.settings.appToken) return true;
    return receiver?.client?.websocket?.isActive() ?? false;
  }

  /**
   * A cohort drill's start: the member's DM with the bot, named by its id when known, else by the
   * member's user id, which Slack's chat.postMessage takes for that DM: no conversations.open
   * (Tier 3: 50 a minute) for a cohort of 200.
   */
  async openPrivateSpace(member: CohortMember): Promise<string> {
    return this.dmAddress(member.userId);
  }

  /** Where to post to someone's DM with the bot without asking Slack: its id when known, else their user id. */
  private dmAddress(userId: string): string {
    return this.dms.knownFor(userId) ?? userId;
  }

  /** The channels named in the event being handled, as Slack described them just before (see handle). */
  describeChannel(channelId: string): NamedChannel | undefined {
    return this.named.get(channelId);
  }

  private isTrainer(userId: string): boolean {
    return this.settings.trainerIds.includes(userId);
  }

  /**
   * Hands an event to the engine with the person's Slack name (users.info, cached) and, for the
   * channels it names (a `<#C…>` link in a command, a channel picked in a modal), what Slack says
   * of them: the engine decides what it accepts from those facts.
   */
  private async handle(input: { eventId: string; userId: string; channelId: string | undefined; event: Inbound; fallbackName?: string; links?: Map<string, string>; picked?: string[] }): Promise<View[]> {
    const displayName = await this.nameOf(input.userId, input.fallbackName);
    const ids = new Set([...(input.event.kind === 'command' ? channelReferences(input.event.args ?? []) : []), ...(input.picked ?? [])]);
    const described = await Promise.all([...ids].map((id) => this.inspectChannel(id, input.links?.get(id))));
    for (const channel of described) this.named.set(channel.id, channel);
    let views: View[];
    try {
      views = this.engine.handle({ eventId: input.eventId, platform: this.platform, userId: input.userId, displayName, ...(input.channelId ? { channelId: input.channelId } : {}), trainer: this.isTrainer(input.userId), event: input.event });
    } finally {
      for (const channel of described) this.named.delete(channel.id);
    }
    // Nothing is said before what the event wrote is on disk (group commit: one fsync for the moment).
    await this.engine.durable();
    return views;
  }

  private register(): void {
    // Every listener's work is tracked: a graceful stop lets the answers under way reach Slack.
    this.app.use(async ({ next }) => {
      await this.engine.track(next());
    });
    this.app.error(async (error) => {
      this.logger.error({ err: error }, 'erreur Slack');
    });

    this.app.command('/moderato', async ({ command, ack, respond }) => {
      await ack();
      // A redelivered envelope was answered the first time.
      if (this.engine.alreadyHandled(this.platform, command.trigger_id)) return;
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
      // The DM by its id when known, else by the user id (chat.postMessage takes it; its answer names the DM).
      const channel = parsed.place === 'dm' ? this.dmAddress(command.user_id) : command.channel_id;
      // user_name is the legacy account name, only for when users.info cannot answer.
      const views = await this.handle({ eventId: command.trigger_id, userId: command.user_id, channelId: channel, event: parsed.event, fallbackName: command.user_name, links: linkedChannels(command.text) });
      if (views.length === 0) return;
      // Something to do in the DM (or a rehearsal that continues there): post it there, and say here what was sent.
      if (parsed.place === 'dm' && !isRefusal(views) && (parsed.session || views.some((view) => view.kind !== 'notice'))) {
        // Said at once, while the case's messages go one after the other (a start: 200 together
        // would otherwise wait for their DM's last message to be told where to look).
        await Promise.all([this.post(channel, views), respond({ response_type: 'ephemeral', text: parsed.receipt ?? 'Ma réponse est dans vos messages directs avec moderato.' })]);
        return;
      }
      const form = views.find(isForm);
      if (form) await this.openForm(command.trigger_id, form, channel);
      await this.answer(views, { userId: command.user_id, channel, postHere: false, respond });
    });

    this.app.action(/.*/, async ({ ack, body, respond }) => {
      await ack();
      if (body.type !== 'block_actions') return;
      await this.onBlockAction(body as BlockAction, respond);
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
      if (this.engine.alreadyHandled(this.platform, eventId)) {
        await ack();
        return;
      }
      const state = view.state.values as Parameters<typeof formValues>[0];
      const values = formValues(state);
      const views = await this.handle({ eventId, userId: submission.user.id, channelId: metadata.channel, event: { kind: 'form', form: metadata.form, values }, fallbackName: submission.user.name, picked: pickedChannels(state) });
      const errors = this.fieldErrors(views, values, view.blocks.flatMap((block) => (block.type === 'input' && block.block_id ? [block.block_id] : [])));
      if (errors) {
        await ack({ response_action: 'errors', errors });
        return;
      }
      await ack();
      await this.answer(views, { userId: submission.user.id, channel: metadata.channel, postHere: await this.isOwnDm(metadata.channel, submission.user.id) });
    });

    this.app.view({ callback_id: 'form', type: 'view_closed' }, async ({ ack, body, view }) => {
      await ack();
      const metadata = JSON.parse(view.private_metadata || '{}') as Partial<ModalMetadata>;
      if (!metadata.form || !metadata.channel || !(await this.isOwnDm(metadata.channel, body.user.id))) return;
      const eventId = `${view.id}:${view.hash}:closed`;
      if (this.engine.alreadyHandled(this.platform, eventId)) return;
      // What was typed before closing is kept (the engine takes drafts of the forms that have them)…
      const typed = formValues(view.state.values as Parameters<typeof formValues>[0]);
      if (Object.values(typed).some((value) => value.trim() !== '')) {
        await this.handle({ eventId: `${eventId}:draft`, userId: body.user.id, channelId: metadata.channel, event: { kind: 'form', form: metadata.form, values: typed, draft: true }, fallbackName: body.user.name });
      }
      // …and the form comes back as a button, filled with it: the learner reopens it when ready.
      const views = await this.handle({ eventId, userId: body.user.id, channelId: metadata.channel, event: { kind: 'command', name: 'form', args: [metadata.form] }, fallbackName: body.user.name });
      await this.post(metadata.channel, views);
    });

    this.app.event('app_home_opened', async ({ event, body }) => {
      if (event.tab !== 'home') return;
      const views = await this.handle({ eventId: body.event_id, userId: event.user, channelId: undefined, event: { kind: 'command', name: 'home' } });
      if (views.length === 0) return;
      const blocks = views.flatMap(viewBlocks).slice(0, HOME_BLOCKS_LIMIT);
      await this.retrying(() => this.web.views.publish({ user_id: event.user, view: { type: 'home', blocks } }));
    });

    // A renamed person is called by their new name from their next action on.
    this.app.event('user_change', async ({ event }) => {
      const user = event.user as SlackUser & { id: string };
      if (this.people.has(user.id)) this.people.set(user.id, { ...personOf(user), at: Date.now() });
    });

    this.app.message(async ({ message, body }) => {
      // Only a learner writing in the bot's DM: no edits, no bots, no channels.
      if (message.channel_type !== 'im' || message.subtype !== undefined || !('user' in message) || !message.user) return;
      const raw = 'text' in message ? (message.text ?? '') : '';
      const text = decodeSlackText(raw);
      const parsed = parseSlashText(text);
      const eventId = (body as { event_id?: string }).event_id ?? message.ts;
      const views = await this.handle({ eventId, userId: message.user, channelId: message.channel, event: parsed?.event ?? { kind: 'text', text }, links: linkedChannels(raw) });
      await this.answer(views, { userId: message.user, channel: message.channel, postHere: true });
    });
  }

  private async onBlockAction(body: BlockAction, respond: RespondFn): Promise<void> {
    const action = body.actions[0];
    const id = action ? slackIds.decode(action.action_id) : undefined;
    if (!action) return;
    // An id none of our messages carries: told, as on Discord, and nothing changes.
    if (!id) {
      await this.ephemeral({ userId: body.user.id, channel: body.channel?.id, postHere: false, respond }, [OUTDATED_ACTION]);
      return;
    }
    // A checkbox tick is only acknowledged: the choice is read when « Valider » is pressed.
    if (id.kind === 'checkboxes') return;
    if (this.engine.alreadyHandled(this.platform, body.trigger_id)) return;
    // The person's own DM with the bot; a DM between two people is like any channel (ephemeral answers).
    const inDm = body.channel ? await this.isOwnDm(body.channel.id, body.user.id) : false;
    const fromHome = body.container?.type === 'view' && body.view?.type === 'home';
    const channel = inDm ? body.channel!.id : fromHome ? this.dmAddress(body.user.id) : body.channel?.id;
    // A form written in the message: what was typed comes with the click (the message's state).
    const typed = id.kind === 'send' ? formValues((body.state?.values ?? {}) as Parameters<typeof formValues>[0]) : {};
    const event: Inbound = (() => {
      switch (id.kind) {
        case 'send':
          return { kind: 'form', form: id.form, values: typed, ...(id.draft ? { draft: true } : {}) };
        case 'modal':
          return { kind: 'command', name: 'form', args: [id.form] };
        case 'button':
          return { kind: 'choice', prompt: id.prompt, values: [id.value] };
        case 'select':
          return { kind: 'choice', prompt: id.prompt, values: 'selected_option' in action && typeof action.selected_option?.value === 'string' ? [action.selected_option.value] : [] };
        case 'validate': {
          const state = body.state?.values.choices?.[slackIds.encode({ kind: 'checkboxes', prompt: id.prompt })];
          return { kind: 'choice', prompt: id.prompt, values: (state?.selected_options ?? []).map((selected) => selected.value).filter((value): value is string => typeof value === 'string') };
        }
      }
    })();
    const views = await this.handle({ eventId: body.trigger_id, userId: body.user.id, channelId: channel, event, fallbackName: body.user.name ?? body.user.username });
    if (id.kind === 'send' && body.message) {
      const blocks = (body.message.blocks ?? []) as KnownBlock[];
      const errors = this.fieldErrors(views, typed, blocks.flatMap((block) => (block.type === 'input' && block.block_id ? [block.block_id] : [])));
      // Kept as a draft: the same message, filled, and said so; nothing else changes.
      if (id.draft) {
        const refused = views.find((view): view is Extract<View, { kind: 'notice' }> => view.kind === 'notice' && view.tone === 'error');
        await this.replaceMessage(respond, channel, body.message.ts, filledFormMessage(blocks, typed, {}, refused ? refused.text : 'Brouillon enregistré : « Envoyer » quand vos textes sont prêts.'));
        return;
      }
      // A field to correct: the same message, filled with what was typed, the error under its field.
      if (errors) {
        await this.replaceMessage(respond, channel, body.message.ts, filledFormMessage(blocks, typed, errors));
        return;
      }
      // Sent: the texts stay to read, the fields go; what follows comes as new messages.
      await this.replaceMessage(respond, channel, body.message.ts, sentFormMessage(blocks, typed));
      await this.answer(views, inDm && channel ? { userId: body.user.id, channel, postHere: true } : { userId: body.user.id, channel, postHere: false, respond });
      return;
    }
    if (views.length === 0) return;
    const form = views.find(isForm);
    // In the learner's DM the form is written in a message (no views.open, no trigger to expire).
    if (form && inDm && channel && !isRefusal(views)) {
      if (body.message) await this.closeQuestion(respond, channel, body.message.ts, (body.message.blocks ?? []) as KnownBlock[], this.answerLabel(body, action, id.kind));
      await this.answer(views, { userId: body.user.id, channel, postHere: true });
      await this.postMessage(channel, formMessage(form));
      return;
    }
    if (form && channel) {
      await this.openForm(body.trigger_id, form, channel);
      // The question is answered by the modal; cancelling it brings a new « Rédiger mes textes » button.
      if (inDm && body.message) await this.closeQuestion(respond, channel, body.message.ts, (body.message.blocks ?? []) as KnownBlock[], this.answerLabel(body, action, id.kind));
      return;
    }
    if (isRefusal(views) || !inDm || !channel) {
      await this.answer(views, fromHome && channel ? { userId: body.user.id, channel, postHere: true } : { userId: body.user.id, channel, postHere: false, respond });
      return;
    }
    // The answered question keeps its text and loses its buttons; what follows comes as new messages.
    if (body.message) await this.closeQuestion(respond, channel, body.message.ts, (body.message.blocks ?? []) as KnownBlock[], this.answerLabel(body, action, id.kind));
    await this.answer(views, { userId: body.user.id, channel, postHere: true });
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

  /**
   * Replaces the question's buttons with the answer given, through the click's response_url
   * (`replace_original`: no Web API tier; chat.update is Tier 3, 50 a minute for the whole
   * workspace, which a cohort answering every second would exceed at once); chat.update only when
   * the response_url refuses (used five times, expired).
   */
  private async closeQuestion(respond: RespondFn, channel: string, ts: string, blocks: KnownBlock[], answered: string): Promise<void> {
    const kept = blocks.filter((block) => block.type !== 'actions');
    await this.replaceMessage(respond, channel, ts, { text: escapeMrkdwn(answered), blocks: [...kept, { type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: `→ ${escapeMrkdwn(answered)}` }] }] });
  }

  /** Replaces the message clicked through the click's response_url; chat.update only when it refuses. */
  private async replaceMessage(respond: RespondFn, channel: string | undefined, ts: string, message: SlackMessage): Promise<void> {
    try {
      await respond({ replace_original: true, ...message });
      return;
    } catch (error) {
      this.logger.warn({ err: error }, 'response_url refusée : message remplacé par chat.update');
    }
    if (!channel) return;
    await this.retrying(() => this.web.chat.update({ channel, ts, ...message })).catch((error: unknown) => this.logger.warn({ err: error }, 'mise à jour du message impossible'));
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

  /**
   * The answer to someone's action. Views the engine publishes in a private channel go there; the
   * rest is for the person alone: posted in their DM when they acted there, otherwise ephemeral
   * where they are, with files in their DM (an ephemeral line names them) and invitations for the
   * channel. A conversation the bot cannot write in gets the answer in the DM, and says so.
   */
  private async answer(views: View[], context: AnswerContext): Promise<void> {
    const published = views.filter(isPublished);
    const fellBack = published.length > 0 && !(await this.publish(published, context.userId));
    const rest = views.filter((view) => !isPublished(view) && !isForm(view));
    const notes = fellBack ? [note(CANNOT_PUBLISH)] : [];
    if (context.postHere && context.channel) {
      await this.post(context.channel, [...rest, ...notes]);
      return;
    }
    const files = filesOf(rest);
    if (files.length > 0) {
      const dm = await this.dms.of(context.userId);
      for (const file of files) await this.uploadFile(dm, file);
      if (context.channel !== dm) notes.push(note(`Fichiers dans vos messages directs avec moderato : ${files.map((file) => file.filename).join(', ')}.`));
    }
    const invitations = context.respond ? rest.filter(isInvitation) : [];
    await this.ephemeral(context, rest.filter((view) => view.kind !== 'file' && !invitations.includes(view)));
    // Where the files went, or that the named channel could not be written in: a line of its own.
    await this.ephemeral(context, notes);
    for (const message of renderMessages(invitations)) await context.respond!({ response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks });
  }

  /** Views for one person where they are: through the response_url, or chat.postEphemeral; their DM when neither can. */
  private async ephemeral(context: AnswerContext, views: View[]): Promise<void> {
    const messages = renderMessages(views);
    if (messages.length === 0) return;
    try {
      for (const message of messages) {
        if (context.respond) await context.respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
        else if (context.channel) await this.retrying(() => this.web.chat.postEphemeral({ channel: context.channel!, user: context.userId, text: message.text, blocks: message.blocks }));
        else throw new Error('ni response_url ni conversation');
      }
    } catch (error) {
      this.logger.warn({ err: error, channel: context.channel }, 'réponse éphémère impossible : message direct');
      await this.post(this.dmAddress(context.userId), [note(CANNOT_WRITE_HERE), ...views]);
    }
  }

  /** Views published in the private channels a trainer named; false when one could not be written in (sent to their DM instead). */
  private async publish(views: View[], userId: string): Promise<boolean> {
    let reached = true;
    for (const channel of new Set(views.map((view) => (view as { publishIn?: string }).publishIn!))) {
      const here = views.filter((view) => (view as { publishIn?: string }).publishIn === channel);
      try {
        await this.post(channel, here);
      } catch (error) {
        if (!UNREACHABLE.has(slackError(error) ?? '')) throw error;
        this.logger.warn({ err: error, channel }, 'salon nommé injoignable : message direct');
        await this.post(this.dmAddress(userId), here);
        reached = false;
      }
    }
    return reached;
  }

  /**
   * A clock-driven message (a drill's next step, a nudge, a trainer's report): to the person's DM,
   * or to the channel of the origin only while Slack says it is private and the bot is in it. A
   * report of a drill launched before reports went to the DM by default, from a channel since made
   * public, or from a conversation the bot cannot write in, comes to the DM with a line saying why.
   */
  async deliver(origin: DrillOrigin, views: View[], options: DeliveryOptions = {}): Promise<void> {
    // The person's DM, named by its id or by their user id (a drill started from a command or a launch): posted without asking Slack.
    const target = origin.channelId;
    if (target === undefined || target === origin.userId || target === this.dms.knownFor(origin.userId)) return this.post(this.dmAddress(origin.userId), views, options);
    const dm = await this.dms.of(origin.userId);
    if (target === dm) return this.post(dm, views, options);
    const { access } = await this.inspectChannel(target);
    if (access === 'private') {
      try {
        return await this.post(target, views, options);
      } catch (error) {
        if (!UNREACHABLE.has(slackError(error) ?? '')) throw error;
        this.logger.warn({ err: error, channel: target }, 'salon injoignable : message direct');
      }
    }
    await this.post(dm, [note(access === 'public' ? NOT_PRIVATE : CANNOT_WRITE_HERE), ...views], options);
  }

  /** A form as a modal; its metadata says where the answers belong when it is submitted. */
  private async openForm(triggerId: string, form: Extract<View, { kind: 'form' }>, channel: string): Promise<void> {
    // Not sent again after a 429: its trigger id lasts 3 s.
    await this.web.views.open({ trigger_id: triggerId, view: modalFor(form, JSON.stringify({ form: form.id, channel } satisfies ModalMetadata)) });
  }

  private async uploadFile(channel: string, file: SlackFile): Promise<void> {
    const channelId = /^[UW]/.test(channel) ? await this.dms.of(channel) : channel;
    await this.retrying(() => this.web.files.uploadV2({ channel_id: channelId, file: file.data, filename: file.filename, title: file.title }));
  }

  /** Views as messages in a channel (a DM, a trainer's private channel), then their files. */
  private async post(channel: string, views: View[], options: DeliveryOptions = {}): Promise<void> {
    const key = options.idempotencyKey;
    // Slack cannot deduplicate: after a crash between sending and recording, the DM's recent history says whether it arrived.
    if (key !== undefined && options.maybeDelivered && (await this.alreadyPosted(/^[UW]/.test(channel) ? await this.dms.of(channel) : channel, key))) {
      this.logger.info({ channel, key }, 'message déjà arrivé avant l’arrêt : pas de second envoi');
      return;
    }
    for (const message of renderMessages(views)) await this.postMessage(channel, message, key);
    for (const file of filesOf(views)) await this.uploadFile(channel, file);
  }

  private async postMessage(channel: string, message: SlackMessage, idempotencyKey?: string): Promise<void> {
    // No link_names and escaped text: nothing the bot posts can ping anyone.
    const posting = this.retrying(() => this.web.chat.postMessage({
      channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false,
      ...(idempotencyKey !== undefined ? { metadata: { event_type: IDEMPOTENCY_EVENT, event_payload: { key: idempotencyKey } } } : {}),
    }));
    // Posted to a user id: Slack names the DM it went to, known from now on (no conversations.open for it).
    if (/^[UW]/.test(channel)) this.dms.learn(channel, posting.then((posted) => (typeof posted.channel === 'string' ? posted.channel : undefined)));
    await posting;
  }

  /** Whether one of the channel's recent messages carries this key in its metadata. */
  private async alreadyPosted(channel: string, key: string): Promise<boolean> {
    const history = await this.retrying(() => this.web.conversations.history({ channel, limit: 50, include_all_metadata: true }));
    return (history.messages ?? []).some((message) => message.metadata?.event_type === IDEMPOTENCY_EVENT && (message.metadata.event_payload as { key?: unknown } | undefined)?.key === key);
  }

  /** The person's Slack profile (name, time zone), asked at most every PROFILE_TTL_MS; the last known one when Slack cannot answer. */
  private async profile(userId: string): Promise<{ name?: string; tz?: string } | undefined> {
    const known = this.people.get(userId);
    if (known && Date.now() - known.at < PROFILE_TTL_MS) return known;
    // One users.info at a time per person: the events that follow wait for the same answer.
    const asked = this.asking.get(userId);
    if (asked) return asked;
    const asking = this.askProfile(userId, known).finally(() => this.asking.delete(userId));
    this.asking.set(userId, asking);
    return asking;
  }

  private async askProfile(userId: string, known: { name?: string; tz?: string } | undefined): Promise<{ name?: string; tz?: string } | undefined> {
    try {
      // Within our own budget only: a 429 would be a wait for nothing (the event's name serves meanwhile).
      if (!this.profileBudget()) return known;
      const info = await this.web.users.info({ user: userId });
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
    const asking = this.profile(userId);
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PROFILE_PATIENCE_MS)));
    const person = await Promise.race([asking, patience]).finally(() => clearTimeout(timer));
    return person?.name ?? fallback;
  }

  /** What Slack says of a channel someone named: private (and the bot in it), public, or not visible to the bot. */
  private async inspectChannel(channelId: string, label = ''): Promise<NamedChannel> {
    try {
      const { channel } = await this.retrying(() => this.web.conversations.info({ channel: channelId }));
      const access = !channel || channel.is_im ? 'unknown' : channel.is_private ? (channel.is_member === false ? 'unknown' : 'private') : 'public';
      return { id: channelId, name: channel?.name ?? label, access };
    } catch (error) {
      // The app does not ask for channels:read: Slack will not describe a public channel to it.
      const code = slackError(error);
      if (code !== 'missing_scope' && code !== 'channel_not_found') this.logger.warn({ err: error, channel: channelId }, 'salon Slack non vérifié');
      return { id: channelId, name: label, access: code === 'missing_scope' ? 'public' : 'unknown' };
    }
  }

  /** A Web API call, sent again after Slack's Retry-After when refused for its rate limit (this call only). */
  private async retrying<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const seconds = rateLimitedFor(error);
        if (seconds === undefined || attempt >= RATE_LIMIT_ATTEMPTS) throw error;
        this.logger.warn({ retryAfter: seconds, attempt }, 'Slack a répondu 429 (limite de débit) : appel renvoyé après le délai');
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      }
    }
  }

  /** Whether a users.info may be sent now without going over our share of its tier. */
  private profileBudget(): boolean {
    const now = Date.now();
    while (this.profileCalls.length > 0 && this.profileCalls[0]! <= now - 60_000) this.profileCalls.shift();
    if (this.profileCalls.length >= PROFILE_CALLS_PER_MINUTE) return false;
    this.profileCalls.push(now);
    return true;
  }

  /** Whether the conversation is this person's DM with the bot (not a DM between two people). */
  private async isOwnDm(channel: string, userId: string): Promise<boolean> {
    if (!channel.startsWith('D')) return false;
    try {
      return channel === (await this.dms.of(userId));
    } catch {
      return false;
    }
  }

}
