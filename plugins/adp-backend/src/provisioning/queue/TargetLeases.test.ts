import { Knex } from 'knex';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { migrate } from '../__testUtils__/fixture';
import { instancePools } from '../__testUtils__/instancePools';
import { TargetLeases } from './TargetLeases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id =>
  databases.supports(id),
);

describe.each(ids)('TargetLeases on %s', databaseId => {
  let db: Knex;

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
  });

  afterEach(async () => {
    await db.destroy();
  });

  it('gives a target to one of several instances asking at once', async () => {
    const { pools, close } = instancePools(db, databaseId);
    try {
      for (let round = 0; round < 10; round++) {
        const target = `project:p${round}`;
        const got = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            new TargetLeases(pools[i % pools.length], 60_000).acquire(target),
          ),
        );
        const holders = got.filter(l => l !== undefined);
        expect(holders).toHaveLength(1);
        expect(await db('provisioning_leases').where({ target })).toEqual([
          expect.objectContaining({ holder: holders[0]!.holder }),
        ]);
      }
    } finally {
      await close();
    }
  });

  it('frees a target when released or when the lease runs out, and a lost lease cannot be renewed', async () => {
    const leases = new TargetLeases(db, 1_000);
    const t0 = new Date('2026-12-04T10:00:00Z');
    const a = await leases.acquire('project:p1', t0);
    expect(a).toBeDefined();
    expect(
      await leases.acquire('project:p1', new Date(t0.getTime() + 500)),
    ).toBeUndefined();
    expect(await leases.renew(a!, new Date(t0.getTime() + 900))).toBe(true);
    // Renewed at +0.9 s, so still held at +1.5 s.
    expect(
      await leases.acquire('project:p1', new Date(t0.getTime() + 1_500)),
    ).toBeUndefined();
    // Instance a stalls past its lease; b takes the target over.
    const b = await leases.acquire(
      'project:p1',
      new Date(t0.getTime() + 2_000),
    );
    expect(b).toBeDefined();
    expect(await leases.renew(a!, new Date(t0.getTime() + 2_100))).toBe(false);
    await leases.release(a!);
    expect(
      await leases.acquire('project:p1', new Date(t0.getTime() + 2_200)),
    ).toBeUndefined();
    await leases.release(b!);
    expect(
      await leases.acquire('project:p1', new Date(t0.getTime() + 2_300)),
    ).toBeDefined();
    // Other targets are independent.
    expect(await leases.acquire('programme:g1', t0)).toBeDefined();
  });
});
