import { ADP_RESOURCE_TYPES, AdpResourceType, NamingTemplates, resolveNamingTemplates } from '@adp-portal/plugin-adp-common';
import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult, PolicyDecision } from '@backstage/plugin-permission-common';
import { ConditionTransformer, createConditionTransformer } from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import { migrateDatabase } from '../database/migrate';
import { AdpScopeQuery } from '../database/scopeFilter';
import { DeliveryDatabase } from '../database/stores';
import { isInProgrammeRule, isInProjectRule } from '../permissions/rules';
import { createServices } from '../service/createServices';
import { AfterCommit } from '../service/DeliveryWriter';
import { ExternalNames } from '../service/ExternalNames';
import { GithubAccounts } from '../service/GithubAccounts';

/* Test-only wiring: real databases, real services, a permission service the test controls. */

export const databases = () => {
  if (process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING === undefined) {
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING = 'postgresql://postgres@127.0.0.1:5432';
  }
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
};

export const ADA = 'user:default/ada';
export const PAT = 'user:default/pat';
export const TESS = 'user:default/tess';
export const user = (ref: string): BackstageCredentials => mockCredentials.user(ref);

export type Decide = (permission: string, resourceRef?: string) => PolicyDecision;

/** A permission service answering with `decide`, and recording what was asked. */
export function controllablePermissions(initial: Decide = () => ({ result: AuthorizeResult.ALLOW })) {
  const asked: Array<{ permission: string; resourceRef?: string }> = [];
  let decide = initial;
  const service: PermissionsService = {
    async authorize(requests) {
      return requests.map(r => {
        const resourceRef = (r as { resourceRef?: string }).resourceRef;
        asked.push({ permission: r.permission.name, resourceRef });
        const d = decide(r.permission.name, resourceRef);
        return { result: d.result === AuthorizeResult.CONDITIONAL ? AuthorizeResult.DENY : d.result } as any;
      });
    },
    async authorizeConditional(requests) {
      return requests.map(r => {
        asked.push({ permission: r.permission.name });
        return decide(r.permission.name) as any;
      });
    },
  };
  return { service, asked, setDecide: (d: Decide) => (decide = d) };
}

export interface HarnessOptions {
  ownership?: Record<string, string[]>;
  /** The clock of time-dependent services (production access); default the real one. */
  clock?: () => Date;
  /** Replaces the controllable permission service (e.g. one that follows the role model). */
  permissions?: (knex: Knex) => PermissionsService;
  /** Naming templates other than the defaults (the external-name check renders with them). */
  naming?: Partial<NamingTemplates>;
  /** The GitHub API that verifies linked accounts (a fake's URL); without it linking is not configured. */
  githubApiBaseUrl?: string;
  /** Told of each committed write's changes (the notifications), as the plugin wires it. */
  afterCommit?: (knex: Knex) => AfterCommit;
}

export async function createHarness(databaseId: TestDatabaseId, dbs: TestDatabases, options: HarnessOptions = {}) {
  const knex: Knex = await dbs.init(databaseId);
  await migrateDatabase(knex);
  const db = new DeliveryDatabase(knex);
  const permissions = controllablePermissions();
  const published: any[] = [];
  const transformers = new Map<AdpResourceType, ConditionTransformer<AdpScopeQuery>>(
    Object.values(ADP_RESOURCE_TYPES).map(t => [t, createConditionTransformer([isInProjectRule(t), isInProgrammeRule(t)])]),
  );
  const services = createServices({
    db,
    permissions: options.permissions?.(knex) ?? permissions.service,
    clock: options.clock,
    transformers,
    auth: mockServices.auth(),
    userInfo: {
      async getUserInfo(credentials) {
        const ref = (credentials.principal as any).userEntityRef as string;
        return { userEntityRef: ref, ownershipEntityRefs: [ref, ...(options.ownership?.[ref] ?? [])] };
      },
    },
    logger: mockServices.logger.mock(),
    events: { publish: async (e: any) => void published.push(e), subscribe: async () => {} },
    platformRoleGroups: { adpAdminGroups: ['group:default/adp-platform-engineers'], ccoeEngineerGroups: ['group:default/ccoe-engineers'] },
    externalNames: new ExternalNames(resolveNamingTemplates(options.naming as Record<string, string>)),
    githubAccounts: options.githubApiBaseUrl ? new GithubAccounts(options.githubApiBaseUrl) : undefined,
    afterCommit: options.afterCommit?.(knex),
  });
  return { knex, db, services, permissions, published };
}

/** An ALB, a programme with one admin, and a project: the usual starting point. */
export async function seedTree(h: Awaited<ReturnType<typeof createHarness>>) {
  const admin = user(ADA);
  const alb = await h.services.albs.create(admin, { title: 'Rural Payments Agency', name: 'rpa', description: 'Pays farmers' });
  const programme = await h.services.programmes.create(admin, {
    albId: alb.id, title: 'Farming and Countryside', code: 'fcp', description: 'Farming', admins: [PAT],
  });
  const project = await h.services.projects.create(admin, { programmeId: programme.id, title: 'Annual Compliance Data', description: 'ACD' });
  return { alb, programme, project };
}
