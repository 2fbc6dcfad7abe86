import { Knex } from 'knex';
import { ProvisioningStatusValue, ProvisioningSystem, ProvisioningTarget, SystemStatus } from '../types';

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
}

export type SystemOutcome =
  | { status: 'in-sync'; warnings: string[] }
  | { status: 'failed'; error: string }
  | { status: 'not-configured' };

/** The last known state of each target in each system. */
export class StatusStore {
  constructor(private readonly db: Knex) {}

  async record(target: ProvisioningTarget, system: ProvisioningSystem, outcome: SystemOutcome, now = new Date()): Promise<void> {
    const key = { target_kind: target.kind, target_id: target.id, system };
    const at = now.toISOString();
    await this.db.transaction(async tx => {
      const existing: StatusRow | undefined = await tx(TABLE).where(key).first();
      const row: Partial<StatusRow> = { status: outcome.status };
      if (outcome.status === 'in-sync') {
        Object.assign(row, { last_error: null, attempts: 0, last_success_at: at, last_attempt_at: at, warnings: outcome.warnings.length ? JSON.stringify(outcome.warnings) : null });
      } else if (outcome.status === 'failed') {
        Object.assign(row, { last_error: outcome.error.slice(0, 2000), attempts: (existing?.attempts ?? 0) + 1, last_attempt_at: at });
      } else {
        Object.assign(row, { last_error: null, attempts: 0, warnings: null });
      }
      if (existing) await tx(TABLE).where(key).update(row);
      else await tx(TABLE).insert({ ...key, attempts: 0, ...row });
    });
  }

  async forTarget(target: ProvisioningTarget): Promise<Map<string, SystemStatus>> {
    const rows: StatusRow[] = await this.db(TABLE).where({ target_kind: target.kind, target_id: target.id });
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
