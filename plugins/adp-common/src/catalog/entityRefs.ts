import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ADP_ANNOTATIONS,
  ADP_ENTITY_NAMESPACES,
  ADP_GROUP_TYPES,
} from './constants';

/**
 * The three record kinds the catalog module emits as Groups.
 *
 * @public
 */
export type AdpEntityKind = keyof typeof ADP_ENTITY_NAMESPACES;

/**
 * Catalog ref of the Group that stands for an ADP record, named after its immutable slug
 * in its kind's namespace, e.g. `group:alb/rpa`, `group:programme/fcp`, `group:default/fcp-acd`.
 *
 * @public
 */
export function adpEntityRef(kind: AdpEntityKind, name: string): string {
  return stringifyEntityRef({
    kind: 'Group',
    namespace: ADP_ENTITY_NAMESPACES[kind],
    name,
  });
}

/**
 * Catalog ref of an ALB's Group, e.g. `group:alb/rpa`.
 *
 * @public
 */
export const albEntityRef = (albName: string) => adpEntityRef('alb', albName);

/**
 * Catalog ref of a programme's Group, e.g. `group:programme/fcp`.
 *
 * @public
 */
export const programmeEntityRef = (programmeName: string) =>
  adpEntityRef('programme', programmeName);

/**
 * Catalog ref of a project's Group, e.g. `group:default/fcp-acd`: the owner of its components.
 *
 * @public
 */
export const projectEntityRef = (projectName: string) =>
  adpEntityRef('project', projectName);

/**
 * The ADP record a catalog entity stands for.
 *
 * @public
 */
export type AdpEntityRecord =
  | { kind: 'programme'; id: string }
  | { kind: 'project'; id: string };

/**
 * Which ADP record a catalog entity stands for, if any (programmes and projects: the levels
 * with a team).
 *
 * @public
 */
export function adpRecordOf(entity: Entity): AdpEntityRecord | undefined {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  const annotations = entity.metadata.annotations ?? {};
  if (entity.kind.toLocaleLowerCase('en-US') !== 'group') return undefined;
  if (
    type === ADP_GROUP_TYPES.programme &&
    annotations[ADP_ANNOTATIONS.programmeId]
  ) {
    return { kind: 'programme', id: annotations[ADP_ANNOTATIONS.programmeId] };
  }
  if (
    type === ADP_GROUP_TYPES.project &&
    annotations[ADP_ANNOTATIONS.projectId]
  ) {
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
export const isAdpDeliveryEntity = (entity: Entity) =>
  adpRecordOf(entity) !== undefined;
