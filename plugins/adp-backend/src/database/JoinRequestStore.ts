import { JoinRequestStatus, TeamJoinRequest } from '@adp-portal/plugin-adp-common';
import { Db } from './types';
import { summaryFromJoinedRow } from './rows';

type Row = Record<string, any>;

const fromRow = (r: Row): TeamJoinRequest => ({
  id: r.id,
  projectId: r.project_id,
  userRef: r.user_ref,
  reason: r.reason,
  status: r.status,
  decidedBy: r.decided_by ?? null,
  decidedAt: r.decided_at ?? null,
  decisionNote: r.decision_note ?? null,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  user: summaryFromJoinedRow(r),
});

/** The key that allows one pending request per person and team (null once decided). */
export const openKeyOf = (projectId: string, userRef: string) => `${projectId}|${userRef}`;

/** Requests to join a project team. */
export class JoinRequestStore {
  constructor(private readonly db: Db) {}

  private rows() {
    return this.db('team_join_requests')
      .leftJoin('user_profiles', 'user_profiles.user_ref', 'team_join_requests.user_ref')
      .select(
        'team_join_requests.*',
        'user_profiles.display_name as profile_display_name',
        'user_profiles.email as profile_email',
        'user_profiles.github_handle as profile_github_handle',
        'user_profiles.github_verified as profile_github_verified',
      );
  }

  async get(id: string): Promise<TeamJoinRequest | undefined> {
    const row = await this.rows().where('team_join_requests.id', id).first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Locks the row for a decision (PostgreSQL; SQLite serialises writers anyway), so two admins
   * deciding at once are serialised and the second sees the first's answer.
   */
  async getForUpdate(id: string): Promise<TeamJoinRequest | undefined> {
    const q = this.db('team_join_requests').where({ id }).first('id');
    if (/^(pg|postgres)/.test(String(this.db.client.config.client))) q.forUpdate();
    return (await q) ? this.get(id) : undefined;
  }

  /** A project's requests, newest first; optionally only one person's or only pending ones. */
  async list(projectId: string, filter: { userRef?: string; status?: JoinRequestStatus } = {}): Promise<TeamJoinRequest[]> {
    const qb = this.rows().where('team_join_requests.project_id', projectId);
    if (filter.userRef) qb.andWhere('team_join_requests.user_ref', filter.userRef);
    if (filter.status) qb.andWhere('team_join_requests.status', filter.status);
    return (await qb.orderBy('team_join_requests.created_at', 'desc').orderBy('team_join_requests.id')).map(fromRow);
  }

  async findPending(projectId: string, userRef: string): Promise<TeamJoinRequest | undefined> {
    const row = await this.rows().where('team_join_requests.open_key', openKeyOf(projectId, userRef)).first();
    return row ? fromRow(row) : undefined;
  }

  async insert(r: TeamJoinRequest): Promise<void> {
    await this.db('team_join_requests').insert({
      id: r.id,
      project_id: r.projectId,
      user_ref: r.userRef,
      reason: r.reason,
      status: r.status,
      open_key: r.status === 'pending' ? openKeyOf(r.projectId, r.userRef) : null,
      decided_by: r.decidedBy,
      decided_at: r.decidedAt,
      decision_note: r.decisionNote,
      created_at: r.createdAt,
      created_by: r.createdBy,
      updated_at: r.updatedAt,
      updated_by: r.updatedBy,
    });
  }

  async decide(r: TeamJoinRequest): Promise<void> {
    await this.db('team_join_requests').where({ id: r.id }).update({
      status: r.status,
      open_key: null,
      decided_by: r.decidedBy,
      decided_at: r.decidedAt,
      decision_note: r.decisionNote,
      updated_at: r.updatedAt,
      updated_by: r.updatedBy,
    });
  }
}
