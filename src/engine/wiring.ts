import { passRateChartSvg, renderPng } from '../render/chart.js';
import { toCsv } from '../render/csv.js';
import { CohortDesk, type ResultDocuments } from './cohort-desk.js';
import { CohortService } from './cohort-service.js';
import { DrillService, type DrillServiceDeps } from './drill-service.js';
import { Engine } from './engine.js';
import { NudgeDesk } from './nudge-desk.js';
import { CoachDesk } from './coach-desk.js';
import type { Competency } from '../core/coaching/checklist.js';
import type { OralQuestion } from '../core/coaching/oral.js';
import { OralService } from './oral-service.js';
import { NudgeService } from './nudge-service.js';

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
}

const defaultDocuments: ResultDocuments = {
  csv: toCsv,
  chart: (input) => renderPng(passRateChartSvg(input)),
};

/**
 * The engine with its services, their notifications routed to it. Call `restore()` once the
 * adapters are registered: open drills catch up and cohort launches are re-armed.
 */
export function createEngine(wiring: EngineWiring): { engine: Engine; drills: DrillService; cohorts: CohortService; nudges: NudgeService; restore(): { drills: number; cohortDrills: number; rehearsals: number } } {
  const reportError = wiring.reportError ?? (() => undefined);
  let engine: Engine | undefined;
  const drills = new DrillService({ ...wiring, notify: (notification) => engine?.notify(notification) });
  const cohorts = new CohortService({
    db: wiring.db,
    clock: wiring.clock,
    scheduler: wiring.scheduler,
    drills,
    defaultTimezone: wiring.defaultTimezone,
    notify: (notification) => engine?.notifyCohort(notification),
    reportError,
  });
  const desk = new CohortDesk({ cohorts, drills, scenarios: wiring.scenarios, now: () => wiring.clock.now(), documents: wiring.documents ?? defaultDocuments, passScore: wiring.resources.rubric.criteria.pass_score });
  const nudges = new NudgeService({
    db: wiring.db,
    clock: wiring.clock,
    defaultTimezone: wiring.defaultTimezone,
    lengthLimits: wiring.resources.rubric.length_limits,
    scenarioTitle: (id) => wiring.scenarios.get(id)?.title ?? id,
    deliver: (origin, views, options) => engine!.deliverAsync(origin, views, options),
    log: wiring.log ?? (() => undefined),
  });
  const nudgeDesk = new NudgeDesk(nudges, cohorts, () => wiring.clock.now(), wiring.defaultTimezone);
  const oral = new OralService(wiring.db, wiring.clock, wiring.scheduler, wiring.oralQuestions ?? [], wiring.competencies ?? [], (origin, views) => engine?.deliverNow(origin, views));
  const coach = new CoachDesk(wiring.db, wiring.competencies ?? [], cohorts, () => wiring.clock.now(), { lengthLimits: wiring.resources.rubric.length_limits, speller: wiring.resources.speller });
  engine = new Engine({ db: wiring.db, defaultTimezone: wiring.defaultTimezone, drills, cohorts, desk, nudgeDesk, coach, oral, scenarios: wiring.scenarios, now: () => wiring.clock.now(), ...(wiring.random ? { random: wiring.random } : {}), reportError });
  return { engine, drills, cohorts, nudges, restore: () => ({ drills: drills.restore(), cohortDrills: cohorts.restore(), rehearsals: oral.restore() }) };
}
