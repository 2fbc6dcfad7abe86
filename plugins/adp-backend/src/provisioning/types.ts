/**
 * The external systems the reconcilers keep in line with the teams.
 *
 * @public
 */
export type ProvisioningSystem = 'github' | 'entra' | 'azure-devops' | 'sonarcloud';

/** @public */
export const PROVISIONING_SYSTEMS: ProvisioningSystem[] = [
  'github',
  'entra',
  'azure-devops',
  'sonarcloud',
];

/** What one reconcile covers: a project's groups, a programme's admin group, or the platform groups. */
export type ProvisioningTarget =
  | { kind: 'project'; id: string }
  | { kind: 'programme'; id: string }
  | { kind: 'platform'; id: 'platform' };

export function targetKey(t: ProvisioningTarget): string {
  return `${t.kind}:${t.id}`;
}

/** A user as the external systems know them. */
export interface UserIdentity {
  userRef: string;
  email: string | null;
  entraObjectId: string | null;
  /** The GitHub login as last stored; the id below decides, since logins can be renamed. */
  githubHandle: string | null;
  /** GitHub's numeric user id; absent for accounts typed by hand and not yet proven by sign-in. */
  githubUserId?: number | null;
}

export interface MemberState {
  user: UserIdentity;
  technical: boolean;
  admin: boolean;
}

export interface ProgrammeState {
  id: string;
  name: string;
  code: string;
  albName: string;
  archived: boolean;
  admins: UserIdentity[];
}

export interface ProjectState {
  id: string;
  name: string;
  alias: string | null;
  title: string;
  /** The project or its programme is archived: its groups are kept but emptied. */
  archived: boolean;
  adoProject: string | null;
  githubTeamVisibility: 'public' | 'private';
  programme: ProgrammeState;
  members: MemberState[];
  /** Holders of each production level (active grants of current Technical Team Members). */
  production: ProductionHolders;
}

export interface ProductionHolders {
  deploy: UserIdentity[];
  admin: UserIdentity[];
}

export interface PlatformState {
  admins: UserIdentity[];
  /** Namespaces and aliases of every project: the platform team is admin on all their repositories. */
  repositoryPrefixes: string[];
}

/** Everything the desired state of one target is derived from, read from the database. */
export interface DeliverySnapshot {
  projects: ProjectState[];
  programmes: ProgrammeState[];
  platform: PlatformState | null;
}

/** One change a reconciler would make (dry run) or made. */
export interface PlannedChange {
  system: ProvisioningSystem;
  /** e.g. create-group, add-member, remove-member, set-privacy, grant-repository. */
  action: string;
  /** The group, team or template it applies to, by name. */
  resource: string;
  /** The member, repository or permission concerned, when there is one. */
  subject?: string;
  /** Settings the change carries (privacy, permission, pattern...). */
  detail?: Record<string, string>;
}

/** What a plan found that it cannot act on (e.g. a user unknown to Entra). */
export interface PlanResult {
  changes: PlannedChange[];
  warnings: string[];
}

/** One external system: reads the actual state, diffs it with the desired state, applies the difference. */
export interface SystemReconciler {
  readonly system: ProvisioningSystem;
  isConfigured(): boolean;
  plan(snapshot: DeliverySnapshot): Promise<PlanResult>;
  apply(changes: PlannedChange[]): Promise<void>;
  /** What changed in the system since last asked, where it can say (Graph's delta query). */
  readonly changeFeed?: ChangeFeed;
}

/**
 * A system's own record of what changed (e.g. Graph's delta query): drift is looked for only in
 * the targets whose resources changed, instead of reading every resource.
 */
export interface ChangeFeed {
  /** Resource names changed since the last committed round; `all` when the feed cannot say. */
  changes(): Promise<{ all: boolean; names: Set<string>; commit(): Promise<void> }>;
  /** The names of the resources a target has in the system (to match the changes to targets). */
  resourcesOf(snapshot: DeliverySnapshot): string[];
}

export type ProvisioningStatusValue = 'in-sync' | 'pending' | 'failed' | 'not-configured';

export interface SystemStatus {
  system: ProvisioningSystem;
  status: ProvisioningStatusValue;
  lastError?: string;
  attempts?: number;
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  /** Things the last run could not do, e.g. users not found in Entra. */
  warnings?: string[];
}

/** Answer of GET /projects/:id/provisioning. */
export interface ProjectProvisioningStatus {
  systems: SystemStatus[];
}

/** Answer of GET /projects/:id/provisioning/plan. */
export interface ProjectProvisioningPlan {
  systems: Array<{
    system: ProvisioningSystem;
    configured: boolean;
    changes: PlannedChange[];
    warnings: string[];
    error?: string;
  }>;
}
