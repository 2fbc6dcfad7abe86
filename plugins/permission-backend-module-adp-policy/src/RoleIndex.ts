import {
  assignmentsFor,
  RoleAssignment,
  RoleIndexChanges,
  RoleIndexSnapshot,
  RoleIndexUser,
} from '@adp-portal/plugin-adp-common';
import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Where the index comes from: the adp plugin's internal endpoints (see AdpRoleIndexSource).
 *
 * @public
 */
export interface RoleIndexSource {
  /** The whole index, or only the listed users. */
  fetchSnapshot(userRefs?: string[]): Promise<RoleIndexSnapshot>;
  fetchChanges(since: number): Promise<RoleIndexChanges>;
}

const normalise = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Longest pause between attempts while the adp plugin is unreachable. */
const MAX_BACKOFF_MS = 60_000;

/**
 * The stored role assignments of every user, in memory, so that a permission decision
 * never waits on the network. Users absent from the index hold no stored role.
 *
 * @public
 */
export class RoleIndex {
  private readonly byUser = new Map<string, RoleAssignment[]>();
  private revision: number | undefined;
  private failures = 0;
  private nextAttemptAt = 0;

  constructor(
    private readonly source: RoleIndexSource,
    private readonly logger: LoggerService,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** False until the first snapshot arrived: callers fail closed on stored roles until then. */
  get loaded(): boolean {
    return this.revision !== undefined;
  }

  get size(): number {
    return this.byUser.size;
  }

  /** The user's stored assignments (without the identity-derived Platform User role). */
  assignmentsOf(userRef: string): readonly RoleAssignment[] | undefined {
    return this.byUser.get(normalise(userRef));
  }

  /** Replace everything; used by tests and the benchmark as well as by `refresh`. */
  replaceAll(snapshot: RoleIndexSnapshot): void {
    this.byUser.clear();
    snapshot.users.forEach(u => this.put(u));
    this.revision = snapshot.revision;
  }

  /**
   * Reload some users, e.g. those named by an `adp.changes` event. Patches those users only:
   * the revision stays, because the snapshot's revision also covers changes to other users
   * (made on another instance, whose event may come later or be lost) that only the next poll
   * is sure to reload. Moving it on would skip them for good.
   */
  async reloadUsers(userRefs: string[]): Promise<void> {
    if (userRefs.length === 0) return;
    if (!this.loaded) {
      // Nothing to patch yet: the next refresh loads everything.
      return;
    }
    const refs = [...new Set(userRefs.map(normalise))];
    const snapshot = await this.source.fetchSnapshot(refs);
    // A listed user missing from the answer lost all stored roles.
    refs.forEach(ref => this.byUser.delete(ref));
    snapshot.users.forEach(u => this.put(u));
  }

  /**
   * One poll: the full snapshot until it has loaded once, then only the users changed
   * since the last revision. While the adp plugin is unreachable, attempts back off
   * exponentially (the scheduler keeps calling; skipped calls return at once).
   */
  async refresh(): Promise<void> {
    if (this.now() < this.nextAttemptAt) return;
    try {
      if (this.revision === undefined) {
        this.replaceAll(await this.source.fetchSnapshot());
        this.logger.info(`ADP role index loaded: ${this.byUser.size} users at revision ${this.revision}`);
      } else {
        const changes = await this.source.fetchChanges(this.revision);
        if (changes.userRefs === null) {
          this.replaceAll(await this.source.fetchSnapshot());
        } else {
          if (changes.userRefs.length > 0) await this.reloadUsers(changes.userRefs);
          // The changes were listed up to changes.revision (read before them), so every
          // change after it is listed by the next poll.
          this.revision = Math.max(this.revision ?? 0, changes.revision);
        }
      }
      this.failures = 0;
      this.nextAttemptAt = 0;
    } catch (error) {
      this.failures += 1;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
      this.nextAttemptAt = this.now() + delay;
      const level = this.failures <= 3 && !this.loaded ? 'info' : 'warn';
      this.logger[level](
        `ADP role index ${this.loaded ? 'refresh' : 'load'} failed (attempt ${this.failures}, next in ${delay} ms): ${error}`,
      );
    }
  }

  private put(user: RoleIndexUser): void {
    const assignments = assignmentsFor({ hasCatalogIdentity: true, ...user }).filter(
      a => a.role !== 'platform-user',
    );
    if (assignments.length > 0) {
      this.byUser.set(normalise(user.userRef), assignments);
    }
  }
}
