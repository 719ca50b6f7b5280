import { afterEach, describe, expect, it } from 'vitest';
import { DiscordBot } from '../../src/adapters/discord/bot.js';
import { registerAdapters } from '../../src/adapters/port.js';
import { M13_TIMING } from '../../src/core/drill/types.js';
import { ManualClock, systemClock, TimeoutScheduler, type Clock, type Scheduler } from '../../src/engine/clock.js';
import type { Engine } from '../../src/engine/engine.js';
import type { View } from '../../src/engine/views.js';
import type { NudgeService } from '../../src/engine/nudge-service.js';
import { createEngine } from '../../src/engine/wiring.js';
import { loadChecklists } from '../../src/coaching/load.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import type { Scenario } from '../../src/core/scenario/schema.js';
import { caseView } from '../../src/engine/present.js';
import { BUNDLED_SCENARIO_DIR, loadScenarioDir } from '../../src/scenarios/load.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type FakeGuild, type FakeMessage, type FakeUser, type RecordedRequest } from '../fakes/discord.js';
import { customIds, findQuestion, nextQuestion, normalised, question, readableText } from '../helpers/discord-ui.js';
import { fixtureScenario, scoringResources } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const running: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  while (running.length > 0) await running.pop()!();
});

interface World {
  fake: FakeDiscord;
  guild: FakeGuild;
  db: Db;
  bot: DiscordBot;
  learner: FakeUser;
  engine: Engine;
  nudges: NudgeService;
}

interface WorldOptions {
  /** The engine's time (a ManualClock moves cohort start times and deadlines on demand). */
  clock?: Clock & Scheduler;
  trainerRole?: string;
  guild?: Parameters<FakeDiscord['addGuild']>[0];
  /** The bank the engine knows (default: the fixture scenario alone). */
  scenarios?: Scenario[];
  /** The fake's options (its token clock, its global limit). */
  fake?: FakeDiscordOptions;
  /** The clock the bot ages interaction tokens with. */
  botNow?: () => number;
}

