import { DeliveryProgramme, DeliveryProgrammeListItem, Page, ParsedListQuery } from '@adp-portal/plugin-adp-common';
import { Db } from './types';
import { programmeFromRow, programmeToRow } from './rows';
import { fetchPage, whereSearch } from './listQuery';
import { applyScopeFilter, ScopeFilter } from './scopeFilter';

const SORT = { title: 'programmes.title_key', name: 'programmes.name', code: 'programmes.code', createdAt: 'programmes.created_at', updatedAt: 'programmes.updated_at' } as const;

export class ProgrammeStore {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<DeliveryProgramme | undefined> {
    const row = await this.db('programmes').where({ id }).first();
    return row ? programmeFromRow(row) : undefined;
  }

  async getMany(ids: string[]): Promise<DeliveryProgramme[]> {
    if (ids.length === 0) return [];
    return (await this.db('programmes').whereIn('id', ids)).map(programmeFromRow);
  }

  async findByCode(code: string): Promise<DeliveryProgramme | undefined> {
    const row = await this.db('programmes').where({ code: code.toUpperCase() }).first();
    return row ? programmeFromRow(row) : undefined;
  }

  async findByName(name: string): Promise<DeliveryProgramme | undefined> {
    const row = await this.db('programmes').where({ name }).first();
    return row ? programmeFromRow(row) : undefined;
  }

  /** `mine`: programmes the user administers or has a project membership in. */
  async list(query: ParsedListQuery, filter: ScopeFilter, userRef?: string): Promise<Page<DeliveryProgrammeListItem>> {
    const qb = this.db('programmes');
    applyScopeFilter(qb, filter, { programmeId: 'programmes.id' });
    whereSearch(qb, query.search, ['programmes.title', 'programmes.alias', 'programmes.code']);
    if (query.albId) qb.where('programmes.alb_id', query.albId);
    if (query.programmeId) qb.where('programmes.id', query.programmeId);
    if (!query.includeArchived) qb.whereNull('programmes.archived_at');
    if (query.mine) {
      qb.where(sub =>
        sub
          .whereIn('programmes.id', this.db('programme_admins').select('programme_id').where('user_ref', userRef ?? ''))
          .orWhereIn(
            'programmes.id',
            this.db('projects')
              .join('project_members', 'project_members.project_id', 'projects.id')
              .select('projects.programme_id')
              .where('project_members.user_ref', userRef ?? ''),
          ),
      );
    }
    const page = await fetchPage(qb, query, SORT, 'programmes', programmeFromRow);
    const counts = await this.projectCounts(page.items.map(p => p.id));
    return { ...page, items: page.items.map(p => ({ ...p, projectCount: counts.get(p.id) ?? 0 })) };
  }

  /** Non-archived projects per programme, in one grouped query. */
  private async projectCounts(programmeIds: string[]): Promise<Map<string, number>> {
    if (programmeIds.length === 0) return new Map();
    const rows: Array<{ programme_id: string; count: number | string }> = await this.db('projects')
      .select('programme_id')
      .count({ count: '*' })
      .whereIn('programme_id', programmeIds)
      .whereNull('archived_at')
      .groupBy('programme_id');
    return new Map(rows.map(r => [r.programme_id, Number(r.count)]));
  }

  /** For the catalog source: non-archived ones, or exactly the given ids (archived included). */
  async forCatalog(ids?: string[]): Promise<DeliveryProgramme[]> {
    const qb = this.db('programmes').orderBy('name');
    if (ids) qb.whereIn('id', ids);
    else qb.whereNull('archived_at');
    return (await qb).map(programmeFromRow);
  }

  /** Every one, archived included: their external names stay theirs (the name check). */
  async all(): Promise<DeliveryProgramme[]> {
    return (await this.db('programmes').orderBy('name')).map(programmeFromRow);
  }

  async insert(p: DeliveryProgramme): Promise<void> {
    await this.db('programmes').insert(programmeToRow(p));
  }

  async update(p: DeliveryProgramme): Promise<void> {
    const { id, ...row } = programmeToRow(p);
    await this.db('programmes').where({ id }).update(row);
  }
}
