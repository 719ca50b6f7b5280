import { randomInt, randomUUID } from 'node:crypto';
import { DrillError, type DrillMode, type ExamTiming } from '../core/drill/types.js';
import type { Scenario } from '../core/scenario/schema.js';
import { isValidZone } from '../core/time/when.js';
import type { Db } from '../store/database.js';
import { CohortReports } from '../store/cohort-reports.js';
import { CohortStore, type Cohort, type CohortDrill, type CohortMember } from '../store/cohorts.js';
import type { DrillOrigin, StoredDrill } from '../store/drills.js';
import type { Platform } from '../store/learners.js';
import { transaction } from '../store/transaction.js';
import type { Clock, Scheduler } from './clock.js';
import type { DrillService } from './drill-service.js';

/**
 * How a platform gives a member a place for their drill at its start (a private thread on
 * Discord, a direct message on Slack): the channel id, or undefined when it cannot.
 */
export type OpenSpace = (member: CohortMember, context: { cohort: Cohort; scenario: Scenario; channels: string[] }) => Promise<string | undefined>;

/**
 * A conversation someone named (a channel link in a command, a channel picker in a form), as the
 * platform checked it just before the event was handled. `access`: `private` when only its
 * members read it and the bot is one of them; `public` when anyone in the workspace may read it
 * (or the platform would not say it is private); `unknown` when the bot cannot see it at all.
 */
export interface NamedChannel {
  id: string;
  /** Its name as people read it, without « # » (empty when the platform does not say). */
  name: string;
  access: 'private' | 'public' | 'unknown';
}

/** How a platform describes a channel named in the event being handled (synchronous: checked beforehand). */
export type DescribeChannel = (channelId: string) => NamedChannel | undefined;

/** What happens to a cohort drill, for the engine to tell members and trainers. */
export type CohortNotification =
  | { kind: 'member_started'; cohort: Cohort; cohortDrill: CohortDrill; drill: StoredDrill }
  | { kind: 'launch_report'; cohort: Cohort; cohortDrill: CohortDrill; started: number; failed: CohortMember[] }
  | { kind: 'closed'; cohort: Cohort; cohortDrill: CohortDrill };

export interface CohortServiceDeps {
  db: Db;
  clock: Clock;
  scheduler: Scheduler;
  drills: DrillService;
  defaultTimezone: string;
  notify: (notification: CohortNotification) => void;
  reportError: (error: unknown, context: Record<string, unknown>) => void;
  newId?: () => string;
}

/** Unambiguous characters (no 0/O, 1/I/L): codes are read aloud and typed from slides. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;
/** A member whose space could not be opened is tried again this often, within the start window. */
const RETRY_MS = 60_000;
/** Members are still started this long after the start time (a bot down at that moment catches up). */
const START_WINDOW_MS = 15 * 60_000;
const DEFAULT_PRACTICE_WINDOW_MINUTES = 24 * 60;

function newJoinCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** « abc-234 », « ABC 234 »: codes are compared without case, spaces or dashes. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export interface LaunchRequest {
  cohort: Cohort;
  scenarioId: string;
  mode: DrillMode;
  startsAt: number;
  launchedBy: DrillOrigin;
  /** Practice drills: how long the cohort has before the summary (default 24 h). */
  practiceWindowMinutes?: number;
}

/**
 * Cohorts and the drills trainers launch for them: at the start time every member gets their own
 * drill where their platform reaches them; each start is recorded with the drill in one
 * transaction, so a restart resumes the launch without starting anyone twice.
 */
export class CohortService {
  readonly store: CohortStore;
  /** What trainers read about cohorts (results, reports, CSV, chart): read-only queries. */
  readonly reports: CohortReports;
  private readonly openers = new Map<Platform, OpenSpace>();
  private readonly describers = new Map<Platform, DescribeChannel>();
  private readonly running = new Set<string>();
  private readonly newId: () => string;

  constructor(private readonly deps: CohortServiceDeps) {
    this.store = new CohortStore(deps.db);
    this.reports = new CohortReports(deps.db);
    this.newId = deps.newId ?? randomUUID;
  }

