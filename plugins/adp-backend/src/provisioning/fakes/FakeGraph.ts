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

const PAGE = 100;

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

  constructor() {
    super();
    const eq = (filter: string, field: string) => {
      const m = new RegExp(`${field} eq '((?:[^']|'')*)'`, 'i').exec(filter);
      return m ? m[1].replace(/''/g, "'") : undefined;
    };
    const page = (req: FakeRequest, items: unknown[]) => {
      const skip = Number(req.query.get('$skiptoken') ?? 0);
      const body: Record<string, unknown> = { value: items.slice(skip, skip + PAGE) };
      if (skip + PAGE < items.length) {
        const next = new URL(req.url);
        next.searchParams.set('$skiptoken', String(skip + PAGE));
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
      return { status: 201, body: { id: g.id, displayName: g.displayName } };
    });
    this.route('GET', '/v1.0/groups/:id/members', req => {
      const g = this.groups.get(req.params[0]);
      if (!g) return { status: 404, body: { error: { code: 'Request_ResourceNotFound' } } };
      return page(req, [...g.members].sort().map(id => ({ id })));
    });
    this.route('POST', '/v1.0/groups/:id/members/$ref', req => {
      const g = this.groups.get(req.params[0]);
      if (!g) return { status: 404, body: { error: { code: 'Request_ResourceNotFound' } } };
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
