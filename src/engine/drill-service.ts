import { randomUUID } from 'node:crypto';
import type { Answer } from '../core/answers/schema.js';
import { answersToScore, applyEvent, decide, dueEvents, nextDeadline, retrying } from '../core/drill/reduce.js';
import { retryPlan, type RetryPlan } from '../core/drill/retry.js';
import { DrillError, type DrillCommand, type DrillEvent, type DrillMode, type DrillState, type Draft, type ExamTiming } from '../core/drill/types.js';
import { score, scoreComment, type Score } from '../core/rubric/score.js';
import type { CheckResult, ScoringResources } from '../core/rubric/types.js';
import type { Scenario } from '../core/scenario/schema.js';
import type { Db } from '../store/database.js';
import { DrillStore, type DrillOrigin, type StoredDrill } from '../store/drills.js';
import { WeakSpotStore } from '../store/weak-spots.js';
import { afterCommit, transaction } from '../store/transaction.js';
import { updateWeakSpots } from '../core/drill/redrill.js';
import type { Clock, Scheduler } from './clock.js';

/** Something the clock made happen to a drill, to tell its candidate wherever the drill runs. */
export type DrillNotification =
  | { kind: 'writing_started'; drill: StoredDrill }
  | { kind: 'reminder'; drill: StoredDrill; minutesLeft: number }
  | { kind: 'submitted'; drill: StoredDrill; automatic: boolean; score: Score }
  | { kind: 'closed'; drill: StoredDrill };

export interface DrillServiceDeps {
  db: Db;
  clock: Clock;
  scheduler: Scheduler;
  scenarios: ReadonlyMap<string, Scenario>;
  resources: ScoringResources;
  timing: ExamTiming;
  notify: (notification: DrillNotification) => void;
  newId?: () => string;
}

export class NotYourDrillError extends DrillError {
  constructor() {
    super('drill.not_found', 'Cet exercice n’existe pas ou ne vous appartient pas.');
  }
}

/**
 * The drill use-cases. Every change is: load the log, let the clock catch up, decide, append, in
 * one transaction; then re-arm the drill's next deadline. Nothing lives only in memory.
 */
export class DrillService {
  readonly store: DrillStore;
  readonly weakSpots: WeakSpotStore;
  private readonly newId: () => string;

  constructor(private readonly deps: DrillServiceDeps) {
    this.store = new DrillStore(deps.db);
    this.weakSpots = new WeakSpotStore(deps.db);
    this.newId = deps.newId ?? randomUUID;
  }

  /** The exam durations, for telling candidates how long each phase lasts. */
  get timing(): ExamTiming {
    return this.deps.timing;
  }

  /** The bank's cases, in its order. */
  scenarios(): Iterable<Scenario> {
    return this.deps.scenarios.values();
  }

  scenario(id: string): Scenario {
    const scenario = this.deps.scenarios.get(id);
    if (!scenario) throw new DrillError('drill.unknown_scenario', `Scénario « ${id} » introuvable.`);
    return scenario;
  }

  start(learnerId: number, origin: DrillOrigin, scenarioId: string, mode: DrillMode): StoredDrill {
    this.scenario(scenarioId);
    const id = this.newId();
    const started: DrillEvent = { type: 'started', at: this.deps.clock.now(), scenarioId, mode, ...(mode === 'exam' ? { timing: this.deps.timing } : {}) };
    transaction(this.deps.db, () => this.store.create(id, learnerId, origin, started));
    const drill = this.mustLoad(id);
    afterCommit(this.deps.db, () => this.arm(drill));
    return drill;
  }

  /** Loads a drill for its owner only: another learner's drill is as good as absent. */
  get(learnerId: number, drillId: string): StoredDrill {
    const drill = this.store.load(drillId);
    if (!drill || drill.learnerId !== learnerId) throw new NotYourDrillError();
    return drill;
  }

  /**
   * Records an answer (replacing an earlier one); in practice mode returns the comment's checks,
   * and `first`, the first attempt's checks, when this answer is the comment's second attempt.
   */
  answer(learnerId: number, drillId: string, answer: Answer): { drill: StoredDrill; checks?: CheckResult[]; first?: CheckResult[] } {
    const before = this.get(learnerId, drillId);
    const drill = this.command(learnerId, drillId, { type: 'answer', answer });
    if (drill.mode !== 'practice') return { drill };
    const checks = this.checks(drill, answer);
    const firstAnswer = drill.state.firstAttempts.get(answer.comment);
    const second = firstAnswer !== undefined && !before.state.secondAttempts.has(answer.comment);
    return { drill, checks, ...(second ? { first: this.checks(drill, firstAnswer) } : {}) };
  }

  /** A comment's checks for an answer (practice feedback, second attempts). */
  checks(drill: StoredDrill, answer: Answer): CheckResult[] {
    const scenario = this.scenario(drill.scenarioId);
    const comment = scenario.comments.find((candidate) => candidate.id === answer.comment)!;
    return scoreComment(scenario, comment, answer, this.deps.resources);
  }

  /** Practice: starts rewriting what failed in a comment's answer (once per comment; refused in an exam). */
  retry(learnerId: number, drillId: string, commentId: string): StoredDrill {
    return this.command(learnerId, drillId, { type: 'retry', comment: commentId });
  }

  /** What a comment being rewritten asks again, from its first attempt; undefined when it is not being rewritten. */
  retryPlan(drill: StoredDrill, commentId: string): RetryPlan | undefined {
    const first = drill.state.firstAttempts.get(commentId);
    if (!first || !retrying(drill.state, commentId)) return undefined;
    const scenario = this.scenario(drill.scenarioId);
    const comment = scenario.comments.find((candidate) => candidate.id === commentId)!;
    return retryPlan(scenario, comment, first, this.checks(drill, first), this.deps.resources);
  }

