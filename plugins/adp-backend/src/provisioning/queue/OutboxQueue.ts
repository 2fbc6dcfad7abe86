import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

/** A row of the store's durable outbox, with the provisioning columns. */
export interface OutboxItem {
  id: string | number;
  recordKind: string;
  recordId: string;
  projectId: string | null;
  programmeId: string | null;
  reason: string | null;
  attempts: number;
  /** The claim's token: only the engine still holding the claim completes or reschedules it. */
  claimedBy: string;
}

const TABLE = 'provisioning_outbox';

type NewItem = {
  recordKind: string;
  recordId: string;
  projectId: string | null;
  programmeId: string | null;
  reason: string;
};
/** An outbox item that names one provisioning target (`{kind}:{id}`) rather than a changed record. */
export const RETRY_KIND = 'provisioning-target';

/**
 * Claims, completes and reschedules outbox items. A claim is a token written with a lease,
 * so an item is worked on by one engine at a time, and a crashed engine's items come back
 * when the lease runs out. PostgreSQL uses SKIP LOCKED so engines do not queue on each other.
 */
export class OutboxQueue {
  private idIsNumeric?: boolean;

  constructor(private readonly db: Knex) {}

  async claim(options: {
    limit: number;
    leaseMs: number;
    now?: Date;
  }): Promise<OutboxItem[]> {
    const now = options.now ?? new Date();
    const nowIso = now.toISOString();
    const token = randomUUID();
    const until = new Date(now.getTime() + options.leaseMs).toISOString();
    const due = (q: Knex.QueryBuilder) =>
      q
        .whereNull('processed_at')
        .andWhere(b =>
          b
            .whereNull('next_attempt_at')
            .orWhere('next_attempt_at', '<=', nowIso),
        )
        .andWhere(b =>
          b.whereNull('claimed_until').orWhere('claimed_until', '<', nowIso),
        );
    await this.db.transaction(async tx => {
      let select = due(tx(TABLE).select('id'))
        .orderBy('enqueued_at')
        .orderBy('id')
        .limit(options.limit);
      if (/^(pg|postgres)/.test(String(tx.client.config.client)))
        select = select.forUpdate().skipLocked();
      const ids = (await select).map((r: { id: string | number }) => r.id);
      if (!ids.length) return;
      // The conditions again: a claim never overwrites another engine's live claim.
      await due(tx(TABLE).whereIn('id', ids)).update({
        claimed_by: token,
        claimed_until: until,
      });
    });
    const rows = await this.db(TABLE)
      .where('claimed_by', token)
      .whereNull('processed_at')
      .orderBy('enqueued_at')
      .orderBy('id');
    return rows.map(r => ({
      id: r.id,
      recordKind: r.record_kind,
      recordId: r.record_id,
      projectId: r.project_id ?? null,
      programmeId: r.programme_id ?? null,
      reason: r.reason ?? null,
      attempts: Number(r.attempts ?? 0),
      claimedBy: token,
    }));
  }

  /**
   * Marks the items done, each only if this engine's claim on it still holds: an engine whose
   * lease ran out (another has claimed the item since) does not complete it a second time.
   * Returns the ids completed.
   */
  async complete(
    items: OutboxItem[],
    now = new Date(),
  ): Promise<Array<string | number>> {
    const done: Array<string | number> = [];
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      const rows = await this.db(TABLE)
        .whereIn(
          'id',
          chunk.map(item => item.id),
        )
        .where('claimed_by', chunk[0].claimedBy)
        .whereNull('processed_at')
        .update(
          {
            processed_at: now.toISOString(),
            claimed_by: null,
            claimed_until: null,
            last_error: null,
          },
          ['id'],
        );
      const ids = rows.map((r: { id: string | number }) => r.id);
      done.push(...ids);
    }
    return done;
  }

  /** Puts the item back with backoff, if this engine's claim on it still holds. */
  async reschedule(
    item: OutboxItem,
    nextAttemptAt: Date,
    error: string,
    options: { countAttempt?: boolean } = {},
  ): Promise<boolean> {
    const n = await this.db(TABLE)
      .where({ id: item.id, claimed_by: item.claimedBy })
      .whereNull('processed_at')
      .update({
        // Counted by the database: the value read at claim time may be stale.
        attempts:
          options.countAttempt === false
            ? this.db.raw('??', ['attempts'])
            : this.db.raw('?? + 1', ['attempts']),
        next_attempt_at: nextAttemptAt.toISOString(),
        last_error: error.slice(0, 2000),
        claimed_by: null,
        claimed_until: null,
      });
    return Number(n) === 1;
  }

  /** Makes a project's waiting items due now (a person pressed retry). */
  async makeDueNow(projectId: string): Promise<number> {
    return this.db(TABLE)
      .where('project_id', projectId)
      .whereNull('processed_at')
      .update({ next_attempt_at: null });
  }

  async pendingProjectIds(projectIds: string[]): Promise<Set<string>> {
    const rows = await this.db(TABLE)
      .whereIn('project_id', projectIds)
      .whereNull('processed_at')
      .distinct('project_id');
    return new Set(rows.map(r => r.project_id));
  }

  /**
   * Has the drain retry one target (kind `provisioning-target`, see targetsOf) unless an item
   * already waits for it: for a project any waiting item of the project, otherwise a waiting
   * retry of the same target.
   */
  async enqueueRetry(
    target: { kind: string; id: string },
    reason: string,
  ): Promise<boolean> {
    const recordId = `${target.kind}:${target.id}`;
    const row = await this.newRow({
      recordKind: RETRY_KIND,
      recordId,
      projectId: target.kind === 'project' ? target.id : null,
      programmeId: target.kind === 'programme' ? target.id : null,
      reason,
    });
    const waiting =
      target.kind === 'project'
        ? this.db(TABLE)
            .whereNull('processed_at')
            .where('project_id', target.id)
        : this.db(TABLE)
            .whereNull('processed_at')
            .where({ record_kind: RETRY_KIND, record_id: recordId });
    // One statement (insert … select … where not exists), not a read and then an insert. Two
    // instances' full passes may still both add one under READ COMMITTED: a second retry of a
    // target is harmless, as a reconcile of a converged target changes nothing.
    const columns = Object.keys(row);
    const result = await this.db.raw(
      `insert into ?? (${columns.map(() => '??').join(', ')}) select ${columns
        .map(() => '?')
        .join(', ')} where not exists ? returning ??`,
      [
        TABLE,
        ...columns,
        ...columns.map(c => row[c]),
        waiting.select(this.db.raw('1')),
        'id',
      ],
    );
    const rows = Array.isArray(result) ? result : result.rows;
    return rows.length > 0;
  }

  /** Adds an item of our own (retry of a target that has no waiting item). */
  async enqueue(item: NewItem): Promise<void> {
    await this.db(TABLE).insert(await this.newRow(item));
  }

  private async newRow(item: NewItem): Promise<Record<string, string | null>> {
    if (this.idIsNumeric === undefined) {
      const info = await this.db(TABLE).columnInfo('id');
      this.idIsNumeric = /int|serial/i.test(
        String((info as { type?: string }).type ?? ''),
      );
    }
    return {
      ...(this.idIsNumeric ? {} : { id: randomUUID() }),
      record_kind: item.recordKind,
      record_id: item.recordId,
      project_id: item.projectId,
      programme_id: item.programmeId,
      reason: item.reason,
      enqueued_at: new Date().toISOString(),
    };
  }
}
