import { AdpConfigError, normalizeGroupRefs } from '@adp-portal/plugin-adp-common';
import { Config } from '@backstage/config';

/** Everything the policy reads from configuration. */
export interface PolicyConfig {
  adpAdminGroups: string[];
  ccoeEngineerGroups: string[];
  refreshIntervalSeconds: number;
  catalogUsersRefreshIntervalSeconds: number;
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new AdpConfigError(key, `must be a positive number, got ${value}`);
  }
  return value;
}

/**
 * Reads `adp.platformRoles` and `adp.policy`. Absent keys take their defaults; a value that is
 * present but wrong stops startup with an error naming the key.
 */
export function readPolicyConfig(config: Config): PolicyConfig {
  const groups = (key: string) => normalizeGroupRefs(key, config.getOptionalStringArray(key) ?? []);
  return {
    // Refs are compared with the token's ownership refs, which are lower case.
    adpAdminGroups: groups('adp.platformRoles.adpAdminGroups'),
    ccoeEngineerGroups: groups('adp.platformRoles.ccoeEngineerGroups'),
    refreshIntervalSeconds: positive(config, 'adp.policy.refreshIntervalSeconds', 5),
    catalogUsersRefreshIntervalSeconds: positive(config, 'adp.policy.catalogUsersRefreshIntervalSeconds', 60),
  };
}
