import { AdpRecordKind } from '@adp-portal/plugin-adp-common';
import { Db } from './types';

/** @public */
export interface OutboxEntry {
  recordKind: AdpRecordKind;
  recordId: string;
  projectId: string | null;
  programmeId: string | null;
  reason: string;
  enqueuedAt: string;
}

/** The revision counter, the per-revision role changes and the provisioning outbox. */
export class ChangeLogStore {
  constructor(private readonly db: Db) {}

  /**
   * Takes the revision row's lock until the transaction ends (a no-op update): a delivery
   * write that starts with it runs after every earlier one has committed, so its reads are
   * never stale and no change is computed from a row another write is changing.
   */
  async lockRevision(): Promise<void> {
    await this.db('revision').where({ id: 1 }).increment('revision', 0);
  }

  /** Increments the revision; inside a transaction this also serialises concurrent writers. */
  async bumpRevision(): Promise<number> {
    await this.db('revision').where({ id: 1 }).increment('revision', 1);
    return this.currentRevision();
  }

  async currentRevision(): Promise<number> {
    const row = await this.db('revision').where({ id: 1 }).first();
    return Number(row?.revision ?? 0);
  }

  async recordRoleChanges(revision: number, userRefs: string[]): Promise<void> {
    const unique = [...new Set(userRefs)];
    if (unique.length === 0) return;
    await this.db('role_changes').insert(unique.map(user_ref => ({ revision, user_ref })));
  }

  async roleChangesSince(revision: number): Promise<string[]> {
    const rows = await this.db('role_changes').distinct('user_ref').where('revision', '>', revision).orderBy('user_ref');
    return rows.map(r => r.user_ref);
  }

  async enqueue(entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db('provisioning_outbox').insert(
      entries.map(e => ({
        record_kind: e.recordKind,
        record_id: e.recordId,
        project_id: e.projectId,
        programme_id: e.programmeId,
        reason: e.reason,
        enqueued_at: e.enqueuedAt,
        processed_at: null,
      })),
    );
  }
}
