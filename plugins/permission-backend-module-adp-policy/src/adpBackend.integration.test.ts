import adpPlugin from '@adp-portal/plugin-adp-backend';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { AuthService, coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend, TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import policyModule from './index';
import { OWNERSHIP, Persona, PERSONAS, ref } from './__fixtures__/personas';

/*
 * The persona × endpoint authorization sweep: the real adp plugin (demo data), the real
 * permission backend and this policy. Every mutating endpoint of the /api/adp contract
 * is called as every demo persona; the expectation is written from docs/roles.md.
 */

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

type Ids = Record<'rpa' | 'fcp' | 'frm' | 'acd' | 'grants' | 'flood' | 'noraMember', string>;

interface Call {
  name: string;
  /** Personas allowed; the rest must get 403. `self` marks a persona excluded from the check. */
  allowed: Persona[];
  skip?: Persona[];
  send(r: ReturnType<typeof request>, ids: Ids): request.Test;
}

const CALLS: Call[] = [
  { name: 'POST /albs', allowed: ['ada'], send: r => r.post('/api/adp/albs').send({ title: 'Sweep ALB', description: 'x' }) },
  { name: 'PATCH /albs/:rpa', allowed: ['ada'], send: (r, i) => r.patch(`/api/adp/albs/${i.rpa}`).send({ description: 'changed' }) },
  { name: 'POST /programmes', allowed: ['ada'], send: (r, i) => r.post('/api/adp/programmes').send({ albId: i.rpa, title: 'Sweep Programme', code: 'SWP', description: 'x' }) },
  { name: 'PATCH /programmes/:fcp', allowed: ['ada', 'pat'], send: (r, i) => r.patch(`/api/adp/programmes/${i.fcp}`).send({ description: 'changed' }) },
  { name: 'PATCH /programmes/:frm', allowed: ['ada'], send: (r, i) => r.patch(`/api/adp/programmes/${i.frm}`).send({ description: 'changed' }) },
  { name: 'POST /programmes/:fcp/admins', allowed: ['ada', 'pat'], skip: ['paul'], send: (r, i) => r.post(`/api/adp/programmes/${i.fcp}/admins`).send({ userRef: ref('paul') }) },
  { name: 'POST /programmes/:frm/admins', allowed: ['ada'], skip: ['paul'], send: (r, i) => r.post(`/api/adp/programmes/${i.frm}/admins`).send({ userRef: ref('paul') }) },
  { name: 'POST /projects in fcp', allowed: ['ada', 'pat'], send: (r, i) => r.post('/api/adp/projects').send({ programmeId: i.fcp, title: 'Sweep Project', description: 'x' }) },
  { name: 'POST /projects in frm', allowed: ['ada'], send: (r, i) => r.post('/api/adp/projects').send({ programmeId: i.frm, title: 'Sweep Flood Project', description: 'x' }) },
  { name: 'PATCH /projects/:acd', allowed: ['ada', 'pat', 'dee'], send: (r, i) => r.patch(`/api/adp/projects/${i.acd}`).send({ description: 'changed' }) },
  { name: 'PATCH /projects/:flood', allowed: ['ada'], send: (r, i) => r.patch(`/api/adp/projects/${i.flood}`).send({ description: 'changed' }) },
  { name: 'POST /projects/:acd/members', allowed: ['ada', 'pat', 'dee'], skip: ['paul'], send: (r, i) => r.post(`/api/adp/projects/${i.acd}/members`).send({ userRef: ref('paul') }) },
  { name: 'POST /projects/:flood/members', allowed: ['ada'], skip: ['paul'], send: (r, i) => r.post(`/api/adp/projects/${i.flood}/members`).send({ userRef: ref('paul') }) },
  { name: 'PATCH /projects/:acd/members/:nora', allowed: ['ada', 'pat', 'dee'], send: (r, i) => r.patch(`/api/adp/projects/${i.acd}/members/${i.noraMember}`).send({ admin: false }) },
  { name: 'DELETE /projects/:acd/members/:nora', allowed: ['ada', 'pat', 'dee'], send: (r, i) => r.delete(`/api/adp/projects/${i.acd}/members/${i.noraMember}`) },
  { name: 'POST /platform-roles', allowed: ['ada'], send: r => r.post('/api/adp/platform-roles').send({ userRef: ref('paul'), role: 'ccoe-engineer' }) },
  { name: 'POST /service-accounts', allowed: ['ada'], send: r => r.post('/api/adp/service-accounts').send({ name: 'sweep-bot', description: 'x', subject: 'external:sweep-bot' }) },
  { name: 'PATCH /profiles/:paul', allowed: ['ada'], skip: ['paul'], send: r => r.patch(`/api/adp/profiles/${encodeURIComponent(ref('paul'))}`).send({ apprentice: true }) },
  { name: 'POST /projects/:grants/archive', allowed: ['ada', 'pat'], send: (r, i) => r.post(`/api/adp/projects/${i.grants}/archive`).send({}) },
  { name: 'POST /programmes/:frm/archive', allowed: ['ada'], send: (r, i) => r.post(`/api/adp/programmes/${i.frm}/archive`).send({}) },
];

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function startPortal(databaseId: TestDatabaseId) {
  const events = mockServices.events();
  const knex = await databases.init(databaseId);
  return startTestBackend({
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
          adp: {
            demoData: true,
            platformRoles: {
              adpAdminGroups: ['group:default/adp-platform-engineers'],
              ccoeEngineerGroups: ['group:default/ccoe-engineers'],
            },
          },
        },
      }),
    ],
  });
}

