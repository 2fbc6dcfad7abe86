import {
  AdpPermissionName,
  AdpResourceType,
  assignmentsFor,
  criteriaFor,
  decide,
  PlatformRoleId,
  resourceTypeOf,
  scopedGrant,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { TeamStore } from '../../database/TeamStore';
import { PlatformRoleStore } from '../../database/PlatformRoleStore';
import { ScopeResolver } from '../../permissions/ScopeResolver';

/**
 * A permission service that decides like the ADP policy: the caller's stored roles (team
 * rows, platform roles, configured groups) evaluated with adp-common's decide() and
 * scopedGrant(), which the policy module's consistency test proves the policy agrees with.
 */
export function rolePermissions(adminGroupMembers: string[]) {
  return (knex: Knex): PermissionsService => {
    const teams = new TeamStore(knex);
    const platformRoles = new PlatformRoleStore(knex);
    const scopes = new ScopeResolver(knex);
    const assignments = async (credentials: BackstageCredentials) => {
      const userRef = (credentials.principal as { userEntityRef?: string }).userEntityRef?.toLocaleLowerCase('en-US');
      if (!userRef) return [];
      const [{ admins, members }, stored] = await Promise.all([teams.grantRows([userRef]), platformRoles.list([userRef])]);
      const roles = new Set<PlatformRoleId>(stored.map(r => r.role));
      if (adminGroupMembers.includes(userRef)) roles.add('adp-admin');
      return assignmentsFor({
        hasCatalogIdentity: true,
        platformRoles: [...roles],
        programmeAdminOf: admins.map(a => a.programme_id),
        projectMemberships: members,
      });
    };
    return {
      async authorize(requests, options) {
        const held = await assignments(options.credentials);
        return Promise.all(
          requests.map(async r => {
            const name = r.permission.name as AdpPermissionName;
            const type = resourceTypeOf(name);
            const ref = (r as { resourceRef?: string }).resourceRef;
            const scope = type && ref ? (await scopes.resolve(type, [ref]))[0] : undefined;
            if (type && !scope) return { result: AuthorizeResult.DENY };
            return { result: decide(held, name, scope ?? undefined).allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
          }),
        ) as any;
      },
      async authorizeConditional(requests, options) {
        const held = await assignments(options.credentials);
        return requests.map(r => {
          const name = r.permission.name as AdpPermissionName;
          const grant = scopedGrant(held, name);
          if (grant.result !== 'conditional') return { result: grant.result === 'allow' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
          const resourceType = resourceTypeOf(name) as AdpResourceType;
          return { result: AuthorizeResult.CONDITIONAL, pluginId: 'adp', resourceType, conditions: criteriaFor(resourceType, grant) };
        }) as any;
      },
    };
  };
}