  /** An adapter says how it opens a member's space at a cohort drill's start. */
  onOpenSpace(platform: Platform, open: OpenSpace): void {
    this.openers.set(platform, open);
  }

  /** An adapter says what it verified about the channels named in the event it hands over. */
  onDescribeChannel(platform: Platform, describe: DescribeChannel): void {
    this.describers.set(platform, describe);
  }

  /** What the platform verified about a named channel; undefined when it could not (or cannot) check. */
  describeChannel(platform: Platform, channelId: string): NamedChannel | undefined {
    return this.describers.get(platform)?.(channelId);
  }

  create(name: string, createdBy: string, timezone = this.deps.defaultTimezone): Cohort {
    const clean = name.trim().replace(/\s+/g, ' ');
    if (clean.length < 2 || clean.length > 60) throw new DrillError('cohort.name', 'Le nom de la cohorte doit faire entre 2 et 60 caractères.');
    if (!isValidZone(timezone)) throw new DrillError('cohort.timezone', `Fuseau horaire « ${timezone} » inconnu (exemple : Europe/Paris).`);
    if (this.store.byName(clean)) throw new DrillError('cohort.exists', `Une cohorte « ${clean} » existe déjà.`);
    for (;;) {
      const code = newJoinCode();
      if (!this.store.byCode(code)) return this.store.create(clean, code, timezone, createdBy, this.deps.clock.now());
    }
  }

  byCode(code: string): Cohort {
    const cohort = this.store.byCode(normaliseCode(code));
    if (!cohort) throw new DrillError('cohort.unknown_code', `Code « ${code.trim()} » inconnu : vérifiez-le auprès de votre formateur (6 caractères, par exemple K7MQ2X).`);
    return cohort;
  }

  /** Finds a cohort by name or join code, as trainers type it. */
  find(nameOrCode: string): Cohort {
    const cohort = this.store.byName(nameOrCode.trim()) ?? this.store.byCode(normaliseCode(nameOrCode));
    if (!cohort) {
      const names = this.store.all().map((candidate) => `« ${candidate.name} »`);
      throw new DrillError('cohort.unknown', `Cohorte « ${nameOrCode.trim()} » introuvable.${names.length > 0 ? ` Cohortes : ${names.join(', ')}.` : ''}`);
    }
    return cohort;
  }

  bind(cohort: Cohort, platform: Platform, channelId: string): void {
    this.store.bind(cohort.id, platform, channelId, this.deps.clock.now());
  }

  /** The cohort bound to the channel a trainer works in. */
  boundTo(platform: Platform, channelId: string | undefined): Cohort {
    const cohort = channelId ? this.store.byChannel(platform, channelId) : undefined;
    if (!cohort) throw new DrillError('cohort.unbound', 'Aucune cohorte n’est liée à ce salon : liez-le d’abord (« /trainer create » ou « /trainer bind » sur Discord).');
    return cohort;
  }

  join(code: string, learnerId: number, platform: Platform, channelId: string | undefined): { cohort: Cohort; isNew: boolean; members: number } {
    const cohort = this.byCode(code);
    const isNew = this.store.join(cohort.id, learnerId, platform, channelId, this.deps.clock.now());
    return { cohort, isNew, members: this.store.members(cohort.id).length };
  }

  launch(request: LaunchRequest): CohortDrill {
    const scenario = this.deps.drills.scenario(request.scenarioId);
    const timing: ExamTiming = this.deps.drills.timing;
    const windowMs = request.mode === 'exam' ? timing.readingMs + timing.writingMs + START_WINDOW_MS : (request.practiceWindowMinutes ?? DEFAULT_PRACTICE_WINDOW_MINUTES) * 60_000;
    const cohortDrill: CohortDrill = {
      id: this.newId(),
      cohortId: request.cohort.id,
      scenarioId: scenario.id,
      mode: request.mode,
      startsAt: request.startsAt,
      closesAt: request.startsAt + windowMs,
      launchedBy: request.launchedBy,
      cancelled: false,
    };
    this.store.createDrill(cohortDrill, this.deps.clock.now());
    this.arm(cohortDrill);
    return cohortDrill;
  }

