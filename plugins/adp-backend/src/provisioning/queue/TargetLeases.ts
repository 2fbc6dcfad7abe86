import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

const TABLE = 'provisioning_leases';

/** A lease this instance holds on one target; renew it while working, release it when done. */
export interface TargetLease {
  readonly target: string;
  readonly holder: string;
}

/**
 * Leases on provisioning targets in the database, so two backend instances never reconcile
 * the same target at once. Taking a lease is one statement (insert, or take over an expired
 * lease), so two instances asking at once cannot both get it.
 */
export class TargetLeases {
  constructor(
    private readonly db: Knex,
    /** Renewed before each system, so this bounds one system's reconcile, not the target's. */
    private readonly leaseMs = 2 * 60_000,
  ) {}

  /** The lease, or undefined while another reconcile holds it. */
  async acquire(
    target: string,
    now = new Date(),
  ): Promise<TargetLease | undefined> {
    const holder = randomUUID();
    const rows = await this.db(TABLE)
      .insert({ target, holder, until: this.until(now) })
      .onConflict('target')
      .merge(['holder', 'until'])
      .where(`${TABLE}.until`, '<', now.toISOString())
      .returning('holder');
    return rows.length === 1 ? { target, holder } : undefined;
  }

  /** Extends the lease; false if it ran out and another reconcile took it since. */
  async renew(lease: TargetLease, now = new Date()): Promise<boolean> {
    const n = await this.db(TABLE)
      .where({ target: lease.target, holder: lease.holder })
      .update({ until: this.until(now) });
    return Number(n) === 1;
  }

  async release(lease: TargetLease): Promise<void> {
    await this.db(TABLE)
      .where({ target: lease.target, holder: lease.holder })
      .delete();
  }

  private until(now: Date): string {
    return new Date(now.getTime() + this.leaseMs).toISOString();
  }
}
