import {
  ChannelType,
  Client,
  Routes,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { DiscordSettings } from '../../config.js';
import type { Engine } from '../../engine/engine.js';
import type { Inbound, View } from '../../engine/views.js';
import type { Logger } from '../../logger.js';
import { decodeComponentId } from './ids.js';
import { modalFor, renderViews, type DiscordMessage } from './render.js';

const NO_MENTIONS = { parse: [] as [], repliedUser: false };

function displayName(interaction: Interaction | MessageComponentInteraction): string {
  const member = interaction.member;
  const nick = member && 'nick' in member && typeof member.nick === 'string' ? member.nick : undefined;
  return nick ?? interaction.user.globalName ?? interaction.user.username;
}

/** Only an error notice came back: say it to the learner alone, not in the thread. */
function isRefusal(views: View[]): boolean {
  return views.length > 0 && views.every((view) => view.kind === 'notice' && view.tone === 'error');
}

/**
 * The Discord adapter: slash commands and components become the engine's inbound events, views
 * become messages, select menus, buttons, modals and embeds in the learner's private thread. It
 * decides nothing: ownership, phases and answers are the engine's.
 */
export class DiscordBot {
  readonly client: Client;

  constructor(
    private readonly engine: Engine,
    private readonly settings: DiscordSettings,
    private readonly logger: Logger,
  ) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: settings.apiUrl },
      allowedMentions: NO_MENTIONS,
    });
    this.client.on(Events.InteractionCreate, (interaction) => {
      this.onInteraction(interaction).catch((error: unknown) => this.logger.error({ err: error, interaction: interaction.id }, 'interaction Discord en échec'));
    });
    this.client.on(Events.Error, (error) => this.logger.error({ err: error }, 'erreur du client Discord'));
    engine.onDeliver('discord', (origin, views) => {
      if (!origin.channelId) return;
      this.sendToChannel(origin.channelId, views).catch((error: unknown) => this.logger.error({ err: error, channel: origin.channelId }, 'envoi Discord en échec'));
    });
  }

  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.settings.token);
    await ready;
    this.logger.info({ user: this.client.user?.tag }, 'bot Discord connecté');
  }

  async stop(): Promise<void> {
    await this.client.destroy();
  }

  private handle(interaction: Interaction | MessageComponentInteraction, event: Inbound, channelId: string | undefined): View[] {
    return this.engine.handle({
      eventId: interaction.id,
      platform: 'discord',
      userId: interaction.user.id,
      displayName: displayName(interaction),
      ...(channelId ? { channelId } : {}),
      event,
    });
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    // A replayed INTERACTION_CREATE (gateway resume) was answered the first time: no second thread, no second ack.
    if (this.engine.alreadyHandled('discord', interaction.id)) return;
    if (interaction.isChatInputCommand()) return this.onCommand(interaction);
    if (interaction.isButton() || interaction.isStringSelectMenu()) return this.onComponent(interaction);
    if (interaction.isModalSubmit()) return this.onModal(interaction);
  }

  private async onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    if (interaction.commandName !== 'drill') return;
    // Acknowledge first: creating the thread takes a few REST calls.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const sub = interaction.options.getSubcommand();
    if (sub === 'history') {
      await this.replyEphemeral(interaction, [...this.handle(interaction, { kind: 'command', name: 'history' }, undefined), ...this.handle(interaction, { kind: 'command', name: 'progress' }, undefined)]);
      return;
    }
    const threadId = sub === 'start' ? await this.privateThread(interaction) : interaction.channel?.isThread() ? interaction.channelId : undefined;
    const scenario = interaction.options.getString('scenario') ?? 'random';
    const mode = interaction.options.getString('mode') ?? 'exam';
    const event: Inbound = sub === 'start' ? { kind: 'command', name: 'start', args: [scenario, mode] } : { kind: 'command', name: 'resume' };
    const views = this.handle(interaction, event, threadId);
    if (views.length === 0) return;
    if (!threadId || isRefusal(views)) {
      await this.replyEphemeral(interaction, views);
      return;
    }
    await this.sendToChannel(threadId, views);
    await interaction.editReply({ content: `Votre exercice est dans le fil <#${threadId}>.`, allowedMentions: NO_MENTIONS });
  }

  /**
   * A private thread for the learner in the channel of the command (through REST, so no cache is
   * needed); undefined where threads are not allowed (a DM, missing permission): replies are then
   * ephemeral.
   */
  private async privateThread(interaction: ChatInputCommandInteraction): Promise<string | undefined> {
    if (!interaction.inGuild()) return undefined;
    try {
      const thread = (await this.client.rest.post(Routes.threads(interaction.channelId), {
        body: { name: `Exercice — ${displayName(interaction)}`.slice(0, 100), type: ChannelType.PrivateThread, invitable: false, auto_archive_duration: 1440 },
      })) as { id: string };
      await this.client.rest.put(Routes.threadMembers(thread.id, interaction.user.id));
      return thread.id;
    } catch (error) {
      this.logger.warn({ err: error, channel: interaction.channelId }, 'fil privé impossible : réponses éphémères');
      return undefined;
    }
  }

  private async onComponent(interaction: MessageComponentInteraction): Promise<void> {
    const id = decodeComponentId(interaction.customId);
    if (!id) {
      await interaction.reply({ content: 'Ce bouton n’est plus d’actualité.', flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    const event: Inbound =
      id.kind === 'modal'
        ? { kind: 'command', name: 'form', args: [id.form] }
        : { kind: 'choice', prompt: id.prompt, values: id.kind === 'button' ? [id.value] : interaction.isStringSelectMenu() ? interaction.values : [] };
    const views = this.handle(interaction, event, interaction.channelId);
    const form = views.find((view): view is Extract<View, { kind: 'form' }> => view.kind === 'form');
    if (form) {
      // A modal must be the first answer to the interaction: it opens at once.
      await interaction.showModal(modalFor(form));
      return;
    }
    // Nothing back: a redelivered interaction, already answered the first time.
    if (views.length === 0) return;
    if (isRefusal(views)) {
      await this.replyEphemeral(interaction, views);
      return;
    }
    // The answered question loses its buttons; what follows comes as new messages.
    await interaction.update({ components: [] });
    await this.sendViews(interaction.channelId, views, interaction);
  }

  private async onModal(interaction: ModalSubmitInteraction): Promise<void> {
    const id = decodeComponentId(interaction.customId);
    if (id?.kind !== 'modal') return;
    const values = Object.fromEntries(interaction.fields.fields.map((field) => [field.customId, 'value' in field ? String(field.value) : '']));
    const views = this.handle(interaction, { kind: 'form', form: id.form, values }, interaction.channelId ?? undefined);
    if (views.length === 0) return;
    if (isRefusal(views)) {
      await this.replyEphemeral(interaction, views);
      return;
    }
    // A modal opened from a message is acknowledged on that message; otherwise a short private receipt.
    if (interaction.isFromMessage()) await interaction.update({ components: [] });
    else await interaction.reply({ content: 'Réponse reçue.', flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    await this.sendViews(interaction.channelId ?? undefined, views, interaction);
  }

  private async replyEphemeral(interaction: ChatInputCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction, views: View[]): Promise<void> {
    const messages = renderViews(views);
    for (const [index, message] of messages.entries()) {
      const payload = { ...message, flags: MessageFlags.Ephemeral as const };
      if (index === 0 && (interaction.deferred || interaction.replied)) await interaction.editReply(message);
      else if (index === 0) await interaction.reply(payload);
      else await interaction.followUp(payload);
    }
  }

  /** Sends views to a channel by id; without a channel (a DM the bot cannot post in) they go privately. */
  private async sendViews(channelId: string | undefined, views: View[], interaction?: MessageComponentInteraction | ModalSubmitInteraction): Promise<void> {
    const messages: DiscordMessage[] = renderViews(views);
    if (!channelId || (interaction && !interaction.inGuild())) {
      if (interaction) for (const message of messages) await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
      return;
    }
    for (const message of messages) await this.postMessage(channelId, message);
  }

  private async sendToChannel(channelId: string, views: View[]): Promise<void> {
    for (const message of renderViews(views)) await this.postMessage(channelId, message);
  }

  /** Through REST: works for any channel id, cached or not; discord.js queues and retries 429s. */
  private async postMessage(channelId: string, message: DiscordMessage): Promise<void> {
    await this.client.rest.post(Routes.channelMessages(channelId), {
      body: { content: message.content, embeds: message.embeds, components: message.components, allowed_mentions: { parse: [] } },
    });
  }
}
