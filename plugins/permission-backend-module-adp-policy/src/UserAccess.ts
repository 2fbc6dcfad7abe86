import { RoleAssignment } from '@adp-portal/plugin-adp-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { CatalogUserDirectory } from './CatalogUserDirectory';
import { RoleIndex } from './RoleIndex';

/**
 * What the policy knows about one signed-in user with a catalog identity.
 *
 * @public
 */
export interface UserAccess {
  userRef: string;
  ownershipEntityRefs: readonly string[];
  /** Every role held, Platform User first: the union of these is the user's access. */
  assignments: readonly RoleAssignment[];
  isAdpAdmin: boolean;
  /** Projects where the user is a Technical Team Member. */
  technicalProjectIds: readonly string[];
  /** Programmes the user administers (Delivery Programme Admin). */
  programmeAdminIds: readonly string[];
}

const PLATFORM_USER: RoleAssignment = { role: 'platform-user', scope: { kind: 'platform' } };
const ADP_ADMIN: RoleAssignment = { role: 'adp-admin', scope: { kind: 'platform' } };
const CCOE_ENGINEER: RoleAssignment = { role: 'ccoe-engineer', scope: { kind: 'organisation' } };

/**
 * Platform roles held through membership of configured catalog groups.
 *
 * @public
 */
export interface PlatformRoleGroups {
  adpAdminGroups: readonly string[];
  ccoeEngineerGroups: readonly string[];
}

/**
 * Builds a user's access from memory only: the catalog user directory (identity),
 * the role index (stored roles) and the token's ownership refs (configured groups).
 *
 * @public
 */
export class UserAccessResolver {
  private readonly adminGroups: ReadonlySet<string>;
  private readonly ccoeGroups: ReadonlySet<string>;

  constructor(
    private readonly roleIndex: RoleIndex,
    private readonly directory: CatalogUserDirectory,
    groups: PlatformRoleGroups,
  ) {
    this.adminGroups = new Set(groups.adpAdminGroups);
    this.ccoeGroups = new Set(groups.ccoeEngineerGroups);
  }

  /**
   * Asks the catalog about the user when the directory does not know them yet, so that
   * `resolve` (memory only) decides correctly from a freshly started portal's first request.
   */
  async prepare(user: PolicyQueryUser | undefined): Promise<void> {
    if (user) await this.directory.confirm(user.info.userEntityRef);
  }

  /** Undefined when there is no user or the user has no (confirmed) catalog identity. */
  resolve(user: PolicyQueryUser | undefined): UserAccess | undefined {
    // The permission backend passes a user only for user principals.
    if (!user) return undefined;
    // `info` is what the permission backend already resolved for this request; asking
    // the userInfo service again would cost a second token decode per decision.
    const { userEntityRef, ownershipEntityRefs } = user.info;
    // The token alone is not enough: the guest provider, for one, issues tokens that own
    // their own ref for a user the catalog does not have.
    if (!this.directory.has(userEntityRef)) return undefined;

    const assignments: RoleAssignment[] = [PLATFORM_USER];
    const viaGroup = (groups: ReadonlySet<string>) =>
      groups.size > 0 && ownershipEntityRefs.some(ref => groups.has(ref));
    if (viaGroup(this.adminGroups)) assignments.push(ADP_ADMIN);
    if (viaGroup(this.ccoeGroups)) assignments.push(CCOE_ENGINEER);
    const stored = this.roleIndex.assignmentsOf(userEntityRef);
    if (stored) assignments.push(...stored);

    const technicalProjectIds: string[] = [];
    const programmeAdminIds: string[] = [];
    let isAdpAdmin = false;
    for (const a of assignments) {
      if (a.role === 'adp-admin') isAdpAdmin = true;
      else if (a.role === 'technical-team-member' && a.scope.kind === 'project') {
        technicalProjectIds.push(a.scope.projectId);
      } else if (a.role === 'delivery-programme-admin' && a.scope.kind === 'programme') {
        programmeAdminIds.push(a.scope.programmeId);
      }
    }
    return { userRef: userEntityRef, ownershipEntityRefs, assignments, isAdpAdmin, technicalProjectIds, programmeAdminIds };
  }
}
