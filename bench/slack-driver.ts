/**
 * The learners of the Slack benchmark, run next to the fake Slack (in its worker): each types
 * « /moderato start <cas> practice » in a channel, waits for the first question in their DM with the
 * bot, answers « no » to every comment (the next question), then submits (the final feedback),
 * `thinkMs` between actions. A trainer's cohort launch « maintenant » is measured too: the time until
 * each member has the first question in their DM. Every envelope's ack is recorded.
 *
 * The checks run on one timer for everyone (every 5 ms) over indexes kept up to date from the fake's
 * records, so that 200 learners waiting cost the fake's thread little.
 */
import type { FakeSlack, FakeSlackUser, PostedMessage } from '../tests/fakes/slack-server.js';

export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface SlackDriverOptions {
  mode: 'drill' | 'launch';
  candidates: number;
  scenarioId: string;
  comments: number;
  channel: string;
  thinkMs: [number, number];
  rampMs: number;
  trainer: FakeSlackUser;
}

export interface SlackWaits {
  /** The ephemeral answer to /moderato start (« dans vos messages directs »). */
  receipt: number[];
  firstQuestion: number[];
  nextQuestion: number[];
  finalFeedback: number[];
  launchFirstQuestion: number[];
}

export interface SlackDriverResult {
  acks: number[];
  waits: SlackWaits;
  elapsedMs: number;
  envelopes: number;
  calls: Record<string, number>;
  responses: number;
  rateLimited: number;
  unanswered: number;
  broken: string[];
  loopDelay: { p50: number; p99: number; max: number };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const LONG = 120_000;

function hasActions(message: PostedMessage): boolean {
  return message.blocks.some((block) => block.type === 'actions');
}

function actionIds(message: PostedMessage): string[] {
  return message.blocks.flatMap((block) => ((block.elements as Array<{ action_id?: string }> | undefined) ?? []).map((element) => element.action_id ?? ''));
}

const texts = new WeakMap<PostedMessage, { blocks: unknown; text: string }>();
function textOf(message: PostedMessage): string {
  const known = texts.get(message);
  if (known && known.blocks === message.blocks) return known.text;
  const text = `${message.text}\n${JSON.stringify(message.blocks)}`;
  texts.set(message, { blocks: message.blocks, text });
  return text;
}

export async function driveSlack(fake: FakeSlack, options: SlackDriverOptions): Promise<Omit<SlackDriverResult, 'loopDelay'>> {
  const waits: SlackWaits = { receipt: [], firstQuestion: [], nextQuestion: [], finalFeedback: [], launchFirstQuestion: [] };
  const acked = new Map<string, number>();
  const byChannel = new Map<string, PostedMessage[]>();
  let ackIndex = fake.acks.length;
  let messageIndex = 0;
  const waiting = new Set<() => boolean>();
  const sync = (): void => {
    for (; ackIndex < fake.acks.length; ackIndex += 1) acked.set(fake.acks[ackIndex]!.envelopeId, fake.acks[ackIndex]!.latencyMs);
    for (; messageIndex < fake.messages.length; messageIndex += 1) {
      const message = fake.messages[messageIndex]!;
      if (message.ephemeralTo) continue;
      const list = byChannel.get(message.channel);
      if (list) list.push(message);
      else byChannel.set(message.channel, [message]);
    }
  };
  const tick = setInterval(() => {
    sync();
    for (const check of [...waiting]) if (check()) waiting.delete(check);
  }, 5);
  const until = <T>(check: () => T | undefined | false, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const started = performance.now();
      const attempt = (): boolean => {
        const value = check();
        if (value !== undefined && value !== false) {
          resolve(value);
          return true;
        }
        if (performance.now() - started > LONG) {
          reject(new Error(`plus de ${LONG / 1000} s à attendre ${what}`));
          return true;
        }
        return false;
      };
      waiting.add(attempt);
    });
  const think = async (): Promise<void> => {
    const [min, max] = options.thinkMs;
    if (max > 0) await sleep(min + Math.random() * (max - min));
  };
  const since = (at: number): number => wallNow() - at;
  const envelopes: string[] = [];
  const dmOf = (user: FakeSlackUser): string => `D${user.id.slice(1)}`;
  const latestQuestion = (channel: string): PostedMessage | undefined => {
    const list = byChannel.get(channel) ?? [];
    for (let index = list.length - 1; index >= 0; index -= 1) if (hasActions(list[index]!)) return list[index];
    return undefined;
  };

