import { ParsedListQuery, Page } from '@adp-portal/plugin-adp-common';
import { Knex } from 'knex';

/** Escapes LIKE wildcards so a search for "50%" finds "50%" (with ESCAPE '\'). */
export function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, m => `\\${m}`)}%`;
}

/**
 * A column to search: compared through lower(), or `{ lowerCase }` for a column stored in
 * lower case already (a title_key, a slug), which spares the database a lower() per row.
 */
export type SearchColumn = string | { lowerCase: string };

/** Case-insensitive substring search over columns; same SQL on SQLite and PostgreSQL. */
export function whereSearch(qb: Knex.QueryBuilder, search: string | undefined, columns: SearchColumn[]): void {
  if (!search) return;
  const pattern = likePattern(search);
  qb.where(sub => {
    for (const column of columns) {
      const expression = typeof column === 'string' ? `lower(${column})` : column.lowerCase;
      sub.orWhereRaw(`${expression} like ? escape '\\'`, [pattern]);
    }
  });
}

/** Counts the filtered rows, then fetches one sorted page; the id breaks ties so pages are stable. */
export async function fetchPage<T>(
  base: Knex.QueryBuilder,
  query: ParsedListQuery,
  sortColumns: Record<ParsedListQuery['sort'], string>,
  table: string,
  map: (row: any) => T,
): Promise<Page<T>> {
  const [{ count }] = await base.clone().clearSelect().clearOrder().count({ count: '*' });
  const rows = await base
    .clone()
    .select(`${table}.*`)
    .orderBy(sortColumns[query.sort], query.order)
    .orderBy(`${table}.id`, 'asc')
    .offset(query.offset)
    .limit(query.limit);
  return { items: rows.map(map), totalCount: Number(count), offset: query.offset, limit: query.limit };
}
