import { AdpClient, ROLE_DEFINITIONS } from '@adp-portal/plugin-adp-common';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import request from 'supertest';
import adpPlugin from '../index';
import { ROUTES } from '../schema/openapi';

jest.setTimeout(60_000);

const asked: Array<{ permission: string; resourceRef?: string }> = [];
let decide: (permission: string) => AuthorizeResult | 'conditional-fcp' = () => AuthorizeResult.ALLOW;

async function start() {
  asked.length = 0;
  decide = () => AuthorizeResult.ALLOW;
  let programmeIdForCondition = '';
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => {
        asked.push({ permission: r.permission.name, resourceRef: (r as any).resourceRef });
        const d = decide(r.permission.name);
        return { result: d === 'conditional-fcp' ? AuthorizeResult.DENY : d };
      }) as any,
    authorizeConditional: async requests =>
      requests.map(r => {
        asked.push({ permission: r.permission.name });
        const d = decide(r.permission.name);
        return d === 'conditional-fcp'
          ? { result: AuthorizeResult.CONDITIONAL, pluginId: 'adp', resourceType: 'adp-project', conditions: { rule: 'IS_IN_PROGRAMME', resourceType: 'adp-project', params: { programmeIds: [programmeIdForCondition] } } }
          : { result: d };
      }) as any,
  });
  const { server } = await startTestBackend({
    features: [
      adpPlugin,
      permissions.factory,
      eventsServiceFactory,
      catalogServiceMock.factory({
        entities: [{ apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name: 'nora', namespace: 'default' }, spec: { profile: { displayName: 'Nora NonTech', email: 'nora@adp-demo.example' } } }],
      }),
      mockServices.rootConfig.factory({ data: { adp: { demoData: true, platformRoles: { adpAdminGroups: ['group:default/adp-platform-engineers'] } } } }),
    ],
  });
  const projects = await request(server).get('/api/adp/projects?search=annual');
  const acd = projects.body.items[0];
  programmeIdForCondition = acd.programmeId;
  return { server, acd };
}

