import type { Db } from '../store/database.js';
import type { DrillOrigin } from '../store/drills.js';
import { InboundEventLog } from '../store/inbound-events.js';
import { learnerFor, type Platform } from '../store/learners.js';
import { transaction } from '../store/transaction.js';
import type { CohortNotification, CohortService } from './cohort-service.js';
import type { DeliveryHub, Deliver, DeliveryOptions } from './delivery.js';
import type { Desk, DeskContext } from './desk.js';
import type { DrillNotification, DrillService } from './drill-service.js';
import { originOf, type Envelope } from './envelope.js';
import { floodGuard, tooLarge, whileStopping, type Guard } from './guards.js';
import { OUTDATED, UNKNOWN_FORM } from './refusal.js';
import type { Choice, Inbound, View } from './views.js';
import { searchScenarios } from '../core/scenario/search.js';

export type { Envelope } from './envelope.js';
export type { Deliver, DeliveryOptions } from './delivery.js';

export interface EngineDeps {
  db: Db;
  /** Asked in order: the first desk that claims an event answers it (see wiring.ts). */
  desks: Desk[];
  /** Where clock-driven messages go, and the work a graceful stop waits for. */
  delivery: DeliveryHub;
  drills: DrillService;
  cohorts: CohortService;
  now: () => number;
  reportError?: (error: unknown) => void;
  /** The time zone of learners who gave none. */
  defaultTimezone?: string;
  /**
   * Group commit: resolves once the commits made so far are on disk (store/wal-flush.ts). Absent
   * when every commit is flushed before it returns.
   */
  flush?: () => Promise<void>;
}

/** A desk and what it recognised in the event it claimed. */
interface Claimed {
  desk: Desk;
  claim: unknown;
}

/**
 * The platform-neutral conversation's front door: an inbound event passes the guards, then, in one
 * transaction, its id is claimed (a redelivery is ignored), its learner found, and the first desk
 * that claims it answers with views. A refusal is an answer and commits; a fault rolls everything
 * back, event id included, so the user's retry is handled.
 */
export class Engine {
  readonly drills: DrillService;
  readonly cohorts: CohortService;
  private readonly db: Db;
  private readonly desks: readonly Desk[];
  private readonly delivery: DeliveryHub;
  private readonly inbound: InboundEventLog;
  private readonly now: () => number;
  private readonly reportError: (error: unknown) => void;
  private readonly defaultTimezone: string;
  private readonly flush: (() => Promise<void>) | undefined;
  /** Set by a graceful stop: new events are refused (nothing written), work under way finishes. */
  private stopping = false;
  /** Stopping, then size, then rate: the cheapest refusal first, the flood guard last (it may keep a draft). */
  private readonly guards: readonly Guard[] = [whileStopping(() => this.stopping), tooLarge, floodGuard(() => this.now(), (draft) => this.keepDraft(draft))];

  constructor(deps: EngineDeps) {
    this.db = deps.db;
    this.desks = deps.desks;
    this.delivery = deps.delivery;
    this.drills = deps.drills;
    this.cohorts = deps.cohorts;
    this.inbound = new InboundEventLog(deps.db);
    this.now = deps.now;
    this.reportError = deps.reportError ?? (() => undefined);
    this.defaultTimezone = deps.defaultTimezone ?? 'Europe/Paris';
    this.flush = deps.flush;
  }

  /** An adapter registers how to reach its users for clock-driven messages. */
  onDeliver(platform: Platform, deliver: Deliver): void {
    this.delivery.onDeliver(platform, deliver);
  }

  /** What the clock did to a drill, told to its candidate. */
  notify(notification: DrillNotification): void {
    this.delivery.notify(notification);
  }

  /** A cohort drill's news: members get their drill, trainers their reports. */
  notifyCohort(notification: CohortNotification): void {
    this.delivery.notifyCohort(notification);
  }

  /** Delivers and waits for the platform's answer; rejects when it cannot (no adapter, refused). */
  deliverAsync(origin: DrillOrigin, views: View[], options: DeliveryOptions = {}): Promise<void> {
    return this.delivery.deliverAsync(origin, views, options);
  }

  /** Fire-and-forget delivery for timers (oral rehearsal): failures are reported, not thrown. */
  deliverNow(origin: DrillOrigin, views: View[]): void {
    this.delivery.deliverNow(origin, views);
  }

