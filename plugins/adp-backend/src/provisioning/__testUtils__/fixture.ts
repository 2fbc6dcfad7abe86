import { Knex } from 'knex';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations');

export async function migrate(db: Knex): Promise<void> {
  await db.migrate.latest({ directory: MIGRATIONS_DIR });
}

const now = () => new Date().toISOString();
const stamp = () => ({ created_at: now(), created_by: 'user:default/test', updated_at: now(), updated_by: 'user:default/test' });

/**
 * Writes delivery data straight into the store's tables, with the outbox row the store
 * writes in the same transaction: what provisioning sees after a change through the API.
 */
export class DeliveryFixture {
  constructor(readonly db: Knex) {}

  private async outbox(tx: Knex, record_kind: string, record_id: string, project_id: string | null, programme_id: string | null, reason: string) {
    await tx('provisioning_outbox').insert({ record_kind, record_id, project_id, programme_id, reason, enqueued_at: now() });
  }

  async alb(name = 'rpa'): Promise<string> {
    const id = randomUUID();
    await this.db('albs').insert({ id, name, title: name.toUpperCase(), title_key: name, description: 'x', ...stamp() });
    return id;
  }

  async programme(albId: string, name: string, code: string): Promise<string> {
    const id = randomUUID();
    await this.db.transaction(async tx => {
      await tx('programmes').insert({ id, alb_id: albId, name, code, title: name, title_key: name, description: 'x', ...stamp() });
      await this.outbox(tx, 'programme', id, null, id, 'created');
    });
    return id;
  }

  async project(programmeId: string, name: string, o: { alias?: string; adoProject?: string; visibility?: 'public' | 'private' } = {}): Promise<string> {
    const id = randomUUID();
    await this.db.transaction(async tx => {
      await tx('projects').insert({
        id,
        programme_id: programmeId,
        name,
        title: `Title of ${name}`,
        title_key: name,
        alias: o.alias ?? null,
        description: 'x',
        ado_project: o.adoProject ?? null,
        github_team_visibility: o.visibility ?? 'public',
        team_type: 'delivery',
        ...stamp(),
      });
      await this.outbox(tx, 'project', id, id, programmeId, 'created');
    });
    return id;
  }

  async profile(userRef: string, p: { email?: string; github?: string; entraObjectId?: string }): Promise<void> {
    const row = { user_ref: userRef, email: p.email ?? null, github_handle: p.github ?? null, entra_object_id: p.entraObjectId ?? null, display_name: userRef };
    await this.db.transaction(async tx => {
      await tx('user_profiles').insert(row).onConflict('user_ref').merge();
      await this.outbox(tx, 'user-profile', userRef, null, null, 'updated');
    });
  }

  async member(projectId: string, userRef: string, flags: { technical?: boolean; admin?: boolean } = {}): Promise<string> {
    const id = randomUUID();
    await this.db.transaction(async tx => {
      await tx('project_members').insert({ id, project_id: projectId, user_ref: userRef, technical: !!flags.technical, admin: !!flags.admin, ...stamp() });
      await this.outbox(tx, 'project-member', id, projectId, null, 'created');
    });
    return id;
  }

  async updateMember(projectId: string, userRef: string, flags: { technical?: boolean; admin?: boolean }): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('project_members').where({ project_id: projectId, user_ref: userRef }).update(flags);
      await this.outbox(tx, 'project-member', userRef, projectId, null, 'updated');
    });
  }

  async removeMember(projectId: string, userRef: string): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('project_members').where({ project_id: projectId, user_ref: userRef }).delete();
      await this.outbox(tx, 'project-member', userRef, projectId, null, 'deleted');
    });
  }

  async programmeAdmin(programmeId: string, userRef: string): Promise<void> {
    const id = randomUUID();
    await this.db.transaction(async tx => {
      await tx('programme_admins').insert({ id, programme_id: programmeId, user_ref: userRef, created_at: now(), created_by: 'test' });
      await this.outbox(tx, 'programme-admin', id, null, programmeId, 'created');
    });
  }

  async platformAdmin(userRef: string): Promise<void> {
    const id = randomUUID();
    await this.db.transaction(async tx => {
      await tx('platform_role_assignments').insert({ id, user_ref: userRef, role: 'adp-admin', created_at: now(), created_by: 'test' });
      await this.outbox(tx, 'platform-role', id, null, null, 'created');
    });
  }

  async archiveProject(projectId: string): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('projects').where('id', projectId).update({ archived_at: now() });
      await this.outbox(tx, 'project', projectId, projectId, null, 'archived');
    });
  }

  async pendingOutbox(): Promise<number> {
    const [{ n }] = await this.db('provisioning_outbox').whereNull('processed_at').count({ n: '*' });
    return Number(n);
  }
}
