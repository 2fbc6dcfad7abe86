import request from 'supertest';
import { Knex } from 'knex';
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createProvisioning } from './index';
import { ProvisioningFakes, fakeTokenCredential, startProvisioningFakes } from './fakes';
import { DeliveryFixture, migrate } from './__testUtils__/fixture';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id => databases.supports(id));

describe.each(ids)('provisioning routes on %s', databaseId => {
  let db: Knex;
  let fakes: ProvisioningFakes;
  let projectId: string;
  let server: any;
  let engine: ReturnType<typeof createProvisioning>['engine'];
  const denied = new Set<string>();
  const asked: Array<{ permission: string; resourceRef?: string }> = [];

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
    fakes = await startProvisioningFakes();
    fakes.graph.addUser('tess@defra.gov.uk');
    const f = new DeliveryFixture(db);
    await f.profile('user:default/tess', { email: 'tess@defra.gov.uk', github: 'tess-technical' });
    const programmeId = await f.programme(await f.alb(), 'fcp', 'FCP');
    projectId = await f.project(programmeId, 'fcp-acd');
    await f.member(projectId, 'user:default/tess', { technical: true });
    denied.clear();
    asked.length = 0;

    // Only GitHub and Entra configured: the other two must read "not-configured".
    const config = JSON.parse(JSON.stringify(fakes.config));
    delete config.adp.provisioning.sonarcloud;
    delete config.adp.provisioning.azureDevOps;
    config.adp.environments = ['dev'];

    const permissions = mockServices.permissions.mock({
      authorize: async reqs =>
        reqs.map(r => {
          const resourceRef = 'resourceRef' in r ? (r.resourceRef as string) : undefined;
          asked.push({ permission: r.permission.name, ...(resourceRef ? { resourceRef } : {}) });
          return { result: denied.has(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
        }),
    });

    const plugin = createBackendPlugin({
      pluginId: 'adp',
      register(env) {
        env.registerInit({
          deps: {
            config: coreServices.rootConfig,
            logger: coreServices.logger,
            database: coreServices.database,
            scheduler: coreServices.scheduler,
            permissions: coreServices.permissions,
            httpAuth: coreServices.httpAuth,
            auditor: coreServices.auditor,
            httpRouter: coreServices.httpRouter,
          },
          async init(d) {
            const provisioning = createProvisioning({
              ...d,
              database: await d.database.getClient(),
              overrides: { entraCredential: fakeTokenCredential },
            });
            engine = provisioning.engine;
            d.httpRouter.use(provisioning.router);
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        plugin,
        mockServices.rootConfig.factory({ data: config }),
        mockServices.database.factory({ knex: db }),
        permissions.factory,
      ],
    });
    server = backend.server;
  });

  afterEach(async () => {
    await fakes.stop();
    await db.destroy();
  });

  const user = mockCredentials.user.header('user:default/dee');

  it('reports pending, then in-sync, and not-configured systems as such', async () => {
    let res = await request(server).get(`/api/adp/projects/${projectId}/provisioning`).set('Authorization', user);
    expect(res.status).toBe(200);
    expect(asked).toEqual([{ permission: 'adp.project.read', resourceRef: projectId }]);
    expect(res.body.systems.map((s: any) => [s.system, s.status])).toEqual([
      ['github', 'pending'],
      ['entra', 'pending'],
      ['azure-devops', 'not-configured'],
      ['sonarcloud', 'not-configured'],
    ]);
    await engine.drain();
    res = await request(server).get(`/api/adp/projects/${projectId}/provisioning`).set('Authorization', user);
    const github = res.body.systems.find((s: any) => s.system === 'github');
    expect(github).toEqual(expect.objectContaining({ status: 'in-sync', attempts: 0, lastSuccessAt: expect.any(String) }));
    expect(res.body.systems.find((s: any) => s.system === 'azure-devops')).toEqual({ system: 'azure-devops', status: 'not-configured' });
  });

  it('answers 404 for a missing project before asking for permission', async () => {
    const res = await request(server).get('/api/adp/projects/nope/provisioning').set('Authorization', user);
    expect(res.status).toBe(404);
    expect(asked).toEqual([]);
  });

  it('shows the plan with adp.provisioning.plan and changes nothing', async () => {
    const res = await request(server).get(`/api/adp/projects/${projectId}/provisioning/plan`).set('Authorization', user);
    expect(res.status).toBe(200);
    expect(asked).toEqual([{ permission: 'adp.provisioning.plan', resourceRef: projectId }]);
    const github = res.body.systems.find((s: any) => s.system === 'github');
    expect(github.changes).toContainEqual({ system: 'github', action: 'add-member', resource: 'ADP-fcp-fcp-acd-Contributors', subject: 'tess-technical' });
    expect(fakes.github.writes()).toEqual([]);
    denied.add('adp.provisioning.plan');
    expect((await request(server).get(`/api/adp/projects/${projectId}/provisioning/plan`).set('Authorization', user)).status).toBe(403);
  });

  it('retries with adp.provisioning.retry; a failure stays queued until it works', async () => {
    denied.add('adp.provisioning.retry');
    let res = await request(server).post(`/api/adp/projects/${projectId}/provisioning/retry`).set('Authorization', user).send({});
    expect(res.status).toBe(403);
    expect(fakes.github.calls).toEqual([]);
    denied.clear();

    res = await request(server).post(`/api/adp/projects/${projectId}/provisioning/retry`).set('Authorization', user).send({ system: 'jira' });
    expect(res.status).toBe(400);

    await engine.drain();
    fakes.github.goDown(500);
    res = await request(server).post(`/api/adp/projects/${projectId}/provisioning/retry`).set('Authorization', user).send({ system: 'github' });
    expect(res.status).toBe(200);
    expect(asked.at(-1)).toEqual({ permission: 'adp.provisioning.retry', resourceRef: projectId });
    const github = res.body.systems.find((s: any) => s.system === 'github');
    expect(github).toEqual(expect.objectContaining({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/500/) }));
    expect(await db('provisioning_outbox').whereNull('processed_at').where({ project_id: projectId, reason: 'retry' })).toHaveLength(1);

    fakes.github.recover();
    res = await request(server).post(`/api/adp/projects/${projectId}/provisioning/retry`).set('Authorization', user).send({});
    expect(res.body.systems.find((s: any) => s.system === 'github').status).toBe('pending'); // the queued item is still to drain
    await engine.drain();
    res = await request(server).get(`/api/adp/projects/${projectId}/provisioning`).set('Authorization', user);
    expect(res.body.systems.find((s: any) => s.system === 'github').status).toBe('in-sync');
  });

  it('runs a full pass with the basic adp.provisioning.run permission', async () => {
    const res = await request(server).post('/api/adp/provisioning/run').set('Authorization', user).send({});
    expect(res.status).toBe(200);
    expect(asked).toEqual([{ permission: 'adp.provisioning.run' }]);
    expect(res.body).toEqual(expect.objectContaining({ failed: 0, targets: 3 }));
    expect(fakes.github.membersOf('ADP-fcp-fcp-acd-Contributors')).toEqual(['tess-technical']);
    denied.add('adp.provisioning.run');
    expect((await request(server).post('/api/adp/provisioning/run').set('Authorization', user).send({})).status).toBe(403);
  });
});
