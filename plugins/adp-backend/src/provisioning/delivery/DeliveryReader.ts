import { Knex } from 'knex';
import {
  DeliverySnapshot,
  MemberState,
  ProgrammeState,
  ProjectState,
  ProvisioningTarget,
  UserIdentity,
} from '../types';
import { GroupAdmin } from './catalogAdminGroupMembers';

/*
 * Reads the store's tables (owned by the delivery-data store; see its migrations). Only
 * this file knows their names and columns.
 */

interface ProfileRow {
  user_ref: string;
  email: string | null;
  entra_object_id: string | null;
  github_handle: string | null;
  github_user_id: number | string | null;
}

export interface DeliveryReaderOptions {
  /**
   * ADP Admins held through the catalog groups of `adp.platformRoles.adpAdminGroups`, which the
   * database does not know. Absent: stored platform role assignments only.
   */
  adminGroupMembers?: () => Promise<GroupAdmin[]>;
}

/** Loads what the desired state of a target is derived from. */
export class DeliveryReader {
  constructor(
    private readonly db: Knex,
    private readonly options: DeliveryReaderOptions,
  ) {}

  /** `fallbackEmails`: the catalog's email of users without one in their profile. */
  private async identities(userRefs: string[], fallbackEmails = new Map<string, string | null>()): Promise<Map<string, UserIdentity>> {
    const refs = [...new Set(userRefs)];
    const rows: ProfileRow[] = [];
    for (let i = 0; i < refs.length; i += 500) {
      rows.push(
        ...(await this.db<ProfileRow>('user_profiles')
          .whereIn('user_ref', refs.slice(i, i + 500))
          .select('user_ref', 'email', 'entra_object_id', 'github_handle', 'github_user_id')),
      );
    }
    const byRef = new Map(rows.map(r => [r.user_ref, r]));
    return new Map(
      refs.map(ref => {
        const r = byRef.get(ref);
        return [
          ref,
          {
            userRef: ref,
            email: r?.email ?? fallbackEmails.get(ref) ?? null,
            entraObjectId: r?.entra_object_id ?? null,
            githubHandle: r?.github_handle ?? null,
            githubUserId: r?.github_user_id === null || r?.github_user_id === undefined ? null : Number(r.github_user_id),
          },
        ];
      }),
    );
  }

  private async programme(id: string): Promise<ProgrammeState | undefined> {
    const row = await this.db('programmes as p')
      .leftJoin('albs as a', 'a.id', 'p.alb_id')
      .where('p.id', id)
      .first('p.id', 'p.name', 'p.code', 'p.archived_at', 'a.name as alb_name');
    if (!row) return undefined;
    const admins = (await this.db('programme_admins').where('programme_id', id).orderBy('user_ref').pluck('user_ref')) as string[];
    const ids = await this.identities(admins);
    return {
      id: row.id,
      name: row.name,
      code: row.code,
      albName: row.alb_name ?? '',
      archived: !!row.archived_at,
      admins: admins.map(a => ids.get(a)!),
    };
  }

  private async project(id: string): Promise<ProjectState | undefined> {
    const row = await this.db('projects').where('id', id).first();
    if (!row) return undefined;
    const programme = await this.programme(row.programme_id);
    if (!programme) return undefined;
    const memberRows = await this.db('project_members')
      .where('project_id', id)
      .orderBy('user_ref')
      .select('user_ref', 'technical', 'admin');
    // Active production grants; a grant outlives no technical membership (the team change
    // revokes it in the same transaction), and this filter keeps it so even if it did.
    const grantRows = (await this.db('production_access_requests')
      .where({ project_id: id, status: 'active' })
      .orderBy('user_ref')
      .select('user_ref', 'level')) as Array<{ user_ref: string; level: string }>;
    const ids = await this.identities(memberRows.map(m => m.user_ref));
    const members: MemberState[] = memberRows.map(m => ({
      user: ids.get(m.user_ref)!,
      technical: !!m.technical,
      admin: !!m.admin,
    }));
    const technical = new Set(members.filter(m => m.technical).map(m => m.user.userRef));
    const holders = (level: string) =>
      grantRows.filter(g => g.level === level && technical.has(g.user_ref)).map(g => ids.get(g.user_ref)!);
    return {
      id: row.id,
      name: row.name,
      alias: row.alias ?? null,
      title: row.title,
      archived: !!row.archived_at || programme.archived,
      adoProject: row.ado_project ?? null,
      githubTeamVisibility: row.github_team_visibility === 'private' ? 'private' : 'public',
      programme,
      members,
      production: { deploy: holders('production-deploy'), admin: holders('production-admin') },
    };
  }

  /** Everyone the role model makes an ADP Admin: stored assignments and the configured catalog groups. */
  async platformAdmins(): Promise<UserIdentity[]> {
    const stored = (await this.db('platform_role_assignments').where('role', 'adp-admin').pluck('user_ref')) as string[];
    const byGroup = (await this.options.adminGroupMembers?.()) ?? [];
    const refs = [...new Set([...stored, ...byGroup.map(a => a.userRef)])].sort();
    const ids = await this.identities(refs, new Map(byGroup.map(a => [a.userRef, a.email])));
    return refs.map(r => ids.get(r)!);
  }

  /** Everything one target's groups are derived from; empty when the record is gone. */
  async snapshot(target: ProvisioningTarget): Promise<DeliverySnapshot> {
    if (target.kind === 'project') {
      const p = await this.project(target.id);
      return { projects: p ? [p] : [], programmes: [], platform: null };
    }
    if (target.kind === 'programme') {
      const p = await this.programme(target.id);
      return { projects: [], programmes: p ? [p] : [], platform: null };
    }
    // Every project's, archived ones included: they are still ADP repositories (the platform team's).
    const prefixRows = await this.db('projects').select('name', 'alias');
    const repositoryPrefixes = [...new Set(prefixRows.flatMap(r => (r.alias ? [r.name, r.alias] : [r.name])))].sort();
    return { projects: [], programmes: [], platform: { admins: await this.platformAdmins(), repositoryPrefixes } };
  }

  async projectExists(id: string): Promise<boolean> {
    return !!(await this.db('projects').where('id', id).first('id'));
  }

  async projectIdsOfProgramme(programmeId: string): Promise<string[]> {
    return (await this.db('projects').where('programme_id', programmeId).pluck('id')) as string[];
  }

  /** Where a user's identity (GitHub handle, email, object id) is used. */
  async targetsOfUser(userRef: string): Promise<ProvisioningTarget[]> {
    const projects = (await this.db('project_members').where('user_ref', userRef).pluck('project_id')) as string[];
    const programmes = (await this.db('programme_admins').where('user_ref', userRef).pluck('programme_id')) as string[];
    const admin = (await this.platformAdmins()).some(a => a.userRef === userRef);
    return [
      ...projects.map(id => ({ kind: 'project' as const, id })),
      ...programmes.map(id => ({ kind: 'programme' as const, id })),
      ...(admin ? [{ kind: 'platform' as const, id: 'platform' as const }] : []),
    ];
  }

  /** Every target, for the full pass. */
  async allTargets(): Promise<ProvisioningTarget[]> {
    const projects = (await this.db('projects').orderBy('id').pluck('id')) as string[];
    const programmes = (await this.db('programmes').orderBy('id').pluck('id')) as string[];
    return [
      { kind: 'platform', id: 'platform' },
      ...programmes.map(id => ({ kind: 'programme' as const, id })),
      ...projects.map(id => ({ kind: 'project' as const, id })),
    ];
  }
}
