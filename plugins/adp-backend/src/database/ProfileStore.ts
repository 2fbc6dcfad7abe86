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

  /** The profile holding a GitHub account, by numeric id or by login (case-insensitive); verified links first. */
  async findByGithub(account: { id: number } | { login: string }): Promise<UserProfile | undefined> {
    const query = this.db('user_profiles');
    if ('id' in account) query.where({ github_user_id: account.id });
    else query.whereRaw('lower(github_handle) = ?', [account.login.toLowerCase()]);
    const row = await query.orderBy('github_verified', 'desc').orderBy('user_ref').first();
    return row ? profileFromRow(row) : undefined;
  }

  async upsert(profile: UserProfile): Promise<void> {
    const row = profileToRow(profile);
    await this.db('user_profiles').insert(row).onConflict('user_ref').merge();
  }
}
