/**
 * Per-user flood guard: a token bucket per platform account. Real learners click a few times a
 * minute; a script or a stuck key does not get to make the bot write hundreds of rows a second.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweptAt = 0;

  constructor(
    private readonly capacity = 20,
    private readonly refillPerSecond = 1,
  ) {}

  /** True when this user may act now (and spends a token). */
  take(key: string, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    const tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond);
    const allowed = tokens >= 1;
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    // Forget idle users now and then (at most once a minute, not on every event): the map does not grow with every account ever seen.
    if (this.buckets.size > 50_000 && now - this.sweptAt > 60_000) {
      this.sweptAt = now;
      for (const [other, value] of this.buckets) if (now - value.at > 60_000) this.buckets.delete(other);
    }
    return allowed;
  }
}
