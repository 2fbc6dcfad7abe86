import { Knex } from 'knex';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { migrate } from '../__testUtils__/fixture';
import { instancePools } from '../__testUtils__/instancePools';
import { StatusStore } from './StatusStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id =>
  databases.supports(id),
);

describe.each(ids)('StatusStore on %s', databaseId => {
  let db: Knex;
  const target = { kind: 'project' as const, id: 'p1' };

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
  });

  afterEach(async () => {
    await db.destroy();
  });

  it('counts every failure recorded at once by several instances, in one row', async () => {
    // Each instance has its own pool on PostgreSQL, as separate backends do.
    const { pools, close } = instancePools(db, databaseId);
    try {
      const stores = pools.map(p => new StatusStore(p));
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          stores[i % stores.length].record(target, 'github', {
            status: 'failed',
            error: `boom ${i}`,
          }),
        ),
      );
      const rows = await db('provisioning_status').where({
        target_kind: 'project',
        target_id: 'p1',
      });
      expect(rows).toHaveLength(1);
      expect(Number(rows[0].attempts)).toBe(40);
      expect(rows[0].status).toBe('failed');
    } finally {
      await close();
    }
  });

  it('keeps the last outcome: a success clears the failures, a failure after it counts from one', async () => {
    const store = new StatusStore(db);
    await store.record(
      target,
      'entra',
      { status: 'failed', error: 'down' },
      new Date('2026-12-04T10:00:00Z'),
    );
    await store.record(
      target,
      'entra',
      { status: 'failed', error: 'still down' },
      new Date('2026-12-04T10:01:00Z'),
    );
    expect((await store.forTarget(target)).get('entra')).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'still down',
    });

    await store.record(
      target,
      'entra',
      { status: 'in-sync', warnings: ['w'] },
      new Date('2026-12-04T10:02:00Z'),
    );
    expect((await store.forTarget(target)).get('entra')).toEqual({
      system: 'entra',
      status: 'in-sync',
      attempts: 0,
      lastSuccessAt: '2026-12-04T10:02:00.000Z',
      lastAttemptAt: '2026-12-04T10:02:00.000Z',
      warnings: ['w'],
    });

    await store.record(
      target,
      'entra',
      { status: 'failed', error: 'again' },
      new Date('2026-12-04T10:03:00Z'),
    );
    expect((await store.forTarget(target)).get('entra')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastSuccessAt: '2026-12-04T10:02:00.000Z',
    });

    await store.record(target, 'entra', { status: 'not-configured' });
    expect((await store.forTarget(target)).get('entra')).toMatchObject({
      status: 'not-configured',
      attempts: 0,
    });
  });
});
