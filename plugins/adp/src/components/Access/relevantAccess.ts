import {
  AdpPermissionName,
  ExplainedAssignment,
  ROLE_DEFINITIONS,
  ROLE_IDS,
  effectivePermissions,
  AdpEntityRecord,
} from '@adp-portal/plugin-adp-common';

/** The permissions worth explaining on each kind of record. */
export const RECORD_PERMISSIONS: Record<
  AdpEntityRecord['kind'],
  AdpPermissionName[]
> = {
  programme: [
    'adp.programme.update',
    'adp.programme.archive',
    'adp.programmeAdmin.create',
    'adp.project.create',
  ],
  project: [
    'adp.project.update',
    'adp.project.archive',
    'adp.projectMember.create',
    'adp.project.createService',
    'adp.provisioning.retry',
  ],
};

/** The viewer's roles whose scope covers the record (platform-wide roles always do). */
export function assignmentsCovering(
  assignments: ExplainedAssignment[],
  where: { programmeId: string; projectId?: string },
): ExplainedAssignment[] {
  return assignments.filter(a => {
    switch (a.scope.kind) {
      case 'platform':
      case 'organisation':
        return true;
      case 'programme':
        return a.scope.programmeId === where.programmeId;
      case 'project':
        return !!where.projectId && a.scope.projectId === where.projectId;
      default:
        return false;
    }
  });
}

/**
 * The roles a person could hold to be allowed `permission` ("Delivery Programme Admin or ADP
 * Admin"): what to ask for when something is not allowed. The service account is not a person's role.
 */
export function rolesGranting(permission: AdpPermissionName): string {
  const titles = ROLE_IDS.filter(
    r => r !== 'adp-service-account' && effectivePermissions(r).has(permission),
  ).map(r => ROLE_DEFINITIONS[r].title);
  return titles.length > 1
    ? `${titles.slice(0, -1).join(', ')} or ${titles[titles.length - 1]}`
    : titles[0] ?? '';
}
