import {
  AdpPermissionName,
  assignmentsFor,
  buildPermissionMatrix,
  decide,
  PlatformRoleId,
  ResourceScope,
  resourceTypeOf,
  RoleAssignment,
  scopeCovers,
} from '@adp-portal/plugin-adp-common';
import { OWNERSHIP, Persona, ref } from './personas';
import { Dump } from './dump';
import { PLATFORM_ROLE_GROUPS } from './portal';

/*
 * The oracle of the end-to-end suites: what a persona may do, computed from the stored
 * facts (a dump of the adp tables) and the permission matrix generated from the role
 * definitions. It shares nothing with the policy under test but the role definitions:
 * the policy answers from its role index through scopedGrant and conditional decisions
 * the adp plugin applies; the oracle reads the matrix row and checks scopes itself.
 */

const MATRIX = buildPermissionMatrix();
const PORTAL_ROWS = new Map(MATRIX.rows.filter(r => r.kind === 'portal').map(r => [r.key, r]));

const truthy = (v: unknown) => v === true || v === 1 || v === '1' || v === 't' || v === 'true';

/** A persona's role assignments as the stored rows and the configured groups give them. */
export function assignmentsOf(dump: Dump, persona: Persona): RoleAssignment[] {
  const userRef = ref(persona);
  const ownership = new Set(OWNERSHIP[persona]);
  const platformRoles = dump.platform_role_assignments
    .filter(r => r.user_ref === userRef)
    .map(r => r.role as PlatformRoleId);
  if (PLATFORM_ROLE_GROUPS.adpAdminGroups.some(g => ownership.has(g))) platformRoles.push('adp-admin');
  if (PLATFORM_ROLE_GROUPS.ccoeEngineerGroups.some(g => ownership.has(g))) platformRoles.push('ccoe-engineer');
  const programmeOf = new Map(dump.projects.map(p => [p.id as string, p.programme_id as string]));
  return assignmentsFor({
    hasCatalogIdentity: true,
    platformRoles,
    programmeAdminOf: dump.programme_admins.filter(a => a.user_ref === userRef).map(a => a.programme_id as string),
    projectMemberships: dump.project_members
      .filter(m => m.user_ref === userRef)
      .map(m => ({
        projectId: m.project_id as string,
        programmeId: programmeOf.get(m.project_id as string)!,
        technical: truthy(m.technical),
        admin: truthy(m.admin),
      })),
  });
}

/**
 * Whether the assignments grant the permission on a resource: some held role has the
 * permission in the matrix and its scope covers the resource (any scope for a basic
 * permission). Cross-checked against `decide`, the evaluation the explain API uses.
 */
export function matrixAllows(assignments: readonly RoleAssignment[], permission: AdpPermissionName, resource?: ResourceScope): boolean {
  const row = PORTAL_ROWS.get(permission);
  if (!row) throw new Error(`The permission matrix has no row for ${permission}`);
  const isResourcePermission = !!resourceTypeOf(permission);
  if (isResourcePermission && !resource) throw new Error(`${permission} is a resource permission: the oracle needs the resource`);
  const allowed = assignments.some(a => row.grants[a.role] !== null && (!isResourcePermission || scopeCovers(a.scope, resource)));
  const decided = decide(assignments, permission, resource).allowed;
  if (allowed !== decided) throw new Error(`The matrix and decide() disagree on ${permission} for ${JSON.stringify(resource)}`);
  return allowed;
}

/** Where a stored record sits in the delivery tree, read from a dump. */
export function scopeOf(dump: Dump, kind: 'alb' | 'programme' | 'project' | 'member' | 'admin', id: string): ResourceScope | undefined {
  const find = (table: string) => dump[table].find(r => r.id === id);
  switch (kind) {
    case 'alb':
      return find('albs') ? {} : undefined;
    case 'programme':
      return find('programmes') ? { programmeId: id } : undefined;
    case 'admin': {
      const a = find('programme_admins');
      return a ? { programmeId: a.programme_id as string } : undefined;
    }
    case 'project': {
      const p = find('projects');
      return p ? { programmeId: p.programme_id as string, projectId: id } : undefined;
    }
    case 'member': {
      const m = find('project_members');
      return m ? scopeOf(dump, 'project', m.project_id as string) : undefined;
    }
    default:
      return undefined;
  }
}