async function lookUpIds(server: Parameters<typeof request>[0]): Promise<Ids> {
  const as = mockCredentials.user.header(ref('paul'));
  const get = async (path: string) => {
    const res = await request(server).get(path).set('Authorization', as);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body;
  };
  const albs = (await get('/api/adp/albs?limit=100')).items;
  const programmes = (await get('/api/adp/programmes?limit=100')).items;
  const projects = (await get('/api/adp/projects?limit=100')).items;
  const byTitle = (list: any[], title: string) => list.find(x => x.title === title)!.id;
  const ids = {
    rpa: albs.find((a: any) => a.name === 'rpa').id,
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

describe.each(databases.eachSupportedId())('persona × endpoint authorization over the real adp plugin on %s', databaseId => {
  it.each(PERSONAS)('%s may call exactly the endpoints their roles grant', async persona => {
    const backend = await startPortal(databaseId);
    const ids = await lookUpIds(backend.server);
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const call of CALLS) {
      if (call.skip?.includes(persona)) continue;
      if (process.env.SWEEP_DEBUG) console.log(persona, call.name);
      const res = await call.send(request(backend.server), ids).set('Authorization', mockCredentials.user.header(ref(persona)));
      const status = res.status >= 200 && res.status < 300 ? 'allowed' : res.status === 403 ? 'forbidden' : `${res.status} ${JSON.stringify(res.body?.error?.message)}`;
      outcomes.push(`${call.name}: ${status}`);
      expected.push(`${call.name}: ${call.allowed.includes(persona) ? 'allowed' : 'forbidden'}`);
    }
    expect(outcomes).toEqual(expected);
    await backend.stop();
  });

  it('explains each persona’s access the way the policy decides it', async () => {
    const backend = await startPortal(databaseId);
    const ids = await lookUpIds(backend.server);
    const checks: Array<[Persona, string, string, boolean]> = [
      ['dee', 'adp.project.update', ids.acd, true],
      ['dee', 'adp.project.update', ids.flood, false],
      ['pat', 'adp.project.create', ids.fcp, true],
      ['pat', 'adp.project.create', ids.frm, false],
      ['tess', 'adp.project.createService', ids.acd, true],
      ['nora', 'adp.project.createService', ids.acd, false],
      ['cara', 'adp.access.explainOthers', '', true],
      ['paul', 'adp.alb.create', '', false],
      ['ada', 'adp.programme.archive', ids.frm, true],
    ];
    const answers = [];
    for (const [persona, permission, resourceRef] of checks) {
      const res = await request(backend.server)
        .get('/api/adp/access/explain')
        .query({ permission, userRef: ref(persona), ...(resourceRef ? { resourceRef } : {}) })
        .set('Authorization', mockCredentials.user.header(ref('cara')));
      answers.push([persona, permission, resourceRef, res.body.allowed]);
    }
    expect(answers).toEqual(checks);
    await backend.stop();
  });
});
