import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * The plugin's root page (/adp); the sub-pages hang below it.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'adp' });

/** Paths below the root page. */
export const ADP_PATHS = {
  albs: 'albs',
  programmes: 'programmes',
  projects: 'projects',
  permissions: 'permissions',
  myAccess: 'my-access',
  productionAccess: 'production-access',
} as const;

const subRoute = (id: keyof typeof ADP_PATHS) =>
  createSubRouteRef({
    id: `adp/${ADP_PATHS[id]}`,
    parent: rootRouteRef,
    path: `/${ADP_PATHS[id]}`,
  });

/** The sub-pages, one header tab each; links between pages resolve through these. */
export const albsRouteRef = subRoute('albs');
export const programmesRouteRef = subRoute('programmes');
export const projectsRouteRef = subRoute('projects');
export const permissionsRouteRef = subRoute('permissions');
export const myAccessRouteRef = subRoute('myAccess');
export const productionAccessRouteRef = subRoute('productionAccess');

/** The plugin's routes, as the app binds them. */
export const adpRouteRefs = {
  root: rootRouteRef,
  albs: albsRouteRef,
  programmes: programmesRouteRef,
  projects: projectsRouteRef,
  permissions: permissionsRouteRef,
  myAccess: myAccessRouteRef,
  productionAccess: productionAccessRouteRef,
};
