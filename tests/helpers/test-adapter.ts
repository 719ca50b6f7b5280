import { registerAdapters, type ChatAdapter } from '../../src/adapters/port.js';
import { M13_TIMING } from '../../src/core/drill/types.js';
import type { Scenario } from '../../src/core/scenario/schema.js';
import { ManualClock } from '../../src/engine/clock.js';
import type { CohortService } from '../../src/engine/cohort-service.js';
import type { DrillService } from '../../src/engine/drill-service.js';
import type { Engine } from '../../src/engine/engine.js';
import type { NudgeService } from '../../src/engine/nudge-service.js';
import { createEngine } from '../../src/engine/wiring.js';
import { loadChecklists, loadQuestionBank } from '../../src/coaching/load.js';
import type { Inbound, View } from '../../src/engine/views.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { WalFlush } from '../../src/store/wal-flush.js';
import type { DrillOrigin } from '../../src/store/drills.js';
import { scoringResources } from './scoring.js';

declare module '../../src/store/learners.js' {
  /** The in-memory test platform below: known to tests, never to production code (src/ is built alone). */
  interface AdapterPlatforms {
    test: true;
  }
}

/**
 * An in-memory platform behind the same port as Discord, Slack and the terminal: a learner sends
 * inbound events and reads the views that come back, including those the clock delivers later
 * (reminders, automatic submission). It opens no private spaces of its own: a test that launches
 * cohort drills says how with `cohorts.onOpenSpace('test', …)`.
 */
export class TestPlatform implements ChatAdapter {
  readonly platform = 'test';
  readonly delivered: View[] = [];
  /** Every clock-driven delivery with where it went (drill threads, trainers' private reports). */
  readonly deliveries: Array<{ origin: DrillOrigin; views: View[] }> = [];
  private counter = 0;
  /** Event ids stay unique when a test reopens the same database (a restart). */
  private readonly instance = Math.random().toString(36).slice(2, 8);

  private constructor(
    readonly db: Db,
    readonly engine: Engine,
    readonly drills: DrillService,
    readonly cohorts: CohortService,
    readonly nudges: NudgeService,
    readonly clock: ManualClock,
    /** What the app does once adapters are up: open drills, cohort launches and rehearsals re-armed. */
    readonly restore: () => unknown,
    private readonly walFlush?: WalFlush,
  ) {}

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  connected(): boolean {
    return true;
  }

  /** Recorded at once, in order: a test reads them right after moving the clock. */
  async deliver(origin: DrillOrigin, views: View[]): Promise<void> {
    this.delivered.push(...views);
    this.deliveries.push({ origin, views });
  }

  /**
   * `groupCommit`: as the chat platforms run, each commit unflushed and answers waiting for the real
   * fsync of the write-ahead log (a database file); `flush`: the same with a flush the test controls.
   */
  static async open(path: string, clock: ManualClock, scenarios: Scenario[], options: { groupCommit?: boolean; flush?: () => Promise<void> } = {}): Promise<TestPlatform> {
    const walFlush = options.groupCommit && !options.flush ? new WalFlush(`${path}-wal`, (error) => {
      throw error;
    }) : undefined;
    const flush = options.flush ?? (walFlush ? () => walFlush.flush() : undefined);
    const db = openDatabase(path, { groupCommit: flush !== undefined });
    const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
    const { competencies } = await loadChecklists();
    const { questions } = await loadQuestionBank();
    const { engine, drills, cohorts, nudges, restore } = createEngine({ db, clock, scheduler: clock, scenarios: byId, resources: await scoringResources(), timing: M13_TIMING, defaultTimezone: 'Europe/Paris', random: () => 0, competencies, oralQuestions: questions, ...(flush ? { flush } : {}) });
    const platform = new TestPlatform(db, engine, drills, cohorts, nudges, clock, restore, walFlush);
    registerAdapters(engine, [platform]);
    return platform;
  }

  send(userId: string, event: Inbound, eventId = `evt-${this.instance}-${userId}-${++this.counter}`, extra: { channelId?: string; trainer?: boolean } = {}): View[] {
    return this.engine.handle({ eventId, platform: this.platform, userId, displayName: userId, event, ...extra });
  }

  /** Practice offers to rewrite what failed after a comment's feedback: this learner goes on; the question after that. */
  goOn(userId: string, question: Extract<View, { kind: 'prompt' | 'form' }>): Extract<View, { kind: 'prompt' | 'form' }> {
    return question.id.startsWith('retry:') ? TestPlatform.question(this.send(userId, { kind: 'choice', prompt: question.id, values: ['next'] })) : question;
  }

  /** The last prompt or form among views: what the learner answers next. */
  static question(views: View[]): Extract<View, { kind: 'prompt' | 'form' }> {
    const question = [...views].reverse().find((view): view is Extract<View, { kind: 'prompt' | 'form' }> => view.kind === 'prompt' || view.kind === 'form');
    if (!question) throw new Error(`pas de question dans ${JSON.stringify(views.map((view) => view.kind))}`);
    return question;
  }

  close(): void {
    void this.walFlush?.close();
    this.db.close();
  }
}
