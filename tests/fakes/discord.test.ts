import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import {
  ActionRowBuilder,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ClientOptions,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './discord.js';

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake?.close();
  fake = undefined;
});

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A fake Discord and a real discord.js client logged in to it (clientReady received). */
async function start(options: FakeDiscordOptions = {}, clientOptions: Partial<ClientOptions> = {}): Promise<{ fake: FakeDiscord; client: Client }> {
  const server = await startFakeDiscord(options);
  fake = server;
  const bot = new Client({ intents: [GatewayIntentBits.Guilds], ...clientOptions, rest: { api: server.apiUrl, retries: 1 } });
  client = bot;
  const ready = new Promise<void>((resolve) => bot.once(Events.ClientReady, () => resolve()));
  await within(bot.login(server.token), 5_000, 'login');
  await within(ready, 5_000, 'clientReady');
  return { fake: server, client: bot };
}

/** Runs `handle` for each interaction, keeping its errors for the test to assert on. */
function onInteraction(bot: Client, handle: (interaction: Interaction) => Promise<unknown>): { seen: string[]; errors: unknown[] } {
  const seen: string[] = [];
  const errors: unknown[] = [];
  bot.on(Events.InteractionCreate, (interaction) => {
    seen.push(interaction.id);
    handle(interaction).catch((error: unknown) => errors.push(error));
  });
  return { seen, errors };
}

const gatewayOps = (server: FakeDiscord, op: number): number => server.gatewayReceived.filter((frame) => frame.op === op).length;

