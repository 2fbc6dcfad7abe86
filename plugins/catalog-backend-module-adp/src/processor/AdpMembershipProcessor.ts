import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';

import {
  ADP_ANNOTATIONS,
  ADP_LOCATION_TYPE,
  ADP_RELATIONS,
} from '@adp-portal/plugin-adp-common';

/** Annotation → (group → user relation, user → group relation). */
const MEMBERSHIP_KINDS = [
  [
    ADP_ANNOTATIONS.technicalMembers,
    ADP_RELATIONS.hasTechnicalMember,
    ADP_RELATIONS.technicalMemberOf,
  ],
  [
    ADP_ANNOTATIONS.teamAdmins,
    ADP_RELATIONS.hasTeamAdmin,
    ADP_RELATIONS.teamAdminOf,
  ],
  [
    ADP_ANNOTATIONS.programmeAdmins,
    ADP_RELATIONS.hasProgrammeAdmin,
    ADP_RELATIONS.programmeAdminOf,
  ],
] as const;

/**
 * Turns the membership-kind annotations of ADP Groups into relations, so catalog filters,
 * permission conditions and the scaffolder's project picker can ask "is this user technical
 * on this project" of the catalog alone (`relations.hasTechnicalMember=user:default/tess`).
 *
 * Only entities from the ADP provider count: a catalog-info.yaml in any repository could
 * carry the same annotations, and must not make anyone an admin.
 *
 * @public
 */
export class AdpMembershipProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'AdpMembershipProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (entity.kind !== 'Group' || location.type !== ADP_LOCATION_TYPE)
      return entity;
    const groupRef = getCompoundEntityRef(entity);
    const annotations = entity.metadata.annotations ?? {};
    for (const [annotation, forward, reverse] of MEMBERSHIP_KINDS) {
      for (const userRef of splitRefs(annotations[annotation])) {
        const user = parseEntityRef(userRef, {
          defaultKind: 'User',
          defaultNamespace: 'default',
        });
        emit(
          processingResult.relation({
            source: groupRef,
            type: forward,
            target: user,
          }),
        );
        emit(
          processingResult.relation({
            source: user,
            type: reverse,
            target: groupRef,
          }),
        );
      }
    }
    return entity;
  }
}

function splitRefs(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}
