import type { DrillMode } from '../../../src/core/drill/types.js';
import type { Action, Scenario } from '../../../src/core/scenario/schema.js';
import { ManualClock } from '../../../src/engine/clock.js';
import type { Inbound, View } from '../../../src/engine/views.js';
import type { DrillOrigin } from '../../../src/store/drills.js';
import type { TestPlatform } from '../../helpers/test-adapter.js';
import { contractScenarios, openEngine, T0, viewText, type CaseId, type CommentAnswer, type Driver, type ForgedKind, type Person, type Refusal } from './driver.js';

type Question = Extract<View, { kind: 'prompt' | 'form' }>;

interface Sent {
  who: Person;
  eventId: string;
  event: Inbound;
  views: View[];
}

/** Where the in-memory platform stands in the contract. */
export const TEST_PLATFORM_SURFACE = {
  notApplicable: {
    'rate-limit': 'The in-memory platform has no transport that could answer 429: views are returned by a function call.',
    'nudge-resent': 'The in-memory platform records every delivery it is handed; recognising a resent message by its idempotency key is a transport’s job (Discord’s enforced nonce, Slack’s message metadata), run on those surfaces.',
  } satisfies Partial<Record<CaseId, string>>,
  refusesBesideField: true,
};

/**
 * The in-memory platform: a person's events go straight to the engine with the platform « test »,
 * and what they read is the views that came back or that the clock delivered to them.
 */
export async function createTestPlatformSurface(options: { bank?: boolean } = {}): Promise<Driver> {
  const clock = new ManualClock(T0);
  const scenarios = await contractScenarios(options.bank ?? false);
  const platform = await openEngine(clock, scenarios);
  const driver = new TestPlatformDriver(platform, clock, scenarios);
  // The platform's deliverer: clock-driven views reach the person they are for.
  platform.engine.onDeliver('test', (origin, views) => driver.delivered(origin, views));
  platform.restore();
  return driver;
}

class TestPlatformDriver implements Driver {
  readonly surface = 'test-platform';
  private readonly logs = new Map<Person, string[]>();
  private readonly questions = new Map<Person, Question | undefined>();
  private readonly sent: Sent[] = [];
  private counter = 0;

  constructor(
    private readonly platform: TestPlatform,
    readonly clock: ManualClock,
    readonly scenarios: Scenario[],
  ) {}

  get db() {
    return this.platform.db;
  }

  get engine() {
    return this.platform.engine;
  }

  get nudges() {
    return this.platform.nudges;
  }

  origin(who: Person) {
    return { platform: 'test' as const, userId: who };
  }

  /** Every clock-driven delivery, with where it went. */
  readonly deliveries: Array<{ origin: DrillOrigin; views: View[] }> = [];

  delivered(origin: DrillOrigin, views: View[]): void {
    this.deliveries.push({ origin, views });
    this.show(origin.userId as Person, views);
  }

  private show(who: Person, views: View[]): void {
    const log = this.logs.get(who) ?? [];
    log.push(...views.map(viewText));
    this.logs.set(who, log);
    const question = [...views].reverse().find((view): view is Question => view.kind === 'prompt' || view.kind === 'form');
    if (question) this.questions.set(who, question);
  }

  /** One event of the person; a second of a real person's clicks, so the flood guard sees people, not a script. */
  private send(who: Person, event: Inbound, eventId = `evt-${who}-${++this.counter}`): View[] {
    this.clock.advance(2_000);
    const views = this.platform.engine.handle({ eventId, platform: 'test', userId: who, displayName: who, event });
    this.sent.push({ who, eventId, event, views });
    this.show(who, views);
    return views;
  }

  private question(who: Person): Question {
    const question = this.questions.get(who);
    if (!question) throw new Error(`pas de question à l’écran de ${who}`);
    return question;
  }

  private choose(who: Person, prefix: string, values: string[]): View[] {
    const question = this.question(who);
    if (question.kind !== 'prompt' || !question.id.startsWith(prefix)) throw new Error(`attendu ${prefix}…, à l’écran : ${question.id}`);
    return this.send(who, { kind: 'choice', prompt: question.id, values });
  }

  async startDrill(who: Person, scenarioId: string, mode: DrillMode): Promise<void> {
    this.send(who, { kind: 'command', name: 'start', args: [scenarioId, mode] });
    this.question(who);
  }

  transcript(who: Person): string {
    return (this.logs.get(who) ?? []).join('\n');
  }

  async waitForText(who: Person, expected: string | RegExp, from = 0): Promise<void> {
    const text = this.transcript(who).slice(from);
    if (typeof expected === 'string' ? !text.includes(expected) : !expected.test(text)) throw new Error(`jamais vu : ${String(expected)}\n--- vu ---\n${text}`);
  }

  questionOnScreen(who: Person): string {
    return JSON.stringify(this.questions.get(who) ?? null);
  }

  async finishReading(who: Person): Promise<void> {
    this.choose(who, 'ready:', ['go']);
  }

