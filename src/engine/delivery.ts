import type { DrillOrigin } from '../store/drills.js';
import type { Platform } from '../store/learners.js';
import type { CohortNotification } from './cohort-service.js';
import type { DrillNotification } from './drill-service.js';
import { InFlight } from './in-flight.js';
import type { View } from './views.js';

/**
 * Where views produced by the clock (reminders, automatic submission, nudges) are sent. The promise
 * settles when the platform accepted (or refused) the message.
 */
export type Deliver = (origin: DrillOrigin, views: View[], options?: DeliveryOptions) => void | Promise<void>;

export interface DeliveryOptions {
  /**
   * The same key for every attempt of one message (a nudge): a platform that can recognise a
   * repeat (Discord's enforced nonce) shows it once even when a crash made the bot send it twice.
   */
  idempotencyKey?: string;
  /**
   * An earlier attempt with this key was never confirmed (the bot stopped in between): a platform
   * that cannot deduplicate by itself checks whether the message already arrived.
   */
  maybeDelivered?: boolean;
}

/** How the news the services announce is put into words, and to whom (the desks know). */
export interface NotificationViews {
  /** What the clock did to a drill, for its candidate wherever the drill runs. */
  drill(notification: DrillNotification): View[];
  /** A cohort drill started for a member, or its report for the trainer who launched it. */
  cohort(notification: CohortNotification): { to: DrillOrigin; views: View[] };
}

/**
 * Messages nobody asked for just now (the clock's, the cohorts', the nudges'), sent through the
 * adapter of the platform they belong to, and the work under way a graceful stop waits for.
 */
export class DeliveryHub {
  private readonly deliverers = new Map<Platform, Deliver>();
  private readonly inFlight = new InFlight();

  constructor(
    private readonly views: NotificationViews,
    private readonly reportError: (error: unknown) => void,
    /** Group commit: what the clock wrote reaches the disk before anybody is told (store/wal-flush.ts). */
    private readonly flush?: () => Promise<void>,
  ) {}

  /** An adapter registers how to reach its users for clock-driven messages. */
  onDeliver(platform: Platform, deliver: Deliver): void {
    this.deliverers.set(platform, deliver);
  }

  /** Called by the drill service when the clock moves a drill on. */
  notify(notification: DrillNotification): void {
    this.deliverNow(notification.drill.origin, this.views.drill(notification));
  }

  /** Called by the cohort service: members get their drill, trainers their reports. */
  notifyCohort(notification: CohortNotification): void {
    const { to, views } = this.views.cohort(notification);
    this.deliverNow(to, views);
  }

  /** Delivers and waits for the platform's answer; rejects when it cannot (no adapter, refused). */
  async deliverAsync(origin: DrillOrigin, views: View[], options: DeliveryOptions = {}): Promise<void> {
    const deliver = this.deliverers.get(origin.platform);
    if (!deliver) throw new Error(`aucun adaptateur ${origin.platform} connecté`);
    await this.track(this.durably(() => deliver(origin, views, options)));
  }

  /** Fire-and-forget delivery for timers (oral rehearsal): failures are reported, not thrown. */
  deliverNow(origin: DrillOrigin, views: View[]): void {
    const deliver = this.deliverers.get(origin.platform);
    if (!deliver) return;
    // Synchronous for adapters that print at once (terminal, tests); a failed send is reported, not thrown.
    if (this.flush) {
      this.track(this.durably(() => deliver(origin, views))).catch((error: unknown) => this.reportError(error));
      return;
    }
    try {
      const sending = deliver(origin, views);
      if (sending) this.track(sending).catch((error: unknown) => this.reportError(error));
    } catch (error) {
      this.reportError(error);
    }
  }

  /** Sends once what led to the message is on disk (at once without group commit). */
  private async durably(send: () => void | Promise<void>): Promise<void> {
    if (this.flush) await this.flush();
    await send();
  }

  /** Adapters hand over the work an event started (replies, uploads): a graceful stop waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    return this.inFlight.track(work);
  }

  /** Resolves when the work under way has finished, or at the deadline with how much was left. */
  drain(timeoutMs: number): Promise<{ left: number }> {
    return this.inFlight.drain(timeoutMs);
  }
}
