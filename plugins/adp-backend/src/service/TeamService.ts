import {
  addProgrammeAdminSchema,
  addProjectMemberSchema,
  AdpPermission,
  DeliveryProgramme,
  DeliveryProject,
  ProgrammeAdmin,
  programmeAdminCreatePermission,
  programmeAdminDeletePermission,
  programmeReadPermission,
  ProjectMember,
  projectMemberCreatePermission,
  projectMemberDeletePermission,
  projectMemberUpdatePermission,
  projectReadPermission,
  updateProjectMemberSchema,
  UserProfile,
  UserSummary,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { DeliveryDatabase, Stores } from '../database/stores';
import { actorRef } from './actor';
import { Authorizer } from './Authorizer';
import { DeliveryWriter, WriteContext } from './DeliveryWriter';
import { UserDirectory } from './UserDirectory';
import { fieldError, parse } from './validation';

/** Who a membership's end date acts as, in stamps and history. */
export const MEMBERSHIP_END_ACTOR = 'plugin:adp/membership-end';

/** The calendar day (UTC) of an instant, YYYY-MM-DD. */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);

type CatalogName = Pick<UserSummary, 'displayName' | 'email'>;

const summaryOf = (p: UserProfile): UserSummary => ({
  userRef: p.userRef,
  displayName: p.displayName,
  email: p.email,
  githubHandle: p.githubHandle,
  githubVerified: p.githubVerified,
});

/** Runs in the team change's transaction when a member leaves the team or stops being technical. */
export type TechnicalMembershipEnded = (
  ctx: WriteContext,
  change: { projectId: string; userRef: string; reason: 'left-team' | 'no-longer-technical' },
) => Promise<unknown>;

