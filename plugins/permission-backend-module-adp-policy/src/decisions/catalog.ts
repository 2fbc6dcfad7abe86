import { PolicyDecision } from '@backstage/plugin-permission-common';
import { UserAccess } from '../UserAccess';
import { ALLOW, allowIf, conditional, DENY } from './results';

/** Rule and resource type of the catalog backend (`catalogConditions.isEntityOwner`). */
export const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';
export const IS_ENTITY_OWNER_RULE = 'IS_ENTITY_OWNER';

/** Catalog reads any Platform User may do. */
const READS = new Set([
  'catalog.entity.read',
  'catalog.location.read',
  'catalog.entity.validate',
  'catalog.location.analyze',
]);

/** Registering components: what scaffolding does on behalf of a technical member. */
const REGISTRATIONS = new Set(['catalog.entity.create', 'catalog.location.create']);

/** Changes to existing entities: their owners may do them. */
const OWNER_CHANGES = new Set(['catalog.entity.delete', 'catalog.entity.refresh']);

/**
 * Catalog permissions: everyone reads; ADP Admins do everything; technical members
 * register components; owners refresh and unregister what they own.
 */
export function decideCatalogPermission(name: string, access: UserAccess): PolicyDecision {
  if (READS.has(name) || access.isAdpAdmin) return ALLOW;
  if (REGISTRATIONS.has(name)) return allowIf(access.technicalProjectIds.length > 0);
  if (OWNER_CHANGES.has(name)) {
    return conditional('catalog', CATALOG_ENTITY_RESOURCE_TYPE, {
      resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
      rule: IS_ENTITY_OWNER_RULE,
      params: { claims: [...access.ownershipEntityRefs] },
    });
  }
  // catalog.location.delete and anything newer: ADP Admins only.
  return DENY;
}
