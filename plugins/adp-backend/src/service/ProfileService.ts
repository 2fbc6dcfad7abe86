import {
  linkGithubAccountSchema,
  updateUserProfileSchema,
  UserProfile,
  userProfileManagePermission,
  userRefSchema,
} from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { DeliveryDatabase, Stores } from '../database/stores';
import { actorRef, userRefOf } from './actor';
import { Authorizer } from './Authorizer';
import { DeliveryWriter } from './DeliveryWriter';
import { GithubAccount, GithubAccounts } from './GithubAccounts';
import { UserDirectory } from './UserDirectory';
import { fieldError, parse } from './validation';

/** What the portal knows about a user beyond the catalog; everyone may read, owners and ADP Admins edit. */
export class ProfileService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly writer: DeliveryWriter,
    private readonly authorizer: Authorizer,
    private readonly users: UserDirectory,
    /** Where GitHub sign-in is configured: verifies the account a person links. */
    private readonly githubAccounts?: GithubAccounts,
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
      githubUserId: null,
      githubVerified: false,
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
      const github = input.githubHandle !== undefined ? await this.typedGithub(stores, userRef, base, input.githubHandle) : {};
      const after: UserProfile = {
        ...base,
        ...github,
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

  /**
   * An account typed by hand (by the person or an ADP Admin): stored unverified and without an
   * id until the person signs in to GitHub. Retyping the same login keeps what is known.
   */
  private async typedGithub(stores: Stores, userRef: string, base: UserProfile, login: string | null): Promise<Partial<UserProfile>> {
    if (login === null) return { githubHandle: null, githubUserId: null, githubVerified: false };
    if (base.githubHandle?.toLocaleLowerCase('en-US') === login.toLocaleLowerCase('en-US')) return {};
    const owner = await stores.profiles.findByGithub({ login });
    if (owner && owner.userRef !== userRef && owner.githubVerified) {
      throw new ConflictError(`The GitHub account ${login} is linked to ${owner.displayName ?? owner.userRef}, who proved it by signing in to GitHub`);
    }
    return { githubHandle: login, githubUserId: null, githubVerified: false };
  }

  /**
   * Links the caller's own GitHub account: the access token of their GitHub sign-in is shown to
   * GitHub, and the id and login GitHub answers are stored as verified.
   */
  async linkGithub(credentials: BackstageCredentials, rawUserRef: string, body: unknown): Promise<UserProfile> {
    const userRef = parse(userRefSchema, rawUserRef);
    const { accessToken } = parse(linkGithubAccountSchema, body);
    if (userRefOf(credentials)?.toLocaleLowerCase('en-US') !== userRef) {
      throw new NotAllowedError('A GitHub account is linked by its owner: only you can link yours, by signing in to GitHub');
    }
    if (!this.githubAccounts) {
      throw new InputError('GitHub sign-in is not configured here; ask an ADP Admin to record your GitHub account');
    }
    const account = await this.githubAccounts.ownerOf(accessToken);
    const catalogDefaults = await this.fromCatalog(userRef);
    return this.writer.write(actorRef(credentials), async ({ stores, record }) => {
      await this.refuseLinkedElsewhere(stores, userRef, account);
      const before = (await stores.profiles.get(userRef)) ?? null;
      const after: UserProfile = {
        ...(before ?? catalogDefaults),
        githubHandle: account.login,
        githubUserId: account.id,
        githubVerified: true,
      };
      await stores.profiles.upsert(after);
      // The person's GitHub team memberships follow the new account: provisioning looks.
      record({
        kind: 'user-profile', id: userRef, albId: null, programmeId: null, projectId: null,
        action: before ? 'updated' : 'created', before, after, reason: 'github-account-linked',
      });
      return after;
    });
  }

  /** One GitHub account, one person: an account proven by someone else is theirs. */
  private async refuseLinkedElsewhere(stores: Stores, userRef: string, account: GithubAccount): Promise<void> {
    const owner = (await stores.profiles.findByGithub({ id: account.id })) ?? (await stores.profiles.findByGithub({ login: account.login }));
    if (owner && owner.userRef !== userRef && (owner.githubVerified || owner.githubUserId === account.id)) {
      throw new ConflictError(`The GitHub account ${account.login} is already linked to ${owner.displayName ?? owner.userRef}`);
    }
  }
}
