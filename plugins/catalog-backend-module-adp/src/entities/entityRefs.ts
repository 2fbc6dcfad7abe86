import { stringifyEntityRef } from '@backstage/catalog-model';
import { ADP_ENTITY_NAMESPACES } from './constants';

/**
 * Catalog ref of an ALB's Group, e.g. `group:alb/rpa`.
 *
 * @public
 */
export function albEntityRef(albName: string): string {
  return stringifyEntityRef({ kind: 'Group', namespace: ADP_ENTITY_NAMESPACES.alb, name: albName });
}

/**
 * Catalog ref of a programme's Group, e.g. `group:programme/fcp`.
 *
 * @public
 */
export function programmeEntityRef(programmeName: string): string {
  return stringifyEntityRef({ kind: 'Group', namespace: ADP_ENTITY_NAMESPACES.programme, name: programmeName });
}

/**
 * Catalog ref of a project's Group, e.g. `group:default/fcp-acd`: the owner of its components.
 *
 * @public
 */
export function projectEntityRef(projectName: string): string {
  return stringifyEntityRef({ kind: 'Group', namespace: ADP_ENTITY_NAMESPACES.project, name: projectName });
}
