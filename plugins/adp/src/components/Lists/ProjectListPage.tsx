import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseErrorPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, IconButton, Typography } from '@material-ui/core';
import EditIcon from '@material-ui/icons/Edit';
import {
  DeliveryProject,
  projectUpdatePermission,
  adpEntityRef,
} from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { AdpPageLayout } from '../AdpPage/AdpPageLayout';
import { Permitted } from '../common/Permitted';
import { ProjectFormDialog } from '../Forms';
import { ArchivedChip } from './ArchivedChip';
import { CreateProjectButton } from './CreateProjectButton';
import { ListToolbar } from './ListToolbar';
import { PagedTable } from './PagedTable';
import { useListState } from './useListState';

/** Delivery projects, filtered by ALB and programme, with create and edit where permitted. */
export const ProjectListPage = () => {
  const api = useApi(adpApiRef);
  const { state, update, query } = useListState();
  const result = useAsyncRetry(() => api.listProjects(query), [api, query]);
  const programme = useAsync(
    async () =>
      state.programmeId ? api.getProgramme(state.programmeId) : undefined,
    [api, state.programmeId],
  );
  const [editing, setEditing] = useState<DeliveryProject | undefined>();

  return (
    <AdpPageLayout title="Delivery projects">
      <Box display="flex" justifyContent="flex-end" alignItems="center" mb={2}>
        {programme.value ? (
          <CreateProjectButton
            programme={programme.value}
            onCreated={() => result.retry()}
          />
        ) : (
          <Typography variant="body2">
            Choose a programme to create a project in it.
          </Typography>
        )}
      </Box>
      <ListToolbar
        state={state}
        update={update}
        listLoaded={!result.loading}
        filters={{ alb: true, programme: true, archived: true }}
        sortFields={[
          { value: 'title', label: 'Title' },
          { value: 'name', label: 'Namespace' },
          { value: 'createdAt', label: 'Created' },
          { value: 'updatedAt', label: 'Updated' },
        ]}
      />
      {result.error && <ResponseErrorPanel error={result.error} />}
      <PagedTable<DeliveryProject>
        caption="Delivery projects"
        loading={result.loading}
        rows={result.value?.items}
        totalCount={result.value?.totalCount ?? 0}
        page={state.page}
        rowsPerPage={state.rowsPerPage}
        onPageChange={page => update({ page })}
        onRowsPerPageChange={rowsPerPage => update({ rowsPerPage })}
        emptyText="No projects match."
        columns={[
          {
            title: 'Title',
            render: p => (
              <EntityRefLink
                entityRef={adpEntityRef('project', p.name)}
                title={p.title}
              />
            ),
          },
          { title: 'Namespace', render: p => p.name },
          {
            title: 'Team type',
            render: p => (p.teamType === 'platform' ? 'Platform' : 'Delivery'),
          },
          {
            title: 'Status',
            render: p => <ArchivedChip archivedAt={p.archivedAt} />,
          },
          {
            title: 'Actions',
            render: p => (
              <Permitted
                permission={projectUpdatePermission}
                resourceRef={p.id}
              >
                <IconButton
                  aria-label={`Edit ${p.title}`}
                  size="small"
                  onClick={() => setEditing(p)}
                >
                  <EditIcon />
                </IconButton>
              </Permitted>
            ),
          },
        ]}
      />
      <ProjectFormDialog
        open={!!editing}
        project={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          result.retry();
        }}
      />
    </AdpPageLayout>
  );
};
