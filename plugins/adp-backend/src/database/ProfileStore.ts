import { UserProfile } from '@adp-portal/plugin-adp-common';
import { Db } from './types';
import { profileFromRow, profileToRow } from './rows';

export class ProfileStore {
  constructor(private readonly db: Db) {}

  async get(userRef: string): Promise<UserProfile | undefined> {
    const row = await this.db('user_profiles').where({ user_ref: userRef }).first();
    return row ? profileFromRow(row) : undefined;
  }

  async getMany(userRefs: string[]): Promise<UserProfile[]> {
    if (userRefs.length === 0) return [];
    return (await this.db('user_profiles').whereIn('user_ref', userRefs)).map(profileFromRow);
  }

  async upsert(profile: UserProfile): Promise<void> {
    const row = profileToRow(profile);
    await this.db('user_profiles').insert(row).onConflict('user_ref').merge();
  }
}
