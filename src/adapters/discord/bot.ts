import {
  ChannelType,
  Client,
  DiscordAPIError,
  Routes,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ButtonInteraction,
  type StringSelectMenuInteraction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { createHash } from 'node:crypto';
import type { DiscordSettings } from '../../config.js';
import type { DeliveryOptions } from '../../engine/engine.js';
import type { DrillOrigin } from '../../store/drills.js';
import type { AdapterEngine, ChatAdapter, SpaceContext } from '../port.js';
import type { CohortMember } from '../../store/cohorts.js';
import { isForm, type Inbound, type View } from '../../engine/views.js';
import type { Logger } from '../../logger.js';
import { discordIds, modalFor, renderViews, type DiscordMessage } from './render.js';
import { isInvitation, isPrivateCommand, isRefusal } from '../shared/answers.js';
import { OUTDATED_ACTION } from '../shared/component-id.js';
import { channelOrDm, DmChannels } from '../shared/dm.js';
import { DiscordRest, inLane, sameFlowIn, type PaceOptions } from './rest.js';
import { cut } from '../shared/text.js';

/** Discord nonces are at most 25 characters: a digest of the message's idempotency key. */
function nonceFor(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

const NO_MENTIONS = { parse: [] as [], repliedUser: false };
/** Guild roles are looked up by name at most this often (a renamed role is seen within a minute). */
const ROLE_CACHE_MS = 60_000;

function displayName(interaction: Interaction): string {
  const member = interaction.member;
  const nick = member && 'nick' in member && typeof member.nick === 'string' ? member.nick : undefined;
  return nick ?? interaction.user.globalName ?? interaction.user.username;
}

/** Interaction replies take attachments as `{attachment, name}`, raw REST as `{name, data}`. */
function forInteraction({ files, ...message }: DiscordMessage) {
  return { ...message, ...(files ? { files: files.map((file) => ({ attachment: file.data, name: file.name })) } : {}) };
}

/** The answer to an interaction the engine had nothing to say about (a forged or outdated component): every interaction gets one. */
const OUTDATED = OUTDATED_ACTION;
const UNKNOWN_COMMAND: View = { kind: 'notice', tone: 'warning', text: 'Commande inconnue : tapez « / » pour voir les commandes de moderato.' };
const NOTHING_TO_SHOW: View = { kind: 'notice', tone: 'info', text: 'Rien à afficher pour l’instant.' };
const POSTED_IN_CHANNEL: View = { kind: 'notice', tone: 'success', text: 'Publié dans ce salon.' };
const FAILED = 'Une erreur est survenue ; vos réponses déjà données sont enregistrées. Réessayez dans un instant.';
/** The subcommands of the drill, cohort and trainer commands (see commands.ts). */
const SUBCOMMANDS = new Map([['drill', ['start', 'resume', 'history']], ['cohort', ['join']], ['trainer', ['create', 'bind', 'launch', 'milestone']]]);
/** Interaction ids seen by this process, so that a replay arriving while the first is still answered is not answered twice. */
const REMEMBERED_INTERACTIONS = 10_000;
/** An interaction's token lets the bot follow up for 15 minutes; past 14½ the bot token is used instead. */
const INTERACTION_TOKEN_MS = 15 * 60_000 - 30_000;
/** How long the link to a new thread waits for the case to be posted there before it goes anyway. */
const LINK_PATIENCE_MS = 500;
/** Discord's answers to a webhook call with an expired or unknown interaction token. */
const EXPIRED_TOKEN_CODES = new Set([50027, 10015]);

function expiredToken(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.status === 401 || EXPIRED_TOKEN_CODES.has(Number(error.code)));
}

export interface DiscordBotOptions {
  /** The clock interaction tokens are aged with (tests move it). */
  now?: () => number;
  /** The pace of bot-token requests (Discord's global limit is 50/s). */
  pace?: PaceOptions;
}
/** Discord's autocomplete: 25 choices at most, each named in 100 characters at most. */
const AUTOCOMPLETE_CHOICES = 25;
const AUTOCOMPLETE_NAME = 100;

/**
 * The Discord adapter: slash commands and components become the engine's inbound events, views
 * become messages, select menus, buttons, modals and embeds in the learner's private thread. It
 * decides nothing: ownership, phases and answers are the engine's.
 */
export class DiscordBot implements ChatAdapter {
  readonly platform = 'discord';
  readonly client: Client;
  private readonly roleIds = new Map<string, { id: string | undefined; at: number }>();
  private readonly dms = new DmChannels(async (userId) => ((await this.client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string }).id);
  private readonly seen = new Set<string>();
  /** The REST client: bot-token requests paced by lane, interaction endpoints apart (see rest.ts). */
  readonly rest: DiscordRest;
  /** When each interaction under way arrived, on `now`'s clock: its token's age. */
  private readonly received = new WeakMap<Interaction, number>();
  private readonly now: () => number;

  constructor(
    private readonly engine: AdapterEngine,
    private readonly settings: DiscordSettings,
    private readonly logger: Logger,
    options: DiscordBotOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: settings.apiUrl },
      allowedMentions: NO_MENTIONS,
    });
    // The client's own REST instance is replaced before anything used it (login sets the token on ours).
    this.client.rest.clearHashSweeper();
    this.client.rest.clearHandlerSweeper();
    this.rest = new DiscordRest(this.client.options.rest ?? {}, {
      ...(options.pace ? { pace: options.pace } : {}),
      onRateLimit: (hit) => this.logger.warn({ ...hit, total: this.rest.rateLimitHits }, 'Discord a répondu 429 (limite de débit) : requête renvoyée après le délai'),
    });
    this.client.rest = this.rest;
    this.client.on(Events.InteractionCreate, (interaction) => {
      this.received.set(interaction, this.now());
      // Tracked: a graceful stop lets the reply under way reach the learner before disconnecting.
      // Its bot-token requests (a thread to create) wait in the interaction lane, ahead of the clock's and the reminders'.
      this.engine.track(inLane('interaction', () => this.onInteraction(interaction))).catch((error: unknown) => {
        this.logger.error({ err: error, interaction: interaction.id }, 'interaction Discord en échec');
        // Never leave a learner in front of « thinking… » or « This interaction failed »: an honest message instead.
        if (!interaction.isRepliable() || interaction.replied) return;
        const answering = interaction.deferred
          ? interaction.editReply({ content: FAILED, allowedMentions: NO_MENTIONS })
          : interaction.reply({ content: FAILED, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
        answering.catch(() => undefined);
      });
    });
    this.client.on(Events.Error, (error) => this.logger.error({ err: error }, 'erreur du client Discord'));
  }

  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.settings.token);
    await ready;
    this.logger.info({ user: this.client.user?.tag }, 'bot Discord connecté');
  }

  async stop(): Promise<void> {
    await this.client.destroy();
    this.rest.interactionRest.clearHashSweeper();
    this.rest.interactionRest.clearHandlerSweeper();
  }

  /** 429s Discord answered since the start (each one counts towards Discord's ban for invalid requests). */
  get rateLimitHits(): number {
    return this.rest.rateLimitHits;
  }

  connected(): boolean {
    return this.client.isReady();
  }

  /**
   * The learner's thread, or their DMs when there is no channel (a message for them alone, a
   * trainer's report). Settles when Discord accepted every message (nudges are recorded only then).
   */
  async deliver(origin: DrillOrigin, views: View[], options: DeliveryOptions = {}): Promise<void> {
    // A reminder (it has an idempotency key) takes what the limit leaves; a drill's step or start, a report, comes before.
    await inLane(options.idempotencyKey === undefined ? 'delivery' : 'background', async () => this.sendToChannel(await channelOrDm(origin, this.dms), views, options.idempotencyKey));
  }

  /** A cohort drill's start: the member's own private thread in the cohort's channel. */
  async openPrivateSpace(member: CohortMember, { channels }: SpaceContext): Promise<string | undefined> {
    const parent = channels[0] ?? member.channelId ?? undefined;
    if (!parent) return undefined;
    return inLane('delivery', () => this.createPrivateThread(parent, member.userId, member.displayName));
  }

  /** The engine's answer, once what the event wrote is on disk (group commit: one fsync for the moment). */
  private handle(interaction: Interaction, event: Inbound, channelId: string | undefined, trainer = false): Promise<View[]> {
    return this.engine.handleDurably({
      eventId: interaction.id,
      platform: this.platform,
      userId: interaction.user.id,
      displayName: displayName(interaction),
      ...(channelId ? { channelId } : {}),
      trainer,
      event,
    });
  }

  /**
   * Whether the member holds the trainer role (DISCORD_TRAINER_ROLE, an id or a name), read from
   * the interaction Discord signed, never from what the user typed. Without a configured role,
   * members who may manage the server are the trainers.
   */
  private async isTrainer(interaction: ChatInputCommandInteraction): Promise<boolean> {
    if (!interaction.inGuild()) return false;
    const setting = this.settings.trainerRole?.trim();
    if (!setting) return interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
    const member = interaction.member;
    const roles: string[] = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
    const roleId = /^\d{15,22}$/.test(setting) ? setting : await this.roleIdByName(interaction.guildId, setting);
    return roleId !== undefined && roles.includes(roleId);
  }

  private async roleIdByName(guildId: string, name: string): Promise<string | undefined> {
    const cached = this.roleIds.get(guildId);
    if (cached && Date.now() - cached.at < ROLE_CACHE_MS) return cached.id;
    const roles = (await this.client.rest.get(Routes.guildRoles(guildId))) as Array<{ id: string; name: string }>;
    const id = roles.find((role) => role.name.toLocaleLowerCase('fr') === name.toLocaleLowerCase('fr'))?.id;
    if (!id) this.logger.warn({ guild: guildId, role: name }, 'rôle formateur introuvable sur ce serveur');
    this.roleIds.set(guildId, { id, at: Date.now() });
    return id;
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    // Asked at every key typed, answered from the bank, recorded nowhere.
    if (interaction.isAutocomplete()) return this.onAutocomplete(interaction);
    // A replayed INTERACTION_CREATE (gateway resume) was answered the first time: no second thread, no second ack.
    if (this.seen.has(interaction.id) || this.engine.alreadyHandled(this.platform, interaction.id)) return;
    this.seen.add(interaction.id);
    if (this.seen.size > REMEMBERED_INTERACTIONS) this.seen.delete(this.seen.values().next().value!);
    if (interaction.isChatInputCommand()) return this.onCommand(interaction);
    if (interaction.isButton() || interaction.isStringSelectMenu()) return this.onComponent(interaction);
    if (interaction.isModalSubmit()) return this.onModal(interaction);
    // Anything else a user can trigger (another kind of menu) is not ours: still answered.
    if (interaction.isRepliable()) await this.replyEphemeral(interaction, [OUTDATED]);
  }

  /** The cases matching what is typed in a `scenario` option (Discord shows 25 at most, names of 100 characters). */
  private async onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const choices = focused.name === 'scenario' ? this.engine.scenarioChoices(String(focused.value), AUTOCOMPLETE_CHOICES) : [];
    await interaction.respond(choices.map((choice) => ({ name: cut(choice.label, AUTOCOMPLETE_NAME), value: choice.value })));
  }

  private async onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    if (interaction.commandName === 'calendar' || interaction.commandName === 'nudges') return this.onNudgeCommand(interaction);
    if (isPrivateCommand(interaction.commandName)) {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      // No channel: an export, the timer's milestones and the jury's questions go to the learner alone (DMs).
      await this.replyEphemeral(interaction, await this.handle(interaction, { kind: 'command', name: interaction.commandName, args: [interaction.options.getSubcommand()] }, undefined));
      return;
    }
    if (interaction.commandName === 'coach') {
      const tool = interaction.options.getString('tool');
      if (tool?.startsWith('check')) {
        // The check is a modal: it must be the first answer to the interaction.
        await this.modalOrReply(interaction, await this.handle(interaction, { kind: 'command', name: 'coach', args: tool.split(' ') }, undefined));
        return;
      }
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const cohort = interaction.options.getString('cohort');
      const args = cohort ? ['cohort', cohort] : tool ? tool.split(' ') : [interaction.options.getString('competency') ?? ''].filter(Boolean);
      await this.replyEphemeral(interaction, await this.handle(interaction, { kind: 'command', name: 'coach', args }, undefined, cohort ? await this.isTrainer(interaction) : false));
      return;
    }
    const sub = interaction.options.getSubcommand(false) ?? '';
    // A command registered before an upgrade (or never ours) still gets an answer.
    if (!SUBCOMMANDS.get(interaction.commandName)?.includes(sub)) {
      await this.replyEphemeral(interaction, [UNKNOWN_COMMAND]);
      return;
    }
    // Acknowledge first: creating the thread or checking roles takes a few REST calls.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (interaction.commandName === 'trainer' || interaction.commandName === 'cohort') {
      // Trainers are checked here, on the roles Discord signed, whatever the command's default permissions.
      const trainer = interaction.commandName === 'trainer' && (await this.isTrainer(interaction));
      await this.replyEphemeral(interaction, await this.handle(interaction, await this.cohortEvent(interaction, sub), interaction.channelId, trainer));
      return;
    }
    if (sub === 'history') {
      // One event, one answer: the results and the progress by check together.
      await this.replyEphemeral(interaction, await this.handle(interaction, { kind: 'command', name: 'history', args: ['progress'] }, undefined));
      return;
    }
    const threadId = sub === 'start' ? await this.privateThread(interaction) : this.ownThread(interaction);
    const scenario = interaction.options.getString('scenario') ?? 'random';
    const mode = interaction.options.getString('mode') ?? 'exam';
    const event: Inbound = sub === 'start' ? { kind: 'command', name: 'start', args: [scenario, mode] } : { kind: 'command', name: 'resume' };
    const views = await this.handle(interaction, event, threadId);
    // Nothing to work on (an unknown case, a flood, an error): said privately, and the thread just
    // opened for it is removed rather than left empty.
    const nothingToWorkOn = views.every((view) => view.kind === 'notice');
    if (!threadId || nothingToWorkOn) {
      if (threadId && sub === 'start') await this.removeThread(threadId);
      await this.replyEphemeral(interaction, views);
      return;
    }
    const link = { content: `Votre exercice est dans le fil <#${threadId}>.`, allowedMentions: NO_MENTIONS };
    if (sub !== 'start') {
      await this.sendToChannel(threadId, views);
      await interaction.editReply(link);
      return;
    }
    // The thread is the learner's. The case and the first question go there in the lane of deliveries,
    // after the threads of those who started at the same time: when many start together, the link
    // (through the interaction, outside the global limit) does not wait for them more than half a
    // second, so everyone has somewhere to go within seconds; alone, it comes once they are there.
    const opening = sameFlowIn('delivery', () => this.sendToChannel(threadId, views));
    // Awaited below; until then a failure must not go unhandled (the link may fail first).
    opening.catch(() => undefined);
    // Many requests waiting ahead of the opening: it cannot be there within the patience, the link goes now.
    const patience = this.rest.waiting * this.rest.requestInterval < LINK_PATIENCE_MS ? LINK_PATIENCE_MS : 0;
    let timer: NodeJS.Timeout | undefined;
    const posted = await Promise.race([opening.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), patience)))]).finally(() => clearTimeout(timer));
    await interaction.editReply(posted ? link : { ...link, content: `Votre exercice est dans le fil <#${threadId}> : le cas et la première question y arrivent dans quelques secondes.` });
    try {
      await opening;
    } catch (error) {
      // The link is out: the learner hears why the thread stays empty (« /drill resume » brings the drill back).
      this.logger.error({ err: error, thread: threadId }, 'ouverture de l’exercice non publiée dans le fil');
      await interaction.followUp({ content: FAILED, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }).catch(() => undefined);
    }
  }

  /** /calendar and /nudges: a modal for the import, private answers for the rest. */
  private async onNudgeCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const sub = interaction.options.getSubcommand();
    if (interaction.commandName === 'calendar' && sub === 'import') {
      await this.modalOrReply(interaction, await this.handle(interaction, { kind: 'command', name: 'calendar', args: ['import'] }, undefined));
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const option = ['timezone', 'for', 'hours', 'zone'].map((name) => interaction.options.getString(name)).find((value): value is string => typeof value === 'string');
    const args = interaction.commandName === 'calendar' ? [sub] : [sub, ...(option ? [option] : [])];
    await this.replyEphemeral(interaction, await this.handle(interaction, { kind: 'command', name: interaction.commandName, args }, undefined));
  }

  private async cohortEvent(interaction: ChatInputCommandInteraction, sub: string): Promise<Inbound> {
    const text = (name: string) => interaction.options.getString(name) ?? '';
    if (sub === 'milestone') return { kind: 'command', name: 'milestone', args: [text('code'), text('date'), text('time'), ...text('label').split(/\s+/)] };
    if (sub === 'launch') return { kind: 'command', name: 'launch', args: [text('scenario'), text('when'), interaction.options.getString('mode') ?? 'exam'] };
    if (sub === 'create') return { kind: 'command', name: 'cohort-create-here', args: [text('name')] };
    return { kind: 'command', name: sub === 'bind' ? 'cohort-bind' : 'cohort-join', args: [text('code')] };
  }

  private async createPrivateThread(channelId: string, userId: string, name: string): Promise<string> {
    const thread = (await this.client.rest.post(Routes.threads(channelId), {
      body: { name: `Exercice — ${name}`.slice(0, 100), type: ChannelType.PrivateThread, invitable: false, auto_archive_duration: 1440 },
    })) as { id: string };
    await this.client.rest.put(Routes.threadMembers(thread.id, userId));
    return thread.id;
  }

  private async removeThread(threadId: string): Promise<void> {
    try {
      await this.client.rest.delete(Routes.channel(threadId));
    } catch (error) {
      this.logger.warn({ err: error, thread: threadId }, 'fil privé inutilisé non supprimé');
    }
  }

  /**
   * A private thread for the learner in the channel of the command (through REST, so no cache is
   * needed); undefined where threads are not allowed (a DM, missing permission): replies are then
   * ephemeral.
   */
  private async privateThread(interaction: ChatInputCommandInteraction): Promise<string | undefined> {
    if (!interaction.inGuild()) return undefined;
    try {
      return await this.createPrivateThread(interaction.channelId, interaction.user.id, displayName(interaction));
    } catch (error) {
      this.logger.warn({ err: error, channel: interaction.channelId }, 'fil privé impossible : réponses éphémères');
      return undefined;
    }
  }

  private async onComponent(interaction: ButtonInteraction | StringSelectMenuInteraction): Promise<void> {
    const id = discordIds.decode(interaction.customId);
    // Checkboxes and their « Valider » button are Slack's: never on a Discord message.
    // Checkboxes and forms written in a message are Slack's: on Discord such an id was forged.
    if (!id || id.kind === 'checkboxes' || id.kind === 'validate' || id.kind === 'send') {
      await this.replyEphemeral(interaction, [OUTDATED]);
      return;
    }
    const event: Inbound =
      id.kind === 'modal'
        ? { kind: 'command', name: 'form', args: [id.form] }
        : { kind: 'choice', prompt: id.prompt, values: id.kind === 'button' ? [id.value] : interaction.isStringSelectMenu() ? interaction.values : [] };
    const views = await this.handle(interaction, event, this.answeredPrivately(interaction) ? undefined : interaction.channelId);
    const form = views.find(isForm);
    // A modal must be the first answer to the interaction: it opens at once. A form with rules to
    // read before writing comes first as a message carrying them and its button (a modal shows no
    // text); that button opens the modal.
    if (form && (id.kind === 'modal' || !form.rules?.length)) {
      await interaction.showModal(modalFor(form));
      return;
    }
    // Refused, nothing to do, or a button the whole channel shares (an invitation): answered to
    // this person alone, and the message keeps its buttons.
    if (views.length === 0 || isRefusal(views) || (id.kind !== 'modal' && id.shared)) {
      await this.replyEphemeral(interaction, views.length > 0 ? views : [OUTDATED]);
      return;
    }
    // The answered question loses its buttons; what follows comes as new messages.
    await interaction.update({ components: [] });
    await this.continueAfter(interaction, views);
  }

  private async onModal(interaction: ModalSubmitInteraction): Promise<void> {
    const id = discordIds.decode(interaction.customId);
    if (id?.kind !== 'modal') {
      await this.replyEphemeral(interaction, [OUTDATED]);
      return;
    }
    const values = Object.fromEntries(interaction.fields.fields.map((field) => [field.customId, 'value' in field ? String(field.value) : '']));
    const views = await this.handle(interaction, { kind: 'form', form: id.form, values }, this.answeredPrivately(interaction) ? undefined : (interaction.channelId ?? undefined));
    if (views.length === 0 || isRefusal(views)) {
      await this.replyEphemeral(interaction, views.length > 0 ? views : [OUTDATED]);
      return;
    }
    // Opened from a command (an import, a check): answered privately, as the command would have been.
    if (!interaction.isFromMessage()) {
      await this.replyEphemeral(interaction, views);
      return;
    }
    // Opened from a question: that question loses its buttons, what follows comes after it.
    await interaction.update({ components: [] });
    await this.continueAfter(interaction, views);
  }

  /** A form opens as a modal, which must be the interaction's first answer; anything else is a private reply. */
  private async modalOrReply(interaction: ChatInputCommandInteraction, views: View[]): Promise<void> {
    const form = views.find(isForm);
    if (form) await interaction.showModal(modalFor(form));
    else await this.replyEphemeral(interaction, views);
  }

  /**
   * Views for the person who acted alone; an empty answer still says something (every interaction
   * gets one). A view meant for the whole channel (a cohort's invitation to join) is posted there.
   */
  private async replyEphemeral(interaction: RepliableInteraction, views: View[]): Promise<void> {
    const channelId = interaction.inGuild() ? interaction.channelId : undefined;
    const forChannel = channelId ? views.filter(isInvitation) : [];
    const own = views.filter((view) => !forChannel.includes(view));
    const rendered = renderViews(own.length > 0 ? own : forChannel.length > 0 ? [POSTED_IN_CHANNEL] : [NOTHING_TO_SHOW]);
    for (const [index, raw] of rendered.entries()) {
      const message = forInteraction(raw);
      if (index === 0 && (interaction.deferred || interaction.replied)) await interaction.editReply(message);
      else if (index === 0) await interaction.reply({ ...message, flags: MessageFlags.Ephemeral as const });
      else await this.followUp(interaction, raw, true);
    }
    if (channelId && forChannel.length > 0) await this.sendToChannel(channelId, forChannel);
  }

  /**
   * What follows an answer to a question. In the learner's thread: new messages there. From a
   * private message (an ephemeral drill, coaching, a nudge in a DM): private follow-ups, to the
   * end — whatever started privately stays private.
   */
  private async continueAfter(interaction: ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction, views: View[]): Promise<void> {
    const privately = this.answeredPrivately(interaction);
    // One message for the receipt, the feedback and the next question (more only past Discord's limits).
    for (const message of renderViews(views)) await this.followUp(interaction, message, privately);
  }

  /**
   * A message through the interaction's webhook (not bound by the global limit). Its token lasts 15
   * minutes: past that (or when Discord says it expired) the bot token carries it where the learner
   * reads: the channel, or their DMs for what was private. Never lost for an expired token.
   */
  private async followUp(interaction: RepliableInteraction, message: DiscordMessage, privately: boolean): Promise<void> {
    const received = this.received.get(interaction) ?? this.now();
    if (this.now() - received < INTERACTION_TOKEN_MS) {
      try {
        await interaction.followUp({ ...forInteraction(message), ...(privately ? { flags: MessageFlags.Ephemeral as const } : {}) });
        return;
      } catch (error) {
        if (!expiredToken(error)) throw error;
        this.logger.warn({ err: error, interaction: interaction.id }, 'jeton d’interaction expiré : message envoyé avec le jeton du bot');
      }
    }
    const channelId = privately || !interaction.channelId ? await this.dms.of(interaction.user.id) : interaction.channelId;
    await this.postMessage(channelId, message);
  }

  /**
   * An interaction on a private message (ephemeral, in a DM) or on a form opened from a command.
   * The engine then gets no channel: a drill started from there is timed in the learner's DMs
   * (reading over, reminders, automatic submission), never in the channel under the message.
   */
  private answeredPrivately(interaction: ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction): boolean {
    return !interaction.inGuild() || !interaction.channelId || !interaction.message || interaction.message.flags.has(MessageFlags.Ephemeral);
  }

  /**
   * The channel of a command when it is one of the bot's private threads (the learner's drill
   * thread: only they and the bot are in it); undefined anywhere else, where answers are private.
   */
  private ownThread(interaction: ChatInputCommandInteraction): string | undefined {
    const channel = interaction.channel;
    return channel?.type === ChannelType.PrivateThread && channel.ownerId === this.client.user?.id ? interaction.channelId : undefined;
  }

  private async sendToChannel(channelId: string, views: View[], idempotencyKey?: string): Promise<void> {
    const messages = renderViews(views);
    for (const [index, message] of messages.entries()) await this.postMessage(channelId, message, idempotencyKey === undefined ? undefined : nonceFor(`${idempotencyKey}#${index}`));
  }

  /** Through REST: works for any channel id, cached or not; discord.js queues and retries 429s. */
  private async postMessage(channelId: string, message: DiscordMessage, nonce?: string): Promise<void> {
    await this.client.rest.post(Routes.channelMessages(channelId), {
      // With an enforced nonce Discord returns the message already created with it (a resend after a crash) instead of a second one.
      body: { content: message.content, embeds: message.embeds, components: message.components, allowed_mentions: { parse: [] }, ...(nonce ? { nonce, enforce_nonce: true } : {}) },
      ...(message.files ? { files: message.files } : {}),
    });
  }
}
