import { useEntity } from '@backstage/plugin-catalog-react';
import { WarningPanel } from '@backstage/core-components';
import { adpRecordOf } from '@adp-portal/plugin-adp-common';
import { ProgrammeTeam } from './ProgrammeTeam';
import { ProjectTeam } from './ProjectTeam';

/** Team tab of a programme or project Group entity. */
export const EntityTeamContent = () => {
  const { entity } = useEntity();
  const record = adpRecordOf(entity);
  if (!record) return <WarningPanel title="Not an ADP programme or project" />;
  return record.kind === 'programme' ? (
    <ProgrammeTeam programmeId={record.id} />
  ) : (
    <ProjectTeam projectId={record.id} />
  );
};
