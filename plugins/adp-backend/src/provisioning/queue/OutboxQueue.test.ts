import { Knex } from 'knex';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { migrate } from '../__testUtils__/fixture';
import { OutboxQueue, RETRY_KIND } from './OutboxQueue';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id =>
  databases.supports(id),
);

describe.each(ids)('OutboxQueue on %s', databaseId => {
  let db: Knex;
  let queue: OutboxQueue;

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
    queue = new OutboxQueue(db);
  });

  afterEach(async () => {
    await db.destroy();
  });

  const waiting = () =>
    db('provisioning_outbox').whereNull('processed_at').orderBy('id');

  it('adds a retry of a target only when nothing waits for it', async () => {
    expect(
      await queue.enqueueRetry(
        { kind: 'programme', id: 'g1' },
        'full-pass-failed',
      ),
    ).toBe(true);
    expect(
      await queue.enqueueRetry(
        { kind: 'programme', id: 'g1' },
        'full-pass-failed',
      ),
    ).toBe(false);
    expect(
      await queue.enqueueRetry(
        { kind: 'programme', id: 'g2' },
        'full-pass-failed',
      ),
    ).toBe(true);
    // A project's own waiting item already covers it.
    await queue.enqueue({
      recordKind: 'project',
      recordId: 'p1',
      projectId: 'p1',
      programmeId: null,
      reason: 'retry',
    });
    expect(
      await queue.enqueueRetry(
        { kind: 'project', id: 'p1' },
        'full-pass-failed',
      ),
    ).toBe(false);
    expect(
      (await waiting()).map(r => [
        r.record_kind,
        r.record_id,
        r.programme_id,
        r.reason,
      ]),
    ).toEqual([
      [RETRY_KIND, 'programme:g1', 'g1', 'full-pass-failed'],
      [RETRY_KIND, 'programme:g2', 'g2', 'full-pass-failed'],
      ['project', 'p1', null, 'retry'],
    ]);
    // Once done, the target may be retried again.
    await queue.complete(await queue.claim({ limit: 10, leaseMs: 60_000 }));
    expect(
      await queue.enqueueRetry(
        { kind: 'project', id: 'p1' },
        'full-pass-failed',
      ),
    ).toBe(true);
  });

  it('counts attempts in the database, not from the value the claim read', async () => {
    await queue.enqueue({
      recordKind: 'project',
      recordId: 'p1',
      projectId: 'p1',
      programmeId: null,
      reason: 'x',
    });
    const [item] = await queue.claim({ limit: 10, leaseMs: 60_000 });
    // Counted elsewhere since the claim read it (an earlier run of this item, say).
    await db('provisioning_outbox')
      .where('id', item.id)
      .update({ attempts: 4 });
    expect(await queue.reschedule(item, new Date(0), 'two')).toBe(true);
    const [row] = await waiting();
    expect(Number(row.attempts)).toBe(5);
    expect(row.last_error).toBe('two');
    expect(row.claimed_by).toBeNull();
  });

  it('lets only the engine that still holds the claim complete or reschedule an item', async () => {
    await queue.enqueue({
      recordKind: 'project',
      recordId: 'p1',
      projectId: 'p1',
      programmeId: null,
      reason: 'x',
    });
    const t0 = new Date();
    const [slow] = await queue.claim({ limit: 10, leaseMs: 1_000, now: t0 });
    // The slow engine's lease runs out; another claims the item and finishes it.
    const [fast] = await queue.claim({
      limit: 10,
      leaseMs: 1_000,
      now: new Date(t0.getTime() + 5_000),
    });
    expect(fast.id).toBe(slow.id);
    expect(await queue.complete([fast])).toEqual([fast.id]);
    expect(await queue.complete([slow])).toEqual([]);
    expect(await queue.reschedule(slow, new Date(), 'late')).toBe(false);
    const [row] = await db('provisioning_outbox').where('id', fast.id);
    expect(row.processed_at).not.toBeNull();
    expect(row.last_error).toBeNull();
  });
});
