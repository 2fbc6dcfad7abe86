import { AdpPermissionName, AdpResourceType, resourceTypeOf } from '../permissions';
import { ROLE_DEFINITIONS, RoleId } from './definitions';

/**
 * Where one role is held.
 *
 * @public
 */
export type RoleScope =
  | { kind: 'platform' }
  | { kind: 'organisation' }
  | { kind: 'programme'; programmeId: string }
  | { kind: 'project'; projectId: string; programmeId: string };

/**
 * One role held by one user in one scope.
 *
 * @public
 */
export interface RoleAssignment {
  role: RoleId;
  scope: RoleScope;
}

/**
 * Where a resource sits in the delivery tree.
 *
 * @public
 */
export interface ResourceScope {
  programmeId?: string | null;
  projectId?: string | null;
}

const effectiveCache = new Map<RoleId, ReadonlySet<AdpPermissionName>>();

/**
 * A role's own permissions and those of every role it includes, transitively.
 *
 * @public
 */
export function effectivePermissions(role: RoleId): ReadonlySet<AdpPermissionName> {
  let result = effectiveCache.get(role);
  if (!result) {
    const set = new Set<AdpPermissionName>(ROLE_DEFINITIONS[role].permissions);
    for (const included of ROLE_DEFINITIONS[role].includes) {
      effectivePermissions(included).forEach(p => set.add(p));
    }
    result = set;
    effectiveCache.set(role, result);
  }
  return result;
}

/**
 * All roles a role includes, itself first.
 *
 * @public
 */
export function includedRoles(role: RoleId): RoleId[] {
  const seen = new Set<RoleId>();
  const visit = (r: RoleId) => {
    if (seen.has(r)) return;
    seen.add(r);
    ROLE_DEFINITIONS[r].includes.forEach(visit);
  };
  visit(role);
  return [...seen];
}

/** @public */
export function isWideScope(scope: RoleScope): boolean {
  return scope.kind === 'platform' || scope.kind === 'organisation';
}

/**
 * Does an assignment's scope contain the resource?
 *
 * @public
 */
export function scopeCovers(scope: RoleScope, resource: ResourceScope | undefined): boolean {
  switch (scope.kind) {
    case 'platform':
    case 'organisation':
      return true;
    case 'programme':
      return !!resource?.programmeId && resource.programmeId === scope.programmeId;
    case 'project':
      return !!resource?.projectId && resource.projectId === scope.projectId;
    default:
      return false;
  }
}

/** @public */
export interface Decision {
  allowed: boolean;
  /** Every assignment that grants the permission here: the union rule means any one suffices. */
  grantedBy: RoleAssignment[];
}

/**
 * Decides a permission for a user holding `assignments`. The union rule: the
 * permission is granted when any held role grants it in a scope that covers the
 * resource; no role ever takes away what another grants. For a basic permission
 * (no resource type) the scope does not matter.
 *
 * @public
 */
export function decide(
  assignments: readonly RoleAssignment[],
  permission: AdpPermissionName,
  resource?: ResourceScope,
): Decision {
  const isResourcePermission = !!resourceTypeOf(permission);
  const grantedBy = assignments.filter(
    a =>
      effectivePermissions(a.role).has(permission) &&
      (!isResourcePermission || scopeCovers(a.scope, resource)),
  );
  return { allowed: grantedBy.length > 0, grantedBy };
}

/** Which scopes can contain a resource of each type. */
const SCOPES_CONTAINING: Record<AdpResourceType, Array<'programme' | 'project'>> = {
  'adp-alb': [],
  'adp-programme': ['programme'],
  'adp-programme-admin': ['programme'],
  'adp-project': ['programme', 'project'],
  'adp-project-member': ['programme', 'project'],
};

/**
 * What the policy answers when it has no resource in hand.
 *
 * @public
 */
export type ScopedGrant =
  | { result: 'allow' }
  | { result: 'deny' }
  | { result: 'conditional'; programmeIds: string[]; projectIds: string[] };

/**
 * The set of resources where `permission` is granted, as ids: the policy turns this
 * into a conditional decision that lists filter with in the database.
 *
 * @public
 */
export function scopedGrant(
  assignments: readonly RoleAssignment[],
  permission: AdpPermissionName,
): ScopedGrant {
  const resourceType = resourceTypeOf(permission);
  const granting = assignments.filter(a => effectivePermissions(a.role).has(permission));
  if (granting.length === 0) return { result: 'deny' };
  if (!resourceType || granting.some(a => isWideScope(a.scope))) {
    return { result: 'allow' };
  }
  const containing = SCOPES_CONTAINING[resourceType];
  const programmeIds = new Set<string>();
  const projectIds = new Set<string>();
  for (const a of granting) {
    if (a.scope.kind === 'programme' && containing.includes('programme')) {
      programmeIds.add(a.scope.programmeId);
    }
    if (a.scope.kind === 'project' && containing.includes('project')) {
      projectIds.add(a.scope.projectId);
    }
  }
  if (programmeIds.size === 0 && projectIds.size === 0) return { result: 'deny' };
  return {
    result: 'conditional',
    programmeIds: [...programmeIds].sort(),
    projectIds: [...projectIds].sort(),
  };
}