async function world(options: WorldOptions = {}): Promise<World> {
  const fake = await startFakeDiscord(options.fake);
  running.push(() => fake.close());
  const guild = fake.addGuild(options.guild ?? { name: 'Promo CM', channels: [{ name: 'entrainement' }] });
  const learner = fake.createUser({ username: 'camille', global_name: 'Camille' });
  const db = openDatabase(':memory:');
  const clock = options.clock ?? systemClock;
  const scheduler = options.clock ?? new TimeoutScheduler(systemClock);
  const { competencies } = await loadChecklists();
  const { engine, nudges, restore } = createEngine({ db, clock, scheduler, scenarios: new Map((options.scenarios ?? [scenario]).map((known) => [known.id, known])), resources: await scoringResources(), timing: M13_TIMING, defaultTimezone: 'Europe/Paris', random: () => 0, competencies });
  const bot = new DiscordBot(engine, { token: fake.token, appId: fake.applicationId, guildId: guild.id, trainerRole: options.trainerRole, apiUrl: fake.apiUrl }, createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'), options.botNow ? { now: options.botNow } : {});
  registerAdapters(engine, [bot]);
  await bot.start();
  restore();
  running.push(() => bot.stop(), () => scheduler.cancelAll(), () => void db.close());
  return { fake, guild, db, bot, learner, engine, nudges };
}

async function startDrill(w: World, mode: 'exam' | 'practice', options: { scenarioId?: string; learner?: FakeUser } = {}): Promise<string> {
  const command = w.fake.slashCommand({ name: 'drill', subcommand: 'start', options: { scenario: options.scenarioId ?? scenario.id, mode }, user: options.learner ?? w.learner, channelId: w.guild.channelId('entrainement') });
  const reply = await w.fake.waitFor(() => w.fake.originalResponse(command.id)?.content.includes('<#') && w.fake.originalResponse(command.id), 5_000, 'le lien vers le fil');
  const threadId = /<#(\d+)>/.exec(reply.content)![1]!;
  expect(w.fake.callbacksFor(command.id)[0]).toMatchObject({ type: 5 });
  expect(reply.ephemeral).toBe(true);
  return threadId;
}

/** Clicks a button (or picks select values) of the current question and waits for the next one. */
const GO_ON = /^b\|retry:.*\|next$/;

/** Practice: past the offer to rewrite what failed, when there is one, to the next question. */
async function goOn(w: World, threadId: string): Promise<void> {
  if (customIds(question(w.fake, threadId)).some((id) => GO_ON.test(id))) await choose(w, threadId, GO_ON);
}

async function choose(w: World, threadId: string, match: RegExp, values?: string[], learner: FakeUser = w.learner): Promise<void> {
  // Practice offers to rewrite what failed after a comment's feedback: a learner who answers the next question goes on first.
  const offered = question(w.fake, threadId);
  if (!customIds(offered).some((id) => match.test(id)) && customIds(offered).some((id) => GO_ON.test(id))) await choose(w, threadId, GO_ON, undefined, learner);
  const current = question(w.fake, threadId);
  const customId = customIds(current).find((id) => match.test(id));
  if (!customId) throw new Error(`pas de composant ${match} dans ${customIds(current).join(', ')}`);
  const interaction = w.fake.componentInteraction({ customId, componentType: values ? 3 : 2, ...(values ? { values } : {}), message: current.id, user: learner });
  await w.fake.waitForCallback(interaction.id, 5_000);
  if (w.fake.callbacksFor(interaction.id)[0]?.type !== 9) await w.fake.waitFor(() => nextQuestion(w.fake, threadId, current.id) ?? (values?.includes('submit') ? current : undefined), 5_000, 'la question suivante');
}

async function answerWithModal(w: World, threadId: string, commentId: string, fields: Record<string, string>): Promise<void> {
  await choose(w, threadId, new RegExp(`^b\\|needs:.*:${commentId}\\|yes$`));
  const actionsMessage = question(w.fake, threadId);
  const select = customIds(actionsMessage).find((id) => id.startsWith('s|actions:'))!;
  const picked = w.fake.componentInteraction({ customId: select, componentType: 3, values: ['reply'], message: actionsMessage.id, user: w.learner });
  expect((await w.fake.waitForCallback(picked.id, 5_000)).type).toBe(7);
  // The rules to write by, in the message whose button opens the window (a modal shows no text).
  const rules = await w.fake.waitFor(() => nextQuestion(w.fake, threadId, actionsMessage.id), 5_000, 'les règles');
  expect(rules.content).toContain('**Règles pour vos textes :**');
  expect(rules.content).toContain('• Registre : vouvoiement (« vous »), dans chaque texte.');
  const opened = w.fake.componentInteraction({ customId: customIds(rules).find((id) => id.startsWith('f|'))!, message: rules.id, user: w.learner });
  const modal = await w.fake.waitForCallback(opened.id, 5_000);
  expect(modal.type).toBe(9);
  expect(JSON.stringify(modal.data)).toContain('"placeholder":"8');
  const previous = question(w.fake, threadId).id;
  const submitted = w.fake.modalSubmit({ customId: (modal.data as { custom_id: string }).custom_id, fields, user: w.learner, channelId: threadId, message: rules.id });
  await w.fake.waitForCallback(submitted.id, 5_000);
  await w.fake.waitFor(() => nextQuestion(w.fake, threadId, previous), 5_000, 'la question suivante');
}

const C1 = { justification: 'Réclamation d’une cliente mécontente du déplacement.', reply: 'Bonjour Julie, nous sommes désolés. Réouverture le mardi 12 mars à 7 h. L’équipe Martin' };

describe('Discord adapter against a local fake Discord (real discord.js client)', () => {
  it('runs a whole exam drill in a private thread to its feedback, with no mention anywhere', async () => {
    const w = await world();
    const threadId = await startDrill(w, 'exam');
    expect(w.fake.channel(threadId)).toMatchObject({ type: 12 });
    expect([...(w.fake.threadMembers.get(threadId) ?? [])]).toContain(w.learner.id);
    expect(JSON.stringify(w.fake.messagesIn(threadId)[0]!.embeds)).toContain('La charte éditoriale');
    expect(question(w.fake, threadId).content).toMatch(/⏱ fin <t:\d+:R>/);

    await choose(w, threadId, /^b\|ready:/);
    expect(question(w.fake, threadId).content).toContain('Commentaire 1/6');
    await answerWithModal(w, threadId, 'c1', C1);
    for (const comment of scenario.comments.slice(1)) await choose(w, threadId, new RegExp(`^b\\|needs:.*:${comment.id}\\|no$`));
    await choose(w, threadId, /^s\|submit:/, ['submit']);
    const feedback = await w.fake.waitFor(() => w.fake.messagesIn(threadId).find((message) => JSON.stringify(message.embeds).includes('Cr7.1')), 5_000, 'le retour');
    expect(JSON.stringify(feedback.embeds)).toContain('Cr7.2');

    // The opening with the bot token, every step through its interaction (one follow-up each): none may ping.
    const posts = w.fake.requests.filter((request) => request.route === 'POST /channels/:channel/messages' || request.route === 'POST /webhooks/:app/:token');
    expect(posts.length).toBeGreaterThan(8);
    for (const post of posts) expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
    for (const callback of w.fake.callbacks) expect(callback.latencyMs).toBeLessThan(3_000);
    expect(w.fake.unexpected).toEqual([]);
    expect(w.fake.failures).toEqual([]);
  });

  it('shows each question’s position once, in bold, with the comment', async () => {
    const w = await world();
    const threadId = await startDrill(w, 'practice');
    for (const [index, comment] of scenario.comments.slice(0, 3).entries()) {
      await goOn(w, threadId);
      const shown = readableText(question(w.fake, threadId));
      expect(occurrences(shown, `Commentaire ${index + 1}/`)).toBe(1);
      expect(shown).toContain(`**Commentaire ${index + 1}/${scenario.comments.length}**`);
      expect(shown).toContain(comment.text);
      await choose(w, threadId, new RegExp(`:${comment.id}\\|no$`));
    }
  });

  it('resumes after the gateway drops mid-drill and loses nothing', async () => {
    const w = await world();
    const threadId = await startDrill(w, 'practice');
    await choose(w, threadId, /^b\|needs:.*:c1\|no$/);
    await goOn(w, threadId);
    w.fake.dropConnection({ code: 4000 });
    // Answered while the connection is down: replayed on RESUME.
    const current = question(w.fake, threadId);
    const during = w.fake.componentInteraction({ customId: customIds(current).find((id) => /:c2\|no$/.test(id))!, message: current.id, user: w.learner });
    await w.fake.waitForCallback(during.id, 8_000);
    expect(w.fake.connections.filter((connection) => connection.resumed)).toHaveLength(1);
    await w.fake.waitFor(() => findQuestion(w.fake, threadId)?.content.includes('Commentaire 2/6') || findQuestion(w.fake, threadId)?.content.includes('Commentaire 3/6'), 5_000, 'la question après le commentaire 2');
    await goOn(w, threadId);
    await w.fake.waitFor(() => findQuestion(w.fake, threadId)?.content.includes('Commentaire 3/6'), 5_000, 'la question 3');
    const answered = w.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get();
    expect(answered).toBe(2);
  });

});

/** What a learner read in the thread up to its first question: the case (whose last part shares the question's message). */
function caseText(fake: FakeDiscord, threadId: string): string {
  const messages = fake.messagesIn(threadId);
  const first = messages.findIndex((message) => message.components.length > 0);
  return messages.slice(0, first + 1).map(readableText).join('\n');
}

/** What the current question says, over every message since the previous question (a long one spreads over several). */
function questionText(fake: FakeDiscord, channelId: string): string {
  const messages = fake.messagesIn(channelId);
  // Questions answered lost their buttons: a question is a message that carries or carried some.
  const asked = (message: FakeMessage) => [message.data, ...message.history].some((version) => Array.isArray(version.components) && version.components.length > 0);
  const asking = messages.map((message, index) => (asked(message) ? index : -1)).filter((index) => index >= 0);
  const [previous, current] = asking.slice(-2);
  return messages.slice(previous! + 1, current! + 1).map(readableText).join('\n');
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The whole case reached the learner: its title, every line of every section, each fact, the contact and the post; no « … » of ours. */
function expectWholeCase(received: string, known: Scenario): void {
  const view = caseView(known) as Extract<View, { kind: 'case' }>;
  const flat = normalised(received);
  const lines = [view.title, ...view.sections.flatMap((section) => [section.heading, ...section.lines])];
  for (const line of lines) expect(flat).toContain(normalised(line));
  for (const fact of known.charter.facts) expect(flat).toContain(normalised(fact.text));
  const { contact } = known.charter;
  for (const part of [contact.email, contact.phone, contact.url]) if (part) expect(flat).toContain(part);
  if (contact.private_message) expect(flat).toMatch(/Contact : .*messages privés/);
  expect(flat).toContain(normalised(known.post.text));
  expect(occurrences(received, '…')).toBe(occurrences(lines.join('\n'), '…'));
}

describe('the whole case and every comment reach the learner', () => {
  it('for every scenario of the bank: each fact of the charter, the contact, the post and each comment, nothing cut', async () => {
    const bank = (await loadScenarioDir(BUNDLED_SCENARIO_DIR)).scenarios.map((loaded) => loaded.scenario);
    expect(bank.length).toBeGreaterThanOrEqual(30);
    const w = await world({ scenarios: bank });
    // Ten drills at a time: thirty at once starve the fake's 5-second waits on a busy machine.
    for (let start = 0; start < bank.length; start += 10) await Promise.all(bank.slice(start, start + 10).map(async (known) => {
      const learner = w.fake.createUser({ username: `candidat-${known.id}`.slice(0, 32) });
      const threadId = await startDrill(w, 'exam', { scenarioId: known.id, learner });
      await w.fake.waitFor(() => findQuestion(w.fake, threadId), 10_000, 'la lecture du cas');
      expectWholeCase(caseText(w.fake, threadId), known);
      await choose(w, threadId, /^b\|ready:/, undefined, learner);
      for (const comment of known.comments) {
        const asked = questionText(w.fake, threadId);
        expect(normalised(asked)).toContain(normalised(comment.text));
        expect(occurrences(asked, '…')).toBe(occurrences(`${comment.author} ${comment.text}`, '…'));
        await choose(w, threadId, new RegExp(`:${comment.id}\\|no$`), undefined, learner);
      }
    }));
    expect(w.fake.failures).toEqual([]);
  }, 60_000);

  it('a charter of 40 facts, a 6,000-character post and a 3,000-character comment: all of it, within Discord’s limits', async () => {
    const long = structuredClone(scenario);
    long.charter.facts = Array.from({ length: 40 }, (_, index) => ({ id: `f${index}`, text: `Fait numéro ${index + 1} : ${'la boutique des Carmes rouvre après les travaux du fournil '.repeat(2)}fin ${index + 1}.` }));
    long.post = { ...long.post, text: Array.from({ length: 60 }, (_, index) => `Phrase ${index + 1} de la publication, assez longue pour remplir la description d’un embed.`).join(' ') };
    long.comments[0] = { ...long.comments[0]!, text: Array.from({ length: 40 }, (_, index) => `Mot${index} ${'très long commentaire de cliente mécontente '.repeat(2)}`).join('') };
    expect(long.post.text.length).toBeGreaterThan(4_096);
    expect(long.comments[0]!.text.length).toBeGreaterThan(2_000);
    const w = await world({ scenarios: [long] });
    const threadId = await startDrill(w, 'exam');
    await w.fake.waitFor(() => findQuestion(w.fake, threadId), 5_000, 'la lecture du cas');
    expectWholeCase(caseText(w.fake, threadId), long);
    await choose(w, threadId, /^b\|ready:/);
    const asked = questionText(w.fake, threadId);
    expect(normalised(asked)).toContain(normalised(long.comments[0]!.text));
    expect(asked).not.toContain('…');
    // The feedback names the comment whole too.
    for (const comment of long.comments) await choose(w, threadId, new RegExp(`:${comment.id}\\|no$`));
    await choose(w, threadId, /^s\|submit:/, ['submit']);
    const feedback = await w.fake.waitFor(() => w.fake.messagesIn(threadId).some((message) => JSON.stringify(message.embeds).includes('Cr7.2')) && w.fake.messagesIn(threadId).filter((message) => message.embeds.length > 0).slice(-6), 5_000, 'le retour');
    expect(normalised(feedback.map(readableText).join('\n'))).toContain(normalised(long.comments[0]!.text));
    expect(w.fake.failures).toEqual([]);
  });
});

/** The private answer an interaction got: a reply (type 4) flagged ephemeral, and what it says. */
async function privateAnswer(w: World, interactionId: string): Promise<string> {
  const callback = await w.fake.waitForCallback(interactionId, 5_000);
  expect(callback.type).toBe(4);
  expect(((callback.data as { flags?: number }).flags ?? 0) & 64).toBe(64);
  return readableText(w.fake.originalResponse(interactionId)!);
}

/** The message is as the bot posted it: never edited, its components in place. */
function untouched(message: FakeMessage, fake: FakeDiscord): void {
  const now = fake.message(message.id)!;
  expect(now.edits).toBe(0);
  expect(now.components).toEqual(message.components);
}

describe('every interaction gets an answer', () => {
  it('a forged or stale button, menu or form gets a private answer in French, and the question stays as it was', async () => {
    const w = await world();
    const threadId = await startDrill(w, 'practice');
    const current = question(w.fake, threadId);
    const drillId = /^b\|needs:([^:]+):c1\|/.exec(customIds(current)[0]!)![1]!;
    const before = w.fake.messagesIn(threadId).length;
    const forged = [
      w.fake.componentInteraction({ customId: `b|submit:${drillId}|bogus`, message: current.id, user: w.learner }),
      w.fake.componentInteraction({ customId: 's|inconnu', componentType: 3, values: ['x'], message: current.id, user: w.learner }),
      w.fake.componentInteraction({ customId: 'b|inconnu|x', message: current.id, user: w.learner }),
      w.fake.componentInteraction({ customId: 'f|inconnu', message: current.id, user: w.learner }),
      w.fake.componentInteraction({ customId: 'nimporte quoi', message: current.id, user: w.learner }),
      w.fake.modalSubmit({ customId: 'x|y', fields: { justification: 'Texte' }, user: w.learner, channelId: threadId, message: current.id }),
      w.fake.modalSubmit({ customId: 'pas-un-identifiant', fields: { justification: 'Texte' }, user: w.learner, channelId: threadId }),
    ];
    for (const interaction of forged) {
      const text = await privateAnswer(w, interaction.id);
      expect(text).toMatch(/plus d’actualité|inconnu/);
      expect(text).not.toContain(drillId);
      expect(text).not.toContain('|');
      expect(w.fake.callbacksFor(interaction.id)).toHaveLength(1);
    }
    untouched(current, w.fake);
    expect(w.fake.messagesIn(threadId).filter((message) => !message.ephemeral)).toHaveLength(before);
    // The question still works.
    await choose(w, threadId, /:c1\|no$/);
    expect(w.fake.failures).toEqual([]);
  });

  it('a command the bot no longer knows gets a private answer', async () => {
    const w = await world();
    expect(await commandReply(w, { name: 'disparue', user: w.learner })).toContain('Commande inconnue');
    // Registered by an older version, before the trainers' commands moved to /trainer.
    expect(await commandReply(w, { name: 'cohort', subcommand: 'create', options: { name: 'Promo' }, user: w.learner })).toContain('Commande inconnue');
  });

  it('a flood is refused privately and the question keeps its buttons: the learner answers it a moment later', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
    const w = await world({ clock });
    const threadId = await startDrill(w, 'practice');
    const current = question(w.fake, threadId);
    const flood = Array.from({ length: 20 }, () => w.fake.slashCommand({ name: 'drill', subcommand: 'history', user: w.learner }));
    for (const command of flood) await w.fake.waitFor(() => w.fake.originalResponse(command.id)?.embeds.length, 5_000, 'la réponse');
    const before = w.fake.messagesIn(threadId).filter((message) => !message.ephemeral).length;
    const click = w.fake.componentInteraction({ customId: customIds(current).find((id) => /:c1\|no$/.test(id))!, message: current.id, user: w.learner });
    expect(await privateAnswer(w, click.id)).toMatch(/^Doucement/);
    untouched(current, w.fake);
    expect(w.fake.messagesIn(threadId).filter((message) => !message.ephemeral)).toHaveLength(before);
    expect(w.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(0);
    clock.advance(30_000);
    await choose(w, threadId, /:c1\|no$/);
    expect(w.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(1);
  });
});

describe('choosing a case by autocomplete in « /drill start »', () => {
  it('offers the bank’s cases matching what is typed, accents and case aside, 25 at most, named within 100 characters', async () => {
    const bank = (await loadScenarioDir(BUNDLED_SCENARIO_DIR)).scenarios.map((loaded) => loaded.scenario);
    expect(bank.length).toBeGreaterThan(25);
    const w = await world({ scenarios: bank });
    const typing = (value: string) => w.fake.autocomplete({ name: 'drill', subcommand: 'start', focused: { name: 'scenario', value }, user: w.learner, channelId: w.guild.channelId('entrainement') });
    const all = await w.fake.waitForCallback(typing('').id);
    expect(all.type).toBe(8);
    const choices = (all.data as { choices: Array<{ name: string; value: string }> }).choices;
    expect(choices).toHaveLength(25);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
    // A title typed without its accents and in capitals, a brand, a network.
    const accented = bank.find((known) => /[éèàç]/.test(known.title))!;
    const word = accented.title.split(' ').find((part) => /[éèàç]/.test(part))!;
    const plain = word.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
    const byTitle = await w.fake.waitForCallback(typing(plain).id);
    expect((byTitle.data as { choices: Array<{ value: string }> }).choices.map((choice) => choice.value)).toContain(accented.id);
    const byBrand = await w.fake.waitForCallback(typing(bank[3]!.brand.name.toLowerCase()).id);
    expect((byBrand.data as { choices: Array<{ value: string }> }).choices.map((choice) => choice.value)).toContain(bank[3]!.id);
    const tiktok = await w.fake.waitForCallback(typing('tiktok').id);
    const tiktokIds = (tiktok.data as { choices: Array<{ value: string }> }).choices.map((choice) => choice.value);
    expect(tiktokIds.length).toBeGreaterThan(0);
    expect(tiktokIds.every((id) => bank.find((known) => known.id === id)?.network === 'tiktok')).toBe(true);
    expect((await w.fake.waitForCallback(typing('zzzz introuvable').id)).data).toEqual({ choices: [] });
    expect(w.fake.failures).toEqual([]);
    // Nothing recorded: typing is no event of the drill's.
    expect(w.db.prepare('SELECT COUNT(*) FROM drills').pluck().get()).toBe(0);
  });
});

describe('slash command registration', () => {
  type Command = { name: string; name_localizations?: Record<string, string>; options?: Command[]; choices?: Array<{ value: string }>; contexts?: number[]; integration_types?: number[]; default_member_permissions?: string | null; dm_permission?: boolean; description_localizations?: Record<string, string> };
  const subcommands = (command: Command | undefined) => (command?.options ?? []).map((option) => `${option.name}/${option.name_localizations?.fr ?? ''}`);
  /** Every name and localised name, options included, as Discord checks them. */
  const names = (commands: Command[]): string[] => commands.flatMap((command) => [command.name, ...Object.values(command.name_localizations ?? {}), ...names(command.options ?? [])]);

  it('registers in the guild: English names, French ones with their accents, trainers’ commands apart behind « manage server »', async () => {
    const { registerCommands } = await import('../../src/adapters/discord/register.js');
    const fake = await startFakeDiscord();
    running.push(() => fake.close());
    const guild = fake.addGuild({ name: 'Promo' });
    const result = await registerCommands({ token: fake.token, appId: fake.applicationId, guildId: guild.id, trainerRole: undefined, apiUrl: fake.apiUrl });
    expect(result).toEqual({ scope: `serveur ${guild.id}`, count: 8 });
    const commands = (fake.commands.get(guild.id) ?? []) as unknown as Command[];
    expect(commands.map((command) => command.name)).toEqual(['drill', 'cohort', 'trainer', 'nudges', 'calendar', 'coach', 'oral', 'privacy']);
    const byName = (name: string) => commands.find((command) => command.name === name);
    expect(byName('drill')).toMatchObject({ description_localizations: { 'en-US': 'Moderation drills (M1.3 test)' } });
    // Any bank size: the cases come by autocomplete, as the learner types.
    expect(byName('drill')?.options?.find((option) => option.name === 'start')?.options?.find((option) => option.name === 'scenario')).toMatchObject({ autocomplete: true });
    expect(subcommands(byName('drill'))).toEqual(['start/commencer', 'resume/reprendre', 'history/historique']);
    expect(byName('cohort')).toMatchObject({ name_localizations: { fr: 'cohorte' }, description_localizations: { 'en-GB': 'Your training cohort' } });
    expect(subcommands(byName('cohort'))).toEqual(['join/rejoindre']);
    expect(byName('trainer')).toMatchObject({ name_localizations: { fr: 'formateur' }, default_member_permissions: String(1n << 5n) });
    expect(subcommands(byName('trainer'))).toEqual(['create/créer', 'bind/lier', 'launch/lancer', 'milestone/jalon']);
    expect(subcommands(byName('nudges'))).toContain('off/arrêter');
    expect(byName('privacy')?.name_localizations).toEqual({ fr: 'données' });
    // Learners' commands stay visible to everyone.
    for (const command of commands.filter((candidate) => candidate.name !== 'trainer')) expect(command.default_member_permissions ?? null).toBeNull();
    // Discord's documented rule for names (the fake refuses the others too).
    for (const name of names(commands)) expect(/^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u.test(name) && name === name.toLowerCase(), name).toBe(true);
    // The deprecated dm_permission is gone; contexts and integration_types are for global commands only.
    const sent = fake.requests.find((request) => request.method === 'PUT')!.body as Command[];
    for (const command of sent) {
      expect(command).not.toHaveProperty('dm_permission');
      expect(command).not.toHaveProperty('contexts');
      expect(command).not.toHaveProperty('integration_types');
    }
    expect(fake.failures).toEqual([]);
    expect(fake.unexpected).toEqual([]);
  });

  it('registers globally with contexts and integration_types: server-only commands, the others in the bot’s DMs too, installed on servers', async () => {
    const { registerCommands } = await import('../../src/adapters/discord/register.js');
    const fake = await startFakeDiscord();
    running.push(() => fake.close());
    expect(await registerCommands({ token: fake.token, appId: fake.applicationId, guildId: undefined, trainerRole: undefined, apiUrl: fake.apiUrl })).toEqual({ scope: 'global', count: 8 });
    const sent = fake.requests.find((request) => request.method === 'PUT')!.body as Command[];
    const contexts = Object.fromEntries(sent.map((command) => [command.name, command.contexts]));
    expect(contexts).toEqual({ drill: [0], cohort: [0], trainer: [0], nudges: [0, 1], calendar: [0, 1], coach: [0, 1], oral: [0, 1], privacy: [0, 1] });
    for (const command of sent) {
      expect(command.integration_types).toEqual([0]);
      expect(command).not.toHaveProperty('dm_permission');
    }
    expect(fake.commands.get('global')).toHaveLength(8);
    expect(fake.failures).toEqual([]);
  });
});

/** Answers the whole drill shown in a channel (c1 through the modal, the others « no »), submits it, and returns the final feedback. */
async function answerWholeDrill(w: World, channelId: string): Promise<FakeMessage> {
  await answerWithModal(w, channelId, 'c1', C1);
  for (const comment of scenario.comments.slice(1)) await choose(w, channelId, new RegExp(`^b\\|needs:.*:${comment.id}\\|no$`));
  await choose(w, channelId, /^s\|submit:/, ['submit']);
  return w.fake.waitFor(() => w.fake.messagesIn(channelId).find((message) => JSON.stringify(message.embeds).includes('Cr7.1')), 5_000, 'le retour final');
}

/** Since request `from`: nothing posted with the bot token into a server's channel (a DM with the learner is private), every interaction message private. */
function expectNothingPublic(w: World, from: number): void {
  const later = w.fake.requests.slice(from);
  const inServer = (request: RecordedRequest) => w.fake.channel(request.path.split('/')[2]!)?.type !== 1;
  expect(later.filter((request) => request.route === 'POST /channels/:channel/messages' && inServer(request))).toEqual([]);
  for (const request of later.filter((candidate) => candidate.route === 'POST /webhooks/:app/:token')) expect(((request.body as { flags?: number }).flags ?? 0) & 64).toBe(64);
  for (const request of later.filter((candidate) => candidate.route === 'POST /interactions/:id/:token/callback')) {
    const { type, data } = request.body as { type: number; data?: { flags?: number } };
    if (type === 4 || type === 5) expect((data?.flags ?? 0) & 64).toBe(64);
  }
}

describe('a drill that cannot start', () => {
  it('leaves no empty thread behind, and the learner reads why privately', async () => {
    const w = await world();
    const text = await commandReply(w, { name: 'drill', subcommand: 'start', options: { scenario: 'inexistant', mode: 'practice' }, user: w.learner, channelId: w.guild.channelId('entrainement') });
    expect(text).toContain('« inexistant »');
    const created = w.fake.requests.filter((request) => request.route === 'POST /channels/:channel/threads' && request.status === 201).map((request) => (request.response as { id: string }).id);
    for (const id of created) expect(w.fake.channel(id)).toBeUndefined();
    expect(w.fake.requests.filter((request) => request.route === 'POST /channels/:channel/messages')).toEqual([]);
    expect(w.fake.failures).toEqual([]);
  });
});

describe('/drill history', () => {
  it('shows the results and the progress by check, privately', async () => {
    const w = await world();
    const threadId = await startDrill(w, 'practice');
    for (const comment of scenario.comments) await choose(w, threadId, new RegExp(`^b\\|needs:.*:${comment.id}\\|no$`));
    await choose(w, threadId, /^s\|submit:/, ['submit']);
    await w.fake.waitFor(() => w.db.prepare('SELECT COUNT(*) FROM scores').pluck().get() === 1, 5_000, 'la copie rendue');
    const command = w.fake.slashCommand({ name: 'drill', subcommand: 'history', user: w.learner });
    const shown = () => w.fake.messages.filter((message) => message.interactionId === command.id).map(readableText).join('\n');
    await w.fake.waitFor(() => shown().includes('Réussite par vérification'), 5_000, 'la progression');
    expect(shown()).toContain(`Vos derniers exercices :`);
    expect(shown()).toContain(`${scenario.title} (entraînement)`);
    expect(w.fake.messages.filter((message) => message.interactionId === command.id).every((message) => message.ephemeral)).toBe(true);
  });
});

describe('a drill answered from private messages stays private', () => {
  it('where the bot may not open a private thread, the whole drill runs in ephemeral messages, the final feedback included', async () => {
    const w = await world();
    const closed = w.fake.addChannel(w.guild.id, { name: 'sans-fils', permissionOverwrites: [{ id: w.fake.botUser.id, type: 1, deny: String(1n << 36n) }] }).id as string;
    const command = w.fake.slashCommand({ name: 'drill', subcommand: 'start', options: { scenario: scenario.id, mode: 'practice' }, user: w.learner, channelId: closed });
    await w.fake.waitFor(() => findQuestion(w.fake, closed), 5_000, 'la première question');
    expect(w.fake.originalResponse(command.id)!.ephemeral).toBe(true);
    expect(JSON.stringify(w.fake.originalResponse(command.id)!.embeds)).toContain('La charte éditoriale');
    const feedback = await answerWholeDrill(w, closed);
    expect(feedback.ephemeral).toBe(true);
    expectNothingPublic(w, 0);
    expect(w.fake.messagesIn(closed).every((message) => message.ephemeral)).toBe(true);
    expect(w.db.prepare('SELECT COUNT(*) FROM scores').pluck().get()).toBe(1);
  });

  it('a drill chosen from a private message is timed privately too: the clock’s messages go to the learner’s DMs, never to the channel', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
    const w = await world({ clock });
    const channel = w.guild.channelId('entrainement');
    const resumed = w.fake.slashCommand({ name: 'drill', subcommand: 'resume', user: w.learner, channelId: channel });
    await w.fake.waitFor(() => findQuestion(w.fake, channel), 5_000, 'le choix du cas, en privé');
    expect(w.fake.originalResponse(resumed.id)!.ephemeral).toBe(true);
    await choose(w, channel, new RegExp(`^b\\|scenario\\|${scenario.id}$`));
    await choose(w, channel, /^b\|mode:.*\|exam$/);
    expect(readableText(question(w.fake, channel))).toContain('Temps de lecture');
    // The reading time ends: the engine's clock speaks, with no interaction to answer.
    clock.advance(M13_TIMING.readingMs);
    const dm = await w.fake.waitFor(() => w.fake.requests.find((request) => request.path === '/users/@me/channels'), 5_000, 'la conversation privée');
    await w.fake.waitFor(() => w.fake.messagesIn((dm.response as { id: string }).id).find((message) => readableText(message).includes('Fin du temps de lecture')), 5_000, 'la fin de la lecture en DM');
    expectNothingPublic(w, 0);
    expect(w.fake.messagesIn(channel).every((message) => message.ephemeral)).toBe(true);
  });

  it('« /drill resume » typed outside the learner’s own thread answers privately, and so does everything after it', async () => {
    const w = await world();
    const threadId = await startDrill(w, 'practice');
    const inThread = w.fake.messagesIn(threadId).length;
    const channel = w.guild.channelId('entrainement');
    const from = w.fake.requests.length;
    const resumed = w.fake.slashCommand({ name: 'drill', subcommand: 'resume', user: w.learner, channelId: channel });
    await w.fake.waitFor(() => findQuestion(w.fake, channel), 5_000, 'la question en privé');
    expect(w.fake.originalResponse(resumed.id)!.ephemeral).toBe(true);
    const feedback = await answerWholeDrill(w, channel);
    expect(feedback.ephemeral).toBe(true);
    expectNothingPublic(w, from);
    expect(w.fake.messagesIn(channel).every((message) => message.ephemeral)).toBe(true);
    expect(w.fake.messagesIn(threadId)).toHaveLength(inThread);

    // A public thread is not the learner's own either.
    const publicThread = (await w.bot.client.rest.post(`/channels/${channel}/threads`, { body: { name: 'Discussion', type: 11 } })) as { id: string };
    await w.fake.waitFor(() => w.bot.client.channels.cache.get(publicThread.id), 5_000, 'le fil public dans le cache');
    const requests = w.fake.requests.length;
    expect(await commandReply(w, { name: 'drill', subcommand: 'resume', user: w.learner, channelId: publicThread.id })).toContain('Aucun exercice en cours');
    expectNothingPublic(w, requests);
    expect(w.fake.messagesIn(publicThread.id).filter((message) => !message.ephemeral)).toEqual([]);
  });
});

/** What a message says: its content, else its first embed's description (notices are embeds). */
function textOf(message: FakeMessage): string {
  return message.content || ((message.embeds[0] as { description?: string } | undefined)?.description ?? '');
}

/** The text of the ephemeral answer to a slash command (a notice is an embed), once it is there. */
async function commandReply(w: World, input: Parameters<FakeDiscord['slashCommand']>[0]): Promise<string> {
  const command = w.fake.slashCommand(input);
  const text = textOf;
  const reply = await w.fake.waitFor(() => {
    const response = w.fake.originalResponse(command.id);
    return response && text(response) !== '' ? response : undefined;
  }, 5_000, 'la réponse à la commande');
  expect(reply.ephemeral).toBe(true);
  return text(reply);
}

describe('cohorts on Discord', () => {
  const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
  const cohortGuild = { name: 'Promo CM', channels: [{ name: 'promo' }, { name: 'blabla' }], roles: [{ name: 'Formateur' }] };

  it('a trainer creates a cohort, learners join, and a drill launched for later opens each member’s own private thread at that time', async () => {
    const clock = new ManualClock(T0);
    const w = await world({ clock, trainerRole: 'Formateur', guild: cohortGuild });
    const trainer = w.fake.createUser({ username: 'formatrice', global_name: 'Nadia' });
    const other = w.fake.createUser({ username: 'bilal', global_name: 'Bilal' });
    const promo = w.guild.channelId('promo');

    const created = await commandReply(w, { name: 'trainer', subcommand: 'create', options: { name: 'Promo Hiver' }, user: trainer, memberRoles: ['Formateur'], channelId: promo });
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(created)![1]!;
    for (const learner of [w.learner, other]) {
      expect(await commandReply(w, { name: 'cohort', subcommand: 'join', options: { code: code.toLowerCase() }, user: learner, channelId: promo })).toContain('Bienvenue dans la cohorte « Promo Hiver »');
    }
    // A learner cannot launch, whatever the command says: the role is checked on our side.
    expect(await commandReply(w, { name: 'trainer', subcommand: 'launch', options: { scenario: scenario.id, when: 'maintenant' }, user: w.learner, channelId: promo })).toBe('Cette commande est réservée aux formateurs.');
    expect(await commandReply(w, { name: 'trainer', subcommand: 'launch', options: { scenario: scenario.id, when: 'hier' }, user: trainer, memberRoles: ['Formateur'], channelId: promo })).toContain('non comprise');

    const launched = await commandReply(w, { name: 'trainer', subcommand: 'launch', options: { scenario: scenario.id, when: 'dans 10 min', mode: 'exam' }, user: trainer, memberRoles: ['Formateur'], channelId: promo });
    expect(launched).toContain('lancé pour la cohorte « Promo Hiver » : début samedi 28 novembre 2026 à 10:10 (Europe/Paris), 2 membres');
    const threads = () => w.fake.requests.filter((request) => request.route === 'POST /channels/:channel/threads' && request.path === `/channels/${promo}/threads`).map((request) => request.response as { id: string });
    clock.advance(9 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(threads()).toEqual([]);

    clock.advance(60_000);
    await w.fake.waitFor(() => threads().length === 2, 5_000, 'un fil par membre');
    const [first, second] = threads().map((thread) => thread.id);
    expect(w.fake.channel(first!)).toMatchObject({ type: 12, parent_id: promo });
    // Private threads: each holds the bot and its one learner.
    await w.fake.waitFor(() => w.fake.threadMembers.get(second!)?.has(other.id), 5_000, 'le second membre dans son fil');
    expect([...(w.fake.threadMembers.get(first!) ?? [])].sort()).toEqual([w.fake.botUser.id, w.learner.id].sort());
    expect([...(w.fake.threadMembers.get(second!) ?? [])].sort()).toEqual([w.fake.botUser.id, other.id].sort());
    const opening = await w.fake.waitFor(() => findQuestion(w.fake, first!), 5_000, 'la lecture du cas');
    expect(textOf(w.fake.messagesIn(first!)[0]!)).toContain('Exercice de la cohorte « Promo Hiver »');
    expect(opening.content).toMatch(/⏱ fin <t:\d+:R>/);

    // Each learner works in their own thread; the other cannot answer there.
    const ready = customIds(opening).find((id) => id.startsWith('b|ready:'))!;
    const intruder = w.fake.componentInteraction({ customId: ready, message: opening.id, user: other });
    const refused = await w.fake.waitForCallback(intruder.id, 5_000);
    expect((refused.data as { flags: number }).flags & 64).toBe(64);
    expect(JSON.stringify(refused.data)).toContain('ne vous appartient pas');
    await choose(w, first!, /^b\|ready:/);
    expect(question(w.fake, first!).content).toContain('Commentaire 1/6');

    // The trainer's report arrives in their DMs, not in the learners' channel.
    const dm = await w.fake.waitFor(() => w.fake.requests.find((request) => request.method === 'POST' && request.path === '/users/@me/channels'), 5_000, 'la conversation privée');
    expect(dm.body).toEqual({ recipient_id: trainer.id });
    const dmId = (dm.response as { id: string }).id;
    const report = await w.fake.waitFor(() => w.fake.messagesIn(dmId)[0], 5_000, 'le compte rendu');
    expect(textOf(report)).toContain('cohorte « Promo Hiver » : 2 membres démarrés.');
    expect(w.fake.messagesIn(promo).some((message) => textOf(message).includes('démarrés'))).toBe(false);

    const posts = w.fake.requests.filter((request) => request.route === 'POST /channels/:channel/messages');
    for (const post of posts) expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
    expect(w.fake.unexpected).toEqual([]);
  });

  it('posts the invitation to join in the channel for everyone; each click is answered privately and the invitation stays', async () => {
    const w = await world({ trainerRole: 'Formateur', guild: cohortGuild });
    const trainer = w.fake.createUser({ username: 'formatrice', global_name: 'Nadia' });
    const other = w.fake.createUser({ username: 'bilal', global_name: 'Bilal' });
    const promo = w.guild.channelId('promo');
    const created = await commandReply(w, { name: 'trainer', subcommand: 'create', options: { name: 'Promo Printemps' }, user: trainer, memberRoles: ['Formateur'], channelId: promo });
    expect(created).toMatch(/Code d’inscription : [A-Z0-9]{6}/);
    const invitation = await w.fake.waitFor(() => w.fake.messagesIn(promo).find((message) => !message.ephemeral && message.components.length > 0), 5_000, 'l’invitation dans le salon');
    expect(invitation.source).toBe('channel');
    expect(invitation.content).toContain('Rejoignez la cohorte « Promo Printemps »');
    const post = w.fake.requests.find((request) => request.route === 'POST /channels/:channel/messages' && request.path === `/channels/${promo}/messages`)!;
    expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
    // Only the invitation is public: the code's notice went to the trainer alone.
    expect(w.fake.messagesIn(promo).filter((message) => !message.ephemeral)).toHaveLength(1);

    for (const learner of [w.learner, other]) {
      const click = w.fake.componentInteraction({ customId: customIds(invitation)[0]!, message: invitation.id, user: learner, channelId: promo });
      expect(await privateAnswer(w, click.id)).toContain('Bienvenue dans la cohorte « Promo Printemps »');
    }
    untouched(invitation, w.fake);
    expect(w.fake.messagesIn(promo).filter((message) => !message.ephemeral)).toHaveLength(1);
    expect(w.db.prepare('SELECT COUNT(*) FROM cohort_members').pluck().get()).toBe(2);
    expect(w.fake.failures).toEqual([]);
  });

  it('reads the trainer role by id too, and without one trusts only members who may manage the server', async () => {
    const byId = await world({ guild: cohortGuild, trainerRole: '0' });
    const roleId = byId.guild.roleId('Formateur');
    await byId.bot.stop();
    const w = await world({ guild: { ...cohortGuild, roles: [{ id: roleId, name: 'Formateur' }] }, trainerRole: roleId });
    const promo = w.guild.channelId('promo');
    expect(await commandReply(w, { name: 'trainer', subcommand: 'create', options: { name: 'Par rôle' }, memberRoles: [roleId], channelId: promo })).toContain('Cohorte « Par rôle » créée');
    expect(await commandReply(w, { name: 'trainer', subcommand: 'create', options: { name: 'Sans rôle' }, channelId: promo })).toBe('Cette commande est réservée aux formateurs.');

    const open = await world({ guild: cohortGuild });
    const channel = open.guild.channelId('promo');
    expect(await commandReply(open, { name: 'trainer', subcommand: 'create', options: { name: 'Membres' }, channelId: channel })).toBe('Cette commande est réservée aux formateurs.');
    const manageGuild = String(1n << 5n);
    expect(await commandReply(open, { name: 'trainer', subcommand: 'create', options: { name: 'Admins' }, memberPermissions: manageGuild, channelId: channel })).toContain('Cohorte « Admins » créée');
  });
});

describe('nudges on Discord', () => {
  const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
  const CSV = 'date;heure;réseau;axe;titre\n2026-12-01;14:00;instagram;Coulisses;Le fournil';

  it('opts in with a time zone, imports the calendar through a modal and sends the reminder by DM with its buttons', async () => {
    const clock = new ManualClock(T0);
    const w = await world({ clock });
    expect(await commandReply(w, { name: 'nudges', subcommand: 'on', options: { timezone: 'Europe/Brussels' }, user: w.learner })).toContain('fuseau Europe/Brussels');
    const opened = w.fake.slashCommand({ name: 'calendar', subcommand: 'import', user: w.learner });
    const modal = await w.fake.waitForCallback(opened.id, 5_000);
    expect(modal.type).toBe(9);
    const submitted = w.fake.modalSubmit({ customId: (modal.data as { custom_id: string }).custom_id, fields: { text: CSV }, user: w.learner });
    // Opened from a command, the modal is answered as the command would be: privately.
    expect(await privateAnswer(w, submitted.id)).toContain('Calendrier importé : 1 publication');
    expect(w.fake.requests.filter((request) => request.route === 'POST /channels/:channel/messages')).toEqual([]);
    await w.fake.waitFor(() => w.db.prepare('SELECT COUNT(*) FROM calendar_posts').pluck().get() === 1, 5_000, 'le calendrier importé');

    clock.advance(3 * 60 * 60_000 + 30 * 60_000);
    expect((await w.nudges.tick()).sent).toBe(1);
    const dm = w.fake.requests.find((request) => request.method === 'POST' && request.path === '/users/@me/channels')!;
    const dmId = (dm.response as { id: string }).id;
    const nudge = await w.fake.waitFor(() => w.fake.messagesIn(dmId)[0], 5_000, 'le rappel');
    expect(nudge.content).toContain('📅 Publication prévue à 14:00 sur Instagram : « Le fournil »');
    // 30 minutes before the publication, no pause would end before it: only stopping is offered.
    expect(customIds(nudge)).toEqual(['b|nudge|off']);
    expect(await commandReply(w, { name: 'nudges', subcommand: 'off', user: w.learner })).toBe('Rappels arrêtés. « nudges on » pour les reprendre.');
  });

  it('delivers every nudge exactly once through a storm of 429s', async () => {
    const clock = new ManualClock(T0);
    const w = await world({ clock });
    const learners = Array.from({ length: 12 }, (_, index) => w.fake.createUser({ username: `apprenant${index}` }));
    for (const learner of learners) {
      w.engine.handle({ eventId: `on-${learner.id}`, platform: 'discord', userId: learner.id, displayName: learner.username, event: { kind: 'command', name: 'nudges', args: ['on'] } });
      w.engine.handle({ eventId: `cal-${learner.id}`, platform: 'discord', userId: learner.id, displayName: learner.username, event: { kind: 'form', form: 'calendar-import', values: { text: CSV } } });
    }
    for (let index = 0; index < 8; index += 1) w.fake.rateLimitOnce('POST', /^\/channels\/\d+\/messages$/, 0.2);
    clock.advance(3 * 60 * 60_000 + 30 * 60_000);
    expect(await w.nudges.tick()).toEqual({ sent: 12, skipped: 0 });
    // Another tick, as the next minute would: nothing again.
    expect(await w.nudges.tick()).toEqual({ sent: 0, skipped: 0 });
    const dms = w.fake.requests.filter((request) => request.method === 'POST' && request.path === '/users/@me/channels').map((request) => (request.response as { id: string }).id);
    expect(new Set(dms).size).toBe(12);
    for (const dm of dms) expect(w.fake.messagesIn(dm).filter((message) => message.content.includes('Publication prévue'))).toHaveLength(1);
    expect(w.fake.requests.filter((request) => request.status === 429).length).toBe(8);
  });
});

describe('a nudge sent again after a crash', () => {
  it('is shown once: the same idempotency key becomes the same enforced nonce, and Discord returns the first message', async () => {
    const w = await world();
    const origin = { platform: 'discord' as const, userId: w.learner.id };
    const nudge = [{ kind: 'prompt' as const, id: 'nudge', text: '📅 Publication prévue à 14:00 sur Instagram', choices: [{ value: 'off', label: 'Arrêter' }] }];
    await w.engine.deliverAsync(origin, nudge, { idempotencyKey: '7:post:42:2026-12-01T14:00' });
    // The bot died before recording it: after the restart the same nudge goes out again.
    await w.engine.deliverAsync(origin, nudge, { idempotencyKey: '7:post:42:2026-12-01T14:00' });
    // Another nudge, another key: a message of its own.
    await w.engine.deliverAsync(origin, nudge, { idempotencyKey: '7:post:43:2026-12-02T14:00' });
    const dm = (w.fake.requests.find((request) => request.path === '/users/@me/channels')!.response as { id: string }).id;
    expect(w.fake.messagesIn(dm)).toHaveLength(2);
    expect(w.fake.nonceRepeats).toBe(1);
    const sent = w.fake.requests.filter((request) => request.route === 'POST /channels/:channel/messages').map((request) => request.body as { nonce: string; enforce_nonce: boolean });
    expect(sent[0]!.nonce).toBe(sent[1]!.nonce);
    expect(sent[0]!.nonce.length).toBeLessThanOrEqual(25);
    expect(sent[2]!.nonce).not.toBe(sent[0]!.nonce);
    expect(sent.every((body) => body.enforce_nonce === true)).toBe(true);
    expect(w.fake.failures).toEqual([]);
  });
});

describe('coaching on Discord', () => {
  it('shows a competency privately and ticks items from its select menu, privately', async () => {
    const w = await world();
    const command = w.fake.slashCommand({ name: 'coach', options: { competency: 'C6' }, user: w.learner });
    const reply = await w.fake.waitFor(() => {
      const response = w.fake.originalResponse(command.id);
      return response && JSON.stringify(response).includes('Cr6.1 — Sélectionne') ? response : undefined;
    }, 5_000, 'la fiche C6');
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('Le jury regarde');
    const menu = await w.fake.waitFor(() => w.fake.messages.find((message) => message.ephemeral && JSON.stringify(message.components).includes('s|coach:C6')), 5_000, 'le menu');
    const picked = w.fake.componentInteraction({ customId: 's|coach:C6', componentType: 3, values: ['Cr6.1.a', 'Cr6.2.a'], message: menu.id, user: w.learner });
    await w.fake.waitForCallback(picked.id, 5_000);
    const followUp = await w.fake.waitFor(() => w.fake.messages.find((message) => JSON.stringify(message.embeds).includes('2 éléments cochés.')), 5_000, 'la confirmation');
    expect(followUp.ephemeral).toBe(true);
    expect(w.db.prepare('SELECT item_id FROM checklist_ticks ORDER BY item_id').pluck().all()).toEqual(['Cr6.1.a', 'Cr6.2.a']);
    expect(w.fake.unexpected).toEqual([]);
  });
});

describe('Discord’s rate limits', () => {
  const botToken = (request: RecordedRequest) => request.authorized;

  it('an answered step is one message through its interaction: receipt, feedback and next question, nothing with the bot token', async () => {
    const w = await world();
    const threadId = await startDrill(w, 'practice');
    await w.fake.waitFor(() => findQuestion(w.fake, threadId), 5_000, 'la première question');
    const before = w.fake.requests.length;
    const first = question(w.fake, threadId);
    await choose(w, threadId, new RegExp(`:${scenario.comments[0]!.id}\\|no$`));
    const step = w.fake.requests.slice(before);
    expect(step.filter(botToken)).toEqual([]);
    expect(step.map((request) => request.route)).toEqual(['POST /interactions/:id/:token/callback', 'POST /webhooks/:app/:token']);
    // The answered question lost its buttons; the new message says it all, in the learner's thread.
    expect(w.fake.message(first.id)!.components).toEqual([]);
    const next = question(w.fake, threadId);
    expect(next.source).toBe('followup');
    expect(next.channelId).toBe(threadId);
    expect(next.ephemeral).toBe(false);
    const text = readableText(next);
    expect(text).toContain('Réponse enregistrée (Commentaire 1/6)');
    expect(text).toContain('Retour sur ce commentaire');
    // A failed answer in practice: the same message offers the second attempt, or the next comment.
    expect(text).toContain('Des vérifications n’ont pas réussi');
    const beforeNext = w.fake.requests.length;
    await choose(w, threadId, /\|next$/);
    const nextStep = w.fake.requests.slice(beforeNext);
    expect(nextStep.filter(botToken)).toEqual([]);
    expect(nextStep.map((request) => request.route)).toEqual(['POST /interactions/:id/:token/callback', 'POST /webhooks/:app/:token']);
    expect(readableText(question(w.fake, threadId))).toContain(scenario.comments[1]!.text);
    expect(w.fake.failures).toEqual([]);
  });

  it('30 learners start together while 30 reminders are due: no 429, every thread opened once with its case, every reminder once', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0, 0));
    const w = await world({ clock });
    const csv = 'date;heure;réseau;axe;titre\n2026-12-01;14:00;instagram;Coulisses;Le fournil';
    const enrolled = Array.from({ length: 30 }, (_, index) => w.fake.createUser({ username: `abonne${index}` }));
    for (const learner of enrolled) {
      w.engine.handle({ eventId: `on-${learner.id}`, platform: 'discord', userId: learner.id, displayName: learner.username, event: { kind: 'command', name: 'nudges', args: ['on'] } });
      w.engine.handle({ eventId: `cal-${learner.id}`, platform: 'discord', userId: learner.id, displayName: learner.username, event: { kind: 'form', form: 'calendar-import', values: { text: csv } } });
    }
    clock.advance(3 * 60 * 60_000 + 30 * 60_000);
    const learners = Array.from({ length: 30 }, (_, index) => w.fake.createUser({ username: `candidat${index}` }));
    const reminders = w.nudges.tick();
    const threads = await Promise.all(learners.map((learner) => startDrill(w, 'practice', { learner })));
    expect(await reminders).toEqual({ sent: 30, skipped: 0 });
    for (const threadId of threads) {
      await w.fake.waitFor(() => findQuestion(w.fake, threadId), 10_000, 'la première question');
      expect(w.fake.messagesIn(threadId).filter((message) => JSON.stringify(message.embeds).includes('La charte éditoriale'))).toHaveLength(1);
    }
    const dms = w.fake.requests.filter((request) => request.method === 'POST' && request.path === '/users/@me/channels').map((request) => (request.response as { id: string }).id);
    for (const dm of new Set(dms)) expect(w.fake.messagesIn(dm).filter((message) => message.content.includes('Publication prévue'))).toHaveLength(1);
    expect(new Set(dms).size).toBe(30);
    expect(w.fake.requests.filter(botToken).length).toBeGreaterThan(60);
    expect(w.fake.globalRateLimited).toBe(0);
    expect(w.bot.rateLimitHits).toBe(0);
    expect(w.fake.failures).toEqual([]);
  });

  it('a global 429 (retry_after) is waited out and the request sent once more: the thread is opened once, the 429 counted', async () => {
    const w = await world();
    w.fake.rateLimitOnce('POST', /^\/channels\/\d+\/threads$/, 0.2, { global: true });
    const threadId = await startDrill(w, 'practice');
    await w.fake.waitFor(() => findQuestion(w.fake, threadId), 5_000, 'la première question');
    const creations = w.fake.requests.filter((request) => request.route === 'POST /channels/:channel/threads');
    expect(creations.map((request) => request.status)).toEqual([429, 201]);
    expect(w.bot.rateLimitHits).toBe(1);
    expect(w.fake.messagesIn(threadId).filter((message) => message.components.length > 0)).toHaveLength(1);
  });

  it('a token Discord says expired: the next question comes with the bot token in the thread, once', async () => {
    const w = await world();
    const threadId = await startDrill(w, 'practice');
    const current = await w.fake.waitFor(() => findQuestion(w.fake, threadId), 5_000, 'la première question');
    const customId = customIds(current).find((id) => id.endsWith('|no'))!;
    const click = w.fake.componentInteraction({ customId, message: current.id, user: w.learner });
    await w.fake.waitForCallback(click.id, 5_000);
    w.fake.expireInteraction(click.id); // as if the follow-up left 15 minutes later
    const next = await w.fake.waitFor(() => nextQuestion(w.fake, threadId, current.id), 5_000, 'la question suivante');
    expect(next.source).toBe('channel');
    // The step after a failed practice answer: its receipt, feedback and the offer to rewrite, once.
    expect(readableText(next)).toContain('Des vérifications n’ont pas réussi');
    expect(w.fake.messagesIn(threadId).filter((message) => readableText(message).includes('Réponse enregistrée (Commentaire 1/6)'))).toHaveLength(1);
    expect(w.fake.failures.map((request) => (request.response as { code: number }).code)).toEqual([50027]);
  });

  it('a token past its 15 minutes on the bot’s clock is not even tried: the bot token carries the step', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 28, 9, 0, 0));
    const w = await world({ clock, botNow: () => clock.now(), fake: { now: () => clock.now() } });
    const threadId = await startDrill(w, 'practice');
    const current = await w.fake.waitFor(() => findQuestion(w.fake, threadId), 5_000, 'la première question');
    const customId = customIds(current).find((id) => id.endsWith('|no'))!;
    const click = w.fake.componentInteraction({ customId, message: current.id, user: w.learner });
    await w.fake.waitForCallback(click.id, 5_000);
    clock.advance(16 * 60_000); // the follow-up would leave after the token's end
    const next = await w.fake.waitFor(() => nextQuestion(w.fake, threadId, current.id), 5_000, 'la question suivante');
    expect(next.source).toBe('channel');
    expect(readableText(next)).toContain('Réponse enregistrée (Commentaire 1/6)');
    expect(w.fake.requests.filter((request) => request.route === 'POST /webhooks/:app/:token')).toEqual([]);
    expect(w.fake.failures).toEqual([]);
  });
});
