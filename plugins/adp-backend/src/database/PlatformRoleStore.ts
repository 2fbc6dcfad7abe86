import { PlatformRoleAssignment } from '@adp-portal/plugin-adp-common';
import { Db } from './types';
import { platformRoleFromRow } from './rows';

export class PlatformRoleStore {
  constructor(private readonly db: Db) {}

  async list(userRefs?: string[]): Promise<PlatformRoleAssignment[]> {
    const qb = this.db('platform_role_assignments').orderBy(['user_ref', 'role']);
    if (userRefs) qb.whereIn('user_ref', userRefs);
    return (await qb).map(platformRoleFromRow);
  }

  async get(id: string): Promise<PlatformRoleAssignment | undefined> {
    const row = await this.db('platform_role_assignments').where({ id }).first();
    return row ? platformRoleFromRow(row) : undefined;
  }

  async find(userRef: string, role: string): Promise<PlatformRoleAssignment | undefined> {
    const row = await this.db('platform_role_assignments').where({ user_ref: userRef, role }).first();
    return row ? platformRoleFromRow(row) : undefined;
  }

  async insert(a: PlatformRoleAssignment): Promise<void> {
    await this.db('platform_role_assignments').insert({
      id: a.id,
      user_ref: a.userRef,
      role: a.role,
      created_at: a.createdAt,
      created_by: a.createdBy,
    });
  }

  async delete(id: string): Promise<void> {
    await this.db('platform_role_assignments').where({ id }).delete();
  }
}
