import { ADP_CHANGES_TOPIC, AdpChangeEvent, AdpClient } from '@adp-portal/plugin-adp-common';
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { readCatalogModuleConfig } from './config';
import { AdpEntityBuilder } from './entities/AdpEntityBuilder';
import { adpCatalogPermissionRules } from './permissions/rules';
import { AdpMembershipProcessor } from './processor/AdpMembershipProcessor';
import { AdpEntityProvider } from './provider/AdpEntityProvider';
import { AdpApiCatalogSourceReader } from './provider/CatalogSourceReader';

/**
 * Catalog module: ADP Groups from the ADP store, their membership relations and permission rules.
 *
 * @public
 */
export const catalogModuleAdp = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'adp',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        permissionsRegistry: coreServices.permissionsRegistry,
        events: eventsServiceRef,
      },
      async init({ catalog, config, logger, discovery, auth, scheduler, permissionsRegistry, events }) {
        // Invalid settings stop startup with the key named.
        const { schedule, naming } = readCatalogModuleConfig(config);
        const provider = new AdpEntityProvider({
          reader: new AdpApiCatalogSourceReader(new AdpClient({ discoveryApi: discovery }), auth),
          builder: new AdpEntityBuilder({
            apiBaseUrl: await discovery.getExternalBaseUrl('adp'),
            naming,
          }),
          logger,
          taskRunner: scheduler.createScheduledTaskRunner(schedule),
        });
        catalog.addEntityProvider(provider);
        catalog.addProcessor(new AdpMembershipProcessor());
        permissionsRegistry.addPermissionRules(adpCatalogPermissionRules);
        await events.subscribe({
          id: 'adp-entity-provider',
          topics: [ADP_CHANGES_TOPIC],
          onEvent: async params => provider.applyChange(params.eventPayload as AdpChangeEvent),
        });
      },
    });
  },
});
