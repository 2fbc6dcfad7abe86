import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { Link, ResponseErrorPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Button, IconButton } from '@material-ui/core';
import EditIcon from '@material-ui/icons/Edit';
import {
  ArmsLengthBody,
  albCreatePermission,
  albUpdatePermission,
  adpEntityRef,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { useAdpLinks } from '../../lib/useAdpLinks';
import { AdpPageLayout } from '../AdpPage/AdpPageLayout';
import { Permitted } from '../common/Permitted';
import { AlbFormDialog } from '../Forms';
import { ListToolbar } from './ListToolbar';
import { PagedTable } from './PagedTable';
import { useListState } from './useListState';

/** Arms Length Bodies, a page at a time, with create and edit where permitted. */
export const AlbListPage = () => {
  const api = useApi(adpApiRef);
  const links = useAdpLinks();
  const { state, update, query } = useListState();
  const result = useAsyncRetry(() => api.listAlbs(query), [api, query]);
  const [dialog, setDialog] = useState<{ alb?: ArmsLengthBody } | undefined>();

  return (
    <AdpPageLayout title="Arms Length Bodies">
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Permitted permission={albCreatePermission}>
          <Button
            variant="contained"
            color="primary"
            onClick={() => setDialog({})}
          >
            Create Arms Length Body
          </Button>
        </Permitted>
      </Box>
      <ListToolbar
        state={state}
        update={update}
        listLoaded={!result.loading}
        filters={{}}
        sortFields={[
          { value: 'title', label: 'Title' },
          { value: 'name', label: 'Name' },
          { value: 'createdAt', label: 'Created' },
          { value: 'updatedAt', label: 'Updated' },
        ]}
      />
      {result.error && <ResponseErrorPanel error={result.error} />}
      <PagedTable<ArmsLengthBody>
        caption="Arms Length Bodies"
        loading={result.loading}
        rows={result.value?.items}
        totalCount={result.value?.totalCount ?? 0}
        page={state.page}
        rowsPerPage={state.rowsPerPage}
        onPageChange={page => update({ page })}
        onRowsPerPageChange={rowsPerPage => update({ rowsPerPage })}
        emptyText="No Arms Length Bodies match."
        columns={[
          {
            title: 'Title',
            render: a => (
              <EntityRefLink
                entityRef={adpEntityRef('alb', a.name)}
                title={a.title}
              />
            ),
          },
          { title: 'Name', render: a => a.name },
          { title: 'Alias', render: a => a.alias ?? '' },
          {
            title: 'Programmes',
            render: a => (
              <Link
                to={links.programmes({ albId: a.id })}
                aria-label={`Programmes of ${a.title}`}
              >
                Programmes
              </Link>
            ),
          },
          {
            title: 'Actions',
            render: a => (
              <Permitted permission={albUpdatePermission} resourceRef={a.id}>
                <IconButton
                  aria-label={`Edit ${a.title}`}
                  size="small"
                  onClick={() => setDialog({ alb: a })}
                >
                  <EditIcon />
                </IconButton>
              </Permitted>
            ),
          },
        ]}
      />
      <AlbFormDialog
        open={!!dialog}
        alb={dialog?.alb}
        onClose={() => setDialog(undefined)}
        onSaved={() => {
          setDialog(undefined);
          result.retry();
        }}
      />
    </AdpPageLayout>
  );
};
