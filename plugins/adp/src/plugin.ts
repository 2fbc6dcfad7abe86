import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { adpApiFactory } from './api';
import { rootRouteRef } from './routes';

export const adpPlugin = createPlugin({
  id: 'adp',
  apis: [adpApiFactory],
  routes: { root: rootRouteRef },
});

/** Delivery pages: landing, lists, permission matrix and my access (mount at /adp). */
export const AdpPage = adpPlugin.provide(
  createRoutableExtension({
    name: 'AdpPage',
    component: () => import('./components/AdpPage/AdpPage').then(m => m.AdpPage),
    mountPoint: rootRouteRef,
  }),
);

/** Team tab of a programme or project Group. */
export const EntityAdpTeamContent = adpPlugin.provide(
  createComponentExtension({
    name: 'EntityAdpTeamContent',
    component: { lazy: () => import('./components/Team/EntityTeamContent').then(m => m.EntityTeamContent) },
  }),
);

/** History tab of a programme or project Group. */
export const EntityAdpHistoryContent = adpPlugin.provide(
  createComponentExtension({
    name: 'EntityAdpHistoryContent',
    component: { lazy: () => import('./components/History/EntityHistoryContent').then(m => m.EntityHistoryContent) },
  }),
);

/** Provisioning card of a project Group. */
export const EntityAdpProvisioningCard = adpPlugin.provide(
  createComponentExtension({
    name: 'EntityAdpProvisioningCard',
    component: { lazy: () => import('./components/Provisioning/EntityProvisioningCard').then(m => m.EntityProvisioningCard) },
  }),
);

/** "Your access here" card of a programme or project Group. */
export const EntityAdpAccessCard = adpPlugin.provide(
  createComponentExtension({
    name: 'EntityAdpAccessCard',
    component: { lazy: () => import('./components/Access/EntityAccessCard').then(m => m.EntityAccessCard) },
  }),
);
