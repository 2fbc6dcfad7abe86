import { updateUserProfileSchema, UserProfile, userProfileManagePermission, userRefSchema } from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { DeliveryDatabase } from '../database/stores';
import { actorRef, userRefOf } from './actor';
import { Authorizer } from './Authorizer';
import { DeliveryWriter } from './DeliveryWriter';
import { UserDirectory } from './UserDirectory';
import { fieldError, parse } from './validation';

/** What the portal knows about a user beyond the catalog; everyone may read, owners and ADP Admins edit. */
export class ProfileService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly writer: DeliveryWriter,
    private readonly authorizer: Authorizer,
    private readonly users: UserDirectory,
  ) {}

  async get(_credentials: BackstageCredentials, rawUserRef: string): Promise<UserProfile> {
    const userRef = parse(userRefSchema, rawUserRef);
    return (await this.db.read.profiles.get(userRef)) ?? (await this.fromCatalog(userRef));
  }

  private async fromCatalog(userRef: string): Promise<UserProfile> {
    const summary = (await this.users.summaries([userRef])).get(userRef);
    return {
      userRef,
      displayName: summary?.displayName ?? null,
      email: summary?.email ?? null,
      entraObjectId: null,
      githubHandle: null,
      employment: null,
      apprentice: false,
      lineManagerRef: null,
      lastActiveAt: null,
    };
  }

  async update(credentials: BackstageCredentials, rawUserRef: string, body: unknown): Promise<UserProfile> {
    const userRef = parse(userRefSchema, rawUserRef);
    const input = parse(updateUserProfileSchema, body);
    // Employment, apprenticeship and line manager decide who may sponsor and how far an
    // apprentice's production access goes: nobody sets them on their own profile.
    const personnelFacts = input.employment !== undefined || input.apprentice !== undefined || input.lineManagerRef !== undefined;
    if (personnelFacts && !(await this.authorizer.isAllowed(credentials, userProfileManagePermission))) {
      throw new NotAllowedError('Only ADP Admins can record employment, apprenticeship and line managers');
    }
    if (userRefOf(credentials)?.toLocaleLowerCase('en-US') !== userRef) {
      await this.authorizer.require(credentials, userProfileManagePermission);
    }
    if (input.lineManagerRef && input.lineManagerRef === userRef) {
      throw fieldError('lineManagerRef', 'Nobody is their own line manager');
    }
    const catalogDefaults = await this.fromCatalog(userRef);
    return this.writer.write(actorRef(credentials), async ({ stores, record }) => {
      const before = (await stores.profiles.get(userRef)) ?? null;
      const base = before ?? catalogDefaults;
      const after: UserProfile = {
        ...base,
        githubHandle: input.githubHandle !== undefined ? input.githubHandle : base.githubHandle,
        employment: input.employment !== undefined ? input.employment : base.employment,
        apprentice: input.apprentice ?? base.apprentice,
        lineManagerRef: input.lineManagerRef !== undefined ? input.lineManagerRef : base.lineManagerRef,
      };
      await stores.profiles.upsert(after);
      // A new GitHub handle changes the user's GitHub team memberships: provisioning must look.
      record({
        kind: 'user-profile', id: userRef, albId: null, programmeId: null, projectId: null,
        action: before ? 'updated' : 'created', before, after, reason: 'user-profile-updated',
      });
      return after;
    });
  }
}
