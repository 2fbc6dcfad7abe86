import { useEntity } from '@backstage/plugin-catalog-react';
import { adpRecordOf } from '@adp-portal/plugin-adp-common';
import { ProductionAccessCard } from './ProductionAccessCard';

/** "Production access" of a project Group entity: who holds which level. */
export const EntityProductionAccessCard = () => {
  const { entity } = useEntity();
  const record = adpRecordOf(entity);
  return record?.kind === 'project' ? (
    <ProductionAccessCard projectId={record.id} />
  ) : null;
};
