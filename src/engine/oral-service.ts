import { ORAL_TIMING, PRESENTATION_MILESTONES, pickQuestions, type OralQuestion } from '../core/coaching/oral.js';
import type { Competency } from '../core/coaching/checklist.js';
import { CoachingStore } from '../store/coaching.js';
import type { Db } from '../store/database.js';
import { prepared, preparedPluck } from '../store/statements.js';
import type { DrillOrigin } from '../store/drills.js';
import type { Clock, Scheduler } from './clock.js';
import type { Desk, DeskContext } from './desk.js';
import type { Inbound, View } from './views.js';
import { refuse } from './refusal.js';

/** « oral » starts a rehearsal, « oral stop » ends it. */
export interface OralClaim {
  stop: boolean;
}

const MIN = 60_000;
const QUESTIONS = 5;
const DURATION_MS = (ORAL_TIMING.presentationMinutes + ORAL_TIMING.questionsMinutes) * MIN;
/** The jury's questions come one every two minutes during the 10 minutes of questions. */
const QUESTION_EVERY_MIN = 2;

interface Step {
  minute: number;
  views: (questions: OralQuestion[]) => View[];
}

/** The rehearsal's timeline: milestones, the switch to questions, each question, the end. */
function timeline(): Step[] {
  const { presentationMinutes, questionsMinutes } = ORAL_TIMING;
  const steps: Step[] = PRESENTATION_MILESTONES.map((minute) => ({
    minute,
    views: () => [{ kind: 'notice', tone: minute >= 13 ? 'warning' : 'info', text: `⏱ ${minute} min de présentation écoulées, ${presentationMinutes - minute} restantes.` }],
  }));
  steps.push({ minute: presentationMinutes, views: () => [{ kind: 'notice', tone: 'info', text: `Fin des ${presentationMinutes} minutes de présentation. Place aux questions du jury (${questionsMinutes} min).` }] });
  for (let index = 0; index < QUESTIONS; index += 1) {
    steps.push({ minute: presentationMinutes + index * QUESTION_EVERY_MIN, views: (questions) => (questions[index] ? [{ kind: 'notice', tone: 'info', text: `Question ${index + 1} (${questions[index]!.criterion}) : ${questions[index]!.text}` }] : []) });
  }
  steps.push({ minute: presentationMinutes + questionsMinutes, views: () => [{ kind: 'notice', tone: 'success', text: 'Fin de l’oral blanc. Notez les questions qui vous ont mis en difficulté et reprenez les fiches correspondantes (« coach »).' }] });
  return steps;
}

/**
 * Oral rehearsal (M1.2): a 15 + 10 minute timer that posts milestones, then jury questions drawn
 * from the criteria the learner has prepared least. Persisted, so a restart re-arms what is left.
 */
