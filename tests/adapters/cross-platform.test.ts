import { afterEach, describe, expect, it } from 'vitest';
import { DiscordBot } from '../../src/adapters/discord/bot.js';
import { registerAdapters } from '../../src/adapters/port.js';
import { SlackBot } from '../../src/adapters/slack/bot.js';
import { M13_TIMING } from '../../src/core/drill/types.js';
import { ManualClock } from '../../src/engine/clock.js';
import { createEngine } from '../../src/engine/wiring.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/store/database.js';
import { startFakeDiscord, type FakeMessage } from '../fakes/discord.js';
import { startFakeSlack, type FakeSlackUser } from '../fakes/slack-server.js';
import { fixtureScenario, scoringResources } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const running: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  while (running.length > 0) await running.pop()!();
});

const TRAINER: FakeSlackUser = { id: 'U0TRAIN', name: 'nadia' };
const TRAINERS_CHANNEL = 'C0FORMA';

function textOf(message: FakeMessage): string {
  return message.content || ((message.embeds[0] as { description?: string } | undefined)?.description ?? '');
}

describe('one process, two platforms', () => {
  it('a drill launched from Slack reaches a cohort member on Discord at its start time, and the summary comes back to the trainer’s Slack DM', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
    const [slack, discord] = await Promise.all([startFakeSlack(), startFakeDiscord()]);
    running.push(() => slack.close(), () => discord.close());
    const guild = discord.addGuild({ name: 'Promo CM', channels: [{ name: 'promo' }], roles: [{ name: 'Formateur' }] });
    const learner = discord.createUser({ username: 'camille', global_name: 'Camille' });
    const discordTrainer = discord.createUser({ username: 'nadia' });
    const promo = guild.channelId('promo');

    const db = openDatabase(':memory:');
    const { engine, restore } = createEngine({ db, clock, scheduler: clock, scenarios: new Map([[scenario.id, scenario]]), resources: await scoringResources(), timing: M13_TIMING, defaultTimezone: 'Europe/Paris', random: () => 0 });
    const logger = createLogger('silent');
    const discordBot = new DiscordBot(engine, { token: discord.token, appId: discord.applicationId, guildId: guild.id, trainerRole: 'Formateur', apiUrl: discord.apiUrl }, logger);
    const slackBot = new SlackBot(engine, { botToken: slack.botToken, appToken: slack.appToken, signingSecret: undefined, trainerIds: [TRAINER.id], apiUrl: slack.apiUrl, port: 0 }, logger);
    registerAdapters(engine, [discordBot, slackBot]);
    await Promise.all([discordBot.start(), slackBot.start()]);
    restore();
    running.push(() => clock.cancelAll(), () => discordBot.stop(), () => slackBot.stop(), () => void db.close());
    await slack.waitFor(() => slack.connected, 3_000, 'Socket Mode');

    // The cohort is created in Slack; on Discord a trainer binds the promotion's channel to it.
    const create = slack.slashCommand({ user: TRAINER, channel: TRAINERS_CHANNEL, text: 'cohort create Promo Hiver' });
    const created = await slack.waitFor(() => slack.responses.find((response) => response.responseUrl === create.responseUrl), 3_000, 'la création');
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(String(created.body.text))![1]!;
    const bind = discord.slashCommand({ name: 'trainer', subcommand: 'bind', options: { code }, user: discordTrainer, memberRoles: ['Formateur'], channelId: promo });
    await discord.waitFor(() => textOf(discord.originalResponse(bind.id) ?? ({ content: '', embeds: [] } as unknown as FakeMessage)).includes('lié à la cohorte'), 5_000, 'la liaison');
    const join = discord.slashCommand({ name: 'cohort', subcommand: 'join', options: { code }, user: learner, channelId: promo });
    await discord.waitFor(() => textOf(discord.originalResponse(join.id) ?? ({ content: '', embeds: [] } as unknown as FakeMessage)).includes('Bienvenue'), 5_000, 'l’inscription');

    // Launched from the Slack modal for 10:15 Paris time, in practice mode with a one-hour window.
    slack.slashCommand({ user: TRAINER, channel: TRAINERS_CHANNEL, text: 'drill launch' });
    const modal = await slack.waitFor(() => slack.views.find((view) => view.method === 'views.open'), 3_000, 'la fenêtre de lancement');
    const submit = slack.viewSubmission({ user: TRAINER, view: modal, values: { scenario: scenario.id, cohort: '1', date: '2026-11-28', time: '10:15', mode: 'practice', window: '60' } });
    expect((await slack.waitForAck(submit.envelopeId)).payload).toEqual({});

    const threads = () => discord.requests.filter((request) => request.route === 'POST /channels/:channel/threads' && request.path === `/channels/${promo}/threads`);
    clock.advance(14 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(threads()).toHaveLength(0);
    clock.advance(60_000);
    await discord.waitFor(() => threads().length === 1, 5_000, 'le fil du membre Discord');
    const threadId = (threads()[0]!.response as { id: string }).id;
    await discord.waitFor(() => discord.threadMembers.get(threadId)?.has(learner.id), 5_000, 'le membre dans son fil');
    const opening = await discord.waitFor(() => discord.messagesIn(threadId).find((message) => message.components.length > 0), 5_000, 'la première question');
    expect(textOf(discord.messagesIn(threadId)[0]!)).toContain('Exercice de la cohorte « Promo Hiver »');

    // Camille answers every comment « no action » in her Discord thread and submits.
    let current = opening;
    for (let index = 0; index < scenario.comments.length; index += 1) {
      const customId = JSON.stringify(current.components).match(/"custom_id":"(b\|needs:[^"]+\|no)"/)![1]!;
      const clicked = discord.componentInteraction({ customId, message: current.id, user: learner });
      await discord.waitForCallback(clicked.id, 5_000);
      const previous = current.id;
      current = await discord.waitFor(() => [...discord.messagesIn(threadId)].reverse().find((message) => message.components.length > 0 && message.id !== previous), 5_000, 'la question suivante');
      // Practice offers to rewrite what failed: Camille goes on.
      const next = JSON.stringify(current.components).match(/"custom_id":"(b\|retry:[^"]+\|next)"/)?.[1];
      if (next) {
        const offer = current.id;
        await discord.waitForCallback(discord.componentInteraction({ customId: next, message: offer, user: learner }).id, 5_000);
        current = await discord.waitFor(() => [...discord.messagesIn(threadId)].reverse().find((message) => message.components.length > 0 && message.id !== offer), 5_000, 'la question suivante');
      }
    }
    const select = JSON.stringify(current.components).match(/"custom_id":"(s\|submit:[^"]+)"/)![1]!;
    const submitted = discord.componentInteraction({ customId: select, componentType: 3, values: ['submit'], message: current.id, user: learner });
    await discord.waitForCallback(submitted.id, 5_000);
    await discord.waitFor(() => db.prepare('SELECT COUNT(*) FROM scores').pluck().get() === 1, 5_000, 'la copie rendue');

    // The window closes: the summary with Camille's verdicts comes to the trainer's Slack DM, not to the channel the launch was typed in.
    clock.advance(60 * 60_000);
    const summary = await slack.waitFor(() => slack.messagesIn('D0TRAIN').find((message) => message.text.startsWith('Bilan')), 3_000, 'le bilan sur Slack');
    expect(summary.text).toMatch(/1\/1 copie rendue\.\nCamille : Cr7\.1 \d+ % (non )?atteint/);
    expect(slack.messagesIn(TRAINERS_CHANNEL)).toEqual([]);
    expect(slack.unexpected).toEqual([]);
    expect(discord.unexpected).toEqual([]);
  });
});
