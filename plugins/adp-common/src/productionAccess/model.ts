import { UserSummary } from '../model/records';
import { LearningObjectiveId, ProductionLevelId } from '../roles/productionLevels';

/**
 * One request for a production level on one project, and — once approved — the grant
 * itself: pending → active → revoked, or pending → refused / withdrawn. A returning
 * user requests again (a new record), so every record tells one story in its history.
 *
 * @public
 */
export type ProductionAccessStatus = 'pending' | 'refused' | 'withdrawn' | 'active' | 'revoked';

/**
 * Why a grant ended (or a pending request was withdrawn by the portal).
 *
 * @public
 */
export type ProductionRevocationReason =
  /** No sign-in or portal activity for longer than the absence limit. */
  | 'inactivity'
  /** Removed from the project's team. */
  | 'left-team'
  /** Still on the team, but no longer a Technical Team Member. */
  | 'no-longer-technical'
  /** The Production Deploy grant it depends on ended. */
  | 'deploy-revoked'
  /** Revoked by a sponsor or an ADP Admin. */
  | 'revoked-by-sponsor'
  /** The requester withdrew a pending request. */
  | 'withdrawn-by-requester';

/**
 * One Production Admin learning objective, marked done by the requester.
 *
 * @public
 */
export interface LearningChecklistItem {
  objective: LearningObjectiveId;
  /** The day it was done, YYYY-MM-DD. */
  completedOn: string;
  note: string | null;
  evidenceUrl: string | null;
  /** Set when the sponsor confirms it on approval. */
  confirmedAt: string | null;
  confirmedBy: string | null;
}

/** @public */
export interface ProductionAccessRequest {
  id: string;
  projectId: string;
  userRef: string;
  level: ProductionLevelId;
  justification: string;
  status: ProductionAccessStatus;
  /** Production Admin only; empty otherwise. */
  checklist: LearningChecklistItem[];
  /** The requester was an apprentice when they asked: the line manager must approve first. */
  apprentice: boolean;
  lineManagerRef: string | null;
  lineManagerApprovedAt: string | null;
  lineManagerNote: string | null;
  /** Ids of the level's `sponsorShouldEnsure` items the sponsor confirmed. */
  sponsorConfirmations: string[];
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  grantedAt: string | null;
  lastRecertifiedAt: string | null;
  lastRecertifiedBy: string | null;
  endedAt: string | null;
  endedBy: string | null;
  endReason: ProductionRevocationReason | null;
  endNote: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  user?: UserSummary;
  project?: { id: string; name: string; title: string };
}

/**
 * An active grant as a sponsor reviews it.
 *
 * @public
 */
export interface ProductionAccessReview extends ProductionAccessRequest {
  /** The holder's last recorded sign-in or portal activity. */
  lastActiveAt: string | null;
  /** When the grant is revoked for absence unless the holder is active before then. */
  revokeForAbsenceAt: string;
  /** When the grant is due for recertification. */
  recertifyBy: string;
  recertificationDue: boolean;
}

/**
 * GET /production-access/mine
 *
 * @public
 */
export interface MyProductionAccess {
  requests: ProductionAccessRequest[];
  /** Projects where the caller is a Technical Team Member: where they may request. */
  eligibleProjects: Array<{ id: string; name: string; title: string }>;
  profile: { apprentice: boolean; lineManagerRef: string | null; employment: string | null };
}

/**
 * GET /production-access/queue: what awaits the caller's decision.
 *
 * @public
 */
export interface ProductionAccessQueue {
  /** Pending requests the caller may sponsor (never their own). */
  sponsor: ProductionAccessRequest[];
  /** Pending apprentice Production Admin requests where the caller is the line manager. */
  lineManager: ProductionAccessRequest[];
}
