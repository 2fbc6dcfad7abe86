import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

export interface ActivityTrackerOptions {
  /** At most one write per user per this many milliseconds. Default 5 minutes. */
  intervalMs?: number;
  clock?: () => Date;
}

/**
 * Records a user's last sign-in or portal activity (`user_profiles.last_active_at`), which
 * the absence rule of production access reads. Cheap by design: a user seen within the
 * interval costs a map lookup, and the database is written at most once per interval —
 * a conditional update, so several backend instances do not write more than once either.
 * Only users with a profile (everyone on a team, so every possible holder) are tracked.
 */
export class ActivityTracker {
  private readonly seen = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly clock: () => Date;

  constructor(
    private readonly knex: Knex,
    private readonly logger: LoggerService,
    options: ActivityTrackerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 5 * 60_000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Returns whether the database was written. Never throws: activity must not fail a request. */
  async record(userRef: string): Promise<boolean> {
    const ref = userRef.toLocaleLowerCase('en-US');
    const now = this.clock();
    const last = this.seen.get(ref);
    if (last !== undefined && now.getTime() - last < this.intervalMs) return false;
    this.seen.set(ref, now.getTime());
    if (this.seen.size > 50_000) this.forgetOldest();
    const staleBefore = new Date(now.getTime() - this.intervalMs).toISOString();
    try {
      const n = await this.knex('user_profiles')
        .where('user_ref', ref)
        .andWhere(q => q.whereNull('last_active_at').orWhere('last_active_at', '<', staleBefore))
        .update({ last_active_at: now.toISOString() });
      return Number(n) > 0;
    } catch (error) {
      this.seen.delete(ref);
      this.logger.warn(`Could not record activity of ${ref}: ${error}`);
      return false;
    }
  }

  private forgetOldest(): void {
    const cutoff = this.clock().getTime() - this.intervalMs;
    for (const [ref, at] of this.seen) if (at < cutoff) this.seen.delete(ref);
  }
}
