import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogCollatorExtensionPoint } from '@backstage/plugin-search-backend-module-catalog';
import { adpCatalogCollatorEntityTransformer } from './adpCatalogCollatorEntityTransformer';

/**
 * Search module: ADP groups are found by alias, programme code and service code as well
 * as by title. Needs the search backend's catalog collator module; the collator takes
 * one entity transformer, so this module cannot be combined with another one.
 *
 * @public
 */
export const searchModuleAdpCatalogCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'adp-catalog-collator',
  register(reg) {
    reg.registerInit({
      deps: { collator: catalogCollatorExtensionPoint },
      async init({ collator }) {
        collator.setEntityTransformer(adpCatalogCollatorEntityTransformer);
      },
    });
  },
});
