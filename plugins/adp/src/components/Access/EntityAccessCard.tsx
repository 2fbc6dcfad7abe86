import { useEntity } from '@backstage/plugin-catalog-react';
import { adpRecordOf } from '@adp-portal/plugin-adp-common';
import { AccessCard } from './AccessCard';

/** "Your access here" for a programme or project Group entity. */
export const EntityAccessCard = () => {
  const { entity } = useEntity();
  const record = adpRecordOf(entity);
  return record ? <AccessCard record={record} /> : null;
};
