import { Knex } from 'knex';

const TABLE = 'provisioning_delta_links';

/** Each change feed's last link (e.g. Graph's `@odata.deltaLink`), shared through the database. */
export class DeltaLinks {
  constructor(private readonly db: Knex) {}

  async get(system: string, feed: string): Promise<string | undefined> {
    const row = await this.db(TABLE).where({ system, feed }).first();
    return row?.link;
  }

  async put(system: string, feed: string, link: string, now = new Date()): Promise<void> {
    await this.db(TABLE)
      .insert({ system, feed, link, stored_at: now.toISOString() })
      .onConflict(['system', 'feed'])
      .merge(['link', 'stored_at']);
  }

  async forget(system: string, feed: string): Promise<void> {
    await this.db(TABLE).where({ system, feed }).delete();
  }
}
