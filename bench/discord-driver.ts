/**
 * The learners of the Discord benchmark, run next to the fake (in the bench's own thread, or in the
 * fake's worker). They measure what a learner waits for, on the fake's side, from the moment their
 * interaction is dispatched:
 *
 * - `drill`: each starts a practice drill with /drill start (`thinkMs` after the pass began, plus
 *   `rampMs` spread), waits for the thread link and the first question in the thread, then plays each
 *   comment as a candidate would (`answers: 'write'`): « oui », the action « répondre » in the menu,
 *   reads the writing rules that come with the button « Rédiger mes textes », clicks it (the modal:
 *   interaction callback type 9), submits the modal (MODAL_SUBMIT) with a justification and a reply,
 *   reads the feedback and the next question (or passes the offer of a second attempt with
 *   « Commentaire suivant »); with `answers: 'skip'`, « non » to every comment as before. Then it
 *   submits (the final feedback); `thinkMs` between actions;
 * - `launch`: a trainer creates a cohort, the learners join it, the trainer launches a practice drill
 *   « maintenant »: the time until each learner has the first question in their own thread.
 *
 * Every interaction's acknowledgement is recorded too (INTERACTION_CREATE → callback), and whether it
 * came within Discord's 3 s.
 */
import type { Server } from 'node:http';
import type { FakeDiscord, FakeMessage, FakeUser, RecordedCallback } from '../tests/fakes/discord.js';
import { authorOf, candidateTexts, readRules } from './learner-texts.js';

/** Milliseconds since the epoch, sub-millisecond, comparable between threads. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface DriverOptions {
  mode: 'drill' | 'launch';
  candidates: number;
  scenarioId: string;
  comments: number;
  channelId: string;
  /** The channel a cohort is bound to (launch). */
  cohortChannelId: string;
  /** Delay before each click, drawn uniformly in [min, max] ms (0 0: click as soon as the question is there). */
  thinkMs: [number, number];
  /** Candidates start spread uniformly over this many ms (0: all at once). */
  rampMs: number;
  /** `write`: each comment answered « oui », « répondre », texts written in the modal; `skip`: « non » to every comment. */
  answers: 'write' | 'skip';
}

export interface FakeSideRecord {
  id: string;
  kind: 'command' | 'click' | 'form' | 'submit' | 'join' | 'launch' | 'create';
  /** Just before the fake built and dispatched INTERACTION_CREATE. */
  dispatch: number;
  /** When the fake's dispatch call returned (its own bookkeeping and watchers included). */
  dispatched: number;
  /** The callback's HTTP request reached the fake's server. */
  httpIn?: number;
  /** The official figure: `RecordedCallback.latencyMs` (Date.now() resolution). */
  latencyMs?: number;
}

/** What learners waited for, in ms from the dispatch of the interaction that asked for it. */
export interface Waits {
  link: number[];
  firstQuestion: number[];
  nextQuestion: number[];
  /** Click on « Rédiger mes textes » → the modal's callback (type 9) reached the fake. */
  modalOpen: number[];
  /** MODAL_SUBMIT → the comment's feedback and the next question (or the offer of a second attempt). */
  formFeedback: number[];
  finalFeedback: number[];
  /** launch: from the trainer's /trainer launch to each learner's first question. */
  launchFirstQuestion: number[];
}

