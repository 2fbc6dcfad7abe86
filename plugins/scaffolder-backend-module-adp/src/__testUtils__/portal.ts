import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import nodePath from 'node:path';
import adpPlugin from '@adp-portal/plugin-adp-backend';
// The loopback fakes of the external systems (docs/provisioning.md).
import {
  ProvisioningFakes,
  startProvisioningFakes,
} from '@adp-portal/plugin-adp-backend/testUtils';
import catalogModuleAdp from '@adp-portal/plugin-catalog-backend-module-adp';
import policyModule from '@adp-portal/plugin-permission-backend-module-adp-policy';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  DiscoveryService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { stringify } from 'yaml';
import { createAdpActions, readGithubTarget } from '../actions';
import scaffolderModuleAdp from '../index';

/*
 * The real portal for the action tests: the adp plugin (demo data, provisioning against the
 * loopback fakes of GitHub and SonarCloud), the permission backend with the ADP policy, and
 * the demo personas in the catalog. The actions call it over HTTP exactly as in production.
 *
 * Personas (docs/roles.md): ada ADP Admin (group), pat admin of programme fcp, dee team admin
 * of project fcp-acd, tess technical member of fcp-acd, nora plain member of fcp-acd, paul
 * platform user.
 */

export const PERSONAS = [
  'ada',
  'pat',
  'dee',
  'tess',
  'nora',
  'paul',
  'cara',
] as const;
export type Persona = (typeof PERSONAS)[number];
export const ref = (p: string) => `user:default/${p}`;

const OWNERSHIP: Record<Persona, string[]> = {
  ada: [ref('ada'), 'group:default/adp-platform-engineers'],
  pat: [ref('pat')],
  dee: [ref('dee')],
  tess: [ref('tess')],
  nora: [ref('nora')],
  paul: [ref('paul')],
  cara: [ref('cara'), 'group:default/ccoe-engineers'],
};

/**
 * The mock auth service drops the calling plugin when a plugin calls another on a user's
 * behalf; real auth keeps it as the actor, and so does this wrapper (as in the policy's tests).
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      async authenticate(token, options) {
        const credentials = await inner.authenticate(token, options);
        if (
          token.startsWith('mock-service-token:') &&
          inner.isPrincipal(credentials, 'user')
        ) {
          return mockCredentials.user(credentials.principal.userEntityRef, {
            actor: { subject: 'plugin:caller' },
          });
        }
        return credentials;
      },
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      isPrincipal: ((c: any, t: any) =>
        inner.isPrincipal(c, t)) as AuthService['isPrincipal'],
      getPluginRequestToken: o => inner.getPluginRequestToken(o),
      getLimitedUserToken: c => inner.getLimitedUserToken(c),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
    };
  },
});

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const userEntityRef = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      const persona = userEntityRef.replace('user:default/', '') as Persona;
      return {
        userEntityRef,
        ownershipEntityRefs: OWNERSHIP[persona] ?? [userEntityRef],
      };
    },
  }),
});

const entity = (
  kind: string,
  name: string,
  spec: object,
  memberOf: string[] = [],
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
  relations: memberOf.map(targetRef => ({ type: 'memberOf', targetRef })),
});

/** The Groups the catalog module emits for ADP records (the parts the templates read). */
const adpGroup = (
  namespace: string,
  name: string,
  type: string,
  annotations: Record<string, string>,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace, annotations },
  spec: { type, children: [] },
});

const CATALOG = [
  ...PERSONAS.map(p =>
    entity(
      'User',
      p,
      {
        profile: { displayName: p, email: `${p}@adp-demo.example` },
        memberOf: [],
      },
      OWNERSHIP[p].filter(r => r.startsWith('group:')),
    ),
  ),
  entity('Group', 'adp-platform-engineers', {
    type: 'team',
    children: [],
    members: ['ada'],
  }),
  entity('Group', 'ccoe-engineers', {
    type: 'team',
    children: [],
    members: ['cara'],
  }),
];

/** The example templates, as app-config.yaml registers them. */
const TEMPLATES_LOCATION = nodePath.resolve(
  __dirname,
  '../../../../examples/templates/templates.yaml',
);

/** The personas and platform groups as catalog YAML, for the real catalog's file location. */
function catalogYaml(): string {
  return CATALOG.map(e =>
    stringify({
      apiVersion: e.apiVersion,
      kind: e.kind,
      metadata: { name: e.metadata.name },
      spec:
        e.kind === 'User'
          ? {
              ...e.spec,
              memberOf: e.relations.map(r => r.targetRef.split('/')[1]),
            }
          : e.spec,
    }),
  ).join('---\n');
}

