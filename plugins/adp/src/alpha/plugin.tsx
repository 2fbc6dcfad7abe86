import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import { adpApiFactory } from '../api';
import {
  isAdpDeliveryEntity,
  isAdpProjectEntity,
} from '@adp-portal/plugin-adp-common';
import { adpRouteRefs } from '../routes';

const routes = convertLegacyRouteRefs(adpRouteRefs);

const adpApi = ApiBlueprint.make({
  params: defineParams => defineParams(adpApiFactory),
});

/** /adp and its sub-pages; the title and icon make the "Delivery" nav item. */
const adpPage = PageBlueprint.make({
  params: {
    path: '/adp',
    title: 'Delivery',
    icon: <AccountTreeIcon />,
    routeRef: routes.root,
    noHeader: true,
    loader: () =>
      import('../components/AdpPage/AdpPage').then(m =>
        compatWrapper(<m.AdpPage />),
      ),
  },
});

const teamContent = EntityContentBlueprint.make({
  name: 'team',
  params: {
    path: 'adp-team',
    title: 'Team',
    filter: isAdpDeliveryEntity,
    loader: () =>
      import('../components/Team/EntityTeamContent').then(m =>
        compatWrapper(<m.EntityTeamContent />),
      ),
  },
});

const historyContent = EntityContentBlueprint.make({
  name: 'history',
  params: {
    path: 'adp-history',
    title: 'History',
    filter: isAdpDeliveryEntity,
    loader: () =>
      import('../components/History/EntityHistoryContent').then(m =>
        compatWrapper(<m.EntityHistoryContent />),
      ),
  },
});

const provisioningCard = EntityCardBlueprint.make({
  name: 'provisioning',
  params: {
    filter: isAdpProjectEntity,
    loader: () =>
      import('../components/Provisioning/EntityProvisioningCard').then(m =>
        compatWrapper(<m.EntityProvisioningCard />),
      ),
  },
});

const accessCard = EntityCardBlueprint.make({
  name: 'access',
  params: {
    filter: isAdpDeliveryEntity,
    loader: () =>
      import('../components/Access/EntityAccessCard').then(m =>
        compatWrapper(<m.EntityAccessCard />),
      ),
  },
});

/** Who holds which production level on a project. */
const productionAccessCard = EntityCardBlueprint.make({
  name: 'production-access',
  params: {
    filter: isAdpProjectEntity,
    loader: () =>
      import('../components/ProductionAccess/EntityProductionAccessCard').then(
        m => compatWrapper(<m.EntityProductionAccessCard />),
      ),
  },
});

/** Scaffolder field `ui:field: AdpDeliveryProjectPicker` (see examples/templates/new-service). */
export const deliveryProjectPickerField = FormFieldBlueprint.make({
  name: 'delivery-project-picker',
  params: {
    field: () =>
      import('../components/Scaffolder/formFields').then(
        m => m.deliveryProjectPickerFormField,
      ),
  },
});

/**
 * The ADP plugin for the new frontend system.
 *
 * @alpha
 */
export const adpFrontendPlugin = createFrontendPlugin({
  pluginId: 'adp',
  routes,
  extensions: [
    adpApi,
    adpPage,
    teamContent,
    historyContent,
    provisioningCard,
    accessCard,
    deliveryProjectPickerField,
    productionAccessCard,
  ],
});