describe('fake Discord with the real discord.js client', () => {
  it('logs in: clientReady fires, the bot user is ours, only 127.0.0.1 is contacted', async () => {
    const remotes: string[] = [];
    const lookups: string[] = [];
    const onSocket = (message: unknown): void => {
      const socket = (message as { socket: Socket }).socket;
      socket.once('lookup', (_error: Error | null, _address: string, _family: number, host: string) => lookups.push(host));
      socket.once('connect', () => remotes.push(socket.remoteAddress ?? '?'));
    };
    subscribe('net.client.socket', onSocket);
    try {
      const { fake: server, client: bot } = await start();
      expect(bot.user?.id).toBe(server.botUser.id);
      expect(bot.user?.bot).toBe(true);
      expect(bot.application?.id).toBe(server.applicationId);

      const gatewayBot = server.requests.find((request) => request.route === 'GET /gateway/bot');
      expect(gatewayBot?.authorized).toBe(true);
      expect(gatewayBot?.headers.authorization).toBe(`Bot ${server.token}`);
      expect(server.connections).toHaveLength(1);
      expect(server.connections[0]?.url).toBe('/gateway?v=10&encoding=json');
      const identify = server.gatewayReceived.find((frame) => frame.op === 2);
      expect(identify?.d).toMatchObject({ token: server.token, intents: GatewayIntentBits.Guilds, shard: [0, 1], compress: false });
      expect(server.unexpected).toEqual([]);
    } finally {
      unsubscribe('net.client.socket', onSocket);
    }
    expect(lookups).toEqual([]);
    expect(remotes.length).toBeGreaterThanOrEqual(2); // REST and gateway
    expect(new Set(remotes)).toEqual(new Set(['127.0.0.1']));
  });

  it('autocomplete: the focused option reaches the client, the type-8 answer is checked as Discord does (25 choices, names of 100)', async () => {
    const { fake: server, client: bot } = await start();
    const answers = ['ok', 'too many', 'too long'];
    const handled = onInteraction(bot, async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      expect(interaction.options.getFocused(true)).toMatchObject({ name: 'scenario', value: 'caf' });
      const answer = answers.shift();
      if (answer === 'ok') await interaction.respond([{ name: 'Café de la gare', value: 'cafe' }]);
      else if (answer === 'too many') await interaction.respond(Array.from({ length: 26 }, (_, index) => ({ name: `Cas ${index}`, value: `cas-${index}` })));
      else await interaction.respond([{ name: 'x'.repeat(101), value: 'long' }]);
    });
    const ok = server.autocomplete({ name: 'drill', subcommand: 'start', focused: { name: 'scenario', value: 'caf' } });
    expect(await server.waitForCallback(ok.id)).toMatchObject({ type: 8, data: { choices: [{ name: 'Café de la gare', value: 'cafe' }] } });
    for (const refused of [server.autocomplete({ name: 'drill', subcommand: 'start', focused: { name: 'scenario', value: 'caf' } }), server.autocomplete({ name: 'drill', subcommand: 'start', focused: { name: 'scenario', value: 'caf' } })]) {
      await server.waitFor(() => server.failures.some((failure) => failure.path.includes(refused.id)), 5_000, 'le refus');
      expect(server.callbacksFor(refused.id)).toEqual([]);
    }
    await server.waitFor(() => handled.errors.length === 2, 5_000, 'les deux refus côté client');
    expect(String(handled.errors[0])).toMatch(/Invalid Form Body/);
  });

  it('slash command → ephemeral reply: callback type 4 with content and flags 64, sent without a token', async () => {
    const { fake: server, client: bot } = await start();
    const handled = onInteraction(bot, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      expect(interaction.commandName).toBe('entrainement');
      expect(interaction.options.getString('scenario')).toBe('boutique');
      expect(interaction.options.getInteger('niveau')).toBe(2);
      await interaction.reply({ content: `Scénario ${interaction.options.getString('scenario')}`, flags: MessageFlags.Ephemeral });
    });
    const { id } = server.slashCommand({ name: 'entrainement', options: { scenario: 'boutique', niveau: 2 } });
    const callback = await server.waitForCallback(id);
    expect(handled.errors).toEqual([]);
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: 'Scénario boutique', flags: 64 });
    const request = server.requests.find((candidate) => candidate.route === 'POST /interactions/:id/:token/callback');
    expect(request?.status).toBe(204);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.query).toEqual({ with_response: 'false' });
    const original = server.originalResponse(id);
    expect(original?.ephemeral).toBe(true);
    expect(original?.content).toBe('Scénario boutique');
    expect(server.unexpected).toEqual([]);
  });

  it('a command in a DM (no guild, no member) answered withResponse: the callback answers 200 with the message', async () => {
    const { fake: server, client: bot } = await start();
    const messageIds: string[] = [];
    const handled = onInteraction(bot, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      expect(interaction.inGuild()).toBe(false);
      expect(interaction.user.id).toBe(server.defaultUser.id);
      const response = await interaction.reply({ content: 'Bonjour en privé', withResponse: true });
      messageIds.push(response.resource?.message?.id ?? 'none');
    });
    const { id } = server.slashCommand({ name: 'aide', guildId: null });
    await server.waitFor(() => messageIds.length === 1, 2_000, 'the reply');
    expect(handled.errors).toEqual([]);
    expect(messageIds).toEqual([server.originalResponse(id)?.id]);
    expect(server.channel(server.originalResponse(id)?.channelId ?? '')).toMatchObject({ type: ChannelType.DM });
  });

  it('string select → interaction.update(): callback type 7 edits the message carrying the menu', async () => {
    const { fake: server, client: bot } = await start();
    const handled = onInteraction(bot, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const menu = new StringSelectMenuBuilder()
          .setCustomId('s|prompt-1')
          .addOptions({ label: 'Répondre', value: 'reply' }, { label: 'Masquer', value: 'hide' });
        await interaction.reply({ content: 'Que faites-vous ?', components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)] });
      } else if (interaction.isStringSelectMenu()) {
        await interaction.update({ content: `Choix : ${interaction.values.join(', ')}`, components: [] });
      }
    });
    const command = server.slashCommand({ name: 'entrainement' });
    await server.waitForCallback(command.id);
    const menuMessage = server.originalResponse(command.id);
    expect(menuMessage?.components).toHaveLength(1);

    const select = server.componentInteraction({ customId: 's|prompt-1', componentType: 3, values: ['hide'] });
    expect((select.payload.message as { id: string }).id).toBe(menuMessage?.id);
    const callback = await server.waitForCallback(select.id);
    expect(handled.errors).toEqual([]);
    expect(callback.type).toBe(7);
    expect(callback.data).toMatchObject({ content: 'Choix : hide', components: [] });
    expect(menuMessage?.content).toBe('Choix : hide');
    expect(menuMessage?.edits).toBe(1);
    expect(server.messages).toHaveLength(1);
  });

  it('modal: showModal (type 9) then a submit whose fields the bot reads, in both field layouts', async () => {
    const { fake: server, client: bot } = await start();
    const handled = onInteraction(bot, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const input = new TextInputBuilder().setCustomId('x').setLabel('Votre réponse').setStyle(TextInputStyle.Paragraph);
        await interaction.showModal(new ModalBuilder().setCustomId('f|form-1').setTitle('Réponse').addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)));
      } else if (interaction.isModalSubmit()) {
        await interaction.reply({ content: `Reçu : ${interaction.fields.getTextInputValue('x')}`, flags: MessageFlags.Ephemeral });
      }
    });
    const command = server.slashCommand({ name: 'repondre' });
    expect((await server.waitForCallback(command.id)).type).toBe(9);
    expect(server.modals[0]).toMatchObject({ custom_id: 'f|form-1', title: 'Réponse' });

    for (const layout of ['actionRow', 'label'] as const) {
      const submit = server.modalSubmit({ customId: 'f|form-1', fields: { x: `Bonjour (${layout})` }, layout });
      const callback = await server.waitForCallback(submit.id);
      expect(callback.type).toBe(4);
      expect(callback.data).toMatchObject({ content: `Reçu : Bonjour (${layout})`, flags: 64 });
    }
    expect(handled.errors).toEqual([]);
  });

  it('deferReply then editReply: callback type 5, then PATCH webhooks/:app/:token/messages/@original', async () => {
    const { fake: server, client: bot } = await start();
    const handled = onInteraction(bot, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await interaction.editReply({ content: 'Correction prête' });
      await interaction.followUp({ content: 'Et un complément', flags: MessageFlags.Ephemeral });
    });
    const { id, token } = server.slashCommand({ name: 'corriger' });
    const callback = await server.waitForCallback(id);
    expect(callback.type).toBe(5);
    expect(callback.data).toEqual({ flags: 64 });
    const followUp = await server.waitForRequest('POST', new RegExp(`^/webhooks/${server.applicationId}/${token}$`));
    expect(followUp.status).toBe(200);
    expect(followUp.query.wait).toBe('true');
    expect(handled.errors).toEqual([]);

    const edit = server.requests.find((request) => request.method === 'PATCH' && request.path === `/webhooks/${server.applicationId}/${token}/messages/@original`);
    expect(edit?.status).toBe(200);
    expect(edit?.body).toMatchObject({ content: 'Correction prête' });
    const original = server.originalResponse(id);
    expect(original).toMatchObject({ content: 'Correction prête', ephemeral: true, edits: 1 });
    expect(original?.flags).toBe(64); // « is thinking… » (128) cleared by the edit
    const messages = server.messages.filter((message) => message.interactionId === id);
    expect(messages.map((message) => [message.source, message.content])).toEqual([
      ['interaction', 'Correction prête'],
      ['followup', 'Et un complément'],
    ]);
  });

  it('a followUp right after deferReply fills the « is thinking… » message and keeps its visibility', async () => {
    const { fake: server, client: bot } = await start();
    const handled = onInteraction(bot, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply(); // public
      await interaction.followUp({ content: 'Résultat', flags: MessageFlags.Ephemeral });
      await interaction.followUp({ content: 'Détail', flags: MessageFlags.Ephemeral });
    });
    const { id } = server.slashCommand({ name: 'resultat' });
    await server.waitFor(() => server.messages.filter((message) => message.interactionId === id).length === 2 && server.messages.some((message) => message.content === 'Détail'), 2_000, 'two messages');
    expect(handled.errors).toEqual([]);
    const [first, second] = server.messages.filter((message) => message.interactionId === id);
    expect(first).toMatchObject({ source: 'interaction', content: 'Résultat', ephemeral: false, flags: 0 });
    expect(second).toMatchObject({ source: 'followup', content: 'Détail', ephemeral: true });
  });

  it.each([
    { how: 'close code 4000', drop: (server: FakeDiscord) => server.dropConnection({ code: 4000 }) },
    { how: 'abrupt TCP close (1006)', drop: (server: FakeDiscord) => server.dropConnection({ abrupt: true }) },
    { how: 'gateway op 7 Reconnect', drop: (server: FakeDiscord) => server.requestReconnect() },
  ])('after a $how the client RESUMEs and handles the interaction missed meanwhile exactly once', async ({ drop }) => {
    const { fake: server, client: bot } = await start();
    const handled = onInteraction(bot, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
    });
    const before = server.slashCommand({ name: 'avant' });
    await server.waitForCallback(before.id);

    const sessionId = server.sessionId;
    drop(server);
    expect(server.connected).toBe(false);
    const missed = server.slashCommand({ name: 'pendant' }); // kept for the RESUME replay
    const callback = await server.waitForCallback(missed.id, 5_000);
    expect(callback.type).toBe(4);

    expect(gatewayOps(server, 2)).toBe(1); // a single IDENTIFY
    expect(gatewayOps(server, 6)).toBe(1); // one RESUME
    const resume = server.gatewayReceived.find((frame) => frame.op === 6);
    expect(resume?.d).toEqual({ token: server.token, session_id: sessionId, seq: before.seq });
    expect(server.sessionId).toBe(sessionId);
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1]?.resumed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handled.seen.filter((id) => id === missed.id)).toHaveLength(1);
    expect(server.callbacksFor(missed.id)).toHaveLength(1);
    expect(handled.errors).toEqual([]);
  });

  it('after a close with code 1000 the client IDENTIFYs anew (new session)', async () => {
    // discord.js spaces IDENTIFYs 5 s apart (+ up to 1.5 s): a test-only throttler lets it identify at once.
    const { fake: server, client: bot } = await start({}, { ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => undefined }) } });
    const firstSession = server.sessionId;
    server.dropConnection({ code: 1000 });
    await server.waitFor(() => server.connections[1]?.identified, 5_000, 'a second IDENTIFY');
    expect(gatewayOps(server, 6)).toBe(0);
    expect(server.sessionId).not.toBe(firstSession);
    const handled = onInteraction(bot, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'encore là', flags: MessageFlags.Ephemeral });
    });
    const after = server.slashCommand({ name: 'apres' });
    expect((await server.waitForCallback(after.id)).type).toBe(4);
    expect(handled.errors).toEqual([]);
  });

  it('a 429 on POST /channels/:id/messages is retried by discord.js: two requests, one message', async () => {
    const { fake: server, client: bot } = await start({ guilds: [{ name: 'Maison Lina', channels: [{ name: 'moderation' }] }] });
    const guild = [...bot.guilds.cache.values()][0];
    expect(guild?.name).toBe('Maison Lina');
    const channelId = server.guild(guild?.id ?? '')?.channelId('moderation') ?? '';
    const channel = (await bot.channels.fetch(channelId)) as TextChannel;
    expect(channel.type).toBe(ChannelType.GuildText);

    server.rateLimitOnce('POST', /^\/channels\/\d+\/messages$/, 0.3);
    const started = Date.now();
    const sent = await within(channel.send('Bonjour la communauté'), 5_000, 'channel.send');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(sent.content).toBe('Bonjour la communauté');
    const posts = server.requests.filter((request) => request.route === 'POST /channels/:channel/messages');
    expect(posts.map((request) => request.status)).toEqual([429, 200]);
    expect(posts[0]?.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.3, global: false });
    expect(server.messagesIn(channelId)).toHaveLength(1);
    expect(server.unexpected).toEqual([]);
  });

  it('commands, guild members with roles, a private thread with a member, a DM', async () => {
    const learner = { id: '400000000000000001', username: 'camille', global_name: 'Camille', discriminator: '0', avatar: null };
    const { fake: server, client: bot } = await start({
      guilds: [{ id: '300000000000000001', channels: [{ name: 'entrainement' }], roles: [{ name: 'Formateur' }], members: [{ user: learner, roles: ['Formateur'] }] }],
    });
    const guildFake = server.guild('300000000000000001');
    if (!guildFake) throw new Error('guild missing');

    const registered = await bot.application?.commands.set([{ name: 'entrainement', description: 'Lancer un entraînement' }], guildFake.id);
    const commandId = [...(registered?.keys() ?? [])][0];
    expect(server.commands.get(guildFake.id)?.[0]).toMatchObject({ id: commandId, name: 'entrainement', application_id: server.applicationId, guild_id: guildFake.id });

    const handled = onInteraction(bot, async (interaction) => {
      if (!interaction.isChatInputCommand() || !interaction.inCachedGuild()) throw new Error('expected a command in a cached guild');
      expect(interaction.commandId).toBe(commandId);
      expect(interaction.member.roles.cache.has(guildFake.roleId('Formateur'))).toBe(true);
      const channel = interaction.channel as TextChannel;
      const thread = await channel.threads.create({ name: 'Entraînement de Camille', type: ChannelType.PrivateThread, invitable: false });
      await thread.members.add(interaction.user.id);
      await thread.send({ content: 'Bienvenue dans votre fil', allowedMentions: { parse: [] } });
      await interaction.reply({ content: `Fil : <#${thread.id}>`, flags: MessageFlags.Ephemeral });
      const dm = await bot.users.createDM(interaction.user.id);
      await dm.send('Votre entraînement a commencé.');
    });
    const command = server.slashCommand({ name: 'entrainement', user: learner, memberRoles: ['Formateur'] });
    await server.waitFor(() => server.messages.find((message) => message.content === 'Votre entraînement a commencé.'), 3_000, 'the DM');
    expect(handled.errors).toEqual([]);

    const threadRequest = server.requests.find((request) => request.route === 'POST /channels/:channel/threads');
    expect(threadRequest?.body).toMatchObject({ name: 'Entraînement de Camille', type: 12, invitable: false });
    const threadId = (threadRequest?.response as { id: string }).id;
    expect(server.channel(threadId)).toMatchObject({ type: 12, parent_id: guildFake.channelId('entrainement') });
    expect([...(server.threadMembers.get(threadId) ?? [])]).toContain(learner.id);
    expect(server.messagesIn(threadId).map((message) => message.content)).toEqual(['Bienvenue dans votre fil']);
    expect(server.callbacksFor(command.id)[0]?.data?.content).toBe(`Fil : <#${threadId}>`);
    const dmRequest = server.requests.find((request) => request.route === 'POST /users/@me/channels');
    expect(dmRequest?.body).toEqual({ recipient_id: learner.id });
    for (const request of server.requests.filter((candidate) => /^\/(channels|users|applications|gateway)/.test(candidate.path))) {
      expect(request.authorized, `${request.method} ${request.path}`).toBe(true);
    }
    expect(server.unexpected).toEqual([]);
  });

  it('applies channel overwrites to the bot: no private thread where CREATE_PRIVATE_THREADS is denied, no message where SEND_MESSAGES is', async () => {
    const botId = '500000000000000001';
    const denied = (bit: number) => [{ id: botId, type: 1 as const, deny: String(1n << BigInt(bit)) }];
    const { fake: server, client: bot } = await start({
      botUser: { id: botId },
      guilds: [{ id: '300000000000000002', channels: [{ name: 'ouvert' }, { name: 'sans-fils', permissionOverwrites: denied(36) }, { name: 'muet', permissionOverwrites: denied(11) }] }],
    });
    const guildFake = server.guild('300000000000000002')!;
    const threads = (name: string) => bot.rest.post(`/channels/${guildFake.channelId(name)}/threads`, { body: { name: 'Fil', type: 12 } });
    await expect(threads('sans-fils')).rejects.toMatchObject({ status: 403, rawError: { code: 50013, message: 'Missing Permissions' } });
    const thread = (await threads('ouvert')) as { id: string };
    await expect(bot.rest.post(`/channels/${guildFake.channelId('muet')}/messages`, { body: { content: 'x' } })).rejects.toMatchObject({ status: 403, rawError: { code: 50013 } });
    await bot.rest.post(`/channels/${guildFake.channelId('sans-fils')}/messages`, { body: { content: 'x' } });
    await bot.rest.post(`/channels/${thread.id}/messages`, { body: { content: 'x' } });
    // Interactions carry the bot's permissions in their channel, as Discord's app_permissions.
    const command = server.slashCommand({ name: 'entrainement', channelId: guildFake.channelId('sans-fils') });
    expect(BigInt(command.payload.app_permissions as string) & (1n << 36n)).toBe(0n);
    expect(BigInt(server.slashCommand({ name: 'entrainement', channelId: guildFake.channelId('ouvert') }).payload.app_permissions as string) & (1n << 36n)).toBe(1n << 36n);
  });

  it('checks command names like Discord: lowercase letters of any script (accents included), digits, - and _; localisations and options too', async () => {
    const { fake: server, client: bot } = await start({ guilds: [{ id: '300000000000000003' }] });
    const put = (body: unknown[]) => bot.rest.put(`/applications/${server.applicationId}/guilds/300000000000000003/commands`, { body });
    const command = (extra: Record<string, unknown>) => ({ name: 'formation', description: 'Formation', ...extra });
    await put([command({ name_localizations: { fr: 'créer' }, options: [{ type: 1, name: 'arrêter', name_localizations: { fr: 'données' }, description: 'Arrêter' }], default_member_permissions: '32', contexts: [0] })]);
    expect(server.commands.get('300000000000000003')?.[0]).toMatchObject({ name_localizations: { fr: 'créer' }, default_member_permissions: '32' });
    for (const invalid of [
      command({ name: 'Créer' }),
      command({ name_localizations: { fr: 'un nom' } }),
      command({ options: [{ type: 1, name: 'Arrêter', description: 'Arrêter' }] }),
      command({ options: [{ type: 1, name: 'stop', name_localizations: { fr: 'l’arrêt' }, description: 'Arrêter' }] }),
      command({ options: [{ type: 1, name: 'stop', description: 'x'.repeat(101) }] }),
      command({ default_member_permissions: 'admins' }),
    ]) {
      await expect(put([invalid])).rejects.toMatchObject({ status: 400, rawError: { code: 50035 } });
    }
  });

  it('answers like Discord when the bot errs: unknown route, late or second acknowledgement, limits', async () => {
    const { fake: server, client: bot } = await start({ callbackDeadlineMs: 150 });
    await expect(bot.rest.get('/nowhere/at/all')).rejects.toMatchObject({ status: 404, rawError: { message: '404: Not Found', code: 0 } });
    expect(server.unexpected.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /nowhere/at/all']);

    const outcomes = new Map<string, unknown>();
    onInteraction(bot, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const attempt = async (action: () => Promise<unknown>): Promise<unknown> => action().then(() => 'ok', (error: unknown) => (error instanceof DiscordAPIError ? error.code : error));
      if (interaction.commandName === 'lent') {
        await new Promise((resolve) => setTimeout(resolve, 300));
        outcomes.set(interaction.commandName, await attempt(() => interaction.reply('trop tard')));
      } else if (interaction.commandName === 'deux-fois') {
        await interaction.reply('une');
        outcomes.set(interaction.commandName, await attempt(() => interaction.client.rest.post(`/interactions/${interaction.id}/${interaction.token}/callback`, { body: { type: 4, data: { content: 'deux' } }, auth: false })));
      } else if (interaction.commandName === 'trop-long') {
        outcomes.set(interaction.commandName, await attempt(() => interaction.reply('x'.repeat(2001))));
      } else if (interaction.commandName === 'expire') {
        await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
        server.expireInteraction(interaction.id); // as 15 minutes later
        outcomes.set(interaction.commandName, await attempt(() => interaction.editReply('modifié')));
      }
    });
    for (const name of ['lent', 'deux-fois', 'trop-long', 'expire']) server.slashCommand({ name });
    await server.waitFor(() => outcomes.size === 4, 3_000, 'four outcomes');
    expect(Object.fromEntries(outcomes)).toEqual({ lent: 10062, 'deux-fois': 40060, 'trop-long': 50035, expire: 50027 });
    await expect(bot.rest.get('/users/@me')).resolves.toMatchObject({ id: server.botUser.id }); // the 401 on a webhook did not drop the bot token
    const tooLong = server.failures.find((request) => request.status === 400 && (request.response as { code: number }).code === 50035);
    expect(tooLong?.response).toMatchObject({ errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
  });

  it('answers 429 global beyond 50 bot-token requests in a second, as Discord does; interaction callbacks and webhooks are exempt', async () => {
    const { fake: server, client: bot } = await start();
    let interaction: Interaction | undefined;
    onInteraction(bot, async (received) => {
      interaction = received;
    });
    const command = server.slashCommand({ name: 'essai' });
    await server.waitFor(() => interaction, 3_000, 'the interaction');
    const url = `${server.apiUrl}/v10`;
    const botToken = { authorization: `Bot ${server.token}` };
    // Sent together, outside discord.js's own pacing: 60 requests with the bot token.
    const statuses = await Promise.all(Array.from({ length: 60 }, () => fetch(`${url}/users/@me`, { headers: botToken }).then((response) => response.status)));
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(50);
    const limited = server.requests.filter((request) => request.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(server.globalRateLimited).toBe(limited.length);
    expect(limited[0]!.response).toMatchObject({ message: 'You are being rate limited.', global: true });
    expect(Number((limited[0]!.response as { retry_after: number }).retry_after)).toBeGreaterThan(0);
    // Meanwhile the interaction is answered and followed up: none of it counts.
    const callback = await fetch(`${url}/interactions/${command.id}/${command.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 4, data: { content: 'ok' } }) });
    expect(callback.status).toBe(204);
    const followUps = await Promise.all(Array.from({ length: 5 }, (_, index) => fetch(`${url}/webhooks/${server.applicationId}/${command.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: `suite ${index}` }) }).then((response) => response.status)));
    expect(followUps).toEqual([200, 200, 200, 200, 200]);
  });

  it('ages interaction tokens on the clock it is given: 15 minutes later, follow-ups answer 401 (50027)', async () => {
    let now = Date.UTC(2026, 10, 28, 9);
    const { fake: server, client: bot } = await start({ now: () => now });
    const outcomes: unknown[] = [];
    onInteraction(bot, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
      await interaction.followUp({ content: 'dans les temps', flags: MessageFlags.Ephemeral });
      now += 15 * 60_000 + 1;
      outcomes.push(await interaction.followUp({ content: 'trop tard', flags: MessageFlags.Ephemeral }).then(() => 'ok', (error: unknown) => (error instanceof DiscordAPIError ? error.code : error)));
    });
    server.slashCommand({ name: 'lent' });
    await server.waitFor(() => outcomes.length === 1, 3_000, 'the late follow-up');
    expect(outcomes).toEqual([50027]);
  });

  it('acknowledges heartbeats (the client does not see a zombie connection)', async () => {
    const { fake: server, client: bot } = await start({ heartbeatIntervalMs: 100 });
    await server.waitFor(() => gatewayOps(server, 1) >= 2, 3_000, 'two heartbeats');
    expect(server.gatewaySent.filter((frame) => frame.op === 11).length).toBeGreaterThanOrEqual(2);
    expect(bot.ws.ping).toBeGreaterThanOrEqual(0);
    expect(server.connections).toHaveLength(1);
  });
});