  async answer(who: Person, commentId: string, answer: CommentAnswer): Promise<void> {
    const needs = this.question(who);
    if (needs.kind !== 'prompt' || !needs.id.startsWith('needs:') || !needs.id.endsWith(`:${commentId}`)) throw new Error(`attendu la question de ${commentId}, à l’écran : ${needs.id}`);
    if (!answer.needsAction) {
      this.choose(who, 'needs:', ['no']);
      this.goOn(who);
      return;
    }
    this.choose(who, 'needs:', ['yes']);
    this.choose(who, 'actions:', answer.actions);
    const form = this.question(who);
    if (form.kind !== 'form') throw new Error(`attendu le formulaire, à l’écran : ${form.id}`);
    this.send(who, { kind: 'form', form: form.id, values: { ...answer.texts } });
    this.goOn(who);
  }

  /** Practice offers to rewrite what failed: the contract's candidate goes on to the next comment. */
  private goOn(who: Person): void {
    const question = this.questions.get(who);
    if (question?.kind === 'prompt' && question.id.startsWith('retry:')) this.choose(who, 'retry:', ['next']);
  }

  async submit(who: Person): Promise<void> {
    this.choose(who, 'submit:', ['submit']);
  }

  async endReview(who: Person): Promise<void> {
    this.choose(who, 'review:', ['done']);
  }

  async advance(milliseconds: number): Promise<void> {
    this.clock.advance(milliseconds);
  }

  async redeliverLast(who: Person): Promise<void> {
    const last = [...this.sent].reverse().find((sent) => sent.who === who);
    if (!last) throw new Error(`${who} n’a rien envoyé`);
    this.send(who, last.event, last.eventId);
  }

  rateLimitNextPost(): void {
    throw new Error('pas de 429 sur la plateforme en mémoire');
  }

  rateLimited(): number {
    return 0;
  }

  async sendForged(actor: Person, owner: Person, kind: ForgedKind): Promise<Refusal> {
    const target = this.questions.get(owner);
    const before = this.logs.get(actor)?.length ?? 0;
    if (kind === 'garbage') this.send(actor, { kind: 'choice', prompt: 'inconnu:x', values: ['x'] });
    else if (kind === 'foreign') this.send(actor, { kind: 'choice', prompt: target!.id, values: target!.kind === 'prompt' ? [target!.choices.at(-1)!.value] : [] });
    else this.send(actor, { kind: 'choice', prompt: this.staleNeeds(owner), values: ['no'] });
    if (actor !== owner) this.questions.delete(actor);
    else if (target) this.questions.set(owner, target);
    return { text: (this.logs.get(actor) ?? []).slice(before).join('\n'), privately: true };
  }

  /** The first comment's question of the owner's latest drill (answered, or its copy handed in). */
  private staleNeeds(owner: Person): string {
    const asked = this.sent.flatMap((sent) => (sent.who === owner ? sent.views : [])).filter((view): view is Question => view.kind === 'prompt' && view.id.startsWith('needs:'));
    const drillId = asked.at(-1)?.id.split(':')[1];
    const first = asked.find((view) => view.id.split(':')[1] === drillId);
    if (!first) throw new Error(`aucune question posée à ${owner}`);
    return first.id;
  }

  async tryTrainerAction(who: Person): Promise<Refusal> {
    const views = this.send(who, { kind: 'command', name: 'cohort-create', args: ['Promo', 'Pirate'] });
    return { text: views.map(viewText).join('\n'), privately: true };
  }

  async submitOversized(who: Person, commentId: string, actions: Array<Exclude<Action, 'none'>>, texts: Record<string, string>): Promise<Refusal> {
    this.choose(who, `needs:`, ['yes']);
    this.choose(who, 'actions:', actions);
    const form = this.question(who);
    if (form.kind !== 'form' || !form.id.includes(`:${commentId}:`)) throw new Error(`attendu le formulaire de ${commentId}`);
    const views = this.send(who, { kind: 'form', form: form.id, values: texts });
    this.questions.set(who, form);
    const refusal = views.find((view): view is Extract<View, { kind: 'notice' }> => view.kind === 'notice' && view.tone === 'error');
    return { text: views.map(viewText).join('\n'), privately: true, ...(refusal?.field ? { besideField: refusal.field } : {}) };
  }

  async enrolForNudges(who: Person, csv: string): Promise<void> {
    this.send(who, { kind: 'command', name: 'nudges', args: ['on'] });
    this.send(who, { kind: 'form', form: 'calendar-import', values: { text: csv } });
  }

  publicTraffic(): string[] {
    // Every delivery of this platform went to a person (no channel): nothing is posted for others.
    return this.deliveries.filter((delivery) => delivery.origin.channelId !== undefined).map((delivery) => JSON.stringify(delivery));
  }

  unanswered(): string[] {
    // A redelivery is answered by the first delivery; a text kept as a draft needs no answer.
    const first = new Set<string>();
    const silent: string[] = [];
    for (const sent of this.sent) {
      const repeat = first.has(sent.eventId);
      first.add(sent.eventId);
      if (!repeat && sent.views.length === 0 && !(sent.event.kind === 'form' && sent.event.draft)) silent.push(`${sent.eventId} ${JSON.stringify(sent.event)}`);
    }
    return silent;
  }

  platformErrors(): string[] {
    return [];
  }

  async close(): Promise<void> {
    this.clock.cancelAll();
    this.platform.close();
  }
}