  async function drill(user: FakeSlackUser, index: number): Promise<void> {
    if (options.rampMs > 0) await sleep((index / options.candidates) * options.rampMs);
    await think();
    const dm = dmOf(user);
    const started = wallNow();
    const command = fake.slashCommand({ user, channel: options.channel, text: `start ${options.scenarioId} practice` });
    envelopes.push(command.envelopeId);
    const receiptAt = until(() => fake.responses.length > 0 && fake.responses.some((response) => response.responseUrl === command.responseUrl) && since(started), 'la réponse à /moderato start');
    // Awaited after the first question; a learner who never gets it is counted, not a crash.
    receiptAt.catch(() => undefined);
    let question = await until(() => latestQuestion(dm), 'la première question');
    waits.firstQuestion.push(since(started));
    waits.receipt.push(await receiptAt);
    for (let number = 1; number <= options.comments; number += 1) {
      const actionId = actionIds(question).find((id) => id.startsWith('b|needs:') && id.endsWith('|no'));
      if (!actionId) throw new Error(`pas de bouton « non » : ${actionIds(question).join(', ')}`);
      await think();
      const asked = question;
      const clickedAt = wallNow();
      const click = fake.blockAction({ user, actionId, message: asked });
      envelopes.push(click.envelopeId);
      const last = number === options.comments;
      const retryOffer = (message: Parameters<typeof actionIds>[0]) => actionIds(message).find((id) => id.startsWith('b|retry:') && id.endsWith('|next'));
      const after = (previous: unknown, offerToo: boolean) => () => {
        const found = latestQuestion(dm);
        if (!found || found === previous) return undefined;
        if (offerToo && retryOffer(found)) return found;
        return last ? (actionIds(found).some((id) => id.startsWith('s|submit:')) ? found : undefined) : textOf(found).includes(`Commentaire ${number + 1}/`) ? found : undefined;
      };
      question = await until(after(asked, true), `la question ${number + 1}`);
      waits.nextQuestion.push(since(clickedAt));
      // A failed practice answer is followed by the offer of a second attempt: « Commentaire suivant ».
      const next = retryOffer(question);
      if (next) {
        await think();
        const offer = question;
        const goneOnAt = wallNow();
        envelopes.push(fake.blockAction({ user, actionId: next, message: offer }).envelopeId);
        question = await until(after(offer, false), `la question ${number + 1}`);
        waits.nextQuestion.push(since(goneOnAt));
      }
    }
    const submitId = actionIds(question).find((id) => id.startsWith('s|submit:'))!;
    await think();
    const submittedAt = wallNow();
    const submit = fake.blockAction({ user, actionId: submitId, message: question, selectedOption: { value: 'submit', text: 'Rendre la copie' } });
    envelopes.push(submit.envelopeId);
    await until(() => (byChannel.get(dm) ?? []).slice(-4).some((message) => textOf(message).includes('Cr7')), 'le retour final');
    waits.finalFeedback.push(since(submittedAt));
  }

  async function launch(users: FakeSlackUser[]): Promise<void> {
    const trainer = options.trainer;
    const created = fake.slashCommand({ user: trainer, channel: options.channel, text: 'cohort create Promo Bench' });
    envelopes.push(created.envelopeId);
    const code = await until(() => {
      for (const response of fake.responses) if (response.responseUrl === created.responseUrl) return /\b([A-Z0-9]{6})\b/.exec(JSON.stringify(response.body))?.[1];
      return undefined;
    }, 'le code de la cohorte');
    await Promise.all(users.map(async (user, index) => {
      await sleep(index * 10);
      const joined = fake.slashCommand({ user, channel: options.channel, text: `join ${code}` });
      envelopes.push(joined.envelopeId);
      await until(() => fake.responses.some((response) => response.responseUrl === joined.responseUrl), 'l’inscription');
    }));
    // The launch is a modal: the command opens it, the trainer picks the case, the cohort and « practice », no date (now).
    const viewsBefore = fake.views.length;
    const opened = fake.slashCommand({ user: trainer, channel: options.channel, text: 'drill launch' });
    envelopes.push(opened.envelopeId);
    const modal = await until(() => fake.views.slice(viewsBefore).find((view) => view.method === 'views.open'), 'la fenêtre de lancement');
    const cohortId = /"value":"(\d+)"/.exec(JSON.stringify((modal.view.blocks as Array<{ block_id: string }>).find((block) => block.block_id === 'cohort')))?.[1] ?? '1';
    const launchedAt = wallNow();
    const launched = fake.viewSubmission({ user: trainer, view: modal, values: { scenario: options.scenarioId, cohort: cohortId, mode: 'practice' } });
    envelopes.push(launched.envelopeId);
    await Promise.all(users.map(async (user) => {
      await until(() => latestQuestion(dmOf(user)), 'la première question');
      waits.launchFirstQuestion.push(since(launchedAt));
    }));
  }

  const users: FakeSlackUser[] = Array.from({ length: options.candidates }, (_, index) => ({ id: `U${(100000 + index).toString(36).toUpperCase()}`, name: `candidat${index}` }));
  const callsBefore = fake.calls.length;
  const started = performance.now();
  const broken: string[] = [];
  const journey = (work: Promise<void>): Promise<void> => work.catch((error: unknown) => void broken.push(error instanceof Error ? error.message.split('\n')[0]! : String(error)));
  if (options.mode === 'drill') await Promise.all(users.map((user, index) => journey(drill(user, index))));
  else await journey(launch(users));
  const elapsedMs = performance.now() - started;
  clearInterval(tick);
  sync();
  const acks = envelopes.map((id) => acked.get(id)).filter((value): value is number => value !== undefined);
  const calls: Record<string, number> = {};
  for (const call of fake.calls.slice(callsBefore)) calls[call.method] = (calls[call.method] ?? 0) + 1;
  return {
    acks,
    waits,
    elapsedMs,
    envelopes: envelopes.length,
    calls,
    responses: fake.responses.length,
    rateLimited: Object.entries(calls).filter(([method]) => method.endsWith('(429)')).reduce((sum, [, count]) => sum + count, 0),
    unanswered: envelopes.filter((id) => (acked.get(id) ?? Number.POSITIVE_INFINITY) > 3_000).length,
    broken,
  };
}
