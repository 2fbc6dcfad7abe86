import { Knex } from 'knex';
import {
  ProvisioningStatusValue,
  ProvisioningSystem,
  ProvisioningTarget,
  SystemStatus,
} from '../types';

const TABLE = 'provisioning_status';

interface StatusRow {
  target_kind: string;
  target_id: string;
  system: string;
  status: string;
  last_error: string | null;
  attempts: number;
  last_success_at: string | null;
  last_attempt_at: string | null;
  warnings: string | null;
  failing_since: string | null;
}

export type SystemOutcome =
  | { status: 'in-sync'; warnings: string[] }
  | { status: 'failed'; error: string }
  | { status: 'not-configured' };

/** The last known state of each target in each system. */
export class StatusStore {
  constructor(private readonly db: Knex) {}

  /**
   * One statement, so two instances recording the same target never race between a read and
   * an insert: the failure count is incremented by the database, not from a value read earlier.
   */
  async record(
    target: ProvisioningTarget,
    system: ProvisioningSystem,
    outcome: SystemOutcome,
    now = new Date(),
  ): Promise<void> {
    const key = { target_kind: target.kind, target_id: target.id, system };
    const at = now.toISOString();
    let row: Partial<StatusRow>;
    let merge: Record<string, unknown>;
    if (outcome.status === 'in-sync') {
      row = {
        last_error: null,
        attempts: 0,
        last_success_at: at,
        last_attempt_at: at,
        failing_since: null,
        warnings: outcome.warnings.length
          ? JSON.stringify(outcome.warnings)
          : null,
      };
      merge = row;
    } else if (outcome.status === 'failed') {
      row = {
        last_error: outcome.error.slice(0, 2000),
        attempts: 1,
        last_attempt_at: at,
        failing_since: at,
      };
      merge = {
        ...row,
        attempts: this.db.raw('??.?? + 1', [TABLE, 'attempts']),
        // The episode began at its first failure: later failures keep that time.
        failing_since: this.db.raw('coalesce(??.??, ?)', [TABLE, 'failing_since', at]),
      };
    } else {
      row = { last_error: null, attempts: 0, warnings: null, failing_since: null };
      merge = row;
    }
    await this.db(TABLE)
      .insert({ ...key, status: outcome.status, ...row })
      .onConflict(['target_kind', 'target_id', 'system'])
      .merge({ status: outcome.status, ...merge });
  }

  async forTarget(
    target: ProvisioningTarget,
  ): Promise<Map<string, SystemStatus>> {
    const rows: StatusRow[] = await this.db(TABLE).where({
      target_kind: target.kind,
      target_id: target.id,
    });
    return new Map(
      rows.map(r => [
        r.system,
        {
          system: r.system as ProvisioningSystem,
          status: r.status as ProvisioningStatusValue,
          ...(r.last_error ? { lastError: r.last_error } : {}),
          attempts: Number(r.attempts),
          ...(r.last_success_at ? { lastSuccessAt: r.last_success_at } : {}),
          ...(r.last_attempt_at ? { lastAttemptAt: r.last_attempt_at } : {}),
          ...(r.warnings ? { warnings: JSON.parse(r.warnings) } : {}),
        },
      ]),
    );
  }
}
