import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * A configuration value that is present but wrong. Thrown while a plugin starts, naming the
 * key, so that the backend stops instead of running with a setting it does not understand.
 *
 * @public
 */
export class AdpConfigError extends Error {
  /** The full key, e.g. `adp.platformRoles.adpAdminGroups`. */
  readonly key: string;

  constructor(key: string, message: string) {
    super(`Invalid configuration ${key}: ${message}`);
    this.name = 'AdpConfigError';
    this.key = key;
  }
}

/**
 * Group entity refs from a configuration list such as `adp.platformRoles.adpAdminGroups`, in
 * the form the token's ownership refs have: `adp-platform-engineers`,
 * `default/adp-platform-engineers` and `group:default/adp-platform-engineers` all become
 * `group:default/adp-platform-engineers` (lower case). Anything else, a user ref for example,
 * is an {@link AdpConfigError} naming `key`.
 *
 * @public
 */
export function normalizeGroupRefs(key: string, refs: readonly string[]): string[] {
  return refs.map(ref => {
    let parsed;
    try {
      parsed = parseEntityRef(ref.trim(), { defaultKind: 'group', defaultNamespace: 'default' });
    } catch {
      throw new AdpConfigError(key, `"${ref}" is not an entity ref like group:default/adp-platform-engineers`);
    }
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new AdpConfigError(key, `"${ref}" is a ${parsed.kind}, not a group: only members of groups hold platform roles`);
    }
    return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
  });
}