  /** After a restart: launches still to start and summaries still to send are re-armed. */
  restore(): number {
    const pending = this.store.pendingDrills();
    for (const cohortDrill of pending) this.arm(cohortDrill);
    return pending.length;
  }

  private arm(cohortDrill: CohortDrill): void {
    const now = this.deps.clock.now();
    if (now < cohortDrill.startsAt + START_WINDOW_MS) {
      this.deps.scheduler.at(`cohort-start:${cohortDrill.id}`, cohortDrill.startsAt, () => this.runInBackground(cohortDrill.id));
    }
    this.deps.scheduler.at(`cohort-close:${cohortDrill.id}`, cohortDrill.closesAt, () => this.close(cohortDrill.id));
  }

  private runInBackground(cohortDrillId: string): void {
    this.startMembers(cohortDrillId).catch((error: unknown) => this.deps.reportError(error, { cohortDrill: cohortDrillId }));
  }

  /**
   * Starts every member not started yet: opens their space, then creates their drill and records
   * the start together. Members who could not be reached are tried again a minute later while the
   * start window lasts; the trainer gets one report per attempt that started or missed someone.
   */
  async startMembers(cohortDrillId: string): Promise<{ started: number; failed: CohortMember[] }> {
    if (this.running.has(cohortDrillId)) return { started: 0, failed: [] };
    this.running.add(cohortDrillId);
    try {
      const cohortDrill = this.store.drill(cohortDrillId);
      if (!cohortDrill || cohortDrill.cancelled) return { started: 0, failed: [] };
      const cohort = this.store.byId(cohortDrill.cohortId)!;
      const scenario = this.deps.drills.scenario(cohortDrill.scenarioId);
      const failed: CohortMember[] = [];
      let started = 0;
      for (const member of this.store.members(cohort.id)) {
        if (this.store.startOf(cohortDrill.id, member.learnerId)) continue;
        const drill = await this.startMember(cohort, cohortDrill, scenario, member);
        if (drill) {
          started += 1;
          this.deps.notify({ kind: 'member_started', cohort, cohortDrill, drill });
        } else failed.push(member);
      }
      const retryAt = this.deps.clock.now() + RETRY_MS;
      if (failed.length > 0 && retryAt < cohortDrill.startsAt + START_WINDOW_MS) {
        this.deps.scheduler.at(`cohort-start:${cohortDrill.id}`, retryAt, () => this.runInBackground(cohortDrill.id));
      }
      if (started > 0 || failed.length > 0) this.deps.notify({ kind: 'launch_report', cohort, cohortDrill, started, failed });
      return { started, failed };
    } finally {
      this.running.delete(cohortDrillId);
    }
  }

  private async startMember(cohort: Cohort, cohortDrill: CohortDrill, scenario: Scenario, member: CohortMember): Promise<StoredDrill | undefined> {
    const open = this.openers.get(member.platform);
    if (!open) return undefined;
    let channelId: string | undefined;
    try {
      channelId = await open(member, { cohort, scenario, channels: this.store.channels(cohort.id, member.platform) });
    } catch (error) {
      this.deps.reportError(error, { cohortDrill: cohortDrill.id, learner: member.learnerId });
      return undefined;
    }
    if (!channelId) return undefined;
    const origin: DrillOrigin = { platform: member.platform, userId: member.userId, channelId };
    return transaction(this.deps.db, () => {
      // Started meanwhile (a retry racing a restart): never a second drill.
      if (this.store.startOf(cohortDrill.id, member.learnerId)) return undefined;
      const drill = this.deps.drills.start(member.learnerId, origin, cohortDrill.scenarioId, cohortDrill.mode);
      this.store.recordStart(cohortDrill.id, member.learnerId, drill.id, this.deps.clock.now());
      return drill;
    });
  }

  private close(cohortDrillId: string): void {
    const cohortDrill = this.store.drill(cohortDrillId);
    if (!cohortDrill || cohortDrill.cancelled) return;
    if (!this.store.claimSummary(cohortDrillId, this.deps.clock.now())) return;
    this.deps.notify({ kind: 'closed', cohort: this.store.byId(cohortDrill.cohortId)!, cohortDrill });
  }
}
