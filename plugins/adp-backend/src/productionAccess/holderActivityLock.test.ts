import knexFactory, { Knex } from 'knex';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { migrate } from '../provisioning/__testUtils__/fixture';
import { ActivityTracker } from './ActivityTracker';
import { ProductionAccessStore } from './ProductionAccessStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const HOLDER = 'user:default/tom';

// SQLite has one writer: a revocation's transaction already keeps the activity write out.
(databases.supports('POSTGRES_15') ? describe : describe.skip)(
  'a revocation deciding on a holder’s activity (PostgreSQL)',
  () => {
    let db: Knex;
    let other: Knex;

    beforeEach(async () => {
      db = await databases.init('POSTGRES_15');
      await migrate(db);
      other = knexFactory(db.client.config);
      await db('user_profiles').insert({
        user_ref: HOLDER,
        last_active_at: '2026-01-01T00:00:00.000Z',
      });
    });

    afterEach(async () => {
      await other.destroy();
      await db.destroy();
    });

    it('holds a sign-in recorded meanwhile until it has decided', async () => {
      const tracker = new ActivityTracker(other, mockServices.logger.mock(), {
        intervalMs: 1,
      });
      let recorded = false;
      let pending: Promise<boolean> | undefined;
      await db.transaction(async tx => {
        expect(
          await new ProductionAccessStore(tx).holderActivityForUpdate(HOLDER),
        ).toBe('2026-01-01T00:00:00.000Z');
        // Another instance records the holder's sign-in while the revocation decides.
        pending = tracker.record(HOLDER).then(r => (recorded = r));
        await new Promise(r => setTimeout(r, 500));
        expect(recorded).toBe(false);
        expect(
          await new ProductionAccessStore(tx).holderActivityForUpdate(HOLDER),
        ).toBe('2026-01-01T00:00:00.000Z');
      });
      expect(await pending).toBe(true);
      expect(
        (await db('user_profiles').where('user_ref', HOLDER).first())
          .last_active_at,
      ).not.toBe('2026-01-01T00:00:00.000Z');
    });
  },
);
