import {
  AdpPermissionName,
  adpPermissionsByName,
  criteriaFor,
  resourceTypeOf,
  scopedGrant,
} from '@adp-portal/plugin-adp-common';
import { PolicyDecision } from '@backstage/plugin-permission-common';
import { UserAccess } from '../UserAccess';
import { ALLOW, conditional, DENY } from './results';

/** The adp plugin's id: conditional decisions are evaluated by its registered rules. */
export const ADP_PLUGIN_ID = 'adp';

/**
 * ADP permissions: the union of the user's roles (see `scopedGrant`). A grant held
 * only in some programmes or projects becomes a condition the adp plugin applies to
 * the resource or turns into a database filter for lists.
 */
export function decideAdpPermission(name: string, access: UserAccess): PolicyDecision {
  if (!adpPermissionsByName.has(name)) return DENY;
  const permission = name as AdpPermissionName;
  const grant = scopedGrant(access.assignments, permission);
  switch (grant.result) {
    case 'allow':
      return ALLOW;
    case 'deny':
      return DENY;
    default: {
      // scopedGrant answers conditional only for resource permissions.
      const resourceType = resourceTypeOf(permission)!;
      return conditional(ADP_PLUGIN_ID, resourceType, criteriaFor(resourceType, grant));
    }
  }
}
