import { useRouteRef } from '@backstage/core-plugin-api';
import { ADP_PATHS, rootRouteRef } from '../routes';

const withQuery = (path: string, query?: Record<string, string | undefined>) => {
  const qs = new URLSearchParams();
  Object.entries(query ?? {}).forEach(([k, v]) => v && qs.set(k, v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
};

/** Links between the plugin's pages, resolved from wherever the app mounted it. */
export function useAdpLinks() {
  const root = useRouteRef(rootRouteRef)();
  const base = root.replace(/\/$/, '');
  return {
    root,
    albs: () => `${base}/${ADP_PATHS.albs}`,
    programmes: (q?: { albId?: string }) => withQuery(`${base}/${ADP_PATHS.programmes}`, q),
    projects: (q?: { albId?: string; programmeId?: string }) =>
      withQuery(`${base}/${ADP_PATHS.projects}`, q),
    permissions: () => `${base}/${ADP_PATHS.permissions}`,
    myAccess: () => `${base}/${ADP_PATHS.myAccess}`,
    productionAccess: () => `${base}/${ADP_PATHS.productionAccess}`,
  };
}