describe('adp routes', () => {
  it('serves health, the demo data and field-path errors', async () => {
    const { server, acd } = await start();
    expect((await request(server).get('/api/adp/health')).body).toEqual({ status: 'ok' });
    expect(acd).toMatchObject({ name: 'fcp-acd', alias: 'ffc-acd', title: 'Annual Compliance Data' });
    const members = await request(server).get(`/api/adp/projects/${acd.id}/members`);
    expect(members.body.map((m: any) => m.user.displayName).sort()).toEqual(['Dee Delivery', 'Nora NonTech', 'Tess Technical']);

    const bad = await request(server).post('/api/adp/programmes').send({ albId: 'x', title: 'T', code: '12', description: 'd' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ name: 'InputError', message: 'code: Programme code must be 3 or 4 letters', details: [{ path: 'code' }] });

    const dup = await request(server).post(`/api/adp/projects/${acd.id}/members`).send({ userRef: 'user:default/tess' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('Tess Technical is already on the team of Annual Compliance Data');
  });

  it('authorizes mutations on the stored record and never acts on another project', async () => {
    const { server, acd } = await start();
    const grants = (await request(server).get('/api/adp/projects?search=grants')).body.items[0];
    const grantsMember = await request(server).post(`/api/adp/projects/${grants.id}/members`).send({ userRef: 'user:default/nora' });
    expect(grantsMember.status).toBe(201);
    expect(grantsMember.body.user.displayName).toBe('Nora NonTech');
    expect(asked).toContainEqual({ permission: 'adp.projectMember.create', resourceRef: grants.id });

    asked.length = 0;
    const cross = await request(server).patch(`/api/adp/projects/${acd.id}/members/${grantsMember.body.id}`).send({ admin: true });
    expect(cross.status).toBe(404);
    expect(asked).toEqual([]);

    decide = p => (p === 'adp.projectMember.update' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW);
    const denied = await request(server).patch(`/api/adp/projects/${grants.id}/members/${grantsMember.body.id}`).send({ admin: true });
    expect(denied.status).toBe(403);
    expect(asked).toContainEqual({ permission: 'adp.projectMember.update', resourceRef: grantsMember.body.id });

    decide = () => AuthorizeResult.ALLOW;
    const created = await request(server).post('/api/adp/projects').send({ programmeId: acd.programmeId, title: 'New One', description: 'd' });
    expect(created.status).toBe(201);
    expect(asked).toContainEqual({ permission: 'adp.project.create', resourceRef: acd.programmeId });
    expect(created.body.name).toBe('fcp-new-one');
  });

  it('lists programmes with the number of their projects that are not archived', async () => {
    const { server, acd } = await start();
    const counts = async () =>
      Object.fromEntries(
        (await request(server).get('/api/adp/programmes')).body.items.map((p: any) => [p.code, p.projectCount]),
      );
    const before = await counts();
    expect(before.FCP).toBe(2);
    expect(Object.values(before).every(n => typeof n === 'number')).toBe(true);

    expect((await request(server).post(`/api/adp/projects/${acd.id}/archive`)).status).toBe(200);
    expect(await counts()).toEqual({ ...before, FCP: 1 });
    const created = await request(server).post('/api/adp/projects').send({ programmeId: acd.programmeId, title: 'Counted', description: 'd' });
    expect(created.status).toBe(201);
    expect(await counts()).toEqual({ ...before, FCP: 2 });
  });

  it('filters lists with conditional decisions in the database', async () => {
    const { server } = await start();
    decide = p => (p === 'adp.project.read' ? 'conditional-fcp' : AuthorizeResult.ALLOW);
    const list = await request(server).get('/api/adp/projects');
    expect(list.body.items.map((p: any) => p.name).sort()).toEqual(['fcp-acd', 'fcp-grants-application-service']);
    expect(list.body.totalCount).toBe(2);
  });

  it('keeps internal endpoints for services and /access/me for users', async () => {
    const { server } = await start();
    const asUser = await request(server).get('/api/adp/internal/role-index');
    expect(asUser.status).toBe(403);
    // Only the permission plugin, with its own credentials, reads the role index.
    // (Restricted external-access tokens: permission-backend-module-adp-policy's externalAccess.test.ts.)
    const asPlugin = (subject: string) =>
      mockCredentials.service.header({ onBehalfOf: mockCredentials.service(subject), targetPluginId: 'adp' });
    const refusedServices = [mockCredentials.service.header(), asPlugin('plugin:catalog'), asPlugin('plugin:scaffolder'), asPlugin('external:adp-automation')];
    for (const header of refusedServices) {
      const res = await request(server).get('/api/adp/internal/role-index').set('Authorization', header);
      expect({ header, status: res.status }).toEqual({ header, status: 403 });
    }
    const catalogSource = await request(server).get('/api/adp/internal/catalog-source').set('Authorization', asPlugin('plugin:catalog'));
    expect(catalogSource.status).toBe(200);
    const asService = await request(server).get('/api/adp/internal/role-index').set('Authorization', asPlugin('plugin:permission'));
    expect(asService.status).toBe(200);
    expect(asService.body.users.find((u: any) => u.userRef === 'user:default/tess').projectMemberships[0]).toMatchObject({ technical: true });
    const me = await request(server).get('/api/adp/access/me');
    expect(me.status).toBe(200);
    const csv = await request(server).get('/api/adp/access/matrix.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment/);
    expect(csv.text.split('\n')[0]).toContain(ROLE_DEFINITIONS['adp-admin'].title);
  });

  it('tells a signed-in user the catalog does not know that they hold no role, as the policy decides', async () => {
    const { server } = await start();
    const stranger = await request(server)
      .get('/api/adp/access/me')
      .set('Authorization', mockCredentials.user.header('user:development/guest'));
    expect(stranger.status).toBe(200);
    expect(stranger.body).toEqual({ userRef: 'user:development/guest', assignments: [] });
    const explained = await request(server)
      .get('/api/adp/access/explain?permission=adp.project.read')
      .set('Authorization', mockCredentials.user.header('user:development/guest'));
    expect(explained.body).toMatchObject({ allowed: false, grantedBy: [] });
    expect(explained.body.reason).toContain('holds no roles');
    // Nora is a catalog user: a Platform User on the whole platform, and on a team.
    const nora = await request(server)
      .get('/api/adp/access/me')
      .set('Authorization', mockCredentials.user.header('user:default/nora'));
    expect(nora.body.assignments.map((a: any) => a.role)).toEqual(['platform-user', 'delivery-team-member']);
  });

  it('documents every AdpClient route in the OpenAPI document', async () => {
    const { server } = await start();
    const doc = (await request(server).get('/api/adp/openapi.json')).body;
    const seen: string[] = [];
    const client = new AdpClient({
      discoveryApi: { getBaseUrl: async () => 'http://adp' },
      fetchApi: {
        fetch: (async (url: string, init: RequestInit) => {
          const path = new URL(url).pathname.replace(/^\/?/, '/');
          seen.push(`${(init.method ?? 'GET').toLowerCase()} ${path}`);
          return new Response('{}', { status: 200 });
        }) as any,
      },
    });
    const calls = Object.getOwnPropertyNames(AdpClient.prototype).filter(m => !['constructor', 'get', 'send', 'request', 'permissionMatrixCsvUrl'].includes(m));
    for (const m of calls) {
      const fn = (client as any)[m] as Function;
      const args = Array.from({ length: fn.length }, (_, i) => (i === 0 && m === 'getHistory' ? 'projects' : `p${i}`));
      await fn.apply(client, args.length ? args : []);
    }
    expect(seen.length).toBe(calls.length);
    const documented = new Set(ROUTES.map(r => `${r.method} ${r.path}`));
    for (const call of seen) {
      const [method, path] = call.split(' ');
      const template = path.replace(/\/p\d+/g, () => '/{x}');
      const match = [...documented].some(d => {
        const [dm, dp] = d.split(' ');
        return dm === method && dp.replace(/\{\w+\}/g, '{x}') === template;
      });
      expect({ call, match }).toEqual({ call, match: true });
      expect(doc.paths).toBeDefined();
    }
  });
});
