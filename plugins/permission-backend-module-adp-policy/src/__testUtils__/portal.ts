import adpPlugin from '@adp-portal/plugin-adp-backend';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { AuthService, coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend, TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import policyModule from '../index';
import { OWNERSHIP, Persona, PERSONAS, ref } from './personas';

/*
 * The real portal for the end-to-end suites of this package: the adp plugin with its demo
 * data, the real permission backend and this policy, the demo personas in the catalog.
 * Shared by the authorization sweep, the fuzz suite and the concurrency suite.
 */

export type Knex = Awaited<ReturnType<TestDatabases['init']>>;
export type Server = Parameters<typeof request>[0];

/** The platform role groups of the test config (as app-config.demo.yaml). */
export const PLATFORM_ROLE_GROUPS = {
  adpAdminGroups: ['group:default/adp-platform-engineers'],
  ccoeEngineerGroups: ['group:default/ccoe-engineers'],
};

/**
 * The mock auth service loses the calling plugin when a plugin asks the permission
 * backend on a user's behalf, so the permission backend would treat it as a direct
 * user request. Real auth keeps it as the actor; so does this thin wrapper.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      async authenticate(token, options) {
        const credentials = await inner.authenticate(token, options);
        const prefix = 'mock-service-token:';
        if (token.startsWith(prefix) && inner.isPrincipal(credentials, 'user')) {
          return mockCredentials.user(credentials.principal.userEntityRef, { actor: { subject: 'plugin:caller' } });
        }
        return credentials;
      },
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      isPrincipal: ((c: any, t: any) => inner.isPrincipal(c, t)) as AuthService['isPrincipal'],
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
      const userEntityRef = (credentials.principal as { userEntityRef: string }).userEntityRef;
      const persona = userEntityRef.replace('user:default/', '') as Persona;
      return { userEntityRef, ownershipEntityRefs: OWNERSHIP[persona] ?? [userEntityRef] };
    },
  }),
});

const entity = (kind: string, name: string, spec: object = {}, memberOf: string[] = []) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
  // As catalog processing leaves them: the explain API reads group membership from relations.
  relations: memberOf.map(targetRef => ({ type: 'memberOf', targetRef })),
});

const CATALOG = [
  ...PERSONAS.map(p => entity('User', p, { profile: { displayName: p }, memberOf: [] }, OWNERSHIP[p].filter(r => r.startsWith('group:')))),
  entity('Group', 'adp-platform-engineers', { type: 'team', children: [], members: ['ada'] }),
  entity('Group', 'ccoe-engineers', { type: 'team', children: [], members: ['cara'] }),
];

export interface Portal {
  server: Server;
  /** The adp plugin's database (the same connection the plugin was given). */
  knex: Knex;
  stop(): Promise<void>;
}

/** Starts the adp plugin (demo data), the permission backend and the ADP policy on a fresh database. */
export async function startPortal(databases: TestDatabases, databaseId: TestDatabaseId): Promise<Portal> {
  const events = mockServices.events();
  const knex = await databases.init(databaseId);
  const backend = await startTestBackend({
    features: [
      mockServices.database.factory({ knex }),
      adpPlugin,
      permissionPlugin,
      policyModule,
      authWithActors,
      httpAuthServiceFactory,
      userInfoFactory,
      createServiceFactory({ service: eventsServiceRef, deps: {}, factory: () => events }),
      catalogServiceMock.factory({ entities: CATALOG }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          adp: { demoData: true, platformRoles: PLATFORM_ROLE_GROUPS },
        },
      }),
    ],
  });
  return { server: backend.server, knex, stop: () => backend.stop() };
}

/** The Authorization header of a persona (or any user ref). */
export const as = (persona: Persona | string) =>
  mockCredentials.user.header((PERSONAS as readonly string[]).includes(persona) ? ref(persona) : persona);

export type Ids = Record<'rpa' | 'ea' | 'fcp' | 'frm' | 'acd' | 'grants' | 'flood' | 'noraMember', string>;

/** Ids of the demo records, read over the API as a platform user. */
export async function lookUpIds(server: Server): Promise<Ids> {
  const get = async (path: string) => {
    const res = await request(server).get(path).set('Authorization', as('paul'));
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body;
  };
  const albs = (await get('/api/adp/albs?limit=100')).items;
  const programmes = (await get('/api/adp/programmes?limit=100')).items;
  const projects = (await get('/api/adp/projects?limit=100')).items;
  const byTitle = (list: any[], title: string) => list.find(x => x.title === title)!.id;
  const ids = {
    rpa: albs.find((a: any) => a.name === 'rpa').id,
    ea: albs.find((a: any) => a.name === 'ea').id,
    fcp: programmes.find((p: any) => p.name === 'fcp').id,
    frm: programmes.find((p: any) => p.name === 'frm').id,
    acd: byTitle(projects, 'Annual Compliance Data'),
    grants: byTitle(projects, 'Grants Application Service'),
    flood: byTitle(projects, 'Flood Warning Service'),
    noraMember: '',
  };
  const members = await get(`/api/adp/projects/${ids.acd}/members`);
  ids.noraMember = members.find((m: any) => m.userRef === ref('nora')).id;
  return ids;
}
