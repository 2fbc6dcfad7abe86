import {
  AdpRecordKind,
  ArmsLengthBody,
  DeliveryProgramme,
  DeliveryProject,
  PlatformRoleId,
  ProgrammeAdmin,
  ProjectMember,
} from '../model/records';
import { RoleId } from '../roles/definitions';
import { RoleAssignment } from '../roles/evaluate';

/**
 * A role the caller holds, with the record it is held on, for people to read.
 *
 * @public
 */
export interface ExplainedAssignment extends RoleAssignment {
  roleTitle: string;
  /** e.g. "project FCP Annual Compliance Data (fcp-acd)" or "the whole platform". */
  scopeTitle: string;
  /** Where the role comes from: team membership, programme admin, platform role, configured group. */
  source: 'membership' | 'programme-admin' | 'platform-role' | 'config-group' | 'identity' | 'service-account';
}

/** @public */
export interface AccessSummary {
  userRef: string;
  assignments: ExplainedAssignment[];
}

/**
 * Answer of GET /access/explain.
 *
 * @public
 */
export interface ExplainResponse {
  userRef: string;
  permission: string;
  resourceRef: string | null;
  allowed: boolean;
  /** The roles (with scope) that grant it; empty when denied. */
  grantedBy: ExplainedAssignment[];
  /** Why it was denied, for people; absent when allowed. */
  reason?: string;
}

/**
 * Published on the events service topic {@link ADP_CHANGES_TOPIC} after every committed write.
 *
 * @public
 */
export interface AdpChangeEvent {
  revision: number;
  changes: Array<{
    kind: AdpRecordKind;
    id: string;
    programmeId: string | null;
    projectId: string | null;
    albId: string | null;
  }>;
  /** Users whose roles may have changed: the policy drops their cached roles. */
  userRefs: string[];
}

/** @public */
export const ADP_CHANGES_TOPIC = 'adp.changes';

/**
 * One user's stored grants, as served to the policy's role index.
 *
 * @public
 */
export interface RoleIndexUser {
  userRef: string;
  platformRoles: PlatformRoleId[];
  programmeAdminOf: string[];
  projectMemberships: Array<{ projectId: string; programmeId: string; technical: boolean; admin: boolean }>;
}

/**
 * GET /internal/role-index: the whole index (optionally only some users).
 *
 * @public
 */
export interface RoleIndexSnapshot {
  revision: number;
  users: RoleIndexUser[];
  /** Principal subjects of registered service accounts. */
  serviceAccountSubjects: string[];
}

/**
 * GET /internal/role-index/changes?since=N
 *
 * @public
 */
export interface RoleIndexChanges {
  revision: number;
  /** Users changed since `since`; null when `since` is too old to tell: reload everything. */
  userRefs: string[] | null;
}

/**
 * GET /internal/catalog-source: what the catalog entity provider turns into Group entities.
 *
 * @public
 */
export interface CatalogSource {
  revision: number;
  albs: ArmsLengthBody[];
  programmes: Array<DeliveryProgramme & { admins: ProgrammeAdmin[] }>;
  projects: Array<DeliveryProject & { members: ProjectMember[] }>;
}

export type { RoleId };
