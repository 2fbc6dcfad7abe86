import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { ArmsLengthBody, DeliveryProgramme } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';

export interface DeliveryTree {
  albs: Array<
    ArmsLengthBody & {
      programmes: Array<DeliveryProgramme & { projectCount: number }>;
    }
  >;
  /** True when there were more ALBs or programmes than one page shows. */
  truncated: boolean;
}

const MAX = 200;

/** ALBs → programmes → project counts; a count is the server's total for the programme. */
export function useDeliveryStructure() {
  const api = useApi(adpApiRef);
  return useAsync(async (): Promise<DeliveryTree> => {
    const [albs, programmes] = await Promise.all([
      api.listAlbs({ limit: MAX, sort: 'title' }),
      api.listProgrammes({ limit: MAX, sort: 'title' }),
    ]);
    const counts = await Promise.all(
      programmes.items.map(p => api.listProjects({ programmeId: p.id, limit: 1 }).then(r => r.totalCount)),
    );
    const withCounts = programmes.items.map((p, i) => ({ ...p, projectCount: counts[i] }));
    return {
      albs: albs.items.map(a => ({ ...a, programmes: withCounts.filter(p => p.albId === a.id) })),
      truncated: albs.totalCount > albs.items.length || programmes.totalCount > programmes.items.length,
    };
  }, [api]);
}
