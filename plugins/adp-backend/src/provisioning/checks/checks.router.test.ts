import request from 'supertest';
import { Knex } from 'knex';
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases, mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createProvisioning } from '../index';
import { ProvisioningFakes, startProvisioningFakes } from '../fakes';
import { DeliveryFixture, migrate } from '../__testUtils__/fixture';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id => databases.supports(id));

/** An app-only Graph token carrying these application permissions in its `roles` claim. */
const graphToken = (roles: string[]) => `e30.${Buffer.from(JSON.stringify({ roles })).toString('base64url')}.sig`;

describe.each(ids)('GET /projects/:id/provisioning/checks on %s', databaseId => {
  let db: Knex;
  let fakes: ProvisioningFakes;
  let projectId: string;
  let server: any;
  let denied: boolean;
  const asked: Array<{ permission: string; resourceRef?: string }> = [];
  const user = mockCredentials.user.header('user:default/dee');

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
    // The GitHub integration is a GitHub App installed on the organisation.
    fakes = await startProvisioningFakes({ githubApp: true });
    const f = new DeliveryFixture(db);
    projectId = await f.project(await f.programme(await f.alb(), 'fcp', 'FCP'), 'fcp-acd');
    fakes.azureDevOps.addProject('FCP');
    denied = false;
    asked.length = 0;
    const config = JSON.parse(JSON.stringify(fakes.config));
    config.adp.environments = ['dev'];
    config.adp.provisioning.enabled = false;
    const permissions = mockServices.permissions.mock({
      authorize: async reqs =>
        reqs.map(r => {
          asked.push({ permission: r.permission.name, ...('resourceRef' in r ? { resourceRef: r.resourceRef as string } : {}) });
          return { result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
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
              overrides: {
                entraCredential: {
                  getToken: async () => ({ token: graphToken(['GroupMember.ReadWrite.All', 'User.ReadBasic.All']), expiresOnTimestamp: Date.now() + 3_600_000 }),
                },
              },
            });
            d.httpRouter.use(provisioning.router);
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [plugin, mockServices.rootConfig.factory({ data: config }), mockServices.database.factory({ knex: db }), permissions.factory],
    });
    server = backend.server;
  });

  afterEach(async () => {
    await fakes.stop();
    await db.destroy();
  });

  const checks = () => request(server).get(`/api/adp/projects/${projectId}/provisioning/checks`).set('Authorization', user);

  it("names what each credential lacks: the GitHub App installation's permissions, the Graph token's roles", async () => {
    // The organisation granted the app Members read only, and no Actions.
    fakes.github.app!.permissions = { members: 'read', administration: 'write', metadata: 'read' };
    const res = await checks();
    expect(res.status).toBe(200);
    expect(asked).toEqual([{ permission: 'adp.project.read', resourceRef: projectId }]);
    const bySystem = Object.fromEntries(res.body.checks.map((c: any) => [c.system, c]));
    expect(Object.keys(bySystem)).toEqual(['github', 'entra', 'azure-devops', 'sonarcloud']);
    expect(bySystem.github).toEqual({
      system: 'github',
      status: 'missing',
      missing: [`GitHub: the GitHub App ${fakes.github.app!.appId} lacks Organization › Members (read and write) on defra (has read)`],
      notes: [],
      checkedAt: expect.any(String),
    });
    expect(bySystem.entra.status).toBe('missing');
    expect(bySystem.entra.missing).toEqual([
      'Entra ID: the app registration lacks the Microsoft Graph application permission Group.Create (admin consent)',
    ]);
    expect(bySystem['azure-devops'].status).toBe('ok');
    expect(bySystem.sonarcloud).toEqual(expect.objectContaining({ status: 'ok', missing: [] }));
    // The app's JWT, not an installation token, read the installation.
    expect(fakes.github.calls.filter(c => c.endpoint === 'GET /orgs/:org/installation').map(c => c.status)).toEqual([200]);
  });

  it('serves the last result for a while, so a page load does not call every vendor', async () => {
    expect((await checks()).status).toBe(200);
    const calls = fakes.github.calls.length;
    fakes.github.app!.permissions = {};
    const again = await checks();
    expect(again.body.checks.find((c: any) => c.system === 'github').status).toBe('ok');
    expect(fakes.github.calls.length).toBe(calls);
  });

  it('says a check is unknown, not ok, when the vendor cannot be reached', async () => {
    fakes.sonarcloud.goDown();
    fakes.github.goDown();
    const res = await checks();
    const github = res.body.checks.find((c: any) => c.system === 'github');
    expect(github.status).toBe('unknown');
    expect(github.notes[0]).toMatch(/^GitHub: the credential could not be checked: /);
    expect(res.body.checks.find((c: any) => c.system === 'sonarcloud')).toEqual(expect.objectContaining({ status: 'unknown', missing: [] }));
  });

  it('refuses without read permission on the project, and answers 404 for a missing project first', async () => {
    denied = true;
    expect((await checks()).status).toBe(403);
    expect(fakes.github.calls).toEqual([]);
    asked.length = 0;
    expect((await request(server).get('/api/adp/projects/nope/provisioning/checks').set('Authorization', user)).status).toBe(404);
    expect(asked).toEqual([]);
  });
});
