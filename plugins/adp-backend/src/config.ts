import { normalizeGroupRefs } from '@adp-portal/plugin-adp-common';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PlatformRoleGroups } from './service/AccessService';

/**
 * `adp.platformRoles`: catalog groups whose members are ADP Admins / CCoE Engineers, as
 * lower-case group refs. A ref that is not a group stops startup, naming the key.
 */
export function readPlatformRoleGroups(config: Config): PlatformRoleGroups {
  const groups = (name: string) => {
    const key = `adp.platformRoles.${name}`;
    return normalizeGroupRefs(key, config.getOptionalStringArray(key) ?? []);
  };
  return { adpAdminGroups: groups('adpAdminGroups'), ccoeEngineerGroups: groups('ccoeEngineerGroups') };
}

/** `adp.productionAccess.revocationIntervalMinutes`: how often absent holders are revoked. Default 60. */
export function readRevocationIntervalMinutes(config: Config): number {
  const key = 'adp.productionAccess.revocationIntervalMinutes';
  const value = config.getOptionalNumber(key) ?? 60;
  if (!Number.isFinite(value) || value <= 0) throw new InputError(`Invalid configuration ${key}: must be a positive number, got ${value}`);
  return value;
}

/**
 * `adp.notifications.provisioningFailureMinutes`: how long a project's provisioning fails in a
 * system before its team admins are told (once per failure episode). Default 60.
 */
export function readProvisioningFailureMinutes(config: Config): number {
  const key = 'adp.notifications.provisioningFailureMinutes';
  const value = config.getOptionalNumber(key) ?? 60;
  if (!Number.isFinite(value) || value <= 0) throw new InputError(`Invalid configuration ${key}: must be a positive number, got ${value}`);
  return value;
}

/**
 * `backend.auth.externalAccess`: an external token whose subject reads like a plugin's
 * (`plugin:permission`) would be taken for that plugin's own credentials, and the internal
 * endpoints answer plugins by subject (the role index lists every person's grants). Such a
 * subject stops startup, naming the key.
 */
export function assertExternalAccessSubjects(config: Config): void {
  const entries = config.getOptionalConfigArray('backend.auth.externalAccess') ?? [];
  entries.forEach((entry, i) => {
    const key = `backend.auth.externalAccess[${i}].options.subject`;
    const subject = entry.getOptionalConfig('options')?.getOptionalString('subject');
    if (subject?.startsWith('plugin:')) {
      throw new InputError(
        `Invalid configuration ${key}: "${subject}" would pass for the ${subject.slice('plugin:'.length)} plugin's own credentials; name an external caller without the plugin: prefix`,
      );
    }
  });
}
