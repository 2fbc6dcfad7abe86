import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { migrateDatabase } from './database/migrate';
import { AdpNotifier, ChangeNotifications, SentNotifications, TeamAccess } from './notifications';
import { DeliveryReader } from './provisioning/delivery/DeliveryReader';
import { DeliveryDatabase } from './database/stores';
import { seedDemoData } from './demo/seedDemoData';
import { registerPermissions } from './permissions/registerPermissions';
import { ScopeResolver } from './permissions/ScopeResolver';
import { createRouter } from './router/createRouter';
import { createServices } from './service/createServices';
import { DeliveryWriter } from './service/DeliveryWriter';
import { ExternalNames } from './service/ExternalNames';
import { GithubAccounts } from './service/GithubAccounts';
import {
  assertExternalAccessSubjects,
  readPlatformRoleGroups,
  readProvisioningFailureMinutes,
  readRevocationIntervalMinutes,
} from './config';
import { scheduleProvisioningFailureNotices } from './notifications/provisioningFailures';
import { createProvisioning } from './provisioning';
import { readProvisioningConfig } from './provisioning/config';
import { scheduleRevocation } from './productionAccess/scheduleRevocation';
import { EntraSignIns } from './productionAccess/EntraSignIns';
import { scheduleMembershipEnds } from './lifecycle/scheduleMembershipEnds';
import { createGraphClient, entraCredential } from './provisioning/systems/entra/graphClient';

/**
 * The ADP delivery data plugin: /api/adp.
 *
 * @public
 */
export const adpPlugin = createBackendPlugin({
  pluginId: 'adp',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const knex = await deps.database.getClient();
        assertExternalAccessSubjects(deps.config);
        if (!deps.database.migrations?.skip) await migrateDatabase(knex);
        const db = new DeliveryDatabase(knex);
        // Tells people what needs them (issue #22); sending never fails the change that caused it.
        const notifier = new AdpNotifier(deps.notifications, new SentNotifications(knex), deps.logger);

        // Reads adp.naming and adp.environments (invalid settings stop startup with the key named).
        const { naming, environments, productionEnvironments, github, entra } = readProvisioningConfig(deps.config);
        // Each committed change tells the people it concerns; demo seeding passes no listener.
        const changeNotifications = new ChangeNotifications({
          db,
          notifier,
          teamAccess: new TeamAccess(new DeliveryReader(knex, {}), { naming, environments, productionEnvironments }),
          adpAdminGroups: readPlatformRoleGroups(deps.config).adpAdminGroups,
        });
        const transformers = registerPermissions(deps.permissionsRegistry, new ScopeResolver(knex));
        const services = createServices({
          db,
          permissions: deps.permissions,
          transformers,
          auth: deps.auth,
          userInfo: deps.userInfo,
          logger: deps.logger,
          catalog: deps.catalog,
          events: deps.events,
          platformRoleGroups: readPlatformRoleGroups(deps.config),
          externalNames: new ExternalNames(naming, environments),
          // People link accounts of the GitHub the portal provisions.
          githubAccounts: github ? new GithubAccounts(github.apiBaseUrl) : undefined,
          afterCommit: changeNotifications.afterCommit,
        });

        if (deps.config.getOptionalBoolean('adp.demoData')) {
          await seedDemoData(new DeliveryWriter(db, deps.events, deps.logger));
          deps.logger.info('ADP demo data is in place');
        }

        // Reads adp.provisioning; invalid settings stop startup with the key named.
        const provisioning = createProvisioning({
          config: deps.config,
          logger: deps.logger,
          database: knex,
          scheduler: deps.scheduler,
          permissions: deps.permissions,
          httpAuth: deps.httpAuth,
          auditor: deps.auditor,
          // ADP Admins by catalog group fill the platform groups, as they hold the role.
          catalog: deps.catalog,
          auth: deps.auth,
          adpAdminGroups: readPlatformRoleGroups(deps.config).adpAdminGroups,
          // GitHub organisation webhooks (the events backend's GitHub module) repair drift at once.
          events: deps.events,
        });

        deps.httpRouter.use(provisioning.router);
        deps.httpRouter.use(createRouter({ services, httpAuth: deps.httpAuth, auditor: deps.auditor }));
        await provisioning.start();
        await scheduleRevocation(
          deps.scheduler,
          {
            db,
            writer: new DeliveryWriter(db, deps.events, deps.logger, changeNotifications.afterCommit),
            // Absence is measured from work: Entra ID sign-ins count with portal activity.
            workActivity: entra ? new EntraSignIns(createGraphClient(entra, entraCredential(entra))) : undefined,
            logger: deps.logger,
            notifier,
          },
          deps.logger,
          deps.auditor,
          readRevocationIntervalMinutes(deps.config),
        );
        // Join requests tell the team admins, and the requester the answer.
        services.joinRequests.useNotices(notifier);
        await scheduleMembershipEnds(deps.scheduler, { db, teams: services.teams, logger: deps.logger }, deps.logger, deps.auditor);
        await scheduleProvisioningFailureNotices(
          deps.scheduler,
          { db, notifier, afterMinutes: readProvisioningFailureMinutes(deps.config) },
          deps.logger,
        );
        deps.httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        deps.httpRouter.addAuthPolicy({ path: '/openapi.json', allow: 'unauthenticated' });
      },
    });
  },
});
