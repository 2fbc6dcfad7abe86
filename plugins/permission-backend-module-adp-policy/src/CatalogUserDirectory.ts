import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Shortest pause between two reloads triggered by unknown users. */
const MIN_RELOAD_GAP_MS = 10_000;

/**
 * The refs of every User entity in the catalog, kept in memory. A principal whose ref
 * is not here has no catalog identity and gets nothing but sign-in. The policy asks
 * `has()` per decision, so that answer must never wait on the catalog.
 *
 * @public
 */
export class CatalogUserDirectory {
  private users: ReadonlySet<string> | undefined;
  private lastReloadAt = -Infinity;
  private reloading: Promise<void> | undefined;

  constructor(
    private readonly catalog: Pick<CatalogService, 'streamEntities'>,
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

  /**
   * Is `userRef` a catalog user? Undefined until the first load. A miss starts a
   * throttled background reload, so a user added to the catalog since the last
   * reload gets in within seconds instead of waiting for the next scheduled one.
   */
  has(userRef: string): boolean | undefined {
    if (!this.users) return undefined;
    const known = this.users.has(userRef.toLocaleLowerCase('en-US'));
    if (!known && this.now() - this.lastReloadAt >= MIN_RELOAD_GAP_MS) {
      this.reload().catch(() => {});
    }
    return known;
  }

  /** Reload the set; concurrent callers share one catalog read. */
  reload(): Promise<void> {
    if (!this.reloading) {
      this.lastReloadAt = this.now();
      this.reloading = this.load().finally(() => {
        this.reloading = undefined;
      });
    }
    return this.reloading;
  }

  /** Replace the set directly (tests and the benchmark). */
  replaceAll(userRefs: Iterable<string>): void {
    this.users = new Set([...userRefs].map(r => r.toLocaleLowerCase('en-US')));
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
