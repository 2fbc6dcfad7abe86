import { createRouteRef } from '@backstage/core-plugin-api';

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
