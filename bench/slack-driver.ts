/**
 * The learners of the Slack benchmark, run next to the fake Slack (in its worker): each types
 * « /moderato start <cas> practice » in a channel, waits for the first question in their DM with the
 * bot, then plays each comment as a candidate would (`answers: 'write'`): « oui », ticks the action
 * « répondre » and presses « Valider » (the bot posts the texts' form in the DM: the writing rules
 * and the fields in the message itself), reads the rules, types a justification and a reply in the
 * fields and presses « Envoyer » (a block action carrying `state.values`), reads the feedback and the
 * next question (or passes the offer of a second attempt with « Commentaire suivant »); with
 * `answers: 'skip'`, « non » to every comment as before. Then it submits (the final feedback),
 * `thinkMs` between actions. A trainer's cohort launch « maintenant » is measured too: the time until
 * each member has the first question in their DM. Every envelope's ack is recorded.
 *
 * The checks run on one timer for everyone (every 5 ms) over indexes kept up to date from the fake's
 * records, so that 200 learners waiting cost the fake's thread little.
 */
import type { FakeSlack, FakeSlackUser, Json, PostedMessage } from '../tests/fakes/slack-server.js';
import { authorOf, candidateTexts, readRules } from './learner-texts.js';

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
  /** `write`: each comment answered « oui », « répondre », texts written in the form of the DM; `skip`: « non » to every comment. */
  answers: 'write' | 'skip';
}

export interface SlackWaits {
  /** The ephemeral answer to /moderato start (« dans vos messages directs »). */
  receipt: number[];
  firstQuestion: number[];
  nextQuestion: number[];
  /** « Valider » the actions → the texts' form is in the DM. */
  formShown: number[];
  /** « Envoyer » under the form → the comment's feedback and the next question (or the offer of a second attempt). */
  formFeedback: number[];
  finalFeedback: number[];
  launchFirstQuestion: number[];
}

