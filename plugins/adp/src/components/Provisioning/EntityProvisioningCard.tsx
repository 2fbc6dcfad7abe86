import { useEntity } from '@backstage/plugin-catalog-react';
import { adpRecordOf } from '@adp-portal/plugin-adp-common';
import { ProvisioningCard } from './ProvisioningCard';

/** Provisioning card for a project Group entity; nothing for other entities. */
export const EntityProvisioningCard = () => {
  const { entity } = useEntity();
  const record = adpRecordOf(entity);
  return record?.kind === 'project' ? (
    <ProvisioningCard projectId={record.id} />
  ) : null;
};
