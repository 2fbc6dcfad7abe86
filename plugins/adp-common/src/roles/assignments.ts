import { PlatformRoleId } from '../model/records';
import { RoleAssignment } from './evaluate';

/**
 * The stored facts that give a user roles.
 *
 * @public
 */
export interface UserGrants {
  /** False for a principal without a catalog identity: it gets nothing but sign-in. */
  hasCatalogIdentity: boolean;
  platformRoles: PlatformRoleId[];
  programmeAdminOf: string[];
  projectMemberships: Array<{
    projectId: string;
    programmeId: string;
    technical: boolean;
    admin: boolean;
  }>;
}

/**
 * Derives a user's role assignments from team membership and platform roles.
 *
 * @public
 */
export function assignmentsFor(grants: UserGrants): RoleAssignment[] {
  if (!grants.hasCatalogIdentity) return [];
  const result: RoleAssignment[] = [{ role: 'platform-user', scope: { kind: 'platform' } }];
  for (const role of new Set(grants.platformRoles)) {
    result.push({
      role,
      scope: role === 'ccoe-engineer' ? { kind: 'organisation' } : { kind: 'platform' },
    });
  }
  for (const programmeId of new Set(grants.programmeAdminOf)) {
    result.push({ role: 'delivery-programme-admin', scope: { kind: 'programme', programmeId } });
  }
  for (const m of grants.projectMemberships) {
    const scope = { kind: 'project' as const, projectId: m.projectId, programmeId: m.programmeId };
    result.push({ role: 'delivery-team-member', scope });
    if (m.technical) result.push({ role: 'technical-team-member', scope });
    if (m.admin) result.push({ role: 'delivery-team-admin', scope });
  }
  return result;
}

/**
 * The ADP Service Account role for an automation principal.
 *
 * @public
 */
export const SERVICE_ACCOUNT_ASSIGNMENTS: RoleAssignment[] = [
  { role: 'adp-service-account', scope: { kind: 'platform' } },
];
