import { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { SchedulerService, SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { createProvisioning } from './index';
import { ProvisioningFakes, fakeTokenCredential, startProvisioningFakes } from './fakes';
import { DeliveryFixture, migrate } from './__testUtils__/fixture';
import { recordingAuditor } from './__testUtils__/engineHarness';

jest.setTimeout(60_000);

type Task = SchedulerServiceTaskScheduleDefinition & { id: string; fn: () => Promise<void> };

/** A scheduler that keeps the tasks, so the test runs each one itself. */
function recordingScheduler(tasks: Task[]): SchedulerService {
  return {
    ...mockServices.scheduler(),
    async scheduleTask(task: any) {
      tasks.push(task);
    },
  } as SchedulerService;
}

describe('provisioning schedules', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let db: Knex;
  let fakes: ProvisioningFakes;

  beforeEach(async () => {
    db = await databases.init('SQLITE_3');
    await migrate(db);
    fakes = await startProvisioningFakes();
    fakes.graph.addUser('tess@defra.gov.uk');
    fakes.azureDevOps.addUser('tess@defra.gov.uk');
    fakes.azureDevOps.addProject('FCP-ADO');
    fakes.sonarcloud.addMember('tess-gh@github');
    const f = new DeliveryFixture(db);
    await f.profile('user:default/tess', { email: 'tess@defra.gov.uk', github: 'tess-gh' });
    const project = await f.project(await f.programme(await f.alb(), 'fcp', 'FCP'), 'fcp-acd', { adoProject: 'FCP-ADO' });
    await f.member(project, 'user:default/tess', { technical: true });
  });

  afterEach(async () => {
    await fakes.stop();
    await db.destroy();
  });

  it('runs GitHub and Entra hourly, Azure DevOps and SonarCloud each on its own longer interval', async () => {
    const tasks: Task[] = [];
    const provisioning = createProvisioning({
      config: new ConfigReader({
        ...fakes.config,
        adp: {
          ...fakes.config.adp,
          environments: ['dev', 'prd'],
          provisioning: {
            ...fakes.config.adp.provisioning,
            azureDevOps: { ...fakes.config.adp.provisioning.azureDevOps, fullPassIntervalMinutes: 720 },
          },
        },
      }),
      logger: mockServices.rootLogger(),
      database: db,
      scheduler: recordingScheduler(tasks),
      permissions: mockServices.permissions(),
      httpAuth: mockServices.httpAuth(),
      auditor: recordingAuditor(),
      overrides: { entraCredential: fakeTokenCredential },
    });
    await provisioning.start();
    await provisioning.engine.drain();
    expect(tasks.map(t => [t.id, t.frequency])).toEqual([
      ['adp-provisioning-drain', { seconds: 5 }],
      ['adp-provisioning-full-pass', { minutes: 60 }],
      ['adp-provisioning-full-pass-azure-devops', { minutes: 720 }],
      ['adp-provisioning-full-pass-sonarcloud', { minutes: 360 }],
    ]);
    const run = async (id: string) => {
      for (const fake of fakes.all()) fake.resetCalls();
      await tasks.find(t => t.id === id)!.fn();
      return fakes.all().filter(fake => fake.calls.length).map(fake => fake.constructor.name);
    };
    expect(await run('adp-provisioning-full-pass')).toEqual(['FakeGithub', 'FakeGraph']);
    expect(await run('adp-provisioning-full-pass-azure-devops')).toEqual(['FakeAzureDevOps']);
    expect(await run('adp-provisioning-full-pass-sonarcloud')).toEqual(['FakeSonarCloud']);
    // The hourly pass again: GitHub answers unchanged reads with 304s, Graph's delta says nothing changed.
    await run('adp-provisioning-full-pass');
    expect(fakes.github.calls.filter(c => c.status !== 304)).toEqual([]);
    expect(fakes.graph.calls.map(c => c.endpoint)).toEqual(['GET /v1.0/groups/delta']);
  });
});
