import { passRateChartSvg, renderPng } from '../render/chart.js';
import { toCsv } from '../render/csv.js';
import type { Competency } from '../core/coaching/checklist.js';
import type { OralQuestion } from '../core/coaching/oral.js';
import { CoachDesk } from './coach-desk.js';
import { CohortDesk, type ResultDocuments } from './cohort-desk.js';
import { CohortService } from './cohort-service.js';
import { DeliveryHub } from './delivery.js';
import type { Desk, DeskContext } from './desk.js';
import { DrillDesk } from './drill-desk.js';
import { DrillScreens } from './drill-screens.js';
import { DrillService, type DrillServiceDeps } from './drill-service.js';
import { Engine } from './engine.js';
import { HelpDesk } from './help-desk.js';
import { HomeDesk } from './home-desk.js';
import { notificationViews } from './notifications.js';
import { NudgeDesk } from './nudge-desk.js';
import { NudgeService } from './nudge-service.js';
import { OralService } from './oral-service.js';
import { PrivacyDesk } from './privacy-desk.js';

/** What the drill service needs, and what the other services add to it. */
export interface EngineWiring extends Omit<DrillServiceDeps, 'notify' | 'newId'> {
  defaultTimezone: string;
  /** CSV and chart renderers for trainers' results (default: the real ones). */
  documents?: ResultDocuments;
  /** The C1–C7 checklists for coaching (none: coaching says so). */
  competencies?: Competency[];
  /** Jury questions for oral rehearsals. */
  oralQuestions?: OralQuestion[];
  random?: () => number;
  reportError?: (error: unknown, context?: Record<string, unknown>) => void;
  log?: (level: 'info' | 'warn', details: Record<string, unknown>, message: string) => void;
  /** Group commit: resolves once the commits made so far are on disk (store/wal-flush.ts). */
  flush?: () => Promise<void>;
}

const defaultDocuments: ResultDocuments = {
  csv: toCsv,
  chart: (input) => renderPng(passRateChartSvg(input)),
};

/**
 * The engine with its services and desks, their notifications routed to the delivery hub. Call
 * `restore()` once the adapters are registered: open drills catch up and cohort launches are re-armed.
 */
export function createEngine(wiring: EngineWiring): { engine: Engine; drills: DrillService; cohorts: CohortService; nudges: NudgeService; restore(): { drills: number; cohortDrills: number; rehearsals: number } } {
  const reportError = wiring.reportError ?? (() => undefined);
  const now = () => wiring.clock.now();
  const lengthLimits = wiring.resources.rubric.length_limits;
  // The services announce what the clock did as it happens; the desks built below put it into
  // words (nothing is announced before restore() or the first event, once they all exist).
  const delivery = new DeliveryHub({ drill: (notification) => told.drill(notification), cohort: (notification) => told.cohort(notification) }, reportError, wiring.flush);
  const drills = new DrillService({ ...wiring, notify: (notification) => delivery.notify(notification) });
  const cohorts = new CohortService({
    db: wiring.db,
    clock: wiring.clock,
    scheduler: wiring.scheduler,
    drills,
    defaultTimezone: wiring.defaultTimezone,
    notify: (notification) => delivery.notifyCohort(notification),
    reportError,
  });
  const nudges = new NudgeService({
    db: wiring.db,
    clock: wiring.clock,
    defaultTimezone: wiring.defaultTimezone,
    lengthLimits,
    scenarioTitle: (id) => wiring.scenarios.get(id)?.title ?? id,
    deliver: (origin, views, options) => delivery.deliverAsync(origin, views, options),
    log: wiring.log ?? (() => undefined),
  });
  const oral = new OralService(wiring.db, wiring.clock, wiring.scheduler, wiring.oralQuestions ?? [], wiring.competencies ?? [], (origin, views) => delivery.deliverNow(origin, views));
  const screens = new DrillScreens({ drills, scenarios: wiring.scenarios, rubric: wiring.resources.rubric, now });
  const drillDesk = new DrillDesk({ drills, screens, scenarios: wiring.scenarios, random: wiring.random ?? Math.random });
  const cohortDesk = new CohortDesk({ cohorts, drills, scenarios: wiring.scenarios, now, documents: wiring.documents ?? defaultDocuments, passScore: wiring.resources.rubric.criteria.pass_score });
  const practice = (context: DeskContext) => drillDesk.practice(context);
  const told = notificationViews(drills, screens, cohortDesk);
  // Asked in this order; their claims do not overlap, except the help desk's, last, which takes any command left.
  const desks: Desk[] = [
    new PrivacyDesk(wiring.db, now),
    oral,
    new CoachDesk(wiring.db, wiring.competencies ?? [], cohorts, now, { lengthLimits, speller: wiring.resources.speller }),
    new NudgeDesk(nudges, cohorts, now, wiring.defaultTimezone, practice),
    cohortDesk,
    new HomeDesk({ drills: drills.store, scenarioTitle: (id) => wiring.scenarios.get(id)?.title, cohorts: cohortDesk, practice }),
    drillDesk,
    new HelpDesk(),
  ];
  const engine = new Engine({ db: wiring.db, desks, delivery, drills, cohorts, now, reportError, defaultTimezone: wiring.defaultTimezone, ...(wiring.flush ? { flush: wiring.flush } : {}) });
  return { engine, drills, cohorts, nudges, restore: () => ({ drills: drills.restore(), cohortDrills: cohorts.restore(), rehearsals: oral.restore() }) };
}
