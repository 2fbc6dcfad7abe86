import { Entity } from '@backstage/catalog-model';
import { catalogEntityPermissionResourceRef } from '@backstage/plugin-catalog-node/alpha';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import { ADP_RELATIONS } from '@adp-portal/plugin-adp-common';
import { ClaimsParams, claimsParamsSchema } from './claimsParamsSchema';

/**
 * Names the ADP policy uses in catalog conditions (resource type `catalog-entity`).
 *
 * @public
 */
export const ADP_CATALOG_RULES = {
  isTechnicalMemberOfProject: 'IS_TECHNICAL_MEMBER_OF_PROJECT',
  isTeamAdminOfProject: 'IS_TEAM_ADMIN_OF_PROJECT',
  isProgrammeAdmin: 'IS_PROGRAMME_ADMIN',
} as const;

/** Matches entities having a relation of `type` to any of the claims: in memory and as a catalog query. */
function relationRule(name: string, type: string, description: string) {
  return createPermissionRule<
    typeof catalogEntityPermissionResourceRef,
    ClaimsParams
  >({
    name,
    description,
    resourceRef: catalogEntityPermissionResourceRef,
    paramsSchema: claimsParamsSchema,
    apply: (entity: Entity, { claims }) =>
      (entity.relations ?? []).some(
        r => r.type === type && claims.includes(r.targetRef),
      ),
    // The catalog's search table keys relations as `relations.<type>` (lower-cased on both sides).
    toQuery: ({ claims }) => ({ key: `relations.${type}`, values: claims }),
  });
}

/** @public */
export const isTechnicalMemberOfProject = relationRule(
  ADP_CATALOG_RULES.isTechnicalMemberOfProject,
  ADP_RELATIONS.hasTechnicalMember,
  'Allow delivery project Groups on which one of the claims is a Technical Team Member',
);

/** @public */
export const isTeamAdminOfProject = relationRule(
  ADP_CATALOG_RULES.isTeamAdminOfProject,
  ADP_RELATIONS.hasTeamAdmin,
  'Allow delivery project Groups on which one of the claims is a Delivery Team Admin',
);

/** @public */
export const isProgrammeAdmin = relationRule(
  ADP_CATALOG_RULES.isProgrammeAdmin,
  ADP_RELATIONS.hasProgrammeAdmin,
  'Allow delivery programme Groups of which one of the claims is a Delivery Programme Admin',
);

/** @public */
export const adpCatalogPermissionRules = [
  isTechnicalMemberOfProject,
  isTeamAdminOfProject,
  isProgrammeAdmin,
];