export interface Portal {
  server: Parameters<typeof request>[0];
  fakes: ProvisioningFakes;
  /** The scheduler of every plugin: tests run the provisioning queue with `triggerTask`. */
  scheduler: SchedulerService;
  /** Where the actions find the adp plugin. */
  discovery: DiscoveryService;
  /** Ids of the demo records. */
  ids: { rpa: string; fcp: string; frm: string; acd: string; flood: string };
  /** Calls the API as a persona, like the portal's pages. */
  api(persona: Persona): {
    get(path: string): Promise<request.Response>;
    post(path: string, body?: object): Promise<request.Response>;
    patch(path: string, body: object): Promise<request.Response>;
  };
  /** The six adp:* actions, built as the module builds them. */
  actions: Map<string, TemplateAction<any, any, any>>;
  /** Waits until the (real) catalog has an entity, e.g. a Component a task registered. */
  waitForEntity(entityRef: string, timeoutMs?: number): Promise<any>;
  stop(): Promise<void>;
}

export interface PortalOptions {
  repositoryCacheSeconds?: number;
  /** The scaffolder plugin with the github module and this module, as packages/backend runs them. */
  scaffolder?: boolean;
  /**
   * `memory` (default): an in-memory catalog client holding the personas and the demo ADP Groups.
   * `backend`: the real catalog plugin, as packages/backend runs it, with the scaffolder entity
   * model, the ADP catalog module (the ADP Groups), the personas from a file location and the
   * example templates from examples/templates: for tasks that read templates and register
   * components.
   */
  catalog?: 'memory' | 'backend';
}

/**
 * Starts the portal; with `scaffolder`, also the scaffolder with this module. GitHub and
 * SonarCloud are provisioned against the fakes; Entra ID and Azure DevOps are left
 * unconfigured (they report `not-configured`).
 */