export interface SlackDriverResult {
  acks: number[];
  /** The acks of the « Envoyer » clicks alone. */
  formAcks: number[];
  waits: SlackWaits;
  elapsedMs: number;
  envelopes: number;
  calls: Record<string, number>;
  responses: number;
  rateLimited: number;
  unanswered: number;
  /** views.open calls (none expected: the texts are written in the DM's messages). */
  modalsOpened: number;
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

/** What a learner reads in a message: its sections' texts, one under the other. */
function readableBlocks(message: PostedMessage): string {
  return message.blocks.map((block) => ((block.text as { text?: unknown } | undefined)?.text)).filter((text): text is string => typeof text === 'string').join('\n');
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
  const waits: SlackWaits = { receipt: [], firstQuestion: [], nextQuestion: [], formShown: [], formFeedback: [], finalFeedback: [], launchFirstQuestion: [] };
  const acked = new Map<string, number>();
  const byChannel = new Map<string, PostedMessage[]>();
  let ackIndex = fake.acks.length;
  let messageIndex = 0;
  const callsBefore = fake.calls.length;
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
  const formEnvelopes: string[] = [];
  const dmOf = (user: FakeSlackUser): string => `D${user.id.slice(1)}`;
  const latestQuestion = (channel: string): PostedMessage | undefined => {
    const list = byChannel.get(channel) ?? [];
    for (let index = list.length - 1; index >= 0; index -= 1) if (hasActions(list[index]!)) return list[index];
    return undefined;
  };
  /** How many messages the DM has now (the records read first): what comes after an action is past this. */
  const mark = (channel: string): number => {
    sync();
    return byChannel.get(channel)?.length ?? 0;
  };
  /** The latest question posted in the DM since `from` that `wanted` accepts. */
  const questionSince = (channel: string, from: number, wanted: (message: PostedMessage) => boolean) => (): PostedMessage | undefined => {
    const list = byChannel.get(channel) ?? [];
    for (let index = list.length - 1; index >= from; index -= 1) if (hasActions(list[index]!) && wanted(list[index]!)) return list[index];
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
      const last = number === options.comments;
      const retryOffer = (message: Parameters<typeof actionIds>[0]) => actionIds(message).find((id) => id.startsWith('b|retry:') && id.endsWith('|next'));
      /** The next comment's question, the submission's after the last, or (`offerToo`) the offer of a second attempt. */
      const isNext = (found: PostedMessage, offerToo: boolean): boolean =>
        (offerToo && retryOffer(found) !== undefined) || (last ? actionIds(found).some((id) => id.startsWith('s|submit:')) : textOf(found).includes(`Commentaire ${number + 1}/`));
      const after = (previous: unknown, offerToo: boolean) => () => {
        const found = latestQuestion(dm);
        if (!found || found === previous) return undefined;
        return isNext(found, offerToo) ? found : undefined;
      };
      const asked = question;
      if (options.answers === 'skip') {
        const actionId = actionIds(asked).find((id) => id.startsWith('b|needs:') && id.endsWith('|no'));
        if (!actionId) throw new Error(`pas de bouton « non » : ${actionIds(asked).join(', ')}`);
        await think();
        const clickedAt = wallNow();
        envelopes.push(fake.blockAction({ user, actionId, message: asked }).envelopeId);
        question = await until(after(asked, true), `la question ${number + 1}`);
        waits.nextQuestion.push(since(clickedAt));
      } else {
        // « Oui » : the comment needs action; then the actions, checkboxes and « Valider ».
        const yes = actionIds(asked).find((id) => id.startsWith('b|needs:') && id.endsWith('|yes'));
        if (!yes) throw new Error(`pas de bouton « oui » : ${actionIds(asked).join(', ')}`);
        // Whom the reply is for: read now, the question is closed (« → Oui ») once answered.
        const author = authorOf(readableBlocks(asked));
        await think();
        const yesFrom = mark(dm);
        const yesAt = wallNow();
        envelopes.push(fake.blockAction({ user, actionId: yes, message: asked }).envelopeId);
        const actionsQuestion = await until(questionSince(dm, yesFrom, (found) => actionIds(found).some((id) => id.startsWith('ok|actions:'))), `les actions du commentaire ${number}`);
        waits.nextQuestion.push(since(yesAt));
        const boxes = actionIds(actionsQuestion).find((id) => id.startsWith('m|actions:'))!;
        const validate = actionIds(actionsQuestion).find((id) => id.startsWith('ok|actions:'))!;
        const label = (JSON.stringify(actionsQuestion.blocks).match(/"text":"([^"]+)","emoji":true},"value":"reply"/) ?? [])[1] ?? 'Répondre';
        const ticked = { choices: { [boxes]: { type: 'checkboxes', selected_options: [{ text: { type: 'plain_text', text: label, emoji: true }, value: 'reply' }] } } };
        // Ticking « répondre » (Slack sends the tick; the bot only acknowledges it), then « Valider » a moment later.
        await think();
        envelopes.push(fake.blockAction({ user, actionId: boxes, message: actionsQuestion, state: ticked }).envelopeId);
        await sleep(300 + Math.random() * 300);
        // « Valider »: the texts' form comes as a message of the DM, the rules above the fields.
        const from = mark(dm);
        const pressedAt = wallNow();
        envelopes.push(fake.blockAction({ user, actionId: validate, message: actionsQuestion, state: ticked }).envelopeId);
        const form = await until(questionSince(dm, from, (found) => actionIds(found).some((id) => id.startsWith('e|'))), `le formulaire du commentaire ${number}`);
        waits.formShown.push(since(pressedAt));
        const blocks = form.blocks as Json[];
        const rules = readRules(blocks.filter((block) => block.type === 'section').map((block) => String((block.text as Json | undefined)?.text ?? '')).join('\n'));
        const fields = blocks.filter((block) => block.type === 'input').map((block) => String(block.block_id));
        const texts = candidateTexts(author, rules, index + number);
        // Typed in the fields: Slack sends them with the click (block id = field, action id « value »).
        const state = Object.fromEntries(fields.map((field) => [field, { value: { type: 'plain_text_input', value: field === 'reply' ? texts.reply : texts.justification } }]));
        const send = actionIds(form).find((id) => id.startsWith('e|') && !id.endsWith('|draft'))!;
        // Reading the rules and typing the texts: the usual think time.
        await think();
        const sentFrom = mark(dm);
        const sentAt = wallNow();
        const sent = fake.blockAction({ user, actionId: send, message: form, state });
        envelopes.push(sent.envelopeId);
        formEnvelopes.push(sent.envelopeId);
        question = await until(questionSince(dm, sentFrom, (found) => isNext(found, true)), `le retour du commentaire ${number}`);
        waits.formFeedback.push(since(sentAt));
      }
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
    formAcks: formEnvelopes.map((id) => acked.get(id)).filter((value): value is number => value !== undefined),
    waits,
    elapsedMs,
    envelopes: envelopes.length,
    calls,
    responses: fake.responses.length,
    rateLimited: Object.entries(calls).filter(([method]) => method.endsWith('(429)')).reduce((sum, [, count]) => sum + count, 0),
    unanswered: envelopes.filter((id) => (acked.get(id) ?? Number.POSITIVE_INFINITY) > 3_000).length,
    modalsOpened: fake.calls.slice(callsBefore).filter((call) => call.method.startsWith('views.open')).length,
    broken,
  };
}
