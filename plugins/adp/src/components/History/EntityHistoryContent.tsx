import { useEntity } from '@backstage/plugin-catalog-react';
import { WarningPanel } from '@backstage/core-components';
import { adpRecordOf } from '@adp-portal/plugin-adp-common';
import { HistoryTable } from './HistoryTable';

/** History tab of a programme or project Group entity. */
export const EntityHistoryContent = () => {
  const { entity } = useEntity();
  const record = adpRecordOf(entity);
  if (!record) return <WarningPanel title="Not an ADP programme or project" />;
  return (
    <HistoryTable
      kind={record.kind === 'programme' ? 'programmes' : 'projects'}
      id={record.id}
    />
  );
};
