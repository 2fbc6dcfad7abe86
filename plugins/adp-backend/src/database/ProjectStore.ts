import { DeliveryProject, Page, ParsedListQuery } from '@adp-portal/plugin-adp-common';
import { Db } from './types';
import { projectFromRow, projectToRow } from './rows';
import { fetchPage, whereSearch } from './listQuery';
import { applyScopeFilter, ScopeFilter } from './scopeFilter';

const SORT = { title: 'projects.title_key', name: 'projects.name', code: 'projects.name', createdAt: 'projects.created_at', updatedAt: 'projects.updated_at' } as const;

export class ProjectStore {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<DeliveryProject | undefined> {
    const row = await this.db('projects').where({ id }).first();
    return row ? projectFromRow(row) : undefined;
  }

  async getMany(ids: string[]): Promise<DeliveryProject[]> {
    if (ids.length === 0) return [];
    return (await this.db('projects').whereIn('id', ids)).map(projectFromRow);
  }

  async findByName(name: string): Promise<DeliveryProject | undefined> {
    const row = await this.db('projects').where({ name }).first();
    return row ? projectFromRow(row) : undefined;
  }

  async findByTitle(programmeId: string, title: string): Promise<DeliveryProject | undefined> {
    const row = await this.db('projects').where({ programme_id: programmeId, title_key: title.toLowerCase() }).first();
    return row ? projectFromRow(row) : undefined;
  }

  /** `mine`: projects the user is a team member of. */
  async list(query: ParsedListQuery, filter: ScopeFilter, userRef?: string): Promise<Page<DeliveryProject>> {
    const qb = this.db('projects');
    applyScopeFilter(qb, filter, { projectId: 'projects.id', programmeId: 'projects.programme_id' });
    // title_key is the title in lower case (rows.ts), name a lower-case slug (projectNamespace):
    // compared as stored. lower() on all three made a search of 10,000 projects take 25–45 ms per
    // query on PostgreSQL (4–8 ms this way); see bench/delivery.ts.
    whereSearch(qb, query.search, [{ lowerCase: 'projects.title_key' }, 'projects.alias', { lowerCase: 'projects.name' }]);
    if (query.programmeId) qb.where('projects.programme_id', query.programmeId);
    if (query.albId) {
      qb.whereIn('projects.programme_id', this.db('programmes').select('id').where('alb_id', query.albId));
    }
    if (!query.includeArchived) qb.whereNull('projects.archived_at');
    if (query.mine) {
      qb.whereIn('projects.id', this.db('project_members').select('project_id').where('user_ref', userRef ?? ''));
    }
    return fetchPage(qb, query, SORT, 'projects', projectFromRow);
  }

  /** For the catalog source: non-archived ones, or exactly the given ids (archived included). */
  async forCatalog(ids?: string[]): Promise<DeliveryProject[]> {
    const qb = this.db('projects').orderBy('name');
    if (ids) qb.whereIn('id', ids);
    else qb.whereNull('archived_at');
    return (await qb).map(projectFromRow);
  }

  /** Every one, archived included: their external names stay theirs (the name check). */
  async all(): Promise<DeliveryProject[]> {
    return (await this.db('projects').orderBy('name')).map(projectFromRow);
  }

  async insert(p: DeliveryProject): Promise<void> {
    await this.db('projects').insert(projectToRow(p));
  }

  async update(p: DeliveryProject): Promise<void> {
    const { id, ...row } = projectToRow(p);
    await this.db('projects').where({ id }).update(row);
  }
}