export class OralService implements Desk<OralClaim> {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly bank: OralQuestion[],
    private readonly competencies: Competency[],
    private readonly deliver: (origin: DrillOrigin, views: View[]) => void,
  ) {}

  claim(event: Inbound): OralClaim | undefined {
    return event.kind === 'command' && event.name === 'oral' ? { stop: event.args?.[0] === 'stop' } : undefined;
  }

  run(claim: OralClaim, { learnerId, origin }: DeskContext): View[] {
    return claim.stop ? this.stop(learnerId) : this.start(learnerId, origin);
  }

  /**
   * Readiness per criterion, from 0 (weakest) to 1: the share of its checklist items ticked, lowered
   * where the last artefact check failed; for Cr7, the pass rate of the learner's drill checks.
   */
  private weakness(learnerId: number): Map<string, number> {
    const coaching = new CoachingStore(this.db);
    const ticked = coaching.ticked(learnerId);
    const failed = coaching.failedCriteria(learnerId);
    const drillRates = new Map(
      prepared<[number], { criterion: string; rate: number }>(this.db, 'SELECT c.criterion, AVG(c.passed) AS rate FROM check_results c JOIN scores s ON s.drill_id = c.drill_id WHERE s.learner_id = ? GROUP BY c.criterion')
        .all(learnerId)
        .map((row) => [row.criterion, row.rate]),
    );
    const map = new Map<string, number>();
    for (const criterion of this.competencies.flatMap((competency) => competency.criteria)) {
      const ticks = criterion.items.filter((item) => ticked.has(item.id)).length / criterion.items.length;
      const drilled = drillRates.get(criterion.id);
      map.set(criterion.id, (drilled !== undefined ? (ticks + drilled) / 2 : ticks) - (failed.has(criterion.id) ? 0.5 : 0));
    }
    return map;
  }

  start(learnerId: number, origin: DrillOrigin): View[] {
    if (this.bank.length === 0) return [refuse('La banque de questions n’est pas chargée.')];
    const running = prepared<[number, string], { id: number }>(this.db, 'SELECT id FROM rehearsals WHERE learner_id = ? AND ended_at IS NULL AND started_at > ?').get(learnerId, new Date(this.clock.now() - DURATION_MS).toISOString());
    if (running) return [{ kind: 'notice', tone: 'info', text: 'Un oral blanc est déjà en cours (« oral stop » pour l’arrêter).' }];
    const previous = preparedPluck<[number], number>(this.db, 'SELECT COUNT(*) FROM rehearsals WHERE learner_id = ?').get(learnerId) ?? 0;
    const questions = pickQuestions(this.bank, this.weakness(learnerId), QUESTIONS, previous);
    const now = this.clock.now();
    const id = Number(prepared(this.db, 'INSERT INTO rehearsals (learner_id, origin, questions, started_at) VALUES (?, ?, ?, ?)').run(learnerId, JSON.stringify(origin), JSON.stringify(questions), new Date(now).toISOString()).lastInsertRowid);
    this.arm(id, now, origin, questions);
    return [{ kind: 'notice', tone: 'success', text: `Oral blanc lancé : ${ORAL_TIMING.presentationMinutes} minutes pour présenter votre dossier (jalons à ${PRESENTATION_MILESTONES.join(', ')} min), puis ${ORAL_TIMING.questionsMinutes} minutes de questions du jury, choisies parmi les critères que vous avez le moins préparés. « oral stop » pour arrêter.` }];
  }

  stop(learnerId: number): View[] {
    const rows = prepared<[number], { id: number }>(this.db, 'SELECT id FROM rehearsals WHERE learner_id = ? AND ended_at IS NULL').all(learnerId);
    for (const row of rows) this.end(row.id);
    return [{ kind: 'notice', tone: 'info', text: rows.length > 0 ? 'Oral blanc arrêté.' : 'Aucun oral blanc en cours.' }];
  }

  /** After a restart: what is left of each rehearsal is re-armed; what passed is not repeated. */
  restore(): number {
    const rows = prepared<[], { id: number; origin: string; questions: string; started_at: string }>(this.db, 'SELECT id, origin, questions, started_at FROM rehearsals WHERE ended_at IS NULL').all();
    for (const row of rows) this.arm(row.id, Date.parse(row.started_at), JSON.parse(row.origin) as DrillOrigin, JSON.parse(row.questions) as OralQuestion[]);
    return rows.length;
  }

  private arm(id: number, startedAt: number, origin: DrillOrigin, questions: OralQuestion[]): void {
    const now = this.clock.now();
    const steps = timeline();
    steps.forEach((step, index) => {
      const at = startedAt + step.minute * MIN;
      if (at < now) return;
      this.scheduler.at(`oral:${id}:${index}`, at, () => {
        this.deliver(origin, step.views(questions));
        if (index === steps.length - 1) this.end(id);
      });
    });
    if (startedAt + DURATION_MS < now) this.end(id);
  }

  private end(id: number): void {
    prepared(this.db, 'UPDATE rehearsals SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(new Date(this.clock.now()).toISOString(), id);
    timeline().forEach((_, index) => this.scheduler.cancel(`oral:${id}:${index}`));
  }
}
