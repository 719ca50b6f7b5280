/** The one source of time for drills, deadlines and nudges; tests inject a manual one. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Calls back at an instant of the clock. The real one uses setTimeout; a manual clock fires
 * whatever is due when the test advances it.
 */
export interface Scheduler {
  at(key: string, when: number, callback: () => void): void;
  cancel(key: string): void;
  cancelAll(): void;
}

/** setTimeout caps at about 24.8 days; longer waits re-arm in steps. */
const MAX_TIMEOUT = 2 ** 31 - 1;

export class TimeoutScheduler implements Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly clock: Clock = systemClock) {}

  at(key: string, when: number, callback: () => void): void {
    this.cancel(key);
    const delay = Math.max(0, when - this.clock.now());
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (delay > MAX_TIMEOUT) this.at(key, when, callback);
      else callback();
    }, Math.min(delay, MAX_TIMEOUT));
    timer.unref();
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }
}

/** A clock that only moves when told to, firing the scheduled callbacks in time order. */
export class ManualClock implements Clock, Scheduler {
  private readonly pending = new Map<string, { when: number; callback: () => void }>();

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  at(key: string, when: number, callback: () => void): void {
    this.pending.set(key, { when, callback });
  }

  cancel(key: string): void {
    this.pending.delete(key);
  }

  cancelAll(): void {
    this.pending.clear();
  }

  scheduled(): Array<{ key: string; when: number }> {
    return [...this.pending.entries()].map(([key, { when }]) => ({ key, when })).sort((a, b) => a.when - b.when);
  }

  /** Moves time forward, running each callback due on the way at its own instant. */
  advance(milliseconds: number): void {
    const target = this.current + milliseconds;
    for (;;) {
      const next = [...this.pending.entries()].filter(([, entry]) => entry.when <= target).sort((a, b) => a[1].when - b[1].when)[0];
      if (!next) break;
      const [key, entry] = next;
      this.pending.delete(key);
      this.current = Math.max(this.current, entry.when);
      entry.callback();
    }
    this.current = target;
  }
}
