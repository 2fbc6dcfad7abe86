import {
  ArmsLengthBody,
  DeliveryProgramme,
  DeliveryProject,
  HistoryEntry,
  PlatformRoleAssignment,
  ProgrammeAdmin,
  ProjectMember,
  ServiceAccount,
  UserProfile,
  UserSummary,
} from '@adp-portal/plugin-adp-common';

/* Row <-> record mapping: the only place that knows column names. */

type Row = Record<string, any>;

const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';

const stamp = (r: Row) => ({
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export const albFromRow = (r: Row): ArmsLengthBody => ({
  id: r.id,
  name: r.name,
  title: r.title,
  alias: r.alias ?? null,
  description: r.description,
  url: r.url ?? null,
  ...stamp(r),
});

export const albToRow = (a: ArmsLengthBody): Row => ({
  id: a.id,
  name: a.name,
  title: a.title,
  title_key: a.title.toLowerCase(),
  alias: a.alias,
  description: a.description,
  url: a.url,
  created_at: a.createdAt,
  created_by: a.createdBy,
  updated_at: a.updatedAt,
  updated_by: a.updatedBy,
});

export const programmeFromRow = (r: Row): DeliveryProgramme => ({
  id: r.id,
  albId: r.alb_id,
  name: r.name,
  title: r.title,
  code: r.code,
  alias: r.alias ?? null,
  description: r.description,
  url: r.url ?? null,
  archivedAt: r.archived_at ?? null,
  ...stamp(r),
});

export const programmeToRow = (p: DeliveryProgramme): Row => ({
  id: p.id,
  alb_id: p.albId,
  name: p.name,
  title: p.title,
  title_key: p.title.toLowerCase(),
  code: p.code.toUpperCase(),
  alias: p.alias,
  description: p.description,
  url: p.url,
  archived_at: p.archivedAt,
  created_at: p.createdAt,
  created_by: p.createdBy,
  updated_at: p.updatedAt,
  updated_by: p.updatedBy,
});

export const projectFromRow = (r: Row): DeliveryProject => ({
  id: r.id,
  programmeId: r.programme_id,
  name: r.name,
  title: r.title,
  alias: r.alias ?? null,
  description: r.description,
  adoProject: r.ado_project ?? null,
  githubTeamVisibility: r.github_team_visibility,
  teamType: r.team_type,
  serviceCode: r.service_code ?? null,
  costCentre: r.cost_centre ?? null,
  serviceOwner: r.service_owner ?? null,
  archivedAt: r.archived_at ?? null,
  ...stamp(r),
});

export const projectToRow = (p: DeliveryProject): Row => ({
  id: p.id,
  programme_id: p.programmeId,
  name: p.name,
  title: p.title,
  title_key: p.title.toLowerCase(),
  alias: p.alias,
  description: p.description,
  ado_project: p.adoProject,
  github_team_visibility: p.githubTeamVisibility,
  team_type: p.teamType,
  service_code: p.serviceCode,
  cost_centre: p.costCentre,
  service_owner: p.serviceOwner,
  archived_at: p.archivedAt,
  created_at: p.createdAt,
  created_by: p.createdBy,
  updated_at: p.updatedAt,
  updated_by: p.updatedBy,
});

/** The user summary of a row joined with user_profiles (columns prefixed `profile_`). */
export const summaryFromJoinedRow = (r: Row): UserSummary => ({
  userRef: r.user_ref,
  displayName: r.profile_display_name ?? null,
  email: r.profile_email ?? null,
  githubHandle: r.profile_github_handle ?? null,
  githubVerified: bool(r.profile_github_verified),
});

export const programmeAdminFromRow = (r: Row): ProgrammeAdmin => ({
  id: r.id,
  programmeId: r.programme_id,
  userRef: r.user_ref,
  createdAt: r.created_at,
  createdBy: r.created_by,
  user: summaryFromJoinedRow(r),
});

export const projectMemberFromRow = (r: Row): ProjectMember => ({
  id: r.id,
  projectId: r.project_id,
  userRef: r.user_ref,
  technical: bool(r.technical),
  admin: bool(r.admin),
  endsAt: r.ends_at ?? null,
  ...stamp(r),
  user: summaryFromJoinedRow(r),
});

export const profileFromRow = (r: Row): UserProfile => ({
  userRef: r.user_ref,
  displayName: r.display_name ?? null,
  email: r.email ?? null,
  entraObjectId: r.entra_object_id ?? null,
  githubHandle: r.github_handle ?? null,
  // bigint: PostgreSQL answers a string.
  githubUserId: r.github_user_id === null || r.github_user_id === undefined ? null : Number(r.github_user_id),
  githubVerified: bool(r.github_verified),
  employment: r.employment ?? null,
  apprentice: bool(r.apprentice),
  lineManagerRef: r.line_manager_ref ?? null,
  lastActiveAt: r.last_active_at ?? null,
});

export const profileToRow = (p: UserProfile): Row => ({
  user_ref: p.userRef,
  display_name: p.displayName,
  email: p.email,
  entra_object_id: p.entraObjectId,
  github_handle: p.githubHandle,
  github_user_id: p.githubUserId,
  github_verified: p.githubVerified,
  employment: p.employment,
  apprentice: p.apprentice,
  line_manager_ref: p.lineManagerRef,
  last_active_at: p.lastActiveAt,
});

export const platformRoleFromRow = (r: Row): PlatformRoleAssignment => ({
  id: r.id,
  userRef: r.user_ref,
  role: r.role,
  source: 'store',
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export const serviceAccountFromRow = (r: Row): ServiceAccount => ({
  id: r.id,
  name: r.name,
  description: r.description,
  subject: r.subject,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v ?? null);

export const historyFromRow = (r: Row): HistoryEntry => ({
  id: Number(r.id),
  recordKind: r.record_kind,
  recordId: r.record_id,
  programmeId: r.programme_id ?? null,
  projectId: r.project_id ?? null,
  action: r.action,
  actorRef: r.actor_ref,
  at: r.at,
  before: json(r.before),
  after: json(r.after),
});
