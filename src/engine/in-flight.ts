/**
 * The work started for users and not finished yet (an event being answered, a message being
 * delivered), so a graceful stop can wait for it before the database closes.
 */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  /** Follows a promise until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
    return work;
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Resolves when everything tracked has settled, including work started while waiting (a reply
   * that triggers a delivery), or when the deadline passes: then says how much was left.
   */
  async drain(timeoutMs: number): Promise<{ left: number }> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { left: this.pending.size };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, remaining);
      });
      await Promise.race([Promise.all([...this.pending]), timeout]);
      clearTimeout(timer);
    }
    return { left: 0 };
  }
}
