import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** A user the role model makes an ADP Admin through a catalog group, with the catalog's email. */
export interface GroupAdmin {
  userRef: string;
  email: string | null;
}

/**
 * The direct members of `adp.platformRoles.adpAdminGroups`, read from the catalog: the same
 * relation the permission policy and the access API use to make them ADP Admins. A failed read
 * throws, so the platform target is retried rather than reconciled as if nobody held the role.
 */
export function catalogAdminGroupMembers(catalog: CatalogService, auth: AuthService, groups: string[]): () => Promise<GroupAdmin[]> {
  return async () => {
    if (!groups.length) return [];
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'user', 'relations.memberOf': groups },
        fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.profile.email'],
      },
      { credentials },
    );
    return items.map(e => ({
      userRef: stringifyEntityRef(e).toLocaleLowerCase('en-US'),
      email: ((e.spec?.profile as { email?: string } | undefined)?.email ?? null) || null,
    }));
  };
}
