import express from 'express';
import { Knex } from 'knex';
import {
  AuthService,
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { readProvisioningConfig } from './config';
import { ReconcilerOverrides, createReconcilers } from './createReconcilers';
import { DeliveryReader } from './delivery/DeliveryReader';
import { catalogAdminGroupMembers } from './delivery/catalogAdminGroupMembers';
import { AddedMembers } from './systems/AddedMembers';
import { EtagStore } from './systems/github/EtagStore';
import { DeltaLinks } from './systems/DeltaLinks';
import { GithubReconciler } from './systems/github/GithubReconciler';
import { GITHUB_WEBHOOK_TOPICS, GithubWebhooks } from './webhooks/GithubWebhooks';
import { OutboxQueue } from './queue/OutboxQueue';
import { StatusStore } from './status/StatusStore';
import { TargetLeases } from './queue/TargetLeases';
import { ProvisioningEngine } from './engine/ProvisioningEngine';
import { createProvisioningRouter } from './router';
import { CredentialChecks } from './checks/CredentialChecks';
import { createCredentialCheckers } from './checks/createCredentialCheckers';

export * from './types';
export { readProvisioningConfig } from './config';
export type { ProvisioningConfig } from './config';
export { ProvisioningEngine } from './engine/ProvisioningEngine';

export interface ProvisioningOptions {
  config: Config;
  logger: LoggerService;
  /** The plugin's database, with the store's and provisioning's migrations applied. */
  database: Knex;
  scheduler: SchedulerService;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  overrides?: ReconcilerOverrides;
  /**
   * Where ADP Admins held through `adp.platformRoles.adpAdminGroups` are read; without it only
   * stored platform role assignments fill the ADP Admins' groups.
   */
  catalog?: CatalogService;
  auth?: AuthService;
  /** `adp.platformRoles.adpAdminGroups`, as group refs. */
  adpAdminGroups?: string[];
  /** Where GitHub's organisation webhooks arrive (the events backend's GitHub module); without it, only the passes find GitHub drift. */
  events?: EventsService;
}

export interface Provisioning {
  /** Mount under /api/adp. */
  router: express.Router;
  /** Schedules the outbox drain and the periodic full pass (global tasks: one runner per cluster). */
  start(): Promise<void>;
  engine: ProvisioningEngine;
}

/**
 * Keeps GitHub, Entra ID, Azure DevOps and SonarCloud in line with the teams stored in the
 * database. Reads `adp.provisioning`; throws on invalid configuration so startup stops.
 */
export function createProvisioning(o: ProvisioningOptions): Provisioning {
  const config = readProvisioningConfig(o.config);
  const reader = new DeliveryReader(o.database, {
    adminGroupMembers:
      o.catalog && o.auth ? catalogAdminGroupMembers(o.catalog, o.auth, o.adpAdminGroups ?? []) : undefined,
  });
  const queue = new OutboxQueue(o.database);
  const status = new StatusStore(o.database);
  const reconcilers = createReconcilers(o.config, config, {
    addedMembers: new AddedMembers(o.database),
    etags: new EtagStore(o.database),
    deltaLinks: new DeltaLinks(o.database),
    ...o.overrides,
  });
  const engine = new ProvisioningEngine({
    reader,
    queue,
    status,
    leases: new TargetLeases(o.database),
    reconcilers,
    logger: o.logger,
    backoff: config.backoff,
    batchSize: config.batchSize,
    leaseMs: config.leaseSeconds * 1000,
  });
  const checks = new CredentialChecks(createCredentialCheckers(o.config, config, reconcilers));
  const router = createProvisioningRouter({
    engine,
    checks,
    queue,
    status,
    reader,
    httpAuth: o.httpAuth,
    permissions: o.permissions,
    auditor: o.auditor,
  });
  return {
    router,
    engine,
    async start() {
      const configured = reconcilers.filter(r => r.isConfigured()).map(r => r.system);
      o.logger.info(
        `Provisioning ${config.enabled ? 'enabled' : 'disabled'}; configured systems: ${configured.join(', ') || 'none'}`,
      );
      // What can be checked of each credential, named when missing. In the background: it never
      // holds or stops startup (a vendor may be down); the status page shows the same checks.
      checks.run().then(
        results =>
          results.forEach(r => [...r.missing, ...r.notes].forEach(m => o.logger.warn(`Provisioning credentials: ${m}`))),
        e => o.logger.warn(`Provisioning credentials could not be checked: ${e}`),
      );
      if (!config.enabled) return;
      const github = reconcilers.find((r): r is GithubReconciler => r instanceof GithubReconciler);
      if (o.events && config.github && github) {
        const webhooks = new GithubWebhooks({ engine, reader, queue, github, organization: config.github.organization, logger: o.logger });
        await o.events.subscribe({
          id: 'adp-provisioning-github-webhooks',
          topics: GITHUB_WEBHOOK_TOPICS,
          onEvent: params => webhooks.onEvent(params),
        });
      }
      await o.scheduler.scheduleTask({
        id: 'adp-provisioning-drain',
        scope: 'global',
        frequency: { seconds: config.drainIntervalSeconds },
        timeout: { minutes: 10 },
        fn: async () => {
          await engine.drain(5 * 60_000);
        },
      });
      // Drift: GitHub read in full, where unchanged answers are free 304s; Entra ID only where
      // Graph's delta query saw a change. Azure DevOps and SonarCloud send nothing and cost
      // calls on every read: their full passes run on their own, longer, schedules.
      const passes: Array<{ id: string; minutes: number; run(): Promise<unknown> }> = [
        {
          id: 'adp-provisioning-full-pass',
          minutes: config.fullPassIntervalMinutes,
          run: async () => {
            await engine.fullPass({ systems: ['github'] });
            await engine.changedPass('entra');
          },
        },
        ...(config.azureDevOps
          ? [{ id: 'adp-provisioning-full-pass-azure-devops', minutes: config.azureDevOps.fullPassIntervalMinutes, run: () => engine.fullPass({ systems: ['azure-devops'] }) }]
          : []),
        ...(config.sonarcloud
          ? [{ id: 'adp-provisioning-full-pass-sonarcloud', minutes: config.sonarcloud.fullPassIntervalMinutes, run: () => engine.fullPass({ systems: ['sonarcloud'] }) }]
          : []),
      ];
      for (const pass of passes) {
        await o.scheduler.scheduleTask({
          id: pass.id,
          scope: 'global',
          frequency: { minutes: pass.minutes },
          // A minute after startup, or one interval if shorter.
          initialDelay: { minutes: Math.min(1, pass.minutes) },
          timeout: { minutes: Math.max(30, pass.minutes) },
          fn: async () => {
            await pass.run();
          },
        });
      }
    },
  };
}