/** Programme admins and project team members. */
export class TeamService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly writer: DeliveryWriter,
    private readonly authorizer: Authorizer,
    private readonly users: UserDirectory,
    /** ADP Admins may remove a programme's last admin; decided by the role model. */
    private readonly isPlatformAdmin: (credentials: BackstageCredentials) => Promise<boolean>,
    /** Production access ends with the technical membership it was granted for. */
    private readonly technicalMembershipEnded?: TechnicalMembershipEnded,
    /** Today, for end dates (tests move it). */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** An end date must be a day after today: a membership ending today or earlier is a removal. */
  private checkEndDate(endsAt: string | null): void {
    if (endsAt !== null && endsAt <= dayOf(this.clock())) {
      throw fieldError('endsAt', 'End date must be after today; to end the membership now, remove the member');
    }
  }

  // --- reading -------------------------------------------------------------------

  async listAdmins(credentials: BackstageCredentials, programmeId: string): Promise<ProgrammeAdmin[]> {
    const programme = await this.db.read.programmes.get(programmeId);
    if (!programme) throw new NotFoundError(`No delivery programme with id ${programmeId}`);
    await this.authorizer.require(credentials, programmeReadPermission, programme.id);
    return this.withCatalogNames(await this.db.read.teams.listAdmins(programme.id));
  }

  async listMembers(credentials: BackstageCredentials, projectId: string): Promise<ProjectMember[]> {
    const project = await this.db.read.projects.get(projectId);
    if (!project) throw new NotFoundError(`No delivery project with id ${projectId}`);
    await this.authorizer.require(credentials, projectReadPermission, project.id);
    return this.withCatalogNames(await this.db.read.teams.listMembers(project.id));
  }

  /** Fills in names from the catalog for users without a profile row. */
  private async withCatalogNames<T extends { userRef: string; user?: UserSummary }>(rows: T[]): Promise<T[]> {
    const missing = rows.filter(r => !r.user?.displayName).map(r => r.userRef);
    if (missing.length === 0) return rows;
    const found = await this.users.summaries(missing);
    return rows.map(r => {
      const s = found.get(r.userRef);
      return s && !r.user?.displayName ? { ...r, user: { ...s, githubHandle: r.user?.githubHandle ?? null, githubVerified: r.user?.githubVerified ?? false } } : r;
    });
  }

  /** Names and emails from the catalog, read before a write's transaction opens. */
  async profilesFromCatalog(userRefs: string[]): Promise<Map<string, CatalogName>> {
    return this.users.summaries(userRefs);
  }

  // --- programme admins ------------------------------------------------------------

  async addAdmin(credentials: BackstageCredentials, programmeId: string, body: unknown): Promise<ProgrammeAdmin> {
    const { userRef } = parse(addProgrammeAdminSchema, body);
    const programme = await this.db.read.programmes.get(programmeId);
    if (!programme) throw new NotFoundError(`No delivery programme with id ${programmeId}`);
    await this.authorizer.require(credentials, programmeAdminCreatePermission, programme.id);
    const names = await this.profilesFromCatalog([userRef]);
    const clash = async (stores: Stores) => {
      const existing = await stores.teams.findAdmin(programme.id, userRef);
      return existing ? `${displayName(existing.user, names.get(userRef), userRef)} is already an admin of ${programme.title}` : undefined;
    };
    return this.writer.write(
      actorRef(credentials),
      async ctx => {
        const current = await this.openProgramme(ctx.stores, programme.id);
        const sentence = await clash(ctx.stores);
        if (sentence) throw new ConflictError(sentence);
        return this.insertAdmin(ctx, current, userRef, names.get(userRef));
      },
      () => clash(this.db.read),
    );
  }

  /** Inserts an admin row (+ profile, history, outbox); shared with programme creation. */
  async insertAdmin(ctx: WriteContext, programme: DeliveryProgramme, userRef: string, name?: CatalogName): Promise<ProgrammeAdmin> {
    const { stores, actor, at, record } = ctx;
    const profile = await this.refreshProfile(stores, userRef, name);
    const admin: ProgrammeAdmin = { id: randomUUID(), programmeId: programme.id, userRef, createdAt: at, createdBy: actor };
    await stores.teams.insertAdmin(admin);
    record({
      kind: 'programme-admin', id: admin.id, albId: programme.albId, programmeId: programme.id, projectId: null,
      action: 'created', before: null, after: admin, reason: 'programme-admin-added', userRefs: [userRef],
    });
    return { ...admin, user: summaryOf(profile) };
  }

  async removeAdmin(credentials: BackstageCredentials, programmeId: string, adminId: string): Promise<void> {
    const admin = await this.db.read.teams.getAdmin(adminId);
    // The admin row decides which programme is affected; a mismatched path is simply not found.
    if (!admin || admin.programmeId !== programmeId) {
      throw new NotFoundError(`No admin ${adminId} in programme ${programmeId}`);
    }
    await this.authorizer.require(credentials, programmeAdminDeletePermission, admin.id);
    const platformAdmin = await this.isPlatformAdmin(credentials);
    await this.writer.write(actorRef(credentials), async ({ stores, record }) => {
      const row = await stores.teams.getAdmin(adminId);
      if (!row) throw new NotFoundError(`No admin ${adminId} in programme ${programmeId}`);
      const programme = await this.openProgramme(stores, row.programmeId);
      if (!platformAdmin && (await stores.teams.countAdmins(programme.id)) <= 1) {
        throw new ConflictError(
          `${displayName(row.user, undefined, row.userRef)} is the last admin of ${programme.title}; add another admin first (only an ADP Admin can remove the last one)`,
        );
      }
      await stores.teams.deleteAdmin(row.id);
      const { user: _user, ...before } = row;
      record({
        kind: 'programme-admin', id: row.id, albId: programme.albId, programmeId: programme.id, projectId: null,
        action: 'deleted', before, after: null, reason: 'programme-admin-removed', userRefs: [row.userRef],
      });
    });
  }

  // --- project members -----------------------------------------------------------------

  async addMember(credentials: BackstageCredentials, projectId: string, body: unknown): Promise<ProjectMember> {
    const input = parse(addProjectMemberSchema, body);
    const project = await this.db.read.projects.get(projectId);
    if (!project) throw new NotFoundError(`No delivery project with id ${projectId}`);
    await this.authorizer.require(credentials, projectMemberCreatePermission, project.id);
    this.checkEndDate(input.endsAt);
    const names = await this.profilesFromCatalog([input.userRef]);
    const clash = async (stores: Stores) => {
      const existing = await stores.teams.findMember(project.id, input.userRef);
      return existing
        ? `${displayName(existing.user, names.get(input.userRef), input.userRef)} is already on the team of ${project.title}`
        : undefined;
    };
    return this.writer.write(
      actorRef(credentials),
      async ctx => {
        const sentence = await clash(ctx.stores);
        if (sentence) throw new ConflictError(sentence);
        return this.insertMember(ctx, project.id, input, names.get(input.userRef));
      },
      () => clash(this.db.read),
    );
  }

  /**
   * Inserts a membership (+ profile, history, outbox) in the caller's transaction; shared with
   * an approved join request. The caller has authorized and checked that the person is not on
   * the team (the unique index catches a concurrent add).
   */
  async insertMember(
    ctx: WriteContext,
    projectId: string,
    input: { userRef: string; technical: boolean; admin: boolean; endsAt?: string | null },
    name?: CatalogName,
  ): Promise<ProjectMember> {
    const { stores, actor, at, record } = ctx;
    const { project: current, programme } = await this.openProject(stores, projectId);
    // A technical member without a linked GitHub account waits for it: access follows the link.
    const profile = await this.refreshProfile(stores, input.userRef, name);
    const member: ProjectMember = {
      id: randomUUID(), projectId: current.id, userRef: input.userRef, technical: input.technical, admin: input.admin,
      endsAt: input.endsAt ?? null, createdAt: at, createdBy: actor, updatedAt: at, updatedBy: actor,
    };
    await stores.teams.insertMember(member);
    record({
      kind: 'project-member', id: member.id, albId: programme.albId, programmeId: programme.id, projectId: current.id,
      action: 'created', before: null, after: member, reason: 'project-member-added', userRefs: [member.userRef],
    });
    return { ...member, user: summaryOf(profile) };
  }

  async updateMember(credentials: BackstageCredentials, projectId: string, memberId: string, body: unknown): Promise<ProjectMember> {
    const input = parse(updateProjectMemberSchema, body);
    const member = await this.loadMember(projectId, memberId);
    await this.requireOnMember(credentials, projectMemberUpdatePermission, projectId, member.id);
    if (input.endsAt !== undefined && input.endsAt !== (member.endsAt ?? null)) this.checkEndDate(input.endsAt);
    return this.writer.write(actorRef(credentials), async ctx => {
      const { stores, actor, at, record } = ctx;
      const row = await stores.teams.getMember(memberId);
      if (!row) throw new NotFoundError(`No member ${memberId} in project ${projectId}`);
      const { programme } = await this.openProject(stores, row.projectId);
      const technical = input.technical ?? row.technical;
      const { user: _user, ...before } = row;
      const endsAt = input.endsAt === undefined ? row.endsAt ?? null : input.endsAt;
      const after = { ...before, technical, admin: input.admin ?? row.admin, endsAt, updatedAt: at, updatedBy: actor };
      await stores.teams.updateMember(after);
      if (endsAt !== (row.endsAt ?? null)) await stores.teams.clearEndWarning(row.id);
      record({
        kind: 'project-member', id: row.id, albId: programme.albId, programmeId: programme.id, projectId: row.projectId,
        action: 'updated', before, after, reason: 'project-member-updated', userRefs: [row.userRef],
      });
      if (row.technical && !technical) {
        await this.technicalMembershipEnded?.(ctx, { projectId: row.projectId, userRef: row.userRef, reason: 'no-longer-technical' });
      }
      return { ...after, user: row.user };
    });
  }

  async removeMember(credentials: BackstageCredentials, projectId: string, memberId: string): Promise<void> {
    const member = await this.loadMember(projectId, memberId);
    await this.requireOnMember(credentials, projectMemberDeletePermission, projectId, member.id);
    await this.writer.write(actorRef(credentials), async ctx => {
      const row = await ctx.stores.teams.getMember(memberId);
      if (!row) throw new NotFoundError(`No member ${memberId} in project ${projectId}`);
      await this.deleteMember(ctx, row, 'project-member-removed');
    });
  }

  /**
   * Removes a membership whose end date has come, on the same path as a manual removal (history,
   * provisioning, production access), acting as {@link MEMBERSHIP_END_ACTOR} at `now`. Reads the
   * row again in the transaction: a date moved or cleared meanwhile, or a removal already made,
   * leaves nothing to do (undefined).
   */
  async endMembership(memberId: string, now: Date): Promise<ProjectMember | undefined> {
    return this.writer.write(
      MEMBERSHIP_END_ACTOR,
      async ctx => {
        const row = await ctx.stores.teams.getMember(memberId);
        if (!row?.endsAt || row.endsAt > dayOf(now)) return undefined;
        await this.deleteMember(ctx, row, 'project-member-ended');
        return row;
      },
      undefined,
      { at: now.toISOString() },
    );
  }

  private async deleteMember(ctx: WriteContext, row: ProjectMember, reason: string): Promise<void> {
    const { programme } = await this.openProject(ctx.stores, row.projectId);
    await ctx.stores.teams.deleteMember(row.id);
    const { user: _user, ...before } = row;
    ctx.record({
      kind: 'project-member', id: row.id, albId: programme.albId, programmeId: programme.id, projectId: row.projectId,
      action: 'deleted', before, after: null, reason, userRefs: [row.userRef],
    });
    await this.technicalMembershipEnded?.(ctx, { projectId: row.projectId, userRef: row.userRef, reason: 'left-team' });
  }

  /**
   * The policy decides on the stored member row: one removed since `loadMember` reads as
   * refused. Answer what the lookup would have answered a moment later: not found.
   */
  private async requireOnMember(credentials: BackstageCredentials, permission: AdpPermission, projectId: string, memberId: string) {
    try {
      await this.authorizer.require(credentials, permission, memberId);
    } catch (error) {
      if (error instanceof NotAllowedError && !(await this.db.read.teams.getMember(memberId))) {
        throw new NotFoundError(`No member ${memberId} in project ${projectId}`);
      }
      throw error;
    }
  }

  /** The member row decides which project is affected; a member of another project is not found. */
  private async loadMember(projectId: string, memberId: string): Promise<ProjectMember> {
    const member = await this.db.read.teams.getMember(memberId);
    if (!member || member.projectId !== projectId) {
      throw new NotFoundError(`No member ${memberId} in project ${projectId}`);
    }
    return member;
  }

  private async openProgramme(stores: Stores, programmeId: string): Promise<DeliveryProgramme> {
    const programme = await stores.programmes.get(programmeId);
    if (!programme) throw new NotFoundError(`No delivery programme with id ${programmeId}`);
    if (programme.archivedAt) throw new ConflictError(`The programme ${programme.title} is archived; its admins cannot change`);
    return programme;
  }

  private async openProject(stores: Stores, projectId: string): Promise<{ project: DeliveryProject; programme: DeliveryProgramme }> {
    const project = await stores.projects.get(projectId);
    if (!project) throw new NotFoundError(`No delivery project with id ${projectId}`);
    if (project.archivedAt) throw new ConflictError(`The project ${project.title} is archived; its team cannot change`);
    const programme = (await stores.programmes.get(project.programmeId))!;
    if (programme.archivedAt) throw new ConflictError(`The programme ${programme.title} is archived; its teams cannot change`);
    return { project, programme };
  }

  /**
   * Creates or refreshes a profile with the catalog's name and email. External identities
   * (GitHub) are the person's own: a team change never writes them.
   */
  private async refreshProfile(stores: Stores, userRef: string, name?: CatalogName): Promise<UserProfile> {
    const stored = await stores.profiles.get(userRef);
    const profile: UserProfile = {
      userRef,
      displayName: name?.displayName ?? stored?.displayName ?? null,
      email: name?.email ?? stored?.email ?? null,
      entraObjectId: stored?.entraObjectId ?? null,
      githubHandle: stored?.githubHandle ?? null,
      githubUserId: stored?.githubUserId ?? null,
      githubVerified: stored?.githubVerified ?? false,
      employment: stored?.employment ?? null,
      apprentice: stored?.apprentice ?? false,
      lineManagerRef: stored?.lineManagerRef ?? null,
      lastActiveAt: stored?.lastActiveAt ?? null,
    };
    await stores.profiles.upsert(profile);
    return profile;
  }
}

function displayName(stored: UserSummary | undefined, catalog: CatalogName | undefined, userRef: string): string {
  return stored?.displayName ?? catalog?.displayName ?? userRef;
}
