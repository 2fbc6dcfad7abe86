export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/**
 * Delay before attempt `attempts + 1`: exponential, capped, with "equal jitter" (half fixed,
 * half random) so engines that failed together do not retry together. Never earlier than
 * the system's Retry-After.
 */
export function nextDelayMs(
  attempts: number,
  o: BackoffOptions,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(o.capMs, o.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.max(jittered, retryAfterMs ?? 0);
}
