import { ProvisioningSystem } from '../types';

/** A failed call to an external system, with what the queue needs to schedule the retry. */
export class ExternalSystemError extends Error {
  constructor(
    readonly system: ProvisioningSystem,
    message: string,
    readonly status?: number,
    /** From Retry-After on 429/503: do not try again before this. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ExternalSystemError';
  }
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
