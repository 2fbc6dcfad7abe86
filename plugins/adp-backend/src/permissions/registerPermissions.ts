import { adpPermissions, AdpResourceType } from '@adp-portal/plugin-adp-common';
import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { createConditionTransformer, ConditionTransformer } from '@backstage/plugin-permission-node';
import { AdpScopeQuery } from '../database/scopeFilter';
import { adpResourceRefs } from './resources';
import { isInProgrammeRule, isInProjectRule } from './rules';
import { ScopeResolver } from './ScopeResolver';

/**
 * Registers the ADP permissions, resource types and rules, and returns a condition
 * transformer per resource type so lists can turn conditional decisions into SQL.
 */
export function registerPermissions(
  registry: PermissionsRegistryService,
  resolver: ScopeResolver,
): Map<AdpResourceType, ConditionTransformer<AdpScopeQuery>> {
  registry.addPermissions(adpPermissions.filter(p => p.type === 'basic'));
  const transformers = new Map<AdpResourceType, ConditionTransformer<AdpScopeQuery>>();
  for (const resourceRef of adpResourceRefs) {
    const type = resourceRef.resourceType as AdpResourceType;
    registry.addResourceType({
      resourceRef,
      permissions: adpPermissions.filter(p => p.type === 'resource' && p.resourceType === type),
      rules: [isInProjectRule(type), isInProgrammeRule(type)],
      getResources: refs => resolver.resolve(type, refs),
    });
    transformers.set(type, createConditionTransformer(registry.getPermissionRuleset(resourceRef)));
  }
  return transformers;
}
