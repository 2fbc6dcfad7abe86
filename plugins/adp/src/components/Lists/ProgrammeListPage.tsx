import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { Link, ResponseErrorPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Button, IconButton } from '@material-ui/core';
import EditIcon from '@material-ui/icons/Edit';
import {
  DeliveryProgramme,
  DeliveryProgrammeListItem,
  programmeCreatePermission,
  programmeUpdatePermission,
  adpEntityRef,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { useAdpLinks } from '../../lib/useAdpLinks';
import { AdpPageLayout } from '../AdpPage/AdpPageLayout';
import { Permitted } from '../common/Permitted';
import { ProgrammeFormDialog } from '../Forms';
import { ArchivedChip } from './ArchivedChip';
import { ListToolbar } from './ListToolbar';
import { PagedTable } from './PagedTable';
import { useListState } from './useListState';

/** Delivery programmes, filtered by ALB, with create and edit where permitted. */
export const ProgrammeListPage = () => {
  const api = useApi(adpApiRef);
  const links = useAdpLinks();
  const { state, update, query } = useListState();
  const result = useAsyncRetry(() => api.listProgrammes(query), [api, query]);
  const [dialog, setDialog] = useState<
    { programme?: DeliveryProgramme } | undefined
  >();

  return (
    <AdpPageLayout title="Delivery programmes">
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Permitted permission={programmeCreatePermission}>
          <Button
            variant="contained"
            color="primary"
            onClick={() => setDialog({})}
          >
            Create delivery programme
          </Button>
        </Permitted>
      </Box>
      <ListToolbar
        state={state}
        update={update}
        listLoaded={!result.loading}
        filters={{ alb: true, archived: true }}
        sortFields={[
          { value: 'title', label: 'Title' },
          { value: 'code', label: 'Code' },
          { value: 'name', label: 'Name' },
          { value: 'createdAt', label: 'Created' },
          { value: 'updatedAt', label: 'Updated' },
        ]}
      />
      {result.error && <ResponseErrorPanel error={result.error} />}
      <PagedTable<DeliveryProgrammeListItem>
        caption="Delivery programmes"
        loading={result.loading}
        rows={result.value?.items}
        totalCount={result.value?.totalCount ?? 0}
        page={state.page}
        rowsPerPage={state.rowsPerPage}
        onPageChange={page => update({ page })}
        onRowsPerPageChange={rowsPerPage => update({ rowsPerPage })}
        emptyText="No programmes match."
        columns={[
          {
            title: 'Title',
            render: p => (
              <EntityRefLink
                entityRef={adpEntityRef('programme', p.name)}
                title={p.title}
              />
            ),
          },
          { title: 'Code', render: p => p.code },
          { title: 'Name', render: p => p.name },
          {
            title: 'Status',
            render: p => <ArchivedChip archivedAt={p.archivedAt} />,
          },
          {
            title: 'Projects',
            render: p => (
              <Link
                to={links.projects({ programmeId: p.id })}
                aria-label={`${p.projectCount} projects of ${p.title}`}
              >
                {p.projectCount}
              </Link>
            ),
          },
          {
            title: 'Actions',
            render: p => (
              <Permitted
                permission={programmeUpdatePermission}
                resourceRef={p.id}
              >
                <IconButton
                  aria-label={`Edit ${p.title}`}
                  size="small"
                  onClick={() => setDialog({ programme: p })}
                >
                  <EditIcon />
                </IconButton>
              </Permitted>
            ),
          },
        ]}
      />
      <ProgrammeFormDialog
        open={!!dialog}
        programme={dialog?.programme}
        albId={state.albId || undefined}
        onClose={() => setDialog(undefined)}
        onSaved={() => {
          setDialog(undefined);
          result.retry();
        }}
      />
    </AdpPageLayout>
  );
};
