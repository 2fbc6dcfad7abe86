import { randomUUID } from 'node:crypto';
import { FakeHttpServer, FakeRequest } from './FakeHttpServer';

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
  private readonly createdAt = new Map<string, number>();

  constructor() {
    super();
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
  }

  /** Graph's error format: `{ error: { code, message } }` (the Graph client reads headers only from it). */
  protected failureBody(status: number): unknown {
    const code = status === 429 ? 'TooManyRequests' : status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
    return { error: { code, message: `fake ${status}` } };
  }

  addUser(email: string, id: string = randomUUID()): FakeEntraUser {
    const u = { id, mail: email, userPrincipalName: email };
    this.users.push(u);
    return u;
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
