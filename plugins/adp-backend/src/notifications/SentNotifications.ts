import { Knex } from 'knex';

/**
 * Which once-only notifications have been sent (table notifications_sent). `claim` is an
 * insert that does nothing on conflict: the one caller whose insert lands sends, so two
 * instances running the same schedule never both warn the same person.
 */
export class SentNotifications {
  constructor(private readonly knex: Knex) {}

  /** True when this caller inserted the key, and so must send. */
  async claim(key: string, topic: string, now: Date): Promise<boolean> {
    const inserted = await this.knex('notifications_sent')
      .insert({ key, topic, sent_at: now.toISOString() })
      .onConflict('key')
      .ignore()
      .returning('key');
    return inserted.length > 0;
  }

  /** Gives a claim back when the send failed, so the next run tries again. */
  async release(key: string): Promise<void> {
    await this.knex('notifications_sent').where({ key }).delete();
  }

  async has(key: string): Promise<boolean> {
    return (await this.knex('notifications_sent').where({ key }).first('key')) !== undefined;
  }
}
