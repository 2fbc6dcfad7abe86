import { Knex } from 'knex';
import { createHash } from 'node:crypto';

const TABLE = 'provisioning_etags';

/** A GET's last full answer: what a 304 stands for. */
export interface StoredAnswer {
  etag: string;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * ETags and bodies of a system's GETs, shared by every instance through the database. Keyed
 * by the URL's hash; the URL itself is kept so a collision is never mistaken for a hit.
 */
export class EtagStore {
  constructor(
    private readonly db: Knex,
    private readonly system = 'github',
  ) {}

  private static hash(url: string): string {
    return createHash('sha256').update(url).digest('hex');
  }

  async get(url: string): Promise<StoredAnswer | undefined> {
    const row = await this.db(TABLE)
      .where({ system: this.system, url_hash: EtagStore.hash(url) })
      .first();
    if (!row || row.url !== url) return undefined;
    return { etag: row.etag, headers: JSON.parse(row.headers), body: JSON.parse(row.body) };
  }

  /** Last writer wins: two instances storing the same URL store the same resource's answers. */
  async put(url: string, answer: StoredAnswer, now = new Date()): Promise<void> {
    await this.db(TABLE)
      .insert({
        system: this.system,
        url_hash: EtagStore.hash(url),
        url,
        etag: answer.etag,
        headers: JSON.stringify(answer.headers),
        body: JSON.stringify(answer.body ?? null),
        stored_at: now.toISOString(),
      })
      .onConflict(['system', 'url_hash'])
      .merge(['url', 'etag', 'headers', 'body', 'stored_at']);
  }

  /** The URL changed on GitHub and its answer is no longer what the ETag stands for. */
  async forget(url: string): Promise<void> {
    await this.db(TABLE).where({ system: this.system, url_hash: EtagStore.hash(url) }).delete();
  }
}
