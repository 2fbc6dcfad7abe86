import {
  BasicPermission,
  ResourcePermission,
  createPermission,
} from '@backstage/plugin-permission-common';

/**
 * Permission resource types of the ADP plugin; resource refs are the records' ids.
 *
 * @public
 */
export const ADP_RESOURCE_TYPES = {
  alb: 'adp-alb',
  programme: 'adp-programme',
  project: 'adp-project',
  projectMember: 'adp-project-member',
  programmeAdmin: 'adp-programme-admin',
} as const;

/** @public */
export type AdpResourceType =
  (typeof ADP_RESOURCE_TYPES)[keyof typeof ADP_RESOURCE_TYPES];

const T = ADP_RESOURCE_TYPES;

// Reads: every Platform User.
/** @public */
export const albReadPermission = createPermission({ name: 'adp.alb.read', attributes: { action: 'read' }, resourceType: T.alb });
/** @public */
export const programmeReadPermission = createPermission({ name: 'adp.programme.read', attributes: { action: 'read' }, resourceType: T.programme });
/** @public */
export const projectReadPermission = createPermission({ name: 'adp.project.read', attributes: { action: 'read' }, resourceType: T.project });

// Arms Length Bodies.
/** @public */
export const albCreatePermission = createPermission({ name: 'adp.alb.create', attributes: { action: 'create' } });
/** @public */
export const albUpdatePermission = createPermission({ name: 'adp.alb.update', attributes: { action: 'update' }, resourceType: T.alb });

// Programmes.
/** @public */
export const programmeCreatePermission = createPermission({ name: 'adp.programme.create', attributes: { action: 'create' } });
/** @public */
export const programmeUpdatePermission = createPermission({ name: 'adp.programme.update', attributes: { action: 'update' }, resourceType: T.programme });
/** @public */
export const programmeArchivePermission = createPermission({ name: 'adp.programme.archive', attributes: { action: 'delete' }, resourceType: T.programme });
/**
 * Add an admin to a programme; authorized against the programme.
 *
 * @public
 */
export const programmeAdminCreatePermission = createPermission({ name: 'adp.programmeAdmin.create', attributes: { action: 'create' }, resourceType: T.programme });
/** @public */
export const programmeAdminDeletePermission = createPermission({ name: 'adp.programmeAdmin.delete', attributes: { action: 'delete' }, resourceType: T.programmeAdmin });

// Projects: creation is authorized against the parent programme.
/** @public */
export const projectCreatePermission = createPermission({ name: 'adp.project.create', attributes: { action: 'create' }, resourceType: T.programme });
/** @public */
export const projectUpdatePermission = createPermission({ name: 'adp.project.update', attributes: { action: 'update' }, resourceType: T.project });
/** @public */
export const projectArchivePermission = createPermission({ name: 'adp.project.archive', attributes: { action: 'delete' }, resourceType: T.project });
/**
 * Scaffold new services (and repositories) for the project.
 *
 * @public
 */
export const projectCreateServicePermission = createPermission({ name: 'adp.project.createService', attributes: { action: 'create' }, resourceType: T.project });

// Project teams: adding is authorized against the project, changes against the member row.
/** @public */
export const projectMemberCreatePermission = createPermission({ name: 'adp.projectMember.create', attributes: { action: 'create' }, resourceType: T.project });
/** @public */
export const projectMemberUpdatePermission = createPermission({ name: 'adp.projectMember.update', attributes: { action: 'update' }, resourceType: T.projectMember });
/** @public */
export const projectMemberDeletePermission = createPermission({ name: 'adp.projectMember.delete', attributes: { action: 'delete' }, resourceType: T.projectMember });

// Provisioning of external systems.
/** @public */
export const provisioningRetryPermission = createPermission({ name: 'adp.provisioning.retry', attributes: { action: 'update' }, resourceType: T.project });
/**
 * See the reconciler's plan (dry run) for a project: what would change where.
 *
 * @public
 */
export const provisioningPlanPermission = createPermission({ name: 'adp.provisioning.plan', attributes: { action: 'read' }, resourceType: T.project });
/**
 * Run provisioning for everything (automation).
 *
 * @public
 */
export const provisioningRunPermission = createPermission({ name: 'adp.provisioning.run', attributes: { action: 'update' } });

// Platform administration.
/** @public */
export const platformRoleManagePermission = createPermission({ name: 'adp.platformRole.manage', attributes: { action: 'update' } });
/** @public */
export const serviceAccountManagePermission = createPermission({ name: 'adp.serviceAccount.manage', attributes: { action: 'update' } });
/** @public */
export const userProfileManagePermission = createPermission({ name: 'adp.userProfile.manage', attributes: { action: 'update' } });
/**
 * Ask the explain API about another user (everybody may ask about themselves).
 *
 * @public
 */
