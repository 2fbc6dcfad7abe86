import { HistoryEntry, Page } from '@adp-portal/plugin-adp-common';
import { Db } from './types';
import { historyFromRow } from './rows';

export type NewHistoryEntry = Omit<HistoryEntry, 'id'> & { albId: string | null };

/** Which history to read: a record's own, or everything under an ALB / programme / project. */
export type HistoryScope =
  | { albId: string }
  | { programmeId: string }
  | { projectId: string }
  | { recordKind: HistoryEntry['recordKind']; recordId: string };

export class HistoryStore {
  constructor(private readonly db: Db) {}

  async insert(e: NewHistoryEntry): Promise<void> {
    await this.db('history').insert({
      record_kind: e.recordKind,
      record_id: e.recordId,
      programme_id: e.programmeId,
      project_id: e.projectId,
      alb_id: e.albId,
      action: e.action,
      actor_ref: e.actorRef,
      at: e.at,
      before: e.before ? JSON.stringify(e.before) : null,
      after: e.after ? JSON.stringify(e.after) : null,
    });
  }

  /** Newest first. */
  async page(scope: HistoryScope, offset: number, limit: number): Promise<Page<HistoryEntry>> {
    const qb = this.db('history');
    if ('albId' in scope) qb.where('alb_id', scope.albId);
    else if ('programmeId' in scope) qb.where('programme_id', scope.programmeId);
    else if ('recordId' in scope) qb.where({ record_kind: scope.recordKind, record_id: scope.recordId });
    else qb.where('project_id', scope.projectId);
    const [{ count }] = await qb.clone().count({ count: '*' });
    const rows = await qb.clone().orderBy('id', 'desc').offset(offset).limit(limit);
    return { items: rows.map(historyFromRow), totalCount: Number(count), offset, limit };
  }
}
