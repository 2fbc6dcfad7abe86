import { Knex } from 'knex';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ProvisioningFakes, startProvisioningFakes } from '../fakes';
import { DeliveryFixture, migrate } from '../__testUtils__/fixture';
import { createTestProvisioning } from '../__testUtils__/engineHarness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id => databases.supports(id));

const TESS = 'user:default/tess';
const NORA = 'user:default/nora';
const TECH_A = 'AAG-Users-ADP-fcp-fcp-acd_TechUser';
const NONTECH_B = 'AAG-Users-ADP-fcp-fcp-bcd_NonTechUser';

describe.each(ids)('Entra drift through Graph delta (changedPass) on %s', databaseId => {
  let db: Knex;
  let fakes: ProvisioningFakes;

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
    fakes = await startProvisioningFakes();
    const f = new DeliveryFixture(db);
    for (const name of ['tess', 'nora', 'mallory']) fakes.graph.addUser(`${name}@defra.gov.uk`);
    await f.profile(TESS, { email: 'tess@defra.gov.uk' });
    await f.profile(NORA, { email: 'nora@defra.gov.uk' });
    const programme = await f.programme(await f.alb(), 'fcp', 'FCP');
    const a = await f.project(programme, 'fcp-acd');
    const b = await f.project(programme, 'fcp-bcd');
    await f.member(a, TESS, { technical: true });
    await f.member(b, NORA);
  });

  afterEach(async () => {
    await fakes.stop();
    await db.destroy();
  });

  const graphReads = () => fakes.graph.calls.map(c => c.endpoint);

  it('reads every group once, then only what changed; hand-made drift is repaired in the changed target alone', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();

    // First round: Graph cannot say what changed yet, so every target is looked at.
    const first = await p.engine.changedPass('entra');
    expect(first).toEqual({ all: true, targets: 4, failed: 0, changes: 0 });
    expect(await db('provisioning_delta_links').where({ system: 'entra' })).toHaveLength(1);

    // Nothing changed: the delta link's one page and no group read.
    fakes.graph.resetCalls();
    expect(await p.engine.changedPass('entra')).toEqual({ all: false, targets: 0, failed: 0, changes: 0 });
    expect(graphReads()).toEqual(['GET /v1.0/groups/delta']);

    // Someone adds a member by hand to one project's group.
    const mallory = fakes.graph.users.find(u => u.mail === 'mallory@defra.gov.uk')!.id;
    fakes.graph.groupByName(TECH_A)!.members.add(mallory);
    fakes.graph.resetCalls();
    const repair = await p.engine.changedPass('entra');
    expect(repair).toEqual({ all: false, targets: 1, failed: 0, changes: 1 });
    expect(fakes.graph.memberEmails(TECH_A)).toEqual(['tess@defra.gov.uk']);
    expect(fakes.graph.writes().map(c => c.endpoint)).toEqual(['DELETE /v1.0/groups/:id/members/:member/$ref']);
    // The other project's groups were not read.
    const b = fakes.graph.groupByName(NONTECH_B)!;
    expect(fakes.graph.calls.some(c => c.path.includes(b.id))).toBe(false);

    // The repair itself is a change Graph reports next round: one look, nothing to do.
    fakes.graph.resetCalls();
    expect(await p.engine.changedPass('entra')).toEqual({ all: false, targets: 1, failed: 0, changes: 0 });
    expect(await p.engine.changedPass('entra')).toEqual({ all: false, targets: 0, failed: 0, changes: 0 });
  });

  it('a group deleted by hand is recreated; another instance continues from the stored link', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    await p.engine.changedPass('entra');

    const deleted = fakes.graph.groupByName(NONTECH_B)!;
    fakes.graph.groups.delete(deleted.id);
    // A second instance: it has never seen the group, so it looks its id up (404) and looks at every target.
    const other = createTestProvisioning(db, fakes);
    const r = await other.engine.changedPass('entra');
    expect(r.all).toBe(true);
    expect(r.changes).toBeGreaterThanOrEqual(2); // create-group and add-member
    expect(fakes.graph.memberEmails(NONTECH_B)).toEqual(['nora@defra.gov.uk']);
    expect(await p.engine.changedPass('entra')).toEqual({ all: false, targets: 1, failed: 0, changes: 0 });
  });

  it('starts over when Graph no longer knows the delta link (410 syncStateNotFound)', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    await p.engine.changedPass('entra');
    fakes.graph.delta.expireTokens();
    fakes.graph.groupByName(TECH_A)!.members.clear();
    fakes.graph.resetCalls();
    const r = await p.engine.changedPass('entra');
    expect(r).toEqual({ all: true, targets: 4, failed: 0, changes: 1 });
    expect(fakes.graph.calls.filter(c => c.endpoint === 'GET /v1.0/groups/delta').map(c => c.status)).toEqual([410, 200]);
    expect(fakes.graph.memberEmails(TECH_A)).toEqual(['tess@defra.gov.uk']);
  });

  it('pages the first round with @odata.nextLink and ends with @odata.deltaLink', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    fakes.graph.delta.pageSize = 3;
    fakes.graph.resetCalls();
    await p.engine.changedPass('entra');
    const pages = fakes.graph.calls.filter(c => c.endpoint === 'GET /v1.0/groups/delta');
    expect(pages.length).toBe(Math.ceil(fakes.graph.groups.size / 3));
    expect((pages.at(-1)!.responseBody as any)['@odata.deltaLink']).toMatch(/\$deltatoken=/);
    expect((pages[0].responseBody as any)['@odata.nextLink']).toMatch(/\$skiptoken=/);
    expect((pages[0].responseBody as any).value[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), displayName: expect.any(String), 'members@delta': expect.any(Array) }),
    );
  });
});