export const accessExplainOthersPermission = createPermission({ name: 'adp.access.explainOthers', attributes: { action: 'read' } });

// Production access: authorized against the stored project of the request.
/**
 * Request a production level on the project for oneself.
 *
 * @public
 */
export const productionAccessRequestPermission = createPermission({ name: 'adp.productionAccess.request', attributes: { action: 'create' }, resourceType: T.project });
/**
 * Approve or refuse requests on the project, and recertify its grants (never one's own).
 *
 * @public
 */
export const productionAccessSponsorPermission = createPermission({ name: 'adp.productionAccess.sponsor', attributes: { action: 'update' }, resourceType: T.project });
/**
 * Revoke a production level on the project at any time.
 *
 * @public
 */
export const productionAccessRevokePermission = createPermission({ name: 'adp.productionAccess.revoke', attributes: { action: 'delete' }, resourceType: T.project });

/** @public */
export const adpPermissions = [
  albReadPermission,
  programmeReadPermission,
  projectReadPermission,
  albCreatePermission,
  albUpdatePermission,
  programmeCreatePermission,
  programmeUpdatePermission,
  programmeArchivePermission,
  programmeAdminCreatePermission,
  programmeAdminDeletePermission,
  projectCreatePermission,
  projectUpdatePermission,
  projectArchivePermission,
  projectCreateServicePermission,
  projectMemberCreatePermission,
  projectMemberUpdatePermission,
  projectMemberDeletePermission,
  provisioningRetryPermission,
  provisioningPlanPermission,
  provisioningRunPermission,
  platformRoleManagePermission,
  serviceAccountManagePermission,
  userProfileManagePermission,
  accessExplainOthersPermission,
  productionAccessRequestPermission,
  productionAccessSponsorPermission,
  productionAccessRevokePermission,
] as const;

/** @public */
export type AdpPermission = (typeof adpPermissions)[number];
/** @public */
export type AdpPermissionName = AdpPermission['name'];

/** @public */
export const adpPermissionsByName: ReadonlyMap<string, BasicPermission | ResourcePermission> =
  new Map(adpPermissions.map(p => [p.name, p]));

/**
 * The resource type of a permission, or undefined for a basic permission.
 *
 * @public
 */
export function resourceTypeOf(name: string): AdpResourceType | undefined {
  const p = adpPermissionsByName.get(name);
  return p && p.type === 'resource' ? (p.resourceType as AdpResourceType) : undefined;
}

/**
 * A one-line description of each permission for the matrix and the pages.
 *
 * @public
 */
export const adpPermissionDescriptions: Record<AdpPermissionName, string> = {
  'adp.alb.read': 'Read Arms Length Bodies',
  'adp.programme.read': 'Read delivery programmes',
  'adp.project.read': 'Read delivery projects and their teams',
  'adp.alb.create': 'Create Arms Length Bodies',
  'adp.alb.update': 'Edit Arms Length Bodies',
  'adp.programme.create': 'Create delivery programmes',
  'adp.programme.update': 'Edit programme details',
  'adp.programme.archive': 'Archive or restore a programme',
  'adp.programmeAdmin.create': 'Add programme admins',
  'adp.programmeAdmin.delete': 'Remove programme admins',
  'adp.project.create': 'Create delivery projects in a programme',
  'adp.project.update': 'Edit delivery project details',
  'adp.project.archive': 'Archive or restore a delivery project',
  'adp.project.createService': 'Scaffold new services and repositories for a project',
  'adp.projectMember.create': 'Add users to a project team',
  'adp.projectMember.update': "Change a team member's role",
  'adp.projectMember.delete': 'Remove users from a project team',
  'adp.provisioning.retry': 'Retry provisioning of external systems',
  'adp.provisioning.plan': 'See the provisioning plan (dry run)',
  'adp.provisioning.run': 'Run provisioning for the whole platform',
  'adp.platformRole.manage': 'Assign ADP Admin and CCoE Engineer roles',
  'adp.serviceAccount.manage': 'Manage ADP service accounts',
  'adp.userProfile.manage': "Edit other users' profiles (GitHub handle, employment)",
  'adp.access.explainOthers': "See other users' roles and access",
  'adp.productionAccess.request': 'Request Production Deploy or Production Admin on a project',
  'adp.productionAccess.sponsor': 'Sponsor production access: approve or refuse requests, recertify grants',
  'adp.productionAccess.revoke': 'Revoke production access on a project',
};
