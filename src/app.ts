import type { Config } from './config.js';
import { M13_TIMING, type ExamTiming } from './core/drill/types.js';
import type { Scenario } from './core/scenario/schema.js';
import { formatProblem } from './core/validation/problem.js';
import { systemClock, TimeoutScheduler, type Clock, type Scheduler } from './engine/clock.js';
import { DrillService } from './engine/drill-service.js';
import { Engine } from './engine/engine.js';
import type { Logger } from './logger.js';
import { loadScenarioDir } from './scenarios/load.js';
import { loadScoringResources } from './scoring/resources.js';
import { openDatabase, type Db } from './store/database.js';

export interface App {
  db: Db;
  engine: Engine;
  drills: DrillService;
  scenarios: ReadonlyMap<string, Scenario>;
  close(): void;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  scheduler?: Scheduler;
  scenarioDir?: string;
}

function examTiming(config: Config): ExamTiming {
  return {
    readingMs: config.exam.readingMinutes * 60_000,
    writingMs: config.exam.writingMinutes * 60_000,
    reviewMs: config.exam.reviewMinutes * 60_000,
    remindersMinutes: M13_TIMING.remindersMinutes.filter((minutes) => minutes < config.exam.writingMinutes),
  };
}

/** Wires the engine: scenario bank, scoring resources, database, clock. Open drills are restored. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const scheduler = options.scheduler ?? new TimeoutScheduler(clock);
  const bank = await loadScenarioDir(options.scenarioDir);
  // A bad scenario file is reported and skipped: the others stay available.
  for (const problem of bank.problems) logger.warn({ problem: formatProblem(problem) }, 'scénario ignoré');
  const scenarios = new Map(bank.scenarios.map(({ scenario }) => [scenario.id, scenario]));
  const resources = await loadScoringResources();
  const db = openDatabase(config.databasePath);
  let engine: Engine | undefined;
  const drills = new DrillService({
    db,
    clock,
    scheduler,
    scenarios,
    resources,
    timing: examTiming(config),
    notify: (notification) => engine?.notify(notification),
  });
  engine = new Engine(db, drills, scenarios, () => clock.now(), Math.random, (error) => logger.error({ err: error }, 'erreur inattendue du moteur'));
  const restored = drills.restore();
  logger.info({ scenarios: scenarios.size, restored, database: config.databasePath }, 'moteur prêt');
  return {
    db,
    engine,
    drills,
    scenarios,
    close() {
      scheduler.cancelAll();
      db.close();
    },
  };
}
