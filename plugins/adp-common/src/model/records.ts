/**
 * Who created and last changed a record, and when (ISO 8601).
 *
 * @public
 */
export interface AuditStamp {
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * An Arms Length Body: the top of the delivery tree (e.g. Rural Payments Agency).
 *
 * @public
 */
export interface ArmsLengthBody extends AuditStamp {
  id: string;
  /** Slug, unique and immutable: it names catalog entities and external groups. */
  name: string;
  title: string;
  alias: string | null;
  description: string;
  url: string | null;
}

/**
 * A Delivery Programme, held by one ALB.
 *
 * @public
 */
export interface DeliveryProgramme extends AuditStamp {
  id: string;
  albId: string;
  name: string;
  title: string;
  /** 3–4 letters, unique regardless of case; stored upper case. */
  code: string;
  alias: string | null;
  description: string;
  url: string | null;
  /** Archived programmes are read-only and leave the catalog. */
  archivedAt: string | null;
}

/**
 * A programme as the programme list returns it: with the number of its projects, so that a
 * page showing many programmes needs no request per programme.
 *
 * @public
 */
export interface DeliveryProgrammeListItem extends DeliveryProgramme {
  /** Projects of the programme that are not archived. */
  projectCount: number;
}

/** @public */
export type GithubTeamVisibility = 'public' | 'private';
/** @public */
export type TeamType = 'delivery' | 'platform';

/**
 * A Delivery Project, held by one programme.
 *
 * @public
 */
export interface DeliveryProject extends AuditStamp {
  id: string;
  programmeId: string;
  /** Namespace: slug of `{programme code}-{title}`, unique and immutable. */
  name: string;
  title: string;
  alias: string | null;
  description: string;
  adoProject: string | null;
  githubTeamVisibility: GithubTeamVisibility;
  teamType: TeamType;
  serviceCode: string | null;
  costCentre: string | null;
  /** Business service owner's email. */
  serviceOwner: string | null;
  archivedAt: string | null;
}

/**
 * A user who administers a programme (Delivery Programme Admin).
 *
 * @public
 */
export interface ProgrammeAdmin {
  id: string;
  programmeId: string;
  userRef: string;
  createdAt: string;
  createdBy: string;
  user?: UserSummary;
}

/**
 * A user on a project's team. Every row is a Delivery Team Member; the flags add
 * Technical Team Member and Delivery Team Admin. One row per user per project.
 *
 * @public
 */
export interface ProjectMember extends AuditStamp {
  id: string;
  projectId: string;
  userRef: string;
  technical: boolean;
  admin: boolean;
  /** The day the membership is removed (YYYY-MM-DD, at the start of that day, UTC); null or absent: no end. */
  endsAt?: string | null;
  user?: UserSummary;
}

/** @public */
export type JoinRequestStatus = 'pending' | 'approved' | 'refused';

/**
 * A person's request to join a project team, decided by the project's team admins.
 *
 * @public
 */
export interface TeamJoinRequest extends AuditStamp {
  id: string;
  projectId: string;
  userRef: string;
  reason: string;
  status: JoinRequestStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  user?: UserSummary;
}

/** @public */
export type EmploymentType = 'civil-servant' | 'contractor';

/**
 * What the portal knows about a catalog User beyond the catalog itself.
 *
 * @public
 */
export interface UserProfile {
  userRef: string;
  displayName: string | null;
  email: string | null;
  entraObjectId: string | null;
  /** The login of the linked GitHub account, as last seen; logins can be renamed. */
  githubHandle: string | null;
  /** GitHub's numeric user id of the linked account: what provisioning keys on. */
  githubUserId: number | null;
  /**
   * True when the person linked the account by signing in to GitHub; false when it was set by
   * hand (by the person or an ADP Admin) or kept from before linking existed.
   */
  githubVerified: boolean;
  employment: EmploymentType | null;
  apprentice: boolean;
  lineManagerRef: string | null;
  lastActiveAt: string | null;
}

/** @public */
export type UserSummary = Pick<
  UserProfile,
  'userRef' | 'displayName' | 'email' | 'githubHandle'
> &
  Partial<Pick<UserProfile, 'githubVerified'>>;

/**
 * Platform-wide roles that are held by assignment rather than team membership.
 *
 * @public
 */
export type PlatformRoleId = 'adp-admin' | 'ccoe-engineer';

/** @public */
export interface PlatformRoleAssignment {
  id: string;
  userRef: string;
  role: PlatformRoleId;
  /** `store` when assigned in the portal, `config` when from a configured group. */
  source: 'store' | 'config';
  createdAt: string;
  createdBy: string;
}

/**
 * A named automation principal (the ADP Service Account role).
 *
 * @public
 */
export interface ServiceAccount {
  id: string;
  name: string;
  description: string;
  /** The Backstage principal subject it authenticates as, e.g. `external:adp-automation`. */
  subject: string;
  createdAt: string;
  createdBy: string;
}

/** @public */
export type AdpRecordKind =
  | 'alb'
  | 'programme'
  | 'project'
  | 'programme-admin'
  | 'project-member'
  | 'platform-role'
  | 'service-account'
  | 'user-profile'
  | 'production-access'
  | 'join-request';

/**
 * One change to one record, as kept in the history table.
 *
 * @public
 */
export interface HistoryEntry {
  id: number;
  recordKind: AdpRecordKind;
  recordId: string;
  /** The programme / project the record belonged to, so a programme's history includes its teams. */
  programmeId: string | null;
  projectId: string | null;
  action: 'created' | 'updated' | 'archived' | 'restored' | 'deleted';
  actorRef: string;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** @public */
export interface Page<T> {
  items: T[];
  totalCount: number;
  offset: number;
  limit: number;
}
