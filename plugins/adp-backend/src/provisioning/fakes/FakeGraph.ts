import { randomUUID } from 'node:crypto';
import { FakeHttpServer, FakeRequest } from './FakeHttpServer';
import { FakeGraphDelta } from './FakeGraphDelta';

/** @public */
export interface FakeEntraGroup {
  id: string;
  displayName: string;
  description: string;
  members: Set<string>;
}

/** @public */
export interface FakeEntraUser {
  id: string;
  mail: string;
  userPrincipalName: string;
  /** What `$select=signInActivity` answers; tests set it (see {@link FakeGraph.setSignInActivity}). */
  signInActivity: FakeSignInActivity;
}

/** @public */
export interface FakeSignInActivity {
  lastSignInDateTime: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastSuccessfulSignInDateTime: string | null;
}


/**
 * Microsoft Graph v1.0 for groups and users. Azure AD's token endpoint cannot be faked on
 * loopback http (`@azure/identity` requires an https authority), so tests hand the Graph
 * client {@link fakeTokenCredential} instead.
 *
 * @public
 */
export class FakeGraph extends FakeHttpServer {
  readonly groups = new Map<string, FakeEntraGroup>();
  readonly users: FakeEntraUser[] = [];
  /** Items per page before `@odata.nextLink`: small, so a client that ignores the link misses some. */
  pageSize = 2;
  /**
   * How long a new group stays invisible to member changes: Entra ID replicates a new object
   * across its directory, and Microsoft documents that a reference to it may fail with 404
   * for a while (retry). 0: visible at once.
   */
  replicationDelayMs = 0;
  /**
   * Graph refuses `signInActivity` without AuditLog.Read.All, or in a tenant without an Entra ID
   * P1 licence (403). True: the fake answers that refusal.
   */
  signInActivityDenied = false;
  private readonly createdAt = new Map<string, number>();
  /** `GET /v1.0/groups/delta`: changes to groups and their members since a delta link. */
  readonly delta = new FakeGraphDelta(() => this.groups);

  constructor() {
    super();
    this.delta.serve((method, path, handle) => this.route(method, path, handle));
    const eq = (filter: string, field: string) => {
      const m = new RegExp(`${field} eq '((?:[^']|'')*)'`, 'i').exec(filter);
      return m ? m[1].replace(/''/g, "'") : undefined;
    };
    const page = (req: FakeRequest, items: unknown[]) => {
      const skip = Number(req.query.get('$skiptoken') ?? 0);
      const body: Record<string, unknown> = { value: items.slice(skip, skip + this.pageSize) };
      if (skip + this.pageSize < items.length) {
        const next = new URL(req.url);
        next.searchParams.set('$skiptoken', String(skip + this.pageSize));
        body['@odata.nextLink'] = next.toString();
      }
      return { body };
    };
    this.route('GET', '/v1.0/groups', req => {
      const name = eq(req.query.get('$filter') ?? '', 'displayName');
      const found = [...this.groups.values()].filter(g => name === undefined || g.displayName === name);
      return page(req, found.map(g => ({ id: g.id, displayName: g.displayName })));
    });
    this.route('POST', '/v1.0/groups', req => {
      const g: FakeEntraGroup = { id: randomUUID(), displayName: req.body.displayName, description: req.body.description ?? '', members: new Set() };
      this.groups.set(g.id, g);
      this.createdAt.set(g.id, Date.now());
      return { status: 201, body: { id: g.id, displayName: g.displayName } };
    });
    this.route('GET', '/v1.0/groups/:id/members', req => {
      const g = this.groups.get(req.params[0]);
      if (!g) return { status: 404, body: { error: { code: 'Request_ResourceNotFound' } } };
      return page(req, [...g.members].sort().map(id => ({ id })));
    });
    this.route('POST', '/v1.0/groups/:id/members/$ref', req => {
      const g = this.groups.get(req.params[0]);
      const replicating = Date.now() - (this.createdAt.get(req.params[0]) ?? 0) < this.replicationDelayMs;
      if (!g || replicating) {
        const message = `Resource '${req.params[0]}' does not exist or one of its queried reference-property objects are not present.`;
        return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message } } };
      }
      const id = String(req.body['@odata.id']).split('/').pop()!;
      if (g.members.has(id)) {
        return { status: 400, body: { error: { code: 'Request_BadRequest', message: 'One or more added object references already exist' } } };
      }
      g.members.add(id);
      return { status: 204 };
    });
    this.route('DELETE', '/v1.0/groups/:id/members/:member/$ref', req => {
      const g = this.groups.get(req.params[0]);
      if (!g || !g.members.has(req.params[1])) return { status: 404, body: { error: { code: 'Request_ResourceNotFound' } } };
      g.members.delete(req.params[1]);
      return { status: 204 };
    });
    this.route('GET', '/v1.0/users', req => {
      const filter = req.query.get('$filter') ?? '';
      const mail = eq(filter, 'mail')?.toLowerCase();
      const upn = eq(filter, 'userPrincipalName')?.toLowerCase();
      return page(req, this.users.filter(u => u.mail.toLowerCase() === mail || u.userPrincipalName.toLowerCase() === upn).map(u => ({ id: u.id })));
    });
    this.route('GET', '/v1.0/users/:id', req => {
      const u = this.users.find(x => x.id === req.params[0]);
      if (!u) return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: `Resource '${req.params[0]}' does not exist or one of its queried reference-property objects are not present.` } } };
      const select = (req.query.get('$select') ?? '').split(',').map(f => f.trim());
      if (select.includes('signInActivity') && this.signInActivityDenied) {
        return { status: 403, body: { error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: 'Neither tenant is B2C or tenant doesn\'t have premium license' } } };
      }
      const body: Record<string, unknown> = { id: u.id };
      for (const f of select.filter(Boolean)) {
        if (f === 'signInActivity') body.signInActivity = { ...u.signInActivity };
        else if (f === 'mail' || f === 'userPrincipalName') body[f] = u[f];
      }
      if (select.filter(Boolean).length === 0) Object.assign(body, { mail: u.mail, userPrincipalName: u.userPrincipalName });
      return { body };
    });
  }

  /** Graph's error format: `{ error: { code, message } }` (the Graph client reads headers only from it). */
  protected failureBody(status: number): unknown {
    const code = status === 429 ? 'TooManyRequests' : status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
    return { error: { code, message: `fake ${status}` } };
  }

  addUser(email: string, id: string = randomUUID()): FakeEntraUser {
    const u: FakeEntraUser = {
      id,
      mail: email,
      userPrincipalName: email,
      signInActivity: { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: null },
    };
    this.users.push(u);
    return u;
  }

  /** Records sign-ins of a user, as Entra ID would after they happen. */
  setSignInActivity(email: string, activity: Partial<FakeSignInActivity>): void {
    const u = this.users.find(x => x.mail.toLowerCase() === email.toLowerCase());
    if (!u) throw new Error(`FakeGraph: no user ${email}`);
    Object.assign(u.signInActivity, activity);
  }

  groupByName(name: string): FakeEntraGroup | undefined {
    return [...this.groups.values()].find(g => g.displayName === name);
  }

  /** Member emails of a group, sorted. */
  memberEmails(name: string): string[] {
    const g = this.groupByName(name);
    return [...(g?.members ?? [])].map(id => this.users.find(u => u.id === id)?.mail ?? id).sort();
  }
}

/**
 * A TokenCredential for tests: the Graph fake does not check tokens.
 *
 * @public
 */
export const fakeTokenCredential = {
  async getToken() {
    return { token: 'fake-graph-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};
