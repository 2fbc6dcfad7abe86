import {
  AccessSummary,
  accessExplainOthersPermission,
  AdpPermissionName,
  adpPermissionsByName,
  assignmentsFor,
  decide,
  ExplainedAssignment,
  ExplainResponse,
  PlatformRoleId,
  resourceTypeOf,
  ResourceScope,
  ROLE_DEFINITIONS,
  RoleAssignment,
  UserGrants,
  userRefSchema,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials, UserInfoService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { z } from 'zod';
import { DeliveryDatabase } from '../database/stores';
import { ScopeResolver } from '../permissions/ScopeResolver';
import { userRefOf } from './actor';
import { Authorizer } from './Authorizer';
import { UserDirectory } from './UserDirectory';
import { fieldError, parse } from './validation';

/** Catalog groups whose members hold a platform role (config `adp.platformRoles`). */
export interface PlatformRoleGroups {
  adpAdminGroups: string[];
  ccoeEngineerGroups: string[];
}

interface ResolvedGrants {
  userRef: string;
  grants: UserGrants;
  /** Platform roles that come from configured groups rather than stored assignments. */
  configRoles: Set<PlatformRoleId>;
  storedRoles: Set<PlatformRoleId>;
}

const explainQuerySchema = z.object({
  permission: z.string({ required_error: 'permission is required' }).trim().min(1, 'permission is required'),
  userRef: userRefSchema.optional(),
  resourceRef: z.string().trim().min(1).max(300).optional(),
});

/** A user's roles, from the database and configured groups, evaluated with the shared role model. */
export class AccessService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly users: UserDirectory,
    private readonly userInfo: UserInfoService,
    private readonly groups: PlatformRoleGroups,
    private readonly authorizer: Authorizer,
    private readonly scopes: ScopeResolver,
  ) {}

  /** Platform roles held through membership of configured catalog groups. */
  configuredRoles(ownershipRefs: string[]): PlatformRoleId[] {
    const refs = new Set(ownershipRefs.map(r => r.toLocaleLowerCase('en-US')));
    const holds = (groups: string[]) => groups.some(g => refs.has(g.toLocaleLowerCase('en-US')));
    const roles: PlatformRoleId[] = [];
    if (holds(this.groups.adpAdminGroups)) roles.push('adp-admin');
    if (holds(this.groups.ccoeEngineerGroups)) roles.push('ccoe-engineer');
    return roles;
  }

  private async resolve(userRef: string, ownershipRefs: string[], hasCatalogIdentity: boolean): Promise<ResolvedGrants> {
    const [{ admins, members }, stored] = await Promise.all([
      this.db.read.teams.grantRows([userRef]),
      this.db.read.platformRoles.list([userRef]),
    ]);
    const storedRoles = new Set(stored.map(r => r.role));
    const configRoles = new Set(this.configuredRoles(ownershipRefs));
    const hasStoredFacts = admins.length + members.length + storedRoles.size > 0;
    return {
      userRef,
      storedRoles,
      configRoles,
      grants: {
        hasCatalogIdentity: hasCatalogIdentity || hasStoredFacts,
        platformRoles: [...new Set([...storedRoles, ...configRoles])],
        programmeAdminOf: admins.map(a => a.programme_id),
        projectMemberships: members.map(({ projectId, programmeId, technical, admin }) => ({ projectId, programmeId, technical, admin })),
      },
    };
  }

  private async resolveCaller(credentials: BackstageCredentials): Promise<ResolvedGrants | undefined> {
    const userRef = userRefOf(credentials);
    if (!userRef) return undefined;
    const info = await this.userInfo.getUserInfo(credentials);
    return this.resolve(userRef.toLocaleLowerCase('en-US'), info.ownershipEntityRefs, true);
  }

  /**
   * The caller's roles as the policy sees them: a signed-in principal the catalog does not
   * know (the scaffolded app's guest, say) holds no role, whatever is stored about them.
   */
  private async resolveCallerAsPolicy(credentials: BackstageCredentials): Promise<ResolvedGrants | undefined> {
    const resolved = await this.resolveCaller(credentials);
    if (resolved && (await this.users.isCatalogUser(resolved.userRef)) === false) {
      resolved.grants.hasCatalogIdentity = false;
    }
    return resolved;
  }

  private async resolveOther(userRef: string): Promise<ResolvedGrants> {
    const identity = await this.users.identity(userRef);
    return this.resolve(userRef, identity.ownershipRefs, identity.exists);
  }

  /** ADP Admins may do what no scoped role may (e.g. remove a programme's last admin). */
  async isPlatformAdmin(credentials: BackstageCredentials): Promise<boolean> {
    const resolved = await this.resolveCaller(credentials);
    return !!resolved && resolved.grants.platformRoles.includes('adp-admin');
  }

  async me(credentials: BackstageCredentials): Promise<AccessSummary> {
    const resolved = await this.resolveCallerAsPolicy(credentials);
    if (!resolved) throw new NotFoundError('Only users have access summaries');
    return { userRef: resolved.userRef, assignments: await this.explainAssignments(resolved, assignmentsFor(resolved.grants)) };
  }

  async explain(credentials: BackstageCredentials, rawQuery: unknown): Promise<ExplainResponse> {
    const query = parse(explainQuerySchema, rawQuery);
    const permission = adpPermissionsByName.get(query.permission);
    if (!permission) throw fieldError('permission', `Unknown permission ${query.permission}`);
    const name = permission.name as AdpPermissionName;
    const caller = userRefOf(credentials)?.toLocaleLowerCase('en-US');
    const target = query.userRef ?? caller;
    if (!target) throw fieldError('userRef', 'userRef is required for a service caller');
    if (target !== caller) await this.authorizer.require(credentials, accessExplainOthersPermission);
    const resolved = target === caller ? (await this.resolveCallerAsPolicy(credentials))! : await this.resolveOther(target);

    let scope: ResourceScope | undefined;
    let scopeTitle = '';
    const resourceType = resourceTypeOf(name);
    if (resourceType && query.resourceRef) {
      const [found] = await this.scopes.resolve(resourceType, [query.resourceRef]);
      if (!found) throw new NotFoundError(`No ${resourceType} with id ${query.resourceRef}`);
      scope = { programmeId: found.programmeId, projectId: found.projectId };
      scopeTitle = ` on ${await this.recordTitle(resourceType, found)}`;
    }
    const assignments = assignmentsFor(resolved.grants);
    const decision = decide(assignments, name, scope);
    const grantedBy = await this.explainAssignments(resolved, decision.grantedBy);
    const response: ExplainResponse = {
      userRef: target,
      permission: name,
      resourceRef: query.resourceRef ?? null,
      allowed: decision.allowed,
      grantedBy,
    };
    if (!decision.allowed) {
      const held = await this.explainAssignments(resolved, assignments);
      const roles = held.map(a => `${a.roleTitle} (${a.scopeTitle})`).join(', ') || 'no roles';
      response.reason = `${target} holds ${roles}; none of these grants ${name}${scopeTitle}`;
    }
    return response;
  }

  private async recordTitle(type: string, r: { id: string; programmeId: string | null; projectId: string | null }) {
    if (r.projectId) {
      const p = await this.db.read.projects.get(r.projectId);
      return `${type === 'adp-project' ? '' : `${type} in `}project ${p?.title} (${p?.name})`.trim();
    }
    if (r.programmeId) {
      const p = await this.db.read.programmes.get(r.programmeId);
      return `programme ${p?.title} (${p?.code})`;
    }
    const alb = await this.db.read.albs.get(r.id);
    return `Arms Length Body ${alb?.title ?? r.id}`;
  }

  /** Adds role titles, human scope titles and where each role comes from. */
  private async explainAssignments(resolved: ResolvedGrants, assignments: RoleAssignment[]): Promise<ExplainedAssignment[]> {
    const programmeIds = assignments.flatMap(a => (a.scope.kind === 'programme' ? [a.scope.programmeId] : []));
    const projectIds = assignments.flatMap(a => (a.scope.kind === 'project' ? [a.scope.projectId] : []));
    const [programmes, projects] = await Promise.all([
      this.db.read.programmes.getMany([...new Set(programmeIds)]),
      this.db.read.projects.getMany([...new Set(projectIds)]),
    ]);
    const programmeById = new Map(programmes.map(p => [p.id, p]));
    const projectById = new Map(projects.map(p => [p.id, p]));
    return assignments.map(a => {
      let scopeTitle: string;
      let source: ExplainedAssignment['source'];
      switch (a.scope.kind) {
        case 'project': {
          const p = projectById.get(a.scope.projectId);
          scopeTitle = `project ${p?.title ?? a.scope.projectId} (${p?.name ?? '?'})`;
          source = 'membership';
          break;
        }
        case 'programme': {
          const p = programmeById.get(a.scope.programmeId);
          scopeTitle = `programme ${p?.title ?? a.scope.programmeId} (${p?.code ?? '?'})`;
          source = 'programme-admin';
          break;
        }
        case 'organisation':
          scopeTitle = 'the whole organisation';
          source = resolved.storedRoles.has(a.role as PlatformRoleId) ? 'platform-role' : 'config-group';
          break;
        default:
          scopeTitle = 'the whole platform';
          if (a.role === 'platform-user') source = 'identity';
          else if (a.role === 'adp-service-account') source = 'service-account';
          else source = resolved.storedRoles.has(a.role as PlatformRoleId) ? 'platform-role' : 'config-group';
      }
      return { ...a, roleTitle: ROLE_DEFINITIONS[a.role].title, scopeTitle, source };
    });
  }
}
