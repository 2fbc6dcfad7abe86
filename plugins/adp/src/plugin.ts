import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { adpApiFactory } from './api';
import {
  DELIVERY_PROJECT_PICKER,
  DeliveryProjectPicker,
  DeliveryProjectPickerSchema,
} from './components/Scaffolder';
import { adpRouteRefs, rootRouteRef } from './routes';

/** @public */
export const adpPlugin = createPlugin({
  id: 'adp',
  apis: [adpApiFactory],
  routes: adpRouteRefs,
});

/**
 * Delivery pages: landing, lists, permission matrix and my access (mount at /adp).
 *
 * @public
 */
export const AdpPage = adpPlugin.provide(
  createRoutableExtension({
    name: 'AdpPage',
    component: () =>
      import('./components/AdpPage/AdpPage').then(m => m.AdpPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Team tab of a programme or project Group.
 *
 * @public
 */
export const EntityAdpTeamContent = adpPlugin.provide(
  createComponentExtension({
    name: 'EntityAdpTeamContent',
    component: {
      lazy: () =>
        import('./components/Team/EntityTeamContent').then(
          m => m.EntityTeamContent,
        ),
    },
  }),
);

/**
 * History tab of a programme or project Group.
 *
 * @public
 */
export const EntityAdpHistoryContent = adpPlugin.provide(
  createComponentExtension({
    name: 'EntityAdpHistoryContent',
    component: {
      lazy: () =>
        import('./components/History/EntityHistoryContent').then(
          m => m.EntityHistoryContent,
        ),
    },
  }),
);

/**
 * Provisioning card of a project Group.
 *
 * @public
 */
export const EntityAdpProvisioningCard = adpPlugin.provide(
  createComponentExtension({
    name: 'EntityAdpProvisioningCard',
    component: {
      lazy: () =>
        import('./components/Provisioning/EntityProvisioningCard').then(
          m => m.EntityProvisioningCard,
        ),
    },
  }),
);

/**
 * "Production access" card of a project Group: who holds which level.
 *
 * @public
 */
export const EntityAdpProductionAccessCard = adpPlugin.provide(
  createComponentExtension({
    name: 'EntityAdpProductionAccessCard',
    component: {
      lazy: () =>
        import('./components/ProductionAccess/EntityProductionAccessCard').then(
          m => m.EntityProductionAccessCard,
        ),
    },
  }),
);

/**
 * "Your access here" card of a programme or project Group.
 *
 * @public
 */
export const EntityAdpAccessCard = adpPlugin.provide(
  createComponentExtension({
    name: 'EntityAdpAccessCard',
    component: {
      lazy: () =>
        import('./components/Access/EntityAccessCard').then(
          m => m.EntityAccessCard,
        ),
    },
  }),
);

/**
 * Scaffolder field `ui:field: AdpDeliveryProjectPicker`: a delivery project where the user
 * is a Technical Team Member; its value is the project id. Add it inside
 * `<ScaffolderFieldExtensions>` of the legacy app's scaffolder route.
 *
 * @public
 */
export const AdpDeliveryProjectPickerFieldExtension = adpPlugin.provide(
  createScaffolderFieldExtension({
    name: DELIVERY_PROJECT_PICKER,
    component: DeliveryProjectPicker,
    schema: DeliveryProjectPickerSchema.schema,
  }),
);
