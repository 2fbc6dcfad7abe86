import { createBackendModule } from '@backstage/backend-plugin-api';
import { microsoftGraphOrgEntityProviderTransformExtensionPoint } from '@backstage/plugin-catalog-backend-module-msgraph';
import { adpUserTransformer } from './adpUserTransformer';

/**
 * Sets the ADP user naming on `@backstage/plugin-catalog-backend-module-msgraph`. It has
 * effect only when that module is installed and `catalog.providers.microsoftGraphOrg` is
 * configured: without a tenant the Graph provider does not start.
 *
 * @public
 */
export const catalogModuleAdpMicrosoftGraphTransformer = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'adp-msgraph-transformer',
  register(reg) {
    reg.registerInit({
      deps: { transforms: microsoftGraphOrgEntityProviderTransformExtensionPoint },
      async init({ transforms }) {
        transforms.setUserTransformer(adpUserTransformer);
      },
    });
  },
});
