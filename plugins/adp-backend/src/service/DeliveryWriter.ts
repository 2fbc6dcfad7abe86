import {
  ADP_CHANGES_TOPIC,
  AdpChangeEvent,
  AdpRecordKind,
  HistoryEntry,
} from '@adp-portal/plugin-adp-common';
import { isDatabaseConflictError, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import { DeliveryDatabase, Stores } from '../database/stores';
import { now } from './actor';

/** One changed record, as history, outbox entry, role change and event all need it. */
export interface RecordChange {
  kind: AdpRecordKind;
  id: string;
  albId: string | null;
  programmeId: string | null;
  projectId: string | null;
  action: HistoryEntry['action'];
  before: object | null;
  after: object | null;
  /** Why provisioning should look at it, e.g. `project-member-added`. */
  reason: string;
  /** Users whose roles this change may alter. */
  userRefs?: string[];
}

/** Told of every committed write's changes, after commit (notifications); never fails the write. */
export type AfterCommit = (changes: readonly RecordChange[], actor: string) => Promise<void>;

export interface WriteContext {
  stores: Stores;
  actor: string;
  at: string;
  record(change: RecordChange): void;
}

/**
 * Runs a write as one transaction: the change, its history rows, outbox entries, the
 * revision bump and role changes commit or roll back together. The change event is
 * published only after commit.
 */
export class DeliveryWriter {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly events: EventsService | undefined,
    private readonly logger: LoggerService,
    private readonly afterCommit?: AfterCommit,
  ) {}

  async write<T>(
    actor: string,
    fn: (ctx: WriteContext) => Promise<T>,
    /** Names the clash when a unique index stops a concurrent write. */
    explainConflict?: () => Promise<string | undefined>,
    /** The write's time, for callers with their own clock (scheduled revocation, tests). */
    options: { at?: string } = {},
  ): Promise<T> {
    let event: AdpChangeEvent | undefined;
    let committed: RecordChange[] = [];
    let result: T;
    try {
      result = await this.db.transaction(async stores => {
        // Writers used to meet only at the revision bump, after reading: two edits of one
        // record both read it first and the later commit overwrote the other (PostgreSQL).
        await stores.changeLog.lockRevision();
        const changes: RecordChange[] = [];
        const at = options.at ?? now();
        const value = await fn({ stores, actor, at, record: c => changes.push(c) });
        if (changes.length > 0) event = await this.persist(stores, actor, at, changes);
        committed = changes;
        return value;
      });
    } catch (error) {
      if (isDatabaseConflictError(error)) {
        const sentence = explainConflict ? await explainConflict() : undefined;
        throw new ConflictError(sentence ?? 'This change clashes with another change made at the same time; reload and try again');
      }
      throw error;
    }
    if (event) await this.publish(event);
    if (this.afterCommit && committed.length > 0) {
      try {
        await this.afterCommit(committed, actor);
      } catch (error) {
        this.logger.warn(`After-commit work for a change by ${actor} failed: ${error}`);
      }
    }
    return result;
  }

  private async persist(stores: Stores, actor: string, at: string, changes: RecordChange[]): Promise<AdpChangeEvent> {
    const revision = await stores.changeLog.bumpRevision();
    for (const c of changes) {
      await stores.history.insert({
        recordKind: c.kind,
        recordId: c.id,
        albId: c.albId,
        programmeId: c.programmeId,
        projectId: c.projectId,
        action: c.action,
        actorRef: actor,
        at,
        before: (c.before as Record<string, unknown>) ?? null,
        after: (c.after as Record<string, unknown>) ?? null,
      });
    }
    await stores.changeLog.enqueue(
      changes.map(c => ({ recordKind: c.kind, recordId: c.id, projectId: c.projectId, programmeId: c.programmeId, reason: c.reason, enqueuedAt: at })),
    );
    const userRefs = [...new Set(changes.flatMap(c => c.userRefs ?? []))].sort();
    await stores.changeLog.recordRoleChanges(revision, userRefs);
    return {
      revision,
      changes: changes.map(c => ({ kind: c.kind, id: c.id, programmeId: c.programmeId, projectId: c.projectId, albId: c.albId })),
      userRefs,
    };
  }

  private async publish(event: AdpChangeEvent): Promise<void> {
    if (!this.events) return;
    try {
      await this.events.publish({ topic: ADP_CHANGES_TOPIC, eventPayload: event });
    } catch (error) {
      // The write is committed; consumers also poll the revision, so a lost event only delays them.
      this.logger.warn(`Could not publish ${ADP_CHANGES_TOPIC} event for revision ${event.revision}: ${error}`);
    }
  }
}
