import { ADP_RESOURCE_TYPES } from '@adp-portal/plugin-adp-common';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { AdpScopeQuery } from '../database/scopeFilter';

/**
 * What the permission rules see of any ADP record: where it sits in the delivery tree.
 *
 * @public
 */
export interface AdpScopedResource {
  id: string;
  albId: string | null;
  programmeId: string | null;
  projectId: string | null;
}

const ref = <T extends string>(resourceType: T) =>
  createPermissionResourceRef<AdpScopedResource, AdpScopeQuery>().with({ pluginId: 'adp', resourceType });

/** @public */
export const albResourceRef = ref(ADP_RESOURCE_TYPES.alb);
/** @public */
export const programmeResourceRef = ref(ADP_RESOURCE_TYPES.programme);
/** @public */
export const projectResourceRef = ref(ADP_RESOURCE_TYPES.project);
/** @public */
export const projectMemberResourceRef = ref(ADP_RESOURCE_TYPES.projectMember);
/** @public */
export const programmeAdminResourceRef = ref(ADP_RESOURCE_TYPES.programmeAdmin);

export const adpResourceRefs = [
  albResourceRef,
  programmeResourceRef,
  projectResourceRef,
  projectMemberResourceRef,
  programmeAdminResourceRef,
] as const;

export type AdpResourceRef = (typeof adpResourceRefs)[number];
