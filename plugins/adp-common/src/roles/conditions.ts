import { PermissionCriteria, PermissionCondition } from '@backstage/plugin-permission-common';
import { AdpResourceType } from '../permissions';
import { ScopedGrant } from './evaluate';

/**
 * Names and parameters of the ADP permission rules. The backend registers rules under
 * these names (with `apply` and `toQuery`); the policy builds conditions with them.
 *
 * @public
 */
export const ADP_RULES = {
  isInProject: 'IS_IN_PROJECT',
  isInProgramme: 'IS_IN_PROGRAMME',
} as const;

// Type aliases, not interfaces: rule params must fit the framework's index signature.
/** @public */
export type IsInProjectParams = {
  projectIds: string[];
};
/** @public */
export type IsInProgrammeParams = {
  programmeIds: string[];
};

/**
 * Turns a scoped grant into permission criteria for one resource type.
 *
 * @public
 */
export function criteriaFor(
  resourceType: AdpResourceType,
  grant: Extract<ScopedGrant, { result: 'conditional' }>,
): PermissionCriteria<PermissionCondition> {
  const conditions: PermissionCondition[] = [];
  if (grant.projectIds.length > 0) {
    conditions.push({
      resourceType,
      rule: ADP_RULES.isInProject,
      params: { projectIds: grant.projectIds },
    });
  }
  if (grant.programmeIds.length > 0) {
    conditions.push({
      resourceType,
      rule: ADP_RULES.isInProgramme,
      params: { programmeIds: grant.programmeIds },
    });
  }
  return conditions.length === 1
    ? conditions[0]
    : { anyOf: conditions as [PermissionCondition, ...PermissionCondition[]] };
}
