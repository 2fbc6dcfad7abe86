import { useRouteRef } from '@backstage/core-plugin-api';
import {
  albsRouteRef,
  myAccessRouteRef,
  permissionsRouteRef,
  productionAccessRouteRef,
  programmesRouteRef,
  projectsRouteRef,
  rootRouteRef,
} from '../routes';

const withQuery = (
  path: string,
  query?: Record<string, string | undefined>,
) => {
  const qs = new URLSearchParams();
  Object.entries(query ?? {}).forEach(([k, v]) => v && qs.set(k, v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
};

/** Links between the plugin's pages, resolved from wherever the app mounted it. */
export function useAdpLinks() {
  const root = useRouteRef(rootRouteRef)();
  const albs = useRouteRef(albsRouteRef)();
  const programmes = useRouteRef(programmesRouteRef)();
  const projects = useRouteRef(projectsRouteRef)();
  const permissions = useRouteRef(permissionsRouteRef)();
  const myAccess = useRouteRef(myAccessRouteRef)();
  const productionAccess = useRouteRef(productionAccessRouteRef)();
  return {
    root,
    albs: () => albs,
    programmes: (q?: { albId?: string }) => withQuery(programmes, q),
    projects: (q?: { albId?: string; programmeId?: string }) =>
      withQuery(projects, q),
    permissions: () => permissions,
    myAccess: () => myAccess,
    productionAccess: () => productionAccess,
  };
}
