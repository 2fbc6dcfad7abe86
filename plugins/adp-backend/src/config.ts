import { Config } from '@backstage/config';
import { PlatformRoleGroups } from './service/AccessService';

/** `adp.platformRoles`: catalog groups whose members are ADP Admins / CCoE Engineers. */
export function readPlatformRoleGroups(config: Config): PlatformRoleGroups {
  const groups = (key: string) =>
    (config.getOptionalStringArray(`adp.platformRoles.${key}`) ?? []).map(g => g.toLocaleLowerCase('en-US'));
  return { adpAdminGroups: groups('adpAdminGroups'), ccoeEngineerGroups: groups('ccoeEngineerGroups') };
}
