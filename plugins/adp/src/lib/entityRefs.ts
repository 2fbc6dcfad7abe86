import { Entity, stringifyEntityRef } from '@backstage/catalog-model';

/** @public */
export type AdpEntityKind = 'alb' | 'programme' | 'project';

/**
 * The catalog Group entity that represents an ADP record. The ONE place that knows
 * the catalog module's naming: align it here if that naming changes.
 *
 * @public
 */
export function entityRefFor(kind: AdpEntityKind, record: { name: string }): string {
  // Every kind is a Group named after the record's immutable slug.
  void kind;
  return stringifyEntityRef({ kind: 'group', namespace: 'default', name: record.name });
}

/**
 * Annotations the catalog module writes on the Groups it provides.
 *
 * @public
 */
export const ADP_ANNOTATIONS = {
  programmeId: 'adp.io/programme-id',
  projectId: 'adp.io/project-id',
} as const;

/** @public */
export const ADP_GROUP_TYPES = {
  programme: 'delivery-programme',
  project: 'delivery-project',
} as const;

/** @public */
export type AdpEntityRecord =
  | { kind: 'programme'; id: string }
  | { kind: 'project'; id: string };

/**
 * Which ADP record a catalog entity stands for, if any.
 *
 * @public
 */
export function adpRecordOf(entity: Entity): AdpEntityRecord | undefined {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  const annotations = entity.metadata.annotations ?? {};
  if (entity.kind.toLocaleLowerCase('en-US') !== 'group') return undefined;
  if (type === ADP_GROUP_TYPES.programme && annotations[ADP_ANNOTATIONS.programmeId]) {
    return { kind: 'programme', id: annotations[ADP_ANNOTATIONS.programmeId] };
  }
  if (type === ADP_GROUP_TYPES.project && annotations[ADP_ANNOTATIONS.projectId]) {
    return { kind: 'project', id: annotations[ADP_ANNOTATIONS.projectId] };
  }
  return undefined;
}

/** @public */
export const isAdpProgrammeEntity = (entity: Entity) =>
  adpRecordOf(entity)?.kind === 'programme';
/** @public */
export const isAdpProjectEntity = (entity: Entity) =>
  adpRecordOf(entity)?.kind === 'project';
/** @public */
export const isAdpDeliveryEntity = (entity: Entity) => adpRecordOf(entity) !== undefined;
