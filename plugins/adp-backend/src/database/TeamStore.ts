import { ProgrammeAdmin, ProjectMember } from '@adp-portal/plugin-adp-common';
import { Db } from './types';
import { programmeAdminFromRow, projectMemberFromRow } from './rows';

const PROFILE_COLUMNS = [
  'user_profiles.display_name as profile_display_name',
  'user_profiles.email as profile_email',
  'user_profiles.github_handle as profile_github_handle',
  'user_profiles.github_verified as profile_github_verified',
];

/** Programme admins and project members: the team rows that give delivery roles. */
export class TeamStore {
  constructor(private readonly db: Db) {}

  private admins() {
    return this.db('programme_admins')
      .leftJoin('user_profiles', 'user_profiles.user_ref', 'programme_admins.user_ref')
      .select('programme_admins.*', ...PROFILE_COLUMNS);
  }

  private members() {
    return this.db('project_members')
      .leftJoin('user_profiles', 'user_profiles.user_ref', 'project_members.user_ref')
      .select('project_members.*', ...PROFILE_COLUMNS);
  }

  async listAdmins(programmeId: string): Promise<ProgrammeAdmin[]> {
    const rows = await this.admins().where('programme_admins.programme_id', programmeId).orderBy('programme_admins.created_at');
    return rows.map(programmeAdminFromRow);
  }

  async getAdmin(id: string): Promise<ProgrammeAdmin | undefined> {
    const row = await this.admins().where('programme_admins.id', id).first();
    return row ? programmeAdminFromRow(row) : undefined;
  }

  async findAdmin(programmeId: string, userRef: string): Promise<ProgrammeAdmin | undefined> {
    const row = await this.admins().where({ 'programme_admins.programme_id': programmeId, 'programme_admins.user_ref': userRef }).first();
    return row ? programmeAdminFromRow(row) : undefined;
  }

  async countAdmins(programmeId: string): Promise<number> {
    const [{ count }] = await this.db('programme_admins').where({ programme_id: programmeId }).count({ count: '*' });
    return Number(count);
  }

  async insertAdmin(a: ProgrammeAdmin): Promise<void> {
    await this.db('programme_admins').insert({
      id: a.id,
      programme_id: a.programmeId,
      user_ref: a.userRef,
      created_at: a.createdAt,
      created_by: a.createdBy,
    });
  }

  async deleteAdmin(id: string): Promise<void> {
    await this.db('programme_admins').where({ id }).delete();
  }

  async listMembers(projectId: string): Promise<ProjectMember[]> {
    const rows = await this.members().where('project_members.project_id', projectId).orderBy('project_members.created_at');
    return rows.map(projectMemberFromRow);
  }

  async getMember(id: string): Promise<ProjectMember | undefined> {
    const row = await this.members().where('project_members.id', id).first();
    return row ? projectMemberFromRow(row) : undefined;
  }

  async findMember(projectId: string, userRef: string): Promise<ProjectMember | undefined> {
    const row = await this.members().where({ 'project_members.project_id': projectId, 'project_members.user_ref': userRef }).first();
    return row ? projectMemberFromRow(row) : undefined;
  }

  async insertMember(m: ProjectMember): Promise<void> {
    await this.db('project_members').insert({
      id: m.id,
      project_id: m.projectId,
      user_ref: m.userRef,
      technical: m.technical,
      admin: m.admin,
      ends_at: m.endsAt ?? null,
      created_at: m.createdAt,
      created_by: m.createdBy,
      updated_at: m.updatedAt,
      updated_by: m.updatedBy,
    });
  }

  async updateMember(m: ProjectMember): Promise<void> {
    await this.db('project_members')
      .where({ id: m.id })
      .update({ technical: m.technical, admin: m.admin, ends_at: m.endsAt ?? null, updated_at: m.updatedAt, updated_by: m.updatedBy });
  }

  /** Another end date means another warning: a changed or cleared date is warned about afresh. */
  async clearEndWarning(id: string): Promise<void> {
    await this.db('project_members').where({ id }).update({ end_warned_at: null });
  }

  /**
   * Memberships of open projects whose end date is on or before `day` (YYYY-MM-DD); with
   * `unwarned`, only those whose holder has not been warned of it yet.
   */
  async endingBy(day: string, options: { unwarned?: boolean } = {}): Promise<ProjectMember[]> {
    const qb = this.members()
      .join('projects', 'projects.id', 'project_members.project_id')
      .join('programmes', 'programmes.id', 'projects.programme_id')
      .whereNotNull('project_members.ends_at')
      .andWhere('project_members.ends_at', '<=', day)
      .whereNull('projects.archived_at')
      .whereNull('programmes.archived_at')
      .orderBy('project_members.ends_at')
      .orderBy('project_members.id');
    if (options.unwarned) qb.whereNull('project_members.end_warned_at');
    return (await qb).map(projectMemberFromRow);
  }

  /** Marks the warning as sent, unless another instance did: true for the one that marked it. */
  async markEndWarned(id: string, endsAt: string, at: string): Promise<boolean> {
    const n = await this.db('project_members').where({ id, ends_at: endsAt }).whereNull('end_warned_at').update({ end_warned_at: at });
    return Number(n) > 0;
  }

  async deleteMember(id: string): Promise<void> {
    await this.db('project_members').where({ id }).delete();
  }

  /** Admins of non-archived programmes, or of exactly the given programmes: one query. */
  async adminsForCatalog(programmeIds?: string[]): Promise<ProgrammeAdmin[]> {
    const qb = this.admins().join('programmes', 'programmes.id', 'programme_admins.programme_id');
    if (programmeIds) qb.whereIn('programme_admins.programme_id', programmeIds);
    else qb.whereNull('programmes.archived_at');
    return (await qb.orderBy('programme_admins.id')).map(programmeAdminFromRow);
  }

  /** Members of non-archived projects, or of exactly the given projects: one query. */
  async membersForCatalog(projectIds?: string[]): Promise<ProjectMember[]> {
    const qb = this.members().join('projects', 'projects.id', 'project_members.project_id');
    if (projectIds) qb.whereIn('project_members.project_id', projectIds);
    else qb.whereNull('projects.archived_at');
    return (await qb.orderBy('project_members.id')).map(projectMemberFromRow);
  }

  /** Every admin and membership row (optionally of some users), with the programme of each project. */
  async grantRows(userRefs?: string[]) {
    const admins = this.db('programme_admins').select('user_ref', 'programme_id');
    const members = this.db('project_members')
      .join('projects', 'projects.id', 'project_members.project_id')
      .select('project_members.user_ref', 'project_members.project_id', 'projects.programme_id', 'project_members.technical', 'project_members.admin');
    if (userRefs) {
      admins.whereIn('user_ref', userRefs);
      members.whereIn('project_members.user_ref', userRefs);
    }
    const [adminRows, memberRows] = await Promise.all([admins, members]);
    return {
      admins: adminRows as Array<{ user_ref: string; programme_id: string }>,
      members: (memberRows as any[]).map(r => ({
        userRef: r.user_ref as string,
        projectId: r.project_id as string,
        programmeId: r.programme_id as string,
        technical: !!r.technical,
        admin: !!r.admin,
      })),
    };
  }
}
