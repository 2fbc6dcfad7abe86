import { CatalogSource, PlatformRoleId, RoleIndexChanges, RoleIndexSnapshot, RoleIndexUser } from '@adp-portal/plugin-adp-common';
import { DeliveryDatabase } from '../database/stores';

const list = (v: unknown): string[] | undefined =>
  typeof v === 'string' && v.trim() ? v.split(',').map(s => s.trim()).filter(Boolean) : undefined;

/** What the policy (role index) and the catalog module (catalog source) read, in a few queries. */
export class InternalService {
  constructor(private readonly db: DeliveryDatabase) {}

  async roleIndex(query: { userRefs?: unknown }): Promise<RoleIndexSnapshot> {
    const userRefs = list(query.userRefs)?.map(r => r.toLocaleLowerCase('en-US'));
    const read = this.db.read;
    const revision = await read.changeLog.currentRevision();
    const [{ admins, members }, roles, accounts] = await Promise.all([
      read.teams.grantRows(userRefs),
      read.platformRoles.list(userRefs),
      read.serviceAccounts.list(),
    ]);
    const users = new Map<string, RoleIndexUser>();
    const user = (userRef: string) => {
      let u = users.get(userRef);
      if (!u) {
        u = { userRef, platformRoles: [], programmeAdminOf: [], projectMemberships: [] };
        users.set(userRef, u);
      }
      return u;
    };
    for (const ref of userRefs ?? []) user(ref);
    for (const r of roles) user(r.userRef).platformRoles.push(r.role as PlatformRoleId);
    for (const a of admins) user(a.user_ref).programmeAdminOf.push(a.programme_id);
    for (const { userRef, ...m } of members) user(userRef).projectMemberships.push(m);
    return {
      revision,
      users: [...users.values()].sort((a, b) => a.userRef.localeCompare(b.userRef)),
      serviceAccountSubjects: accounts.map(a => a.subject),
    };
  }

  async roleChanges(since: unknown): Promise<RoleIndexChanges> {
    const n = Number(since);
    const revision = await this.db.read.changeLog.currentRevision();
    // A revision from the future (another database, a restore): the caller must reload everything.
    if (!Number.isInteger(n) || n < 0 || n > revision) return { revision, userRefs: null };
    return { revision, userRefs: await this.db.read.changeLog.roleChangesSince(n) };
  }

  async catalogSource(query: { albIds?: unknown; programmeIds?: unknown; projectIds?: unknown }): Promise<CatalogSource> {
    const albIds = list(query.albIds);
    const programmeIds = list(query.programmeIds);
    const projectIds = list(query.projectIds);
    const filtered = !!(albIds || programmeIds || projectIds);
    const read = this.db.read;
    const none = async () => [];
    const [revision, albs, programmes, admins, projects, members] = await Promise.all([
      read.changeLog.currentRevision(),
      !filtered || albIds ? read.albs.all(albIds) : none(),
      !filtered || programmeIds ? read.programmes.forCatalog(programmeIds) : none(),
      !filtered || programmeIds ? read.teams.adminsForCatalog(programmeIds) : none(),
      !filtered || projectIds ? read.projects.forCatalog(projectIds) : none(),
      !filtered || projectIds ? read.teams.membersForCatalog(projectIds) : none(),
    ]);
    const adminsBy = groupBy(admins as any[], a => a.programmeId);
    const membersBy = groupBy(members as any[], m => m.projectId);
    return {
      revision,
      albs,
      programmes: programmes.map(p => ({ ...p, admins: adminsBy.get(p.id) ?? [] })),
      projects: projects.map(p => ({ ...p, members: membersBy.get(p.id) ?? [] })),
    };
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const result = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = result.get(k);
    if (group) group.push(item);
    else result.set(k, [item]);
  }
  return result;
}
