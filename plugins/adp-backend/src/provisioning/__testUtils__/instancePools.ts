import knexFactory, { Knex } from 'knex';

/**
 * Connection pools as several backend instances have them: on PostgreSQL `db` and `count - 1`
 * more pools on the same database; on SQLite (one connection) `db` alone. `close` ends the
 * extra pools, not `db`.
 */
export function instancePools(
  db: Knex,
  databaseId: string,
  count = 4,
): { pools: Knex[]; close(): Promise<void> } {
  const pools =
    databaseId === 'POSTGRES_15'
      ? [
          db,
          ...Array.from({ length: count - 1 }, () =>
            knexFactory(db.client.config),
          ),
        ]
      : [db];
  return {
    pools,
    close: async () =>
      void (await Promise.all(pools.slice(1).map(p => p.destroy()))),
  };
}