export interface DriverResult {
  records: FakeSideRecord[];
  waits: Waits;
  elapsedMs: number;
  /** When the measured part began (wall clock), for the bot's side to place its nudges. */
  startedAt: number;
  interactions: number;
  requests: number;
  /** Requests made with the bot token (bound by the global limit). */
  botTokenRequests: number;
  /** All 429 answers, and those for going over the global limit. */
  rateLimited: number;
  globalRateLimited: number;
  failures: number;
  unexpected: number;
  /** Interactions without an accepted callback within Discord's 3 s. */
  unanswered: number;
  /** Clicks on « Rédiger mes textes » whose modal never opened (no callback within 3 s, or another answer than a modal). */
  modalFailures: number;
  /** Learners who waited in vain (more than 2 minutes) for what should have come, with what. */
  broken: string[];
  /** Event-loop delay of the thread the fake runs in (ms). */
  loopDelay: { p50: number; p99: number; max: number };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** A learner who waits longer than this for something is counted as a broken journey. */
const LONG = 120_000;
/** Clicks on « Rédiger mes textes » a learner makes before giving up when the modal does not open. */
const MODAL_ATTEMPTS = 3;
/** After this long without a callback a modal cannot open any more (Discord's 3 s, and some slack for the request on its way). */
const MODAL_GIVE_UP_MS = 4_000;
/** ManageGuild: who may run the trainers' commands when no trainer role is configured. */
const MANAGE_GUILD = String(1 << 5);

function latestQuestion(server: FakeDiscord, threadId: string): FakeMessage | undefined {
  const messages = server.messagesIn(threadId);
  for (let index = messages.length - 1; index >= 0; index -= 1) if (messages[index]!.components.length > 0) return messages[index];
  return undefined;
}

/** The first custom id of a message's components that matches `pattern` (its first group). */
function customIdIn(message: { components?: unknown }, pattern: RegExp): string | undefined {
  return pattern.exec(JSON.stringify(message.components ?? []))?.[1];
}

/** What a learner reads in a message: its text and its embeds' titles and descriptions. */
function shown(message: FakeMessage): string {
  return [message.content, ...message.embeds.flatMap((embed) => [embed.title, embed.description].filter((part): part is string => typeof part === 'string'))].join('\n');
}

/** A message's text and embeds as one string, computed once per version of the message (the checks run on every event of the fake). */
const texts = new Map<string, string>();
function readable(message: FakeMessage): string {
  const key = `${message.id}:${message.edits}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = `${message.content}\n${JSON.stringify(message.embeds)}`;
    texts.set(key, text);
  }
  return text;
}

/** The thread's final feedback: the results (criterion Cr7) in one of its last messages. */
function finalFeedback(server: FakeDiscord, threadId: string): boolean {
  return server.messagesIn(threadId).slice(-4).some((message) => readable(message).includes('Cr7'));
}

export async function driveCandidates(fake: FakeDiscord, options: DriverOptions): Promise<Omit<DriverResult, 'loopDelay'>> {
  const records = new Map<string, FakeSideRecord>();
  const waits: Waits = { link: [], firstQuestion: [], nextQuestion: [], modalOpen: [], formFeedback: [], finalFeedback: [], launchFirstQuestion: [] };
  let modalFailures = 0;
  // The callbacks by interaction, kept up to date on the timer (the fake's list only grows).
  const callbackOf = new Map<string, RecordedCallback>();
  let callbackIndex = fake.callbacks.length;
  // When each callback request arrives (the route the fake answers is `/interactions/:id/:token/callback`).
  const server = (fake as unknown as { server: Server }).server;
  server.prependListener('request', (req) => {
    const match = /\/interactions\/(\d+)\/[^/]+\/callback/.exec(req.url ?? '');
    const record = match ? records.get(match[1]!) : undefined;
    if (record && record.httpIn === undefined) record.httpIn = wallNow();
  });
  const think = async (): Promise<void> => {
    const [min, max] = options.thinkMs;
    if (max > 0) await sleep(min + Math.random() * (max - min));
  };
  const record = (kind: FakeSideRecord['kind'], send: () => { id: string }): { id: string; dispatch: number } => {
    const dispatch = wallNow();
    const { id } = send();
    records.set(id, { id, kind, dispatch, dispatched: wallNow() });
    return { id, dispatch };
  };
  const since = (dispatch: number): number => wallNow() - dispatch;
  // One timer checks every learner's wait (every 5 ms) instead of a watcher per learner run on each of
  // the fake's events: with 200 learners those checks were the fake's thread's main work.
  const waiting = new Set<() => boolean>();
  const tick = setInterval(() => {
    for (; callbackIndex < fake.callbacks.length; callbackIndex += 1) callbackOf.set(fake.callbacks[callbackIndex]!.interactionId, fake.callbacks[callbackIndex]!);
    for (const attempt of [...waiting]) if (attempt()) waiting.delete(attempt);
  }, 5);
  const until = <T>(check: () => T | undefined | null | false, what: string, timeoutMs = LONG): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const started = performance.now();
      const attempt = (): boolean => {
        const value = check();
        if (value !== undefined && value !== null && value !== false) {
          resolve(value);
          return true;
        }
        if (performance.now() - started > timeoutMs) {
          reject(new Error(`plus de ${timeoutMs / 1000} s à attendre ${what}`));
          return true;
        }
        return false;
      };
      if (!attempt()) waiting.add(attempt);
    });
  /** A check on a thread, run again only when the thread changed (a message added or edited). */
  const onThread = <T>(threadId: string, check: () => T | undefined | null | false): (() => T | undefined | null | false) => {
    let seen = '';
    return () => {
      const messages = fake.messagesIn(threadId);
      const last = messages.at(-1);
      const signature = `${messages.length}:${last?.id}:${last?.edits}:${messages.at(-2)?.edits}`;
      if (signature === seen) return undefined;
      const value = check();
      if (value === undefined || value === null || value === false) seen = signature;
      return value;
    };
  };

  async function drill(user: FakeUser, index: number): Promise<void> {
    if (options.rampMs > 0) await sleep((index / options.candidates) * options.rampMs);
    // The start is an action too: 1 to 2 s after the pass began (the trainer's « go »), as between clicks.
    await think();
    const command = record('command', () => fake.slashCommand({ name: 'drill', subcommand: 'start', options: { scenario: options.scenarioId, mode: 'practice' }, user, channelId: options.channelId }));
    const reply = await until(() => /<#(\d+)>/.exec(fake.originalResponse(command.id)?.content ?? ''), 'le lien du fil');
    waits.link.push(since(command.dispatch));
    const threadId = reply[1]!;
    await until(onThread(threadId, () => latestQuestion(fake, threadId)), 'la première question');
    waits.firstQuestion.push(since(command.dispatch));
    let question = await until(() => {
      const found = latestQuestion(fake, threadId);
      return found?.content.includes('Commentaire 1/') ? found : undefined;
    }, 'la question 1');
    for (let number = 1; number <= options.comments; number += 1) {
      const last = number === options.comments;
      const retryOffer = (message: { components?: unknown }) => customIdIn(message, /"custom_id":"(b\|retry:[^"]+\|next)"/);
      /** The question after `previous` in the thread: the next comment's, the submission's after the last, or the offer of a second attempt. */
      const after = (previous: { id: string }, offerToo: boolean) => onThread(threadId, () => {
        const found = latestQuestion(fake, threadId);
        if (!found || found.id === previous.id) return undefined;
        if (offerToo && retryOffer(found)) return found;
        return (last ? JSON.stringify(found.components).includes('s|submit:') : found.content.includes(`Commentaire ${number + 1}/`)) ? found : undefined;
      });
      /** A new question or form in the thread carrying a component id `pattern` matches. */
      const carrying = (previous: { id: string }, pattern: RegExp) => onThread(threadId, () => {
        const found = latestQuestion(fake, threadId);
        return found && found.id !== previous.id && customIdIn(found, pattern) ? found : undefined;
      });
      const asked = question;
      if (options.answers === 'skip') {
        const customId = customIdIn(asked, /"custom_id":"(b\|needs:[^"]+\|no)"/)!;
        await think();
        const click = record('click', () => fake.componentInteraction({ customId, message: asked.id, user }));
        question = await until(after(asked, true), `la question ${number + 1}`);
        waits.nextQuestion.push(since(click.dispatch));
      } else {
        // « Oui » : the comment needs action; then the actions (a select menu: several may be chosen).
        const yes = customIdIn(asked, /"custom_id":"(b\|needs:[^"]+\|yes)"/);
        if (!yes) throw new Error(`pas de bouton « oui » au commentaire ${number}`);
        const author = authorOf(shown(asked));
        await think();
        const clickYes = record('click', () => fake.componentInteraction({ customId: yes, message: asked.id, user }));
        const actionsQuestion = await until(carrying(asked, /"custom_id":"(s\|actions:[^"]+)"/), `les actions du commentaire ${number}`);
        waits.nextQuestion.push(since(clickYes.dispatch));
        const actionsId = customIdIn(actionsQuestion, /"custom_id":"(s\|actions:[^"]+)"/)!;
        await think();
        const pick = record('click', () => fake.componentInteraction({ customId: actionsId, componentType: 3, values: ['reply'], message: actionsQuestion.id, user }));
        // A form with rules comes as a message (the rules and « Rédiger mes textes »); one without opens its modal at once.
        const formCarried = carrying(actionsQuestion, /"custom_id":"(f\|[^"]+)"/);
        const formMessage = await until(() => (callbackOf.get(pick.id)?.type === 9 ? ('modal' as const) : formCarried()), `le formulaire du commentaire ${number}`);
        waits.nextQuestion.push(since(pick.dispatch));
        let modal: RecordedCallback | undefined = formMessage === 'modal' ? callbackOf.get(pick.id) : undefined;
        let rulesText = '';
        let source: FakeMessage | undefined;
        if (formMessage !== 'modal') {
          source = formMessage;
          rulesText = shown(formMessage);
          const open = customIdIn(formMessage, /"custom_id":"(f\|[^"]+)"/)!;
          for (let attempt = 1; !modal; attempt += 1) {
            // Reading the rules, then the click; a modal that does not open is clicked again, a few times.
            await think();
            const click = record('click', () => fake.componentInteraction({ customId: open, message: formMessage.id, user }));
            const answered = await until(() => callbackOf.get(click.id) ?? (since(click.dispatch) > MODAL_GIVE_UP_MS ? 'none' : undefined), 'la fenêtre de rédaction');
            if (answered !== 'none' && answered.type === 9) {
              waits.modalOpen.push(since(click.dispatch));
              modal = answered;
            } else {
              modalFailures += 1;
              if (attempt >= MODAL_ATTEMPTS) throw new Error(`fenêtre de rédaction jamais ouverte (${MODAL_ATTEMPTS} clics, commentaire ${number})`);
            }
          }
        }
        const data = modal!.data ?? {};
        const fields = JSON.stringify(data.components ?? []).match(/"custom_id":"[^"]+"/g)?.map((match) => match.slice(13, -1)) ?? [];
        const rules = readRules(rulesText);
        const texts = candidateTexts(author, rules, index + number);
        const values = Object.fromEntries(fields.map((field) => [field, field === 'justification' ? texts.justification : field === 'reply' ? texts.reply : texts.justification]));
        // Typing the texts: the usual think time.
        await think();
        const sent = record('form', () => fake.modalSubmit({ customId: String(data.custom_id), fields: values, ...(source ? { message: source.id } : {}), user }));
        question = await until(after(source ?? actionsQuestion, true), `le retour du commentaire ${number}`);
        waits.formFeedback.push(since(sent.dispatch));
      }
      // A failed practice answer is followed by the offer of a second attempt: « Commentaire suivant ».
      const next = retryOffer(question);
      if (next) {
        await think();
        const offer = question;
        const goOn = record('click', () => fake.componentInteraction({ customId: next, message: offer.id, user }));
        question = await until(after(offer, false), `la question ${number + 1}`);
        waits.nextQuestion.push(since(goOn.dispatch));
      }
    }
    const submitId = JSON.stringify(question.components).match(/"custom_id":"(s\|submit:[^"]+)"/)![1]!;
    await think();
    const submitted = question;
    const submit = record('submit', () => fake.componentInteraction({ customId: submitId, componentType: 3, values: ['submit'], message: submitted.id, user }));
    await until(onThread(threadId, () => finalFeedback(fake, threadId)), 'le retour final');
    waits.finalFeedback.push(since(submit.dispatch));
  }

  async function launch(users: FakeUser[]): Promise<void> {
    const trainer = fake.createUser({ username: 'formatrice' });
    const created = record('create', () => fake.slashCommand({ name: 'trainer', subcommand: 'create', options: { name: 'Promo Bench' }, user: trainer, memberPermissions: MANAGE_GUILD, channelId: options.cohortChannelId }));
    const answer = (id: string): string => {
      const response = fake.originalResponse(id);
      return response ? readable(response) : '';
    };
    const code = (await until(() => /Code d’inscription : ([A-Z0-9]{6})/.exec(answer(created.id)), 'le code de la cohorte'))[1]!;
    // Members join over several seconds, as a class would (not measured).
    await Promise.all(users.map(async (user, index) => {
      await sleep(index * 40);
      const joined = record('join', () => fake.slashCommand({ name: 'cohort', subcommand: 'join', options: { code }, user, channelId: options.cohortChannelId }));
      await until(() => answer(joined.id).includes('Bienvenue'), 'l’inscription');
    }));
    const members = new Set(users.map((user) => user.id));
    const threadOf = new Map<string, string>();
    const launched = record('launch', () => fake.slashCommand({ name: 'trainer', subcommand: 'launch', options: { scenario: options.scenarioId, when: 'maintenant', mode: 'practice' }, user: trainer, memberPermissions: MANAGE_GUILD, channelId: options.cohortChannelId }));
    const pending = new Set(users.map((user) => user.id));
    while (pending.size > 0) {
      for (const [threadId, inThread] of fake.threadMembers) {
        for (const id of inThread) if (members.has(id) && !threadOf.has(id)) threadOf.set(id, threadId);
      }
      for (const id of [...pending]) {
        const threadId = threadOf.get(id);
        if (threadId && latestQuestion(fake, threadId)) {
          waits.launchFirstQuestion.push(since(launched.dispatch));
          pending.delete(id);
        }
      }
      if (since(launched.dispatch) > LONG) throw new Error(`lancement : ${pending.size} membres sans première question`);
      await sleep(5);
    }
  }

  const users = Array.from({ length: options.candidates }, (_, index) => fake.createUser({ username: `candidat${index}` }));
  const requestsBefore = fake.requests.length;
  const started = performance.now();
  const startedAt = wallNow();
  const broken: string[] = [];
  const journey = (work: Promise<void>): Promise<void> => work.catch((error: unknown) => void broken.push(error instanceof Error ? error.message.split('\n')[0]! : String(error)));
  if (options.mode === 'drill') await Promise.all(users.map((user, index) => journey(drill(user, index))));
  else await journey(launch(users));
  const elapsedMs = performance.now() - started;
  clearInterval(tick);
  let unanswered = 0;
  const callbacks = new Map(fake.callbacks.map((callback) => [callback.interactionId, callback]));
  for (const item of records.values()) {
    const callback = callbacks.get(item.id);
    if (callback) item.latencyMs = callback.latencyMs;
    if (!callback || callback.latencyMs > 3_000) unanswered += 1;
  }
  const requests = fake.requests.slice(requestsBefore);
  return {
    records: [...records.values()],
    waits,
    elapsedMs,
    startedAt,
    interactions: records.size,
    requests: requests.length,
    botTokenRequests: requests.filter((request) => request.authorized).length,
    rateLimited: requests.filter((request) => request.status === 429).length,
    globalRateLimited: fake.globalRateLimited,
    failures: fake.failures.length,
    unexpected: fake.unexpected.length,
    unanswered,
    modalFailures,
    broken,
  };
}
