import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';

export const ALLOW: PolicyDecision = Object.freeze({ result: AuthorizeResult.ALLOW });
export const DENY: PolicyDecision = Object.freeze({ result: AuthorizeResult.DENY });

export const allowIf = (condition: boolean): PolicyDecision => (condition ? ALLOW : DENY);

export function conditional(
  pluginId: string,
  resourceType: string,
  conditions: PermissionCriteria<PermissionCondition>,
): PolicyDecision {
  return { result: AuthorizeResult.CONDITIONAL, pluginId, resourceType, conditions };
}
