import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Everything the policy reads from configuration. */
export interface PolicyConfig {
  adpAdminGroups: string[];
  ccoeEngineerGroups: string[];
  refreshIntervalSeconds: number;
  catalogUsersRefreshIntervalSeconds: number;
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new InputError(`${key} must be a positive number, got ${value}`);
  }
  return value;
}

export function readPolicyConfig(config: Config): PolicyConfig {
  return {
    // Refs are compared with the token's ownership refs, which are lower case.
    adpAdminGroups: (config.getOptionalStringArray('adp.platformRoles.adpAdminGroups') ?? []).map(r => r.toLocaleLowerCase('en-US')),
    ccoeEngineerGroups: (config.getOptionalStringArray('adp.platformRoles.ccoeEngineerGroups') ?? []).map(r => r.toLocaleLowerCase('en-US')),
    refreshIntervalSeconds: positive(config, 'adp.policy.refreshIntervalSeconds', 5),
    catalogUsersRefreshIntervalSeconds: positive(config, 'adp.policy.catalogUsersRefreshIntervalSeconds', 60),
  };
}
