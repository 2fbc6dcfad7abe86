import { Knex } from 'knex';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ProvisioningFakes, startProvisioningFakes } from '../fakes';
import { DeliveryFixture, migrate } from '../__testUtils__/fixture';
import { createTestProvisioning } from '../__testUtils__/engineHarness';
import { TargetLeases } from '../queue/TargetLeases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id =>
  databases.supports(id),
);

const TESS = 'user:default/tess';
const CONTRIBUTORS = 'ADP-fcp-fcp-acd-Contributors';

/** What the engine does while another instance holds a target's lease. */
describe.each(ids)('provisioning leases on %s', databaseId => {
  let db: Knex;
  let fakes: ProvisioningFakes;
  let f: DeliveryFixture;
  let projectId: string;
  let other: TargetLeases;

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
    fakes = await startProvisioningFakes();
    f = new DeliveryFixture(db);
    fakes.graph.addUser('tess@defra.gov.uk');
    fakes.azureDevOps.addUser('tess@defra.gov.uk');
    fakes.azureDevOps.addProject('FCP-ADO');
    await f.profile(TESS, {
      email: 'tess@defra.gov.uk',
      github: 'tess-technical',
    });
    const programmeId = await f.programme(await f.alb(), 'fcp', 'FCP');
    projectId = await f.project(programmeId, 'fcp-acd', {
      adoProject: 'FCP-ADO',
    });
    await f.member(projectId, TESS, { technical: true });
    other = new TargetLeases(db);
  });

  afterEach(async () => {
    await fakes.stop();
    await db.destroy();
  });

  const projectItems = () =>
    db('provisioning_outbox')
      .where('project_id', projectId)
      .whereNull('processed_at');

  it('leaves the items of a target another instance holds waiting, uncounted, and does them once it is free', async () => {
    const p = createTestProvisioning(db, fakes);
    const held = (await other.acquire(`project:${projectId}`))!;
    const first = await p.engine.drain();
    expect(first.completed).toEqual([]);
    // Every item touches the project (the programme's items reach its projects).
    const waiting = await db('provisioning_outbox').whereNull('processed_at');
    expect(waiting.length).toBeGreaterThan(0);
    for (const item of waiting) {
      expect(Number(item.attempts)).toBe(0);
      expect(item.last_error).toBe(
        `waiting for another instance reconciling project:${projectId}`,
      );
    }
    expect(fakes.github.team(CONTRIBUTORS)).toBeUndefined();

    await other.release(held);
    await db('provisioning_outbox').update({ next_attempt_at: null });
    const second = await p.engine.drain();
    expect(second.completed.map(String).sort()).toEqual(
      waiting.map(i => String(i.id)).sort(),
    );
    expect(fakes.github.membersOf(CONTRIBUTORS)).toEqual(['tess-technical']);
    expect(await db('provisioning_leases')).toEqual([]);
  });

  it('hands a target another instance holds during a full pass to the drain', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    await db('provisioning_outbox').update({
      processed_at: new Date().toISOString(),
    });
    const held = (await other.acquire(`project:${projectId}`))!;
    const pass = await p.engine.fullPass();
    expect(pass.failed).toBe(0);
    expect(await projectItems()).toEqual([
      expect.objectContaining({
        record_id: `project:${projectId}`,
        reason: 'full-pass-busy',
      }),
    ]);
    await other.release(held);
  });

  it('has an interactive reconcile wait for the other instance to finish', async () => {
    const p = createTestProvisioning(db, fakes);
    const held = (await other.acquire(`project:${projectId}`))!;
    let finished = false;
    const run = p.engine
      .reconcile({ kind: 'project', id: projectId }, { systems: ['github'] })
      .then(r => {
        finished = true;
        return r;
      });
    await new Promise(r => setTimeout(r, 600));
    expect(finished).toBe(false);
    expect(fakes.github.team(CONTRIBUTORS)).toBeUndefined();
    await other.release(held);
    expect((await run).ok).toBe(true);
    expect(fakes.github.membersOf(CONTRIBUTORS)).toEqual(['tess-technical']);
  });
});
