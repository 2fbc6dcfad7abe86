import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  FormControlLabel,
  Grid,
  MenuItem,
  Switch,
  TextField,
  makeStyles,
} from '@material-ui/core';
import { adpApiRef } from '../../api';
import { ListState, SortField } from './useListState';

export interface ListToolbarProps {
  state: ListState;
  update(change: Partial<ListState>): void;
  sortFields: Array<{ value: SortField; label: string }>;
  /** Which filters this list offers. */
  filters: { alb?: boolean; programme?: boolean; archived?: boolean };
  /** Whether the list itself has answered: until then the filter options wait (see below). */
  listLoaded: boolean;
}

/**
 * The first page of the list is what a visitor waits for; the options of the ALB and
 * programme filters are not needed until a select is opened. So they are fetched once the
 * list has answered, not alongside it (the programme options alone cost as much as the list).
 * A filter already set from the URL needs its option's title at once, so it does not wait.
 */
function useOptionsWanted(listLoaded: boolean, preset: boolean): boolean {
  const [wanted, setWanted] = useState(listLoaded || preset);
  useEffect(() => {
    if (listLoaded || preset) setWanted(true);
  }, [listLoaded, preset]);
  return wanted || listLoaded || preset;
}

// The outlined fields' default grey label is below 4.5:1 on the page background (WCAG 1.4.3).
const useStyles = makeStyles(theme => ({
  label: { color: theme.palette.text.primary },
}));

/** Search, sort and filters of a list page; every control is labelled. */
export const ListToolbar = ({
  state,
  update,
  sortFields,
  filters,
  listLoaded,
}: ListToolbarProps) => {
  const api = useApi(adpApiRef);
  const classes = useStyles();
  const optionsWanted = useOptionsWanted(
    listLoaded,
    !!(state.albId || state.programmeId),
  );
  const albs = useAsync(
    async () =>
      filters.alb && optionsWanted
        ? (await api.listAlbs({ limit: 200 })).items
        : [],
    [api, filters.alb, optionsWanted],
  );
  const programmes = useAsync(
    async () =>
      filters.programme && optionsWanted
        ? (
            await api.listProgrammes({
              limit: 200,
              albId: state.albId || undefined,
            })
          ).items
        : [],
    [api, filters.programme, state.albId, optionsWanted],
  );

  return (
    <Grid container spacing={2} alignItems="center">
      {/* With both filters the search gives a column to the ALB filter, whose label is the longest. */}
      <Grid item xs={12} md={filters.alb && filters.programme ? 3 : 4}>
        <TextField
          id="adp-list-search"
          label="Search"
          type="search"
          value={state.search}
          onChange={e => update({ search: e.target.value })}
          fullWidth
          variant="outlined"
          InputLabelProps={{ classes: { root: classes.label } }}
          size="small"
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <TextField
          select
          id="adp-list-sort"
          label="Sort by"
          value={state.sort}
          onChange={e => update({ sort: e.target.value as SortField })}
          fullWidth
          variant="outlined"
          InputLabelProps={{ classes: { root: classes.label } }}
          size="small"
        >
          {sortFields.map(f => (
            <MenuItem key={f.value} value={f.value}>
              {f.label}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={6} md={2}>
        <TextField
          select
          id="adp-list-order"
          label="Order"
          value={state.order}
          onChange={e => update({ order: e.target.value as 'asc' | 'desc' })}
          fullWidth
          variant="outlined"
          InputLabelProps={{ classes: { root: classes.label } }}
          size="small"
        >
          <MenuItem value="asc">Ascending</MenuItem>
          <MenuItem value="desc">Descending</MenuItem>
        </TextField>
      </Grid>
      {filters.alb && (
        <Grid item xs={6} md={3}>
          <TextField
            select
            id="adp-list-alb"
            label="Arms Length Body"
            value={state.albId}
            onChange={e => update({ albId: e.target.value, programmeId: '' })}
            fullWidth
            variant="outlined"
            InputLabelProps={{ classes: { root: classes.label } }}
            size="small"
          >
            <MenuItem value="">All</MenuItem>
            {(albs.value ?? []).map(a => (
              <MenuItem key={a.id} value={a.id}>
                {a.title}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
      )}
      {filters.programme && (
        <Grid item xs={6} md={2}>
          <TextField
            select
            id="adp-list-programme"
            label="Programme"
            value={state.programmeId}
            onChange={e => update({ programmeId: e.target.value })}
            fullWidth
            variant="outlined"
            InputLabelProps={{ classes: { root: classes.label } }}
            size="small"
          >
            <MenuItem value="">All</MenuItem>
            {(programmes.value ?? []).map(p => (
              <MenuItem key={p.id} value={p.id}>
                {p.title}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
      )}
      <Grid item>
        <FormControlLabel
          control={
            <Switch
              checked={state.mine}
              onChange={(_, mine) => update({ mine })}
            />
          }
          label="Only mine"
        />
      </Grid>
      {filters.archived && (
        <Grid item>
          <FormControlLabel
            control={
              <Switch
                checked={state.includeArchived}
                onChange={(_, includeArchived) => update({ includeArchived })}
              />
            }
            label="Include archived"
          />
        </Grid>
      )}
    </Grid>
  );
};
