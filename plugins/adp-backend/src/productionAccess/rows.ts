import { ProductionAccessRequest } from '@adp-portal/plugin-adp-common';
import { summaryFromJoinedRow } from '../database/rows';

/* Row <-> record mapping of production_access_requests: the only place that knows its columns. */

type Row = Record<string, any>;

const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';
const json = <T>(v: unknown, fallback: T): T => (typeof v === 'string' ? JSON.parse(v) : (v as T) ?? fallback);

/** While pending or active a request holds its user/project/level slot; the unique index enforces one. */
export const openKeyOf = (r: Pick<ProductionAccessRequest, 'projectId' | 'userRef' | 'level' | 'status'>): string | null =>
  r.status === 'pending' || r.status === 'active' ? `${r.projectId}|${r.userRef}|${r.level}` : null;

export const productionAccessFromRow = (r: Row): ProductionAccessRequest => ({
  id: r.id,
  projectId: r.project_id,
  userRef: r.user_ref,
  level: r.level,
  justification: r.justification,
  status: r.status,
  checklist: json(r.checklist, []),
  apprentice: bool(r.apprentice),
  lineManagerRef: r.line_manager_ref ?? null,
  lineManagerApprovedAt: r.line_manager_approved_at ?? null,
  lineManagerNote: r.line_manager_note ?? null,
  sponsorConfirmations: json(r.sponsor_confirmations, []),
  decidedAt: r.decided_at ?? null,
  decidedBy: r.decided_by ?? null,
  decisionNote: r.decision_note ?? null,
  grantedAt: r.granted_at ?? null,
  lastRecertifiedAt: r.last_recertified_at ?? null,
  lastRecertifiedBy: r.last_recertified_by ?? null,
  endedAt: r.ended_at ?? null,
  endedBy: r.ended_by ?? null,
  endReason: r.end_reason ?? null,
  endNote: r.end_note ?? null,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  ...(r.project_name ? { project: { id: r.project_id, name: r.project_name, title: r.project_title } } : {}),
  ...('profile_display_name' in r ? { user: summaryFromJoinedRow(r) } : {}),
});

export const productionAccessToRow = (p: ProductionAccessRequest): Row => ({
  id: p.id,
  project_id: p.projectId,
  user_ref: p.userRef,
  level: p.level,
  justification: p.justification,
  status: p.status,
  open_key: openKeyOf(p),
  checklist: JSON.stringify(p.checklist),
  apprentice: p.apprentice,
  line_manager_ref: p.lineManagerRef,
  line_manager_approved_at: p.lineManagerApprovedAt,
  line_manager_note: p.lineManagerNote,
  sponsor_confirmations: JSON.stringify(p.sponsorConfirmations),
  decided_at: p.decidedAt,
  decided_by: p.decidedBy,
  decision_note: p.decisionNote,
  granted_at: p.grantedAt,
  last_recertified_at: p.lastRecertifiedAt,
  last_recertified_by: p.lastRecertifiedBy,
  ended_at: p.endedAt,
  ended_by: p.endedBy,
  end_reason: p.endReason,
  end_note: p.endNote,
  created_at: p.createdAt,
  created_by: p.createdBy,
  updated_at: p.updatedAt,
  updated_by: p.updatedBy,
});

/** The record as history keeps it: without the joined user and project. */
export function bareRequest(p: ProductionAccessRequest): Omit<ProductionAccessRequest, 'user' | 'project'> {
  const { user: _user, project: _project, ...bare } = p;
  return bare;
}
