import { ArmsLengthBody, Page, ParsedListQuery } from '@adp-portal/plugin-adp-common';
import { Db } from './types';
import { albFromRow, albToRow } from './rows';
import { fetchPage, whereSearch } from './listQuery';

const SORT = { title: 'albs.title_key', name: 'albs.name', code: 'albs.name', createdAt: 'albs.created_at', updatedAt: 'albs.updated_at' } as const;

export class AlbStore {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<ArmsLengthBody | undefined> {
    const row = await this.db('albs').where({ id }).first();
    return row ? albFromRow(row) : undefined;
  }

  async findByName(name: string): Promise<ArmsLengthBody | undefined> {
    const row = await this.db('albs').where({ name }).first();
    return row ? albFromRow(row) : undefined;
  }

  async list(query: ParsedListQuery): Promise<Page<ArmsLengthBody>> {
    const qb = this.db('albs');
    whereSearch(qb, query.search, ['albs.title', 'albs.alias', 'albs.name']);
    return fetchPage(qb, query, SORT, 'albs', albFromRow);
  }

  async all(ids?: string[]): Promise<ArmsLengthBody[]> {
    const qb = this.db('albs').orderBy('name');
    if (ids) qb.whereIn('id', ids);
    return (await qb).map(albFromRow);
  }

  async insert(alb: ArmsLengthBody): Promise<void> {
    await this.db('albs').insert(albToRow(alb));
  }

  async update(alb: ArmsLengthBody): Promise<void> {
    const { id, ...row } = albToRow(alb);
    await this.db('albs').where({ id }).update(row);
  }
}
