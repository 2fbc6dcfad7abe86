import { Knex } from 'knex';
import { createBackendPlugin, coreServices } from '@backstage/backend-plugin-api';
import { TestDatabases, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory, eventsServiceRef } from '@backstage/plugin-events-node';
import eventsPlugin from '@backstage/plugin-events-backend';
import path from 'node:path';
import { BackendFeature } from '@backstage/backend-plugin-api';

/**
 * The GitHub events module's two modules (signature check, sub-topic router), its own code:
 * its package entry loads them with dynamic import(), which Jest's CommonJS runtime refuses.
 */
function githubEventsModules(): BackendFeature[] {
  const dist = path.dirname(require.resolve('@backstage/plugin-events-backend-module-github'));
  return ['eventsModuleGithubWebhook', 'eventsModuleGithubEventRouter'].map(name => require(path.join(dist, 'service', `${name}.cjs.js`)).default);
}
import { createProvisioning, Provisioning } from '../index';
import { ProvisioningFakes, fakeTokenCredential, startProvisioningFakes } from '../fakes';
import { DeliveryFixture, migrate } from '../__testUtils__/fixture';
import { recordingAuditor } from '../__testUtils__/engineHarness';

jest.setTimeout(120_000);

const CONTRIBUTORS = 'ADP-fcp-fcp-acd-Contributors';
const OTHER = 'ADP-fcp-fcp-bcd-Contributors';
const SECRET = 'webhook-secret';

/** Waits for the thing itself: the receiver works asynchronously after answering GitHub. */
async function until(check: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('GitHub organisation webhooks through the events backend', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let db: Knex;
  let fakes: ProvisioningFakes;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let provisioning: Provisioning;

  beforeEach(async () => {
    db = await databases.init('SQLITE_3');
    await migrate(db);
    fakes = await startProvisioningFakes();
    fakes.graph.addUser('tess@defra.gov.uk');
    fakes.github.addRepo('fcp-acd-frontend');
    fakes.github.addRepo('fcp-bcd-api');
    const f = new DeliveryFixture(db);
    await f.profile('user:default/tess', { email: 'tess@defra.gov.uk', github: 'tess-gh' });
    const programme = await f.programme(await f.alb(), 'fcp', 'FCP');
    const a = await f.project(programme, 'fcp-acd');
    const b = await f.project(programme, 'fcp-bcd');
    await f.member(a, 'user:default/tess', { technical: true });
    await f.member(b, 'user:default/tess', { technical: true });

    const config = {
      ...fakes.config,
      adp: { ...fakes.config.adp, environments: ['dev', 'prd'] },
      // No event bus polling between instances: one backend, and stop() need not wait for a poll.
      events: { useEventBus: 'never', modules: { github: { webhookSecret: SECRET } } },
    };
    delete config.adp.provisioning.azureDevOps;
    delete config.adp.provisioning.sonarcloud;
    const adp = createBackendPlugin({
      pluginId: 'adptest',
      register(env) {
        env.registerInit({
          deps: { events: eventsServiceRef, config: coreServices.rootConfig, logger: coreServices.logger },
          async init(deps) {
            provisioning = createProvisioning({
              config: deps.config,
              logger: deps.logger,
              database: db,
              scheduler: mockServices.scheduler(),
              permissions: mockServices.permissions(),
              httpAuth: mockServices.httpAuth(),
              auditor: recordingAuditor(),
              overrides: { entraCredential: fakeTokenCredential },
              events: deps.events,
            });
            await provisioning.start();
          },
        });
      },
    });
    backend = await startTestBackend({
      features: [
        // The real events service (the test backend's default is a mock per plugin): one bus.
        eventsServiceFactory,
        eventsPlugin,
        ...githubEventsModules(),
        adp,
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    fakes.github.webhooks.url = `http://127.0.0.1:${backend.server.port()}/api/events/http/github`;
    fakes.github.webhooks.secret = SECRET;
    await provisioning.engine.drain();
  });

  afterEach(async () => {
    await backend.stop();
    await fakes.stop();
    await db.destroy();
  });

  it("repairs a member removed by hand at once, reconciling that team's project only, in GitHub only", async () => {
    fakes.github.resetCalls();
    fakes.graph.resetCalls();
    await fakes.github.byHand.removeMember(CONTRIBUTORS, 'tess-gh');
    expect(fakes.github.webhooks.deliveries.at(-1)!.status).toBe(202);
    await until(() => fakes.github.membersOf(CONTRIBUTORS).includes('tess-gh'));
    // The other project's team was not read, and Entra was not asked.
    const other = fakes.github.team(OTHER)!.slug;
    expect(fakes.github.calls.some(c => c.path.includes(`/teams/${other}`))).toBe(false);
    expect(fakes.graph.calls).toEqual([]);
  });

  it('revokes a repository granted by hand, and grants a new project repository at once', async () => {
    await fakes.github.byHand.grantRepository(CONTRIBUTORS, 'fcp-bcd-api', 'admin');
    await until(() => !fakes.github.team(CONTRIBUTORS)!.repos.has('fcp-bcd-api'));

    await fakes.github.byHand.createRepository('fcp-acd-worker');
    await until(() => fakes.github.team(CONTRIBUTORS)!.repos.get('fcp-acd-worker') === 'write');
    expect(fakes.github.team(OTHER)!.repos.has('fcp-acd-worker')).toBe(false);
  });

  it('refuses an event whose signature does not match the secret, and reconciles nothing', async () => {
    fakes.github.webhooks.secret = 'not-the-secret';
    fakes.github.resetCalls();
    await fakes.github.byHand.removeMember(CONTRIBUTORS, 'tess-gh');
    expect(fakes.github.webhooks.deliveries.at(-1)!.status).toBe(403);
    // Nothing listens: the next full pass repairs it instead.
    expect(fakes.github.calls).toEqual([]);
    expect(fakes.github.membersOf(CONTRIBUTORS)).toEqual([]);
    await provisioning.engine.fullPass({ systems: ['github'] });
    expect(fakes.github.membersOf(CONTRIBUTORS)).toEqual(['tess-gh']);
  });
});
