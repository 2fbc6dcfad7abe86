import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { HistoryEntry } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { PagedTable } from '../Lists/PagedTable';
import { useUserNames } from '../../lib/useUserNames';
import { changedFields, userRefsOf } from './diff';

const ACTION_TEXT: Record<HistoryEntry['action'], string> = {
  created: 'Created',
  updated: 'Updated',
  archived: 'Archived',
  restored: 'Restored',
  deleted: 'Deleted',
};

const KIND_TEXT: Partial<Record<HistoryEntry['recordKind'], string>> = {
  'programme-admin': 'programme admin',
  'project-member': 'team member',
};

const Changes = ({
  entry,
  nameOf,
}: {
  entry: HistoryEntry;
  nameOf(ref: string): string;
}) => {
  const changes = changedFields(entry, nameOf);
  if (changes.length === 0) return <>—</>;
  return (
    <ul style={{ margin: 0, paddingLeft: 16 }}>
      {changes.map(c => (
        <li key={c.field}>
          {c.field}: {c.before} → {c.after}
        </li>
      ))}
    </ul>
  );
};

export interface HistoryTableProps {
  kind: 'albs' | 'programmes' | 'projects';
  id: string;
}

/** The audit history of one record, newest first, a page at a time. */
export const HistoryTable = ({ kind, id }: HistoryTableProps) => {
  const api = useApi(adpApiRef);
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(25);
  const history = useAsync(
    () =>
      api.getHistory(kind, id, {
        offset: page * rowsPerPage,
        limit: rowsPerPage,
      }),
    [api, kind, id, page, rowsPerPage],
  );
  const nameOf = useUserNames(userRefsOf(history.value?.items ?? []));
  return (
    <InfoCard title="History">
      {history.error && <ResponseErrorPanel error={history.error} />}
      <PagedTable<HistoryEntry>
        caption="History"
        loading={history.loading}
        rows={history.value?.items}
        totalCount={history.value?.totalCount ?? 0}
        page={page}
        rowsPerPage={rowsPerPage}
        onPageChange={setPage}
        onRowsPerPageChange={r => {
          setRowsPerPage(r);
          setPage(0);
        }}
        emptyText="No changes recorded."
        columns={[
          { title: 'When', render: e => new Date(e.at).toLocaleString() },
          {
            title: 'Who',
            render: e => <Actor actorRef={e.actorRef} />,
          },
          {
            title: 'Action',
            render: e =>
              `${ACTION_TEXT[e.action]}${
                KIND_TEXT[e.recordKind] ? ` ${KIND_TEXT[e.recordKind]}` : ''
              }`,
          },
          {
            title: 'Changes',
            render: e => <Changes entry={e} nameOf={nameOf} />,
          },
        ]}
      />
    </InfoCard>
  );
};

/**
 * Who made a change: a person links to their catalog page; a service (`plugin:…` for the
 * portal's own automation, `external:…` for a token) has no catalog page, so it is named only.
 */
const Actor = ({ actorRef }: { actorRef: string }) => {
  if (actorRef.startsWith('user:')) {
    return <EntityRefLink entityRef={actorRef} defaultKind="User" />;
  }
  const [kind, name] = actorRef.split(':', 2);
  if (kind === 'plugin' && name) return <>{`the portal (${name})`}</>;
  if (kind === 'external' && name) return <>{`service account ${name}`}</>;
  return <>{actorRef}</>;
};
