import { FakeEntraGroup } from './FakeGraph';
import { FakeRequest, FakeResponse } from './FakeHttpServer';

type Route = (method: string, path: string, handle: (req: FakeRequest) => FakeResponse) => void;

/** A group as a delta round saw it: its name and sorted member ids. */
type Seen = Map<string, { displayName: string; members: string[] }>;

/**
 * Graph's delta query for groups (`GET /v1.0/groups/delta?$select=displayName,members`): the
 * first round pages through every group (`@odata.nextLink` with a `$skiptoken`) and ends with an
 * `@odata.deltaLink` (a `$deltatoken`); that link answers the groups changed since, each with
 * `members@delta` (members added, and removed ones with `@removed`), deleted groups with
 * `@removed`. The state of each round is kept, so changes made by hand on the fake's maps are
 * seen as Graph would see them. An unknown or expired token answers 410 `syncStateNotFound`:
 * the client starts over.
 *
 * @public
 */
export class FakeGraphDelta {
  /** Groups per delta page. */
  pageSize = 100;
  private nextToken = 1;
  private readonly rounds = new Map<string, Seen>();
  private readonly pages = new Map<string, { items: unknown[]; deltaToken: string }>();

  constructor(private readonly groups: () => Map<string, FakeEntraGroup>) {}

  /** Forgets every delta token: the next use of a link answers 410 (Graph's expired sync state). */
  expireTokens(): void {
    this.rounds.clear();
  }

  private snapshot(): Seen {
    return new Map([...this.groups().values()].map(g => [g.id, { displayName: g.displayName, members: [...g.members].sort() }]));
  }

  private changes(before: Seen | undefined, now: Seen): unknown[] {
    const items: unknown[] = [];
    for (const [id, g] of now) {
      const was = before?.get(id);
      const added = g.members.filter(m => !was?.members.includes(m));
      const removed = (was?.members ?? []).filter(m => !g.members.includes(m));
      if (was && was.displayName === g.displayName && !added.length && !removed.length) continue;
      items.push({
        id,
        ...(!was || was.displayName !== g.displayName ? { displayName: g.displayName } : {}),
        'members@delta': [
          ...added.map(m => ({ '@odata.type': '#microsoft.graph.user', id: m })),
          ...removed.map(m => ({ '@odata.type': '#microsoft.graph.user', id: m, '@removed': { reason: 'deleted' } })),
        ],
      });
    }
    for (const id of before?.keys() ?? []) if (!now.has(id)) items.push({ id, '@removed': { reason: 'changed' } });
    return items;
  }

  serve(route: Route): void {
    route('GET', '/v1.0/groups/delta', req => {
      const base = new URL(req.url);
      base.search = '';
      const skip = req.query.get('$skiptoken');
      const delta = req.query.get('$deltatoken');
      let key: string;
      if (skip) {
        key = skip.split('.')[0];
        if (!this.pages.has(key)) return gone();
      } else {
        if (delta !== null && !this.rounds.has(delta)) return gone();
        const now = this.snapshot();
        const deltaToken = String(this.nextToken++);
        this.rounds.set(deltaToken, now);
        key = deltaToken;
        this.pages.set(key, { items: this.changes(delta === null ? undefined : this.rounds.get(delta), now), deltaToken });
      }
      const { items, deltaToken } = this.pages.get(key)!;
      const offset = skip ? Number(skip.split('.')[1]) : 0;
      const body: Record<string, unknown> = { value: items.slice(offset, offset + this.pageSize) };
      if (offset + this.pageSize < items.length) {
        body['@odata.nextLink'] = `${base}?$skiptoken=${key}.${offset + this.pageSize}`;
      } else {
        this.pages.delete(key);
        body['@odata.deltaLink'] = `${base}?$deltatoken=${deltaToken}`;
      }
      return { body };
    });
    route('GET', '/v1.0/groups/:id', req => {
      const g = this.groups().get(req.params[0]);
      if (!g) return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: `Resource '${req.params[0]}' does not exist or one of its queried reference-property objects are not present.` } } };
      return { body: { id: g.id, displayName: g.displayName } };
    });
  }
}

function gone(): FakeResponse {
  return { status: 410, body: { error: { code: 'syncStateNotFound', message: 'The sync state of this delta token is no longer available: start a new round of delta queries.' } } };
}
