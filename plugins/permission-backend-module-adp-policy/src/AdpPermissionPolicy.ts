import { PolicyDecision } from '@backstage/plugin-permission-common';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { decideAdpPermission } from './decisions/adp';
import { decideCatalogPermission } from './decisions/catalog';
import { ALLOW, DENY } from './decisions/results';
import { decideScaffolderPermission } from './decisions/scaffolder';
import { UserAccess, UserAccessResolver } from './UserAccess';

/**
 * Anything outside ADP, the catalog and the scaffolder: ADP Admins do everything,
 * other users read (the portal is open to every Platform User) and change nothing.
 */
function decideOtherPermission(query: PolicyQuery, access: UserAccess): PolicyDecision {
  if (access.isAdpAdmin) return ALLOW;
  return query.permission.attributes.action === 'read' ? ALLOW : DENY;
}

/**
 * The ADP role model as the portal's permission policy. Decides from memory only
 * (no catalog, database or HTTP call per decision, except one catalog lookup for a user
 * the in-memory set of catalog users does not hold yet); a user without a catalog
 * identity is denied everything.
 *
 * @public
 */
export class AdpPermissionPolicy implements PermissionPolicy {
  constructor(private readonly users: UserAccessResolver) {}

  async handle(query: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    await this.users.prepare(user);
    return this.decide(query, user);
  }

  /** The synchronous core of `handle`, for the benchmark. */
  decide(query: PolicyQuery, user?: PolicyQueryUser): PolicyDecision {
    const access = this.users.resolve(user);
    if (!access) return DENY;
    const name = query.permission.name;
    if (name.startsWith('adp.')) return decideAdpPermission(name, access);
    if (name.startsWith('catalog.')) return decideCatalogPermission(name, access);
    if (name.startsWith('scaffolder.')) return decideScaffolderPermission(name, access);
    return decideOtherPermission(query, access);
  }
}
