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
  // Read untyped: `config:check` without --strict lets a string through, and the reader's
  // own type error would not say what the key needs.
  const raw = config.getOptional(key) ?? fallback;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new AdpConfigError(key, `must be a positive number, got ${JSON.stringify(raw)}`);
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
