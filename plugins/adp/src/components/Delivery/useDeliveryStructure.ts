import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { ArmsLengthBody, DeliveryProgrammeListItem } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';

export interface DeliveryTree {
  albs: Array<
    ArmsLengthBody & {
      programmes: DeliveryProgrammeListItem[];
    }
  >;
  /** True when there were more ALBs or programmes than one page shows. */
  truncated: boolean;
}

const MAX = 200;

/** ALBs → programmes → project counts, in two requests (the programme list carries the counts). */
export function useDeliveryStructure() {
  const api = useApi(adpApiRef);
  return useAsync(async (): Promise<DeliveryTree> => {
    const [albs, programmes] = await Promise.all([
      api.listAlbs({ limit: MAX, sort: 'title' }),
      api.listProgrammes({ limit: MAX, sort: 'title' }),
    ]);
    return {
      albs: albs.items.map(a => ({ ...a, programmes: programmes.items.filter(p => p.albId === a.id) })),
      truncated: albs.totalCount > albs.items.length || programmes.totalCount > programmes.items.length,
    };
  }, [api]);
}