  /** Adapters hand over the work an event started (replies, uploads): a graceful stop waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    return this.delivery.track(work);
  }

  /** A graceful stop begins: from now on events get « le bot redémarre » and write nothing. */
  stopAccepting(): void {
    this.stopping = true;
  }

  /** Resolves when the work under way has finished, or at the deadline with how much was left. */
  drain(timeoutMs: number): Promise<{ left: number }> {
    return this.delivery.drain(timeoutMs);
  }

  /**
   * The cases matching what is being typed (title, brand, network or id, accents and case aside), at
   * most `limit`: a read-only query for a platform's autocomplete. Writes nothing, records no event.
   */
  scenarioChoices(query: string, limit: number): Choice[] {
    return searchScenarios(this.drills.scenarios(), query, limit);
  }

  /** True when this platform event was already handled: adapters skip a redelivery before any side effect. */
  alreadyHandled(platform: Platform, eventId: string): boolean {
    return this.inbound.wasProcessed(`${platform}:${eventId}`);
  }

  /**
   * `handle`, answered once what it wrote is on disk: the chat platforms send nothing a power cut
   * could take back. Without group commit, the same as `handle` (its commit was already flushed).
   */
  async handleDurably(envelope: Envelope): Promise<View[]> {
    const views = this.handle(envelope);
    await this.durable();
    return views;
  }

  /** Resolves once every commit made so far is on disk (at once without group commit). */
  async durable(): Promise<void> {
    if (this.flush) await this.flush();
  }

  handle(envelope: Envelope): View[] {
    for (const guard of this.guards) {
      const refusal = guard(envelope);
      if (refusal) return refusal;
    }
    try {
      return this.handleInTransaction(envelope);
    } catch (error) {
      // Rolled back: nothing of this event was written, not even its id, so the same action can
      // simply be tried again (the database refused, or a fault of ours).
      this.reportError(error);
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN)/.test(code)) {
        return [{ kind: 'notice', tone: 'error', text: 'La base de données est momentanément indisponible : cette action n’a pas été enregistrée (vos réponses précédentes le sont). Réessayez dans un instant.' }];
      }
      // A fault of ours must not end the learner's session: every answer given before is stored.
      return [{ kind: 'notice', tone: 'error', text: 'Une erreur inattendue est survenue : cette action n’a pas été enregistrée (vos réponses précédentes le sont). Réessayez, ou tapez « help ».' }];
    }
  }

  /** Keeps a refused form's texts as a draft; false when that was not possible (a form that takes no draft, not the learner's drill, submitted…). */
  private keepDraft(draft: Envelope): boolean {
    if (!this.takesDraft(this.claimed(draft.event))) return false;
    try {
      const views = this.handleInTransaction(draft);
      return !views.some((view) => view.kind === 'notice' && view.tone === 'error');
    } catch (error) {
      this.reportError(error);
      return false;
    }
  }

  private handleInTransaction(envelope: Envelope): View[] {
    return transaction(this.db, () => {
      if (!this.inbound.claim(`${envelope.platform}:${envelope.eventId}`, this.now())) return [];
      return this.answer(envelope);
    });
  }

  private answer(envelope: Envelope): View[] {
    const { event } = envelope;
    const claimed = this.claimed(event);
    // Half-typed forms are kept only where a desk asks for them; any other form is taken whole when sent.
    if (event.kind === 'form' && event.draft === true && !this.takesDraft(claimed)) return [];
    const learner = learnerFor(this.db, envelope.platform, envelope.userId, envelope.displayName, new Date(this.now()));
    for (const desk of this.desks) desk.seen?.(learner.id);
    if (!claimed) return unclaimed(event);
    const context: DeskContext = { learnerId: learner.id, timezone: learner.timezone ?? this.defaultTimezone, envelope, origin: originOf(envelope), trainer: envelope.trainer === true };
    return claimed.desk.run(claimed.claim, context);
  }

  private claimed(event: Inbound): Claimed | undefined {
    for (const desk of this.desks) {
      const claim = desk.claim(event);
      if (claim !== undefined) return { desk, claim };
    }
    return undefined;
  }

  private takesDraft(claimed: Claimed | undefined): boolean {
    return claimed?.desk.takesDraft?.(claimed.claim) === true;
  }
}

/** No desk knows the prompt or form: an old button, a forged or malformed id. */
function unclaimed(event: Inbound): View[] {
  return [event.kind === 'form' ? UNKNOWN_FORM : OUTDATED];
}
