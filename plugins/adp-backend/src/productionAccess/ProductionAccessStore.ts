import {
  ProductionAccessRequest,
  ProductionAccessStatus,
  ProductionLevelId,
} from '@adp-portal/plugin-adp-common';
import { applyScopeFilter, ScopeFilter } from '../database/scopeFilter';
import { Db } from '../database/types';
import { productionAccessFromRow, productionAccessToRow } from './rows';

const JOINED = [
  'production_access_requests.*',
  'projects.name as project_name',
  'projects.title as project_title',
  'projects.programme_id as project_programme_id',
  'user_profiles.display_name as profile_display_name',
  'user_profiles.email as profile_email',
  'user_profiles.github_handle as profile_github_handle',
  'user_profiles.last_active_at as profile_last_active_at',
];

export interface ProductionAccessQuery {
  userRef?: string;
  projectId?: string;
  statuses?: ProductionAccessStatus[];
  /** Leave out one user's records: a sponsor never sees their own in a queue. */
  excludeUserRef?: string;
  /** A conditional permission decision on the project, applied in the database. */
  scope?: ScopeFilter;
  /** Only records of users whose profile names this line manager. */
  lineManagerRef?: string;
}

/** A record with its holder's last recorded activity (for reviews and the absence rule). */
export type WithActivity = ProductionAccessRequest & {
  lastActiveAt: string | null;
};

/** Production access requests and grants. */
export class ProductionAccessStore {
  constructor(private readonly db: Db) {}

  private joined() {
    return this.db('production_access_requests')
      .join('projects', 'projects.id', 'production_access_requests.project_id')
      .leftJoin(
        'user_profiles',
        'user_profiles.user_ref',
        'production_access_requests.user_ref',
      )
      .select(JOINED);
  }

  async get(id: string): Promise<ProductionAccessRequest | undefined> {
    const row = await this.joined()
      .where('production_access_requests.id', id)
      .first();
    return row ? productionAccessFromRow(row) : undefined;
  }

  /** The pending request or active grant holding a user's slot for a level on a project. */
  async findOpen(
    projectId: string,
    userRef: string,
    level: ProductionLevelId,
  ): Promise<ProductionAccessRequest | undefined> {
    const row = await this.joined()
      .where(
        'production_access_requests.open_key',
        `${projectId}|${userRef}|${level}`,
      )
      .first();
    return row ? productionAccessFromRow(row) : undefined;
  }

  async list(q: ProductionAccessQuery): Promise<WithActivity[]> {
    const qb = this.joined();
    if (q.userRef) qb.where('production_access_requests.user_ref', q.userRef);
    if (q.projectId)
      qb.where('production_access_requests.project_id', q.projectId);
    if (q.statuses) qb.whereIn('production_access_requests.status', q.statuses);
    if (q.excludeUserRef)
      qb.whereNot('production_access_requests.user_ref', q.excludeUserRef);
    if (q.lineManagerRef)
      qb.where('user_profiles.line_manager_ref', q.lineManagerRef);
    if (q.scope !== undefined) {
      applyScopeFilter(qb, q.scope, {
        projectId: 'production_access_requests.project_id',
        programmeId: 'projects.programme_id',
      });
    }
    const rows = await qb
      .orderBy('production_access_requests.created_at', 'desc')
      .orderBy('production_access_requests.id');
    return rows.map(r => ({
      ...productionAccessFromRow(r),
      lastActiveAt: r.profile_last_active_at ?? null,
    }));
  }

  async insert(r: ProductionAccessRequest): Promise<void> {
    await this.db('production_access_requests').insert(
      productionAccessToRow(r),
    );
  }

  /**
   * Writes the record only if it is still in the status it was read in: two sponsors
   * deciding at once, or a revocation racing a recertification, change it once.
   */
  async updateIfStatus(
    r: ProductionAccessRequest,
    expected: ProductionAccessStatus,
  ): Promise<boolean> {
    const { id: _id, ...row } = productionAccessToRow(r);
    const n = await this.db('production_access_requests')
      .where({ id: r.id, status: expected })
      .update(row);
    return Number(n) === 1;
  }

  /**
   * A holder's last recorded activity, with their profile row locked until the transaction
   * ends (PostgreSQL; SQLite serialises writers anyway): a revocation deciding on it cannot
   * miss a sign-in recorded while it decides, which waits and lands after the revocation.
   */
  async holderActivityForUpdate(userRef: string): Promise<string | null> {
    const q = this.db('user_profiles')
      .where('user_ref', userRef)
      .first('last_active_at');
    if (/^(pg|postgres)/.test(String(this.db.client.config.client)))
      q.forUpdate();
    return (await q)?.last_active_at ?? null;
  }
}
