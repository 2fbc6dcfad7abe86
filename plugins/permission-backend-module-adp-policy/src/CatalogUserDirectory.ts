import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** How long "not in the catalog" stands before the catalog is asked again about that user. */
const MISS_TTL_MS = 10_000;
/** Bound on the remembered misses, so that many unknown principals cannot grow memory. */
const MAX_MISSES = 10_000;

/**
 * The refs of every User entity in the catalog, kept in memory. A principal whose ref
 * is not here has no catalog identity and gets nothing but sign-in.
 *
 * The scheduled reload keeps the whole set; a user it does not (yet) hold is confirmed by
 * asking the catalog for that one entity (`confirm`), so that a freshly started portal, whose
 * first load may come before the catalog has ingested its users or before it answers at all,
 * decides correctly from its first request, and a newcomer gets in at once.
 *
 * @public
 */
export class CatalogUserDirectory {
  private users: ReadonlySet<string> | undefined;
  /** Users confirmed one by one since the last full load. */
  private readonly confirmed = new Set<string>();
  /** Users the catalog did not have, and until when that answer stands. */
  private readonly misses = new Map<string, number>();
  private readonly lookups = new Map<string, Promise<boolean>>();
  private reloading: Promise<void> | undefined;

  constructor(
    private readonly catalog: Pick<CatalogService, 'streamEntities' | 'getEntityByRef'>,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get loaded(): boolean {
    return this.users !== undefined;
  }

  get size(): number {
    return this.users?.size ?? 0;
  }

  /** Is `userRef` a known catalog user? From memory only; false until confirmed. */
  has(userRef: string): boolean {
    const ref = userRef.toLocaleLowerCase('en-US');
    return this.confirmed.has(ref) || !!this.users?.has(ref);
  }

  /**
   * Is `userRef` a catalog user? Answers from memory when it can, otherwise asks the
   * catalog for that one user (concurrent callers share the question). A miss is
   * remembered for a few seconds; a catalog that cannot answer means no (default deny).
   */
  async confirm(userRef: string): Promise<boolean> {
    const ref = userRef.toLocaleLowerCase('en-US');
    if (this.has(ref)) return true;
    if ((this.misses.get(ref) ?? -Infinity) > this.now()) return false;
    let lookup = this.lookups.get(ref);
    if (!lookup) {
      lookup = this.lookup(ref).finally(() => this.lookups.delete(ref));
      this.lookups.set(ref, lookup);
    }
    return lookup;
  }

  /** Reload the whole set; concurrent callers share one catalog read. */
  reload(): Promise<void> {
    if (!this.reloading) {
      this.reloading = this.load().finally(() => {
        this.reloading = undefined;
      });
    }
    return this.reloading;
  }

  /** Replace the set directly (tests and the benchmark). */
  replaceAll(userRefs: Iterable<string>): void {
    this.users = new Set([...userRefs].map(r => r.toLocaleLowerCase('en-US')));
    this.confirmed.clear();
    this.misses.clear();
  }

  private async lookup(ref: string): Promise<boolean> {
    try {
      const credentials = await this.auth.getOwnServiceCredentials();
      const entity = await this.catalog.getEntityByRef(ref, { credentials });
      if (entity?.kind.toLocaleLowerCase('en-US') === 'user') {
        this.confirmed.add(ref);
        this.misses.delete(ref);
        return true;
      }
      if (this.misses.size >= MAX_MISSES) this.misses.clear();
      this.misses.set(ref, this.now() + MISS_TTL_MS);
      return false;
    } catch (error) {
      // Not remembered: the next request asks again (the catalog may still be starting).
      this.logger.warn(`Could not ask the catalog whether ${ref} is a user, denying: ${error}`);
      return false;
    }
  }

  private async load(): Promise<void> {
    try {
      const refs: string[] = [];
      const credentials = await this.auth.getOwnServiceCredentials();
      for await (const page of this.catalog.streamEntities(
        { filter: { kind: 'User' }, fields: ['kind', 'metadata.name', 'metadata.namespace'] },
        { credentials },
      )) {
        page.forEach(entity => refs.push(stringifyEntityRef(entity)));
      }
      this.replaceAll(refs);
    } catch (error) {
      this.logger.warn(`Could not load catalog users for the ADP policy: ${error}`);
      throw error;
    }
  }
}