  /** Keeps part of an answer the moment it is given: a deadline or a crash loses nothing already typed. */
  draft(learnerId: number, drillId: string, draft: Draft): StoredDrill {
    return this.command(learnerId, drillId, { type: 'draft', draft });
  }

  beginWriting(learnerId: number, drillId: string): StoredDrill {
    return this.command(learnerId, drillId, { type: 'begin_writing' });
  }

  submit(learnerId: number, drillId: string): { drill: StoredDrill; score: Score } {
    const drill = this.command(learnerId, drillId, { type: 'submit' });
    return { drill, score: this.store.score(drillId)! };
  }

  /**
   * Leaves a drill unsubmitted: closed without a score, the event kept in its log. A drill launched
   * by a trainer for a cohort is theirs to review: it cannot be abandoned.
   */
  abandon(learnerId: number, drillId: string): StoredDrill {
    this.get(learnerId, drillId);
    if (this.store.isCohortDrill(drillId)) throw new DrillError('drill.cohort', 'Cet exercice a été lancé par votre formateur : il ne peut pas être abandonné.');
    return this.command(learnerId, drillId, { type: 'abandon' });
  }

  endReview(learnerId: number, drillId: string): StoredDrill {
    return this.command(learnerId, drillId, { type: 'end_review' });
  }

  /**
   * Applies what the clock made due, then the candidate's command. The clock's events are stored
   * on their own first: a command refused because the deadline passed keeps the automatic
   * submission it caught up with.
   */
  private command(learnerId: number, drillId: string, command: DrillCommand): StoredDrill {
    const now = this.deps.clock.now();
    const caughtUp = transaction(this.deps.db, () => {
      const notifications: DrillNotification[] = [];
      const drill = this.catchUp(this.get(learnerId, drillId), now, notifications);
      this.afterCommit(drill, notifications);
      return drill;
    });
    const drill = transaction(this.deps.db, () => {
      const scenario = this.scenario(caughtUp.scenarioId);
      const events = decide(caughtUp.state, command, now, new Set(scenario.comments.map((comment) => comment.id)));
      // The candidate's own events are answered by the caller's views: only the clock's are notified.
      return this.persist(caughtUp, events, now, []);
    });
    this.afterCommit(drill, []);
    return drill;
  }

  /** Appends the clock's due events to the log (inside the caller's transaction). */
  private catchUp(drill: StoredDrill, now: number, notifications: DrillNotification[]): StoredDrill {
    const due = dueEvents(drill.state, now);
    return due.length === 0 ? drill : this.persist(drill, due, now, notifications);
  }

  private persist(drill: StoredDrill, events: DrillEvent[], now: number, notifications: DrillNotification[]): StoredDrill {
    let state: DrillState = drill.state;
    for (const event of events) state = applyEvent(state, event);
    this.store.append(drill.id, drill.length, events, state);
    const updated: StoredDrill = { ...drill, state, length: drill.length + events.length };
    for (const event of events) {
      if (event.type === 'submitted') {
        const scenario = this.scenario(drill.scenarioId);
        const result = score(scenario, answersToScore(state), this.deps.resources);
        this.store.saveScore(drill.id, drill.learnerId, result, now);
        // The first attempts of the comments rewritten, kept beside the final score (history, progress).
        const firsts = [...state.secondAttempts].flatMap((commentId) => {
          const first = state.firstAttempts.get(commentId);
          return first ? [{ comment: commentId, checks: this.checks(updated, first) }] : [];
        });
        this.store.saveFirstAttempts(drill.id, firsts);
        // What was failed comes back in later practice (2, 7, 14 days), in the same transaction.
        this.weakSpots.apply(drill.learnerId, updateWeakSpots(this.weakSpots.of(drill.learnerId), scenario, result, now));
        notifications.push({ kind: 'submitted', drill: updated, automatic: event.automatic, score: result });
      } else if (event.type === 'reminded') notifications.push({ kind: 'reminder', drill: updated, minutesLeft: event.minutesLeft });
      else if (event.type === 'writing_started') notifications.push({ kind: 'writing_started', drill: updated });
      else if (event.type === 'closed') notifications.push({ kind: 'closed', drill: updated });
    }
    return updated;
  }

  /** Runs a drill's due deadlines now (called by its timer, or at start-up for catch-up). */
  tick(drillId: string): void {
    const now = this.deps.clock.now();
    const notifications: DrillNotification[] = [];
    const drill = transaction(this.deps.db, () => {
      const current = this.store.load(drillId);
      return current ? this.catchUp(current, now, notifications) : undefined;
    });
    if (drill) this.afterCommit(drill, notifications);
  }

  /** Timers and messages only once the drill's new state is stored (never for a rolled-back event). */
  private afterCommit(drill: StoredDrill, notifications: DrillNotification[]): void {
    afterCommit(this.deps.db, () => {
      this.arm(drill);
      for (const notification of notifications) this.deps.notify(notification);
    });
  }

  /** After a restart: every open drill catches up with the clock and gets its next deadline re-armed. */
  restore(): number {
    const ids = this.store.openDrillIds();
    for (const id of ids) this.tick(id);
    return ids.length;
  }

  private arm(drill: StoredDrill): void {
    const deadline = nextDeadline(drill.state);
    if (deadline === undefined) this.deps.scheduler.cancel(drill.id);
    else this.deps.scheduler.at(drill.id, deadline, () => this.tick(drill.id));
  }

  private mustLoad(id: string): StoredDrill {
    const drill = this.store.load(id);
    if (!drill) throw new Error(`drill ${id} introuvable`);
    return drill;
  }
}
