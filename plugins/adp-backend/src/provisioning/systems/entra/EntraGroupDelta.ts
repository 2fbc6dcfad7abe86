import { DeltaLinks } from '../DeltaLinks';
import { ExternalSystemError } from '../ExternalSystemError';

/** What changed since the last round: every group (a first round, or Graph lost the state) or these names. */
export interface GroupChanges {
  all: boolean;
  names: Set<string>;
  /** Stores the round's delta link: call once the changes are handled (or handed to the outbox). */
  commit(): Promise<void>;
}

interface DeltaPage {
  value: Array<{ id: string; displayName?: string; '@removed'?: unknown }>;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const FEED = 'groups';
const FIRST_ROUND = '/groups/delta?$select=displayName,members';

/**
 * Drift in Entra ID through Graph's delta query for groups (`/groups/delta`, members
 * selected): a first round pages through every group and ends with a delta link, stored in
 * the database; each later round asks that link for the groups changed since (membership,
 * name, deletion) and stores the next link. A link Graph no longer knows (410, or a
 * `syncState`/`resync` error) starts a new first round, which counts as every group changed.
 */
export class EntraGroupDelta {
  /** Group id → display name, from delta rounds and lookups (a later round may omit the name). */
  private readonly names = new Map<string, string>();

  constructor(
    private readonly o: {
      get(path: string): Promise<any>;
      /** `{graphBaseUrl}/v1.0`: links are absolute; the client is given paths. */
      apiBase: string;
      links: DeltaLinks;
      /** Names this instance already knows by id (the reconciler's own lookups). */
      knownName?(id: string): string | undefined;
    },
  ) {}

  private path(link: string): string {
    return link.startsWith(this.o.apiBase) ? link.slice(this.o.apiBase.length) : link;
  }

  private async round(start: string): Promise<{ items: DeltaPage['value']; deltaLink: string }> {
    const items: DeltaPage['value'] = [];
    let next: string | undefined = start;
    for (;;) {
      const page: DeltaPage = await this.o.get(this.path(next));
      items.push(...page.value);
      if (page['@odata.deltaLink']) return { items, deltaLink: page['@odata.deltaLink'] };
      next = page['@odata.nextLink'];
      if (!next) throw new Error('Graph delta page without @odata.nextLink or @odata.deltaLink');
    }
  }

  private static lostState(e: unknown): boolean {
    if (!(e instanceof ExternalSystemError)) return false;
    return e.status === 410 || (e.status !== undefined && e.status < 500 && /syncState|resync/i.test(e.message));
  }

  async changes(): Promise<GroupChanges> {
    const stored = await this.o.links.get('entra', FEED);
    let result: { items: DeltaPage['value']; deltaLink: string } | undefined;
    let all = !stored;
    if (stored) {
      result = await this.round(stored).catch(e => {
        if (EntraGroupDelta.lostState(e)) return undefined;
        throw e;
      });
      if (!result) all = true;
    }
    result ??= await this.round(FIRST_ROUND);
    const names = new Set<string>();
    for (const g of result.items) {
      if (g.displayName) this.names.set(g.id, g.displayName);
      const name = this.names.get(g.id) ?? this.o.knownName?.(g.id) ?? (await this.lookUp(g.id));
      // A deleted group nobody here knew the name of: only a look at every group finds whose it was.
      if (name === undefined) all = true;
      else names.add(name);
    }
    const deltaLink = result.deltaLink;
    return { all, names, commit: () => this.o.links.put('entra', FEED, deltaLink) };
  }

  private async lookUp(id: string): Promise<string | undefined> {
    const g = await this.o.get(`/groups/${id}?$select=displayName`).catch(e => {
      if (e instanceof ExternalSystemError && e.status === 404) return undefined;
      throw e;
    });
    if (g?.displayName) this.names.set(id, g.displayName);
    return g?.displayName;
  }
}
