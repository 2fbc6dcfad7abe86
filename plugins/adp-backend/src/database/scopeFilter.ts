import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';

/**
 * What the ADP permission rules translate to: "in one of these projects / programmes".
 *
 * @public
 */
export interface AdpScopeQuery {
  scope: 'project' | 'programme';
  ids: string[];
}

/** Columns that hold a table's project and programme ids (absent: the rule cannot match). */
export interface ScopeColumns {
  projectId?: string;
  programmeId?: string;
}

/** Criteria from a conditional decision, or `true` (everything) / `false` (nothing). */
export type ScopeFilter = PermissionCriteria<AdpScopeQuery> | boolean;

/** What both filters let through: for a list narrowed by a second permission. */
export function bothScopeFilters(a: ScopeFilter, b: ScopeFilter): ScopeFilter {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return { allOf: [a, b] };
}

/** Adds a conditional permission decision to a query as where-clauses, so lists filter in the database. */
export function applyScopeFilter(qb: Knex.QueryBuilder, filter: ScopeFilter, columns: ScopeColumns): void {
  if (filter === true) return;
  if (filter === false) {
    qb.whereRaw('1 = 0');
    return;
  }
  addCriteria(qb, filter, columns);
}

function addCriteria(qb: Knex.QueryBuilder, c: PermissionCriteria<AdpScopeQuery>, columns: ScopeColumns): void {
  if ('anyOf' in c) {
    qb.where(sub => {
      for (const part of c.anyOf) sub.orWhere(inner => addCriteria(inner, part, columns));
    });
  } else if ('allOf' in c) {
    qb.where(sub => {
      for (const part of c.allOf) sub.andWhere(inner => addCriteria(inner, part, columns));
    });
  } else if ('not' in c) {
    qb.whereNot(sub => addCriteria(sub, c.not, columns));
  } else {
    const column = c.scope === 'project' ? columns.projectId : columns.programmeId;
    if (!column || c.ids.length === 0) qb.whereRaw('1 = 0');
    else qb.whereIn(column, c.ids);
  }
}
