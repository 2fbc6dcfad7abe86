import { Knex } from 'knex';
import { ProvisioningSystem } from '../types';

/**
 * Which members of a shared group the portal added. The portal removes only these from such a
 * group, so members the tenant put there outside the portal's knowledge stay.
 */
export class AddedMembers {
  constructor(private readonly db: Knex) {}

  async of(system: ProvisioningSystem, group: string): Promise<Set<string>> {
    const ids = (await this.db('provisioning_added_members').where({ system, group_name: group }).pluck('member_id')) as string[];
    return new Set(ids);
  }

  async record(system: ProvisioningSystem, group: string, memberId: string): Promise<void> {
    await this.db('provisioning_added_members')
      .insert({ system, group_name: group, member_id: memberId, added_at: new Date().toISOString() })
      .onConflict(['system', 'group_name', 'member_id'])
      .ignore();
  }

  async forget(system: ProvisioningSystem, group: string, memberId: string): Promise<void> {
    await this.db('provisioning_added_members').where({ system, group_name: group, member_id: memberId }).delete();
  }
}
