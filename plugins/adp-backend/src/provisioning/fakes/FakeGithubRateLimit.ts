/**
 * GitHub's primary rate limit for one installation as its headers report it: `limit` requests
 * an hour, counted from the first request of the window. A 304 answer to a conditional request
 * is not counted (GitHub's "Best practices for using the REST API"). Refusing a client over the
 * limit is `rateLimitNext` (FakeHttpServer).
 *
 * @public
 */
export class FakeGithubRateLimit {
  used = 0;
  private resetAt = 0;

  constructor(
    public limit = 5000,
    private readonly windowMs = 3_600_000,
  ) {}

  /** Counts an answer (not a 304) and gives the headers GitHub sends with it. */
  answer(status: number, now = Date.now()): Record<string, string> {
    if (now >= this.resetAt) {
      this.used = 0;
      this.resetAt = now + this.windowMs;
    }
    if (status !== 304) this.used++;
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - this.used)),
      'x-ratelimit-used': String(this.used),
      'x-ratelimit-reset': String(Math.ceil(this.resetAt / 1000)),
      'x-ratelimit-resource': 'core',
    };
  }
}
