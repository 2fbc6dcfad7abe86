import { UserSummary } from '@adp-portal/plugin-adp-common';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, RELATION_MEMBER_OF, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Catalog User entities: names and emails for people without a profile row, and group memberships. */
export class UserDirectory {
  constructor(
    private readonly catalog: CatalogService | undefined,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  private async entities(userRefs: string[]): Promise<Map<string, Entity>> {
    const result = new Map<string, Entity>();
    if (!this.catalog || userRefs.length === 0) return result;
    try {
      const credentials = await this.auth.getOwnServiceCredentials();
      const { items } = await this.catalog.getEntitiesByRefs({ entityRefs: userRefs }, { credentials });
      for (const e of items) if (e) result.set(stringifyEntityRef(e).toLocaleLowerCase('en-US'), e);
    } catch (error) {
      // The catalog is a nicety here: records stay usable without names.
      this.logger.warn(`Could not read users from the catalog: ${error}`);
    }
    return result;
  }

  async summaries(userRefs: string[]): Promise<Map<string, UserSummary>> {
    const entities = await this.entities(userRefs);
    const result = new Map<string, UserSummary>();
    for (const [ref, e] of entities) {
      const profile = (e.spec?.profile ?? {}) as { displayName?: string; email?: string };
      result.set(ref, {
        userRef: ref,
        displayName: profile.displayName ?? e.metadata.title ?? e.metadata.name,
        email: profile.email ?? null,
        githubHandle: null,
      });
    }
    return result;
  }

  /**
   * Whether the catalog has this User entity; undefined when the services run without a
   * catalog (tests wiring them alone). A catalog that cannot answer counts as no.
   */
  async isCatalogUser(userRef: string): Promise<boolean | undefined> {
    if (!this.catalog) return undefined;
    return (await this.entities([userRef])).has(userRef.toLocaleLowerCase('en-US'));
  }

  /** Whether the catalog knows the user, and the groups they are a member of. */
  async identity(userRef: string): Promise<{ exists: boolean; ownershipRefs: string[] }> {
    const e = (await this.entities([userRef])).get(userRef);
    if (!e) return { exists: false, ownershipRefs: [userRef] };
    const groups = (e.relations ?? []).filter(r => r.type === RELATION_MEMBER_OF).map(r => r.targetRef.toLocaleLowerCase('en-US'));
    return { exists: true, ownershipRefs: [userRef, ...groups] };
  }
}
