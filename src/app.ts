import { registerAdapters, type AdapterEngine, type ChatAdapter } from './adapters/port.js';
import type { Config } from './config.js';
import { M13_TIMING, type ExamTiming } from './core/drill/types.js';
import type { Scenario } from './core/scenario/schema.js';
import { formatProblem } from './core/validation/problem.js';
import { systemClock, TimeoutScheduler, type Clock, type Scheduler } from './engine/clock.js';
import type { CohortService } from './engine/cohort-service.js';
import type { DrillService } from './engine/drill-service.js';
import type { Engine } from './engine/engine.js';
import type { NudgeService } from './engine/nudge-service.js';
import { startNudgeTick } from './engine/nudge-tick.js';
import { schedule } from 'node-cron';
import { purgeOlderThan } from './store/retention.js';
import { createEngine } from './engine/wiring.js';
import type { Logger } from './logger.js';
import { BUNDLED_SCENARIO_DIR, loadScenarioDir } from './scenarios/load.js';
import { loadChecklists, loadQuestionBank } from './coaching/load.js';
import { loadScoringResources } from './scoring/resources.js';
import { openDatabase, type Db } from './store/database.js';
import { WalFlush } from './store/wal-flush.js';

export interface App {
  db: Db;
  engine: Engine;
  drills: DrillService;
  cohorts: CohortService;
  nudges: NudgeService;
  scenarios: ReadonlyMap<string, Scenario>;
  /** The adapters registered so far, in order: what the app starts, watches and stops alike. */
  readonly adapters: readonly ChatAdapter[];
  /**
   * The surfaces the app talks through, in one list, before restore(): each adapter's `deliver`
   * carries the engine's clock-driven messages, its `openPrivateSpace` a cohort member's drill.
   */
  register(adapters: readonly ChatAdapter[]): void;
  /** Once the adapters are registered: open drills catch up with the clock, cohort launches are re-armed. */
  restore(): void;
  /**
   * A graceful stop (SIGTERM): events are refused from now on, timers and the nudge tick stop (a
   * burst ends after the message being sent), then the work under way finishes within `graceMs`.
   * The adapters and the database are still open afterwards: close them next.
   */
  stop(graceMs: number): Promise<{ left: number }>;
  close(): void;
  /** Group commit: the shared fsyncs done so far (undefined without group commit). */
  flushes(): number | undefined;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  scheduler?: Scheduler;
  scenarioDir?: string;
  /**
   * Group commit (the chat platforms, where a cohort answers at once): commits share one fsync,
   * off the event loop, which every answer waits for (store/wal-flush.ts). Without it each commit
   * is flushed before it returns (the terminal: one person, nothing to share).
   */
  groupCommit?: boolean;
}

function examTiming(config: Config): ExamTiming {
  return {
    readingMs: config.exam.readingMinutes * 60_000,
    writingMs: config.exam.writingMinutes * 60_000,
    reviewMs: config.exam.reviewMinutes * 60_000,
    remindersMinutes: M13_TIMING.remindersMinutes.filter((minutes) => minutes < config.exam.writingMinutes),
  };
}

/** Wires the engine: scenario bank, scoring resources, database, clock. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const scheduler = options.scheduler ?? new TimeoutScheduler(clock);
  const bank = await loadScenarioDir(options.scenarioDir ?? BUNDLED_SCENARIO_DIR);
  // A bad scenario file is reported and skipped: the others stay available.
  for (const problem of bank.problems) logger.warn({ problem: formatProblem(problem) }, 'scénario ignoré');
  const scenarios = new Map(bank.scenarios.map(({ scenario }) => [scenario.id, scenario]));
  const resources = await loadScoringResources();
  const checklists = await loadChecklists();
  for (const problem of checklists.problems) logger.warn({ problem: formatProblem(problem) }, 'fiche de compétence ignorée');
  const juryQuestions = await loadQuestionBank();
  for (const problem of juryQuestions.problems) logger.warn({ problem: formatProblem(problem) }, 'banque de questions ignorée');
  const groupCommit = options.groupCommit === true && config.databasePath !== ':memory:';
  const db = openDatabase(config.databasePath, { groupCommit });
  const walFlush = groupCommit ? new WalFlush(`${config.databasePath}-wal`, (error) => logger.error({ err: error }, 'écriture sur disque (fsync) en échec')) : undefined;
  const { engine, drills, cohorts, nudges, restore } = createEngine({
    db,
    clock,
    scheduler,
    scenarios,
    resources,
    timing: examTiming(config),
    defaultTimezone: config.defaultTimezone,
    competencies: checklists.competencies,
    oralQuestions: juryQuestions.questions,
    reportError: (error, context) => logger.error({ err: error, ...context }, 'erreur inattendue du moteur'),
    log: (level, details, message) => logger[level](details, message),
    ...(walFlush ? { flush: () => walFlush.flush() } : {}),
  });
  /** What restore() started and a stop ends: the nudge tick, the nightly purge. */
  let background: Array<() => Promise<void>> = [];
  const stopBackground = async () => {
    const stopping = background;
    background = [];
    for (const stop of stopping) await stop();
  };
  const adapters: ChatAdapter[] = [];
  return {
    db,
    engine,
    drills,
    cohorts,
    nudges,
    scenarios,
    adapters,
    register(added) {
      // The whole list each time: one adapter per platform, whatever the number of calls.
      registerAdapters(engine, [...adapters, ...added]);
      adapters.push(...added);
    },
    restore() {
      const restored = restore();
      const tick = startNudgeTick(nudges, (error) => logger.error({ err: error }, 'tick des rappels en échec'));
      background.push(() => tick.stop());
      if (config.retentionDays !== undefined) {
        const days = config.retentionDays;
        // Once a night: what is older than the retention period goes (RGPD: no indefinite keeping).
        const purge = schedule('17 3 * * *', () => logger.info({ removed: purgeOlderThan(db, clock.now() - days * 86_400_000), days }, 'données anciennes effacées'), { name: 'moderato-retention', unref: true });
        background.push(async () => void (await purge.destroy()));
      }
      logger.info({ scenarios: scenarios.size, ...restored, database: config.databasePath }, 'moteur prêt');
    },
    async stop(graceMs) {
      engine.stopAccepting();
      scheduler.cancelAll();
      await stopBackground();
      return engine.drain(graceMs);
    },
    close() {
      void stopBackground();
      scheduler.cancelAll();
      void walFlush?.close();
      db.close();
    },
    flushes: () => walFlush?.syncs,
  };
}

/**
 * The chat adapters the configuration asks for, in start order: Discord (DISCORD_TOKEN and
 * DISCORD_APP_ID), then Slack (SLACK_BOT_TOKEN and an app token or a signing secret). Each is only
 * loaded when configured: the terminal and the other commands never load discord.js or Bolt.
 */
export async function configuredAdapters(config: Config, engine: AdapterEngine, logger: Logger): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  if (config.discord) {
    const { DiscordBot } = await import('./adapters/discord/bot.js');
    adapters.push(new DiscordBot(engine, config.discord, logger));
  }
  if (config.slack) {
    const { SlackBot } = await import('./adapters/slack/bot.js');
    adapters.push(new SlackBot(engine, config.slack, logger));
  }
  return adapters;
}