export async function startPortal(
  options: PortalOptions = {},
): Promise<Portal> {
  const realCatalog = options.catalog === 'backend';
  // demoData seeds the personas' verified GitHub links: GitHub must know those accounts.
  const fakes = await startProvisioningFakes({ demoAccounts: true });
  const fakeConfig = JSON.parse(JSON.stringify(fakes.config));
  delete fakeConfig.adp.provisioning.entra;
  delete fakeConfig.adp.provisioning.azureDevOps;
  if (options.repositoryCacheSeconds)
    fakeConfig.adp.provisioning.github.repositoryCacheSeconds =
      options.repositoryCacheSeconds;
  const events = mockServices.events();
  // The ADP Groups carry record ids, known once the demo data is in: the catalog is swapped then.
  let catalog = catalogServiceMock({ entities: CATALOG });
  const catalogFactory = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () =>
      new Proxy({} as typeof catalog, {
        get: (_target, key) => {
          const value = (catalog as any)[key];
          return typeof value === 'function' ? value.bind(catalog) : value;
        },
      }),
  });
  // Its factory (untyped in the d.ts) runs every task once at startup, as the real scheduler
  // would soon after: the policy loads its role index, provisioning drains the demo data.
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ReturnType<typeof mockServices.scheduler.factory>;
  };
  const catalogDir = realCatalog
    ? fs.mkdtempSync(nodePath.join(os.tmpdir(), 'adp-portal-catalog-'))
    : undefined;
  if (catalogDir) {
    fs.writeFileSync(nodePath.join(catalogDir, 'org.yaml'), catalogYaml());
  }
  const backend = await startTestBackend({
    features: [
      adpPlugin,
      permissionPlugin,
      policyModule,
      // The scaffolder with this module, as packages/backend runs it.
      ...(options.scaffolder
        ? [scaffolderPlugin, scaffolderGithubModule, scaffolderModuleAdp]
        : []),
      authWithActors,
      httpAuthServiceFactory,
      userInfoFactory,
      scheduler.factory(),
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => events,
      }),
      ...(realCatalog
        ? [catalogPlugin, catalogModuleScaffolderEntityModel, catalogModuleAdp]
        : [catalogFactory]),
      mockServices.rootConfig.factory({
        data: {
          integrations: fakeConfig.integrations,
          ...(catalogDir && {
            catalog: {
              rules: [
                {
                  allow: ['Component', 'System', 'API', 'Resource', 'Location'],
                },
              ],
              locations: [
                {
                  type: 'file',
                  target: nodePath.join(catalogDir, 'org.yaml'),
                  rules: [{ allow: ['User', 'Group'] }],
                },
                {
                  type: 'file',
                  target: TEMPLATES_LOCATION,
                  rules: [{ allow: ['Template', 'Location'] }],
                },
              ],
            },
          }),
          permission: { enabled: true },
          adp: {
            demoData: true,
            platformRoles: {
              adpAdminGroups: ['group:default/adp-platform-engineers'],
              ccoeEngineerGroups: ['group:default/ccoe-engineers'],
            },
            provisioning: {
              ...fakeConfig.adp.provisioning,
              backoff: { baseMilliseconds: 20, capMilliseconds: 200 },
            },
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const discovery: DiscoveryService = {
    getBaseUrl: async pluginId => `http://localhost:${port}/api/${pluginId}`,
    getExternalBaseUrl: async pluginId =>
      `http://localhost:${port}/api/${pluginId}`,
  };
  const waitForEntity = async (entityRef: string, timeoutMs = 20_000) => {
    const [kind, rest] = entityRef.split(':');
    const [namespace, name] = rest.split('/');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await request(backend.server)
        .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
        .set('Authorization', mockCredentials.service.header());
      if (res.status === 200) return res.body;
      if (Date.now() > deadline) {
        throw new Error(
          `${entityRef} is not in the catalog after ${timeoutMs} ms: ${res.status}`,
        );
      }
      await new Promise(r => setTimeout(r, 100));
    }
  };
  if (realCatalog) {
    // The policy read the catalog's users at startup, possibly before the catalog had processed
    // the file location: read them again once they are there.
    await Promise.all([
      ...PERSONAS.map(p => waitForEntity(ref(p))),
      waitForEntity('template:default/adp-new-service'),
      waitForEntity('group:programme/fcp'),
    ]);
    await scheduler.triggerTask('adp-policy-catalog-users-refresh');
  }
  const api = (persona: Persona) => {
    const as = mockCredentials.user.header(ref(persona));
    return {
      get: (path: string) =>
        request(backend.server)
          .get(`/api/adp${path}`)
          .set('Authorization', as)
          .then(r => r),
      post: (path: string, body: object = {}) =>
        request(backend.server)
          .post(`/api/adp${path}`)
          .set('Authorization', as)
          .send(body)
          .then(r => r),
      patch: (path: string, body: object) =>
        request(backend.server)
          .patch(`/api/adp${path}`)
          .set('Authorization', as)
          .send(body)
          .then(r => r),
    };
  };
  const list = async (path: string) => {
    const res = await api('paul').get(`${path}?limit=200`);
    if (res.status !== 200)
      throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.items as Array<{ id: string; name: string }>;
  };
  const byName = (items: Array<{ id: string; name: string }>, name: string) =>
    items.find(i => i.name === name)!.id;
  const [albs, programmes, projects] = [
    await list('/albs'),
    await list('/programmes'),
    await list('/projects'),
  ];
  const flood = projects.find(p => p.name.startsWith('frm-'))!.id;
  const ids = {
    rpa: byName(albs, 'rpa'),
    fcp: byName(programmes, 'fcp'),
    frm: byName(programmes, 'frm'),
    acd: byName(projects, 'fcp-acd'),
    flood,
  };
  if (!realCatalog) {
    catalog = catalogServiceMock({
      entities: [
        ...CATALOG,
        adpGroup('alb', 'rpa', 'arms-length-body', {
          'adp.io/alb-id': ids.rpa,
        }),
        adpGroup('programme', 'fcp', 'delivery-programme', {
          'adp.io/programme-id': ids.fcp,
        }),
        adpGroup('default', 'fcp-acd', 'delivery-project', {
          'adp.io/project-id': ids.acd,
        }),
      ],
    });
  }
  const actions = new Map(
    createAdpActions({
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      discovery,
      github: readGithubTarget(new ConfigReader(fakeConfig)),
      pollIntervalMs: 50,
    }).map(a => [a.id, a]),
  );
  return {
    server: backend.server,
    fakes,
    scheduler,
    discovery,
    ids,
    api,
    actions,
    waitForEntity,
    async stop() {
      await backend.stop();
      await fakes.stop();
      if (catalogDir) fs.rmSync(catalogDir, { recursive: true, force: true });
    },
  };
}

/** A mock action context run by a persona; checkpoints persist in `checkpoints` like a task's state. */
export function contextFor<I extends JsonObject>(
  persona: Persona,
  input: I,
  options: { dryRun?: boolean; checkpoints?: Map<string, unknown> } = {},
): ActionContext<I, any> & { outputs: Record<string, unknown> } {
  const outputs: Record<string, unknown> = {};
  const base = createMockActionContext<I>({ input });
  const checkpoints = options.checkpoints;
  return {
    ...base,
    isDryRun: options.dryRun ?? false,
    getInitiatorCredentials: async (): Promise<BackstageCredentials> =>
      mockCredentials.user(ref(persona)),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    async checkpoint(opts: { key: string; fn: () => any }) {
      if (checkpoints?.has(opts.key)) return checkpoints.get(opts.key);
      const value = await opts.fn();
      checkpoints?.set(opts.key, value);
      return value;
    },
    outputs,
  } as ActionContext<I, any> & { outputs: Record<string, unknown> };
}
