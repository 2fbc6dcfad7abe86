import { ADP_CHANGES_TOPIC, AdpChangeEvent } from '@adp-portal/plugin-adp-common';
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AdpPermissionPolicy } from './AdpPermissionPolicy';
import { AdpRoleIndexSource } from './AdpRoleIndexSource';
import { CatalogUserDirectory } from './CatalogUserDirectory';
import { readPolicyConfig } from './config';
import { RoleIndex } from './RoleIndex';
import { UserAccessResolver } from './UserAccess';

/**
 * The ADP role hierarchy as the portal's permission policy.
 *
 * @public
 */
export const permissionModuleAdpPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'adp-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        catalog: catalogServiceRef,
      },
      async init({ policy, config, logger, auth, discovery, scheduler, events, catalog }) {
        const settings = readPolicyConfig(config);
        const roleIndex = new RoleIndex(new AdpRoleIndexSource(discovery, auth), logger);
        const directory = new CatalogUserDirectory(catalog, auth, logger);
        policy.setPolicy(new AdpPermissionPolicy(new UserAccessResolver(roleIndex, directory, settings)));

        // The adp plugin names the users whose roles changed. The events backend delivers an
        // event once per subscriber id, so every instance subscribes under its own: a change
        // made on one instance reaches the policy of every other (not only the next poll).
        // Ids of instances gone are dropped by the events backend's cleanup after a day.
        await events.subscribe({
          id: `adp-policy-role-index-${randomUUID()}`,
          topics: [ADP_CHANGES_TOPIC],
          async onEvent({ eventPayload }) {
            const { userRefs } = eventPayload as AdpChangeEvent;
            await roleIndex.reloadUsers(userRefs ?? []).catch(error =>
              logger.warn(`Could not reload roles of ${userRefs.join(', ')}: ${error}`),
            );
          },
        });

        // Every instance polls too, for events lost (a restart, the bus unreachable). The first
        // runs load the whole index and retry with backoff until the adp plugin answers.
        await scheduler.scheduleTask({
          id: 'adp-policy-role-index-refresh',
          scope: 'local',
          frequency: { seconds: settings.refreshIntervalSeconds },
          timeout: { seconds: 30 },
          fn: () => roleIndex.refresh(),
        });
        await scheduler.scheduleTask({
          id: 'adp-policy-catalog-users-refresh',
          scope: 'local',
          frequency: { seconds: settings.catalogUsersRefreshIntervalSeconds },
          timeout: { minutes: 2 },
          fn: () => directory.reload().catch(() => {}),
        });
      },
    });
  },
});
