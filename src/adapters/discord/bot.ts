import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
  type TextBasedChannel,
} from 'discord.js';
import type { DiscordSettings } from '../../config.js';
import type { Engine } from '../../engine/engine.js';
import type { Inbound, View } from '../../engine/views.js';
import type { Logger } from '../../logger.js';
import { decodeComponentId } from './ids.js';
import { modalFor, renderMessages, type DiscordMessage } from './render.js';

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
    const thread = sub === 'start' ? await this.privateThread(interaction) : interaction.channel?.isThread() ? interaction.channel : undefined;
    const scenario = interaction.options.getString('scenario') ?? 'random';
    const mode = interaction.options.getString('mode') ?? 'exam';
    const event: Inbound = sub === 'start' ? { kind: 'command', name: 'start', args: [scenario, mode] } : { kind: 'command', name: 'resume' };
    const views = this.handle(interaction, event, thread?.id);
    if (!thread || isRefusal(views)) {
      await this.replyEphemeral(interaction, views);
      return;
    }
    await this.sendViews(thread, views);
    await interaction.editReply({ content: `Votre exercice est dans le fil <#${thread.id}>.`, allowedMentions: NO_MENTIONS });
  }

  /** A private thread for the learner in the channel of the command; undefined where threads are not allowed. */
  private async privateThread(interaction: ChatInputCommandInteraction) {
    const channel = interaction.channel;
    if (!channel || channel.type !== ChannelType.GuildText) return undefined;
    try {
      const thread = await channel.threads.create({
        name: `Exercice — ${displayName(interaction)}`.slice(0, 100),
        type: ChannelType.PrivateThread,
        invitable: false,
        autoArchiveDuration: 1440,
      });
      await thread.members.add(interaction.user.id);
      return thread;
    } catch (error) {
      this.logger.warn({ err: error, channel: channel.id }, 'fil privé impossible : réponses éphémères');
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
    if (isRefusal(views) || views.length === 0) {
      if (views.length === 0) await interaction.deferUpdate();
      else await this.replyEphemeral(interaction, views);
      return;
    }
    await interaction.update({ components: [] });
    await this.sendViews(interaction.channel, views, interaction);
  }

  private async onModal(interaction: ModalSubmitInteraction): Promise<void> {
    const id = decodeComponentId(interaction.customId);
    if (id?.kind !== 'modal') return;
    const values = Object.fromEntries(interaction.fields.fields.map((field) => [field.customId, 'value' in field ? String(field.value) : '']));
    const views = this.handle(interaction, { kind: 'form', form: id.form, values }, interaction.channelId ?? undefined);
    if (isRefusal(views)) {
      await this.replyEphemeral(interaction, views);
      return;
    }
    await interaction.deferUpdate();
    await this.sendViews(interaction.channel, views, interaction);
  }

  private async replyEphemeral(interaction: ChatInputCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction, views: View[]): Promise<void> {
    const messages = views.flatMap(renderMessages);
    for (const [index, message] of messages.entries()) {
      const payload = { ...message, flags: MessageFlags.Ephemeral as const };
      if (index === 0 && (interaction.deferred || interaction.replied)) await interaction.editReply(message);
      else if (index === 0) await interaction.reply(payload);
      else await interaction.followUp(payload);
    }
  }

  private async sendViews(channel: TextBasedChannel | null, views: View[], interaction?: MessageComponentInteraction | ModalSubmitInteraction): Promise<void> {
    const messages: DiscordMessage[] = views.flatMap(renderMessages);
    if (!channel || !channel.isSendable()) {
      // No channel to write in (a DM the bot cannot see): answer privately instead.
      if (interaction) for (const message of messages) await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
      return;
    }
    for (const message of messages) await channel.send(message);
  }

  private async sendToChannel(channelId: string, views: View[]): Promise<void> {
    const channel = await this.client.channels.fetch(channelId);
    if (channel?.isSendable()) await this.sendViews(channel, views);
  }
}
