import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ListQuery } from '@adp-portal/plugin-adp-common';
import { useDebouncedValue } from '../../lib/useDebouncedValue';

export type SortField = NonNullable<ListQuery['sort']>;

export interface ListState {
  search: string;
  sort: SortField;
  order: 'asc' | 'desc';
  albId: string;
  programmeId: string;
  mine: boolean;
  includeArchived: boolean;
  page: number;
  rowsPerPage: number;
}

/**
 * The controls of a list page. Filters start from the URL (so the landing page can
 * link to "programmes of this ALB"); the search is debounced before it reaches the query.
 */
export function useListState() {
  const [params] = useSearchParams();
  const [state, setState] = useState<ListState>(() => ({
    search: params.get('search') ?? '',
    sort: 'title',
    order: 'asc',
    albId: params.get('albId') ?? '',
    programmeId: params.get('programmeId') ?? '',
    mine: params.get('mine') === 'true',
    includeArchived: params.get('includeArchived') === 'true',
    page: 0,
    rowsPerPage: 25,
  }));
  const search = useDebouncedValue(state.search, 300);

  /** Any change but paging goes back to the first page. */
  const update = (change: Partial<ListState>) =>
    setState(s => ({ ...s, ...change, page: 'page' in change ? change.page ?? 0 : 0 }));

  const query: ListQuery = useMemo(
    () => ({
      offset: state.page * state.rowsPerPage,
      limit: state.rowsPerPage,
      search: search.trim() || undefined,
      sort: state.sort,
      order: state.order,
      albId: state.albId || undefined,
      programmeId: state.programmeId || undefined,
      mine: state.mine || undefined,
      includeArchived: state.includeArchived || undefined,
    }),
    [search, state.page, state.rowsPerPage, state.sort, state.order, state.albId, state.programmeId, state.mine, state.includeArchived],
  );

  return { state, update, query };
}
