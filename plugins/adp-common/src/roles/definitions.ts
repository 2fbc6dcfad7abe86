import { AdpPermissionName } from '../permissions';

/**
 * The eight roles of the ADP permissions model.
 *
 * @public
 */
export type RoleId =
  | 'platform-user'
  | 'delivery-team-member'
  | 'technical-team-member'
  | 'delivery-team-admin'
  | 'delivery-programme-admin'
  | 'adp-admin'
  | 'ccoe-engineer'
  | 'adp-service-account';

/**
 * Where a role applies. Organisation covers the whole tenant, like platform.
 *
 * @public
 */
export type RoleScopeKind = 'platform' | 'organisation' | 'programme' | 'project';

/** @public */
export type ExternalSystem = 'github' | 'entra' | 'azure' | 'azure-devops' | 'sonarcloud';

/**
 * Access a role gives outside the portal, provisioned by the reconcilers.
 *
 * @public
 */
export interface ExternalGrant {
  system: ExternalSystem;
  /** The group or team, as a naming-template key (see naming.ts). */
  group: string;
  access: string;
  /** Granted only when the holder also holds these roles in the same scope. */
  requiresRoles?: RoleId[];
}

/** @public */
export interface RoleDefinition {
  id: RoleId;
  title: string;
  scope: RoleScopeKind;
  description: string;
  /**
   * Roles whose permissions this one includes. Included permissions apply at this
   * role's scope: a programme admin has team-admin rights on every project of the programme.
   */
  includes: RoleId[];
  permissions: AdpPermissionName[];
  external: ExternalGrant[];
}

const READ: AdpPermissionName[] = ['adp.alb.read', 'adp.programme.read', 'adp.project.read'];

/**
 * The one definition of the role model. The policy, the explain API, the permission
 * matrix, the UI hints and docs/roles.md are all derived from it.
 *
 * @public
 */
export const ROLE_DEFINITIONS: Readonly<Record<RoleId, RoleDefinition>> = {
  'platform-user': {
    id: 'platform-user',
    title: 'Platform User',
    scope: 'platform',
    description:
      'Anyone signed in with a catalog identity: reads every ALB, programme and project and can be chosen for a team.',
    includes: [],
    permissions: [...READ],
    external: [],
  },
  'delivery-team-member': {
    id: 'delivery-team-member',
    title: 'Delivery Team Member',
    scope: 'project',
    description: 'Member of a delivery project team; shown as a member of the project.',
    includes: ['platform-user'],
    permissions: [],
    external: [{ system: 'entra', group: 'entra.projectNonTech', access: 'member' }],
  },
  'technical-team-member': {
    id: 'technical-team-member',
    title: 'Technical Team Member',
    scope: 'project',
    description:
      "Tech lead, tester, developer or architect on the project: scaffolds services and gets write access to the project's repositories.",
    includes: ['delivery-team-member'],
    permissions: ['adp.project.createService', 'adp.productionAccess.request'],
    external: [
      { system: 'github', group: 'github.contributors', access: 'write' },
      { system: 'entra', group: 'entra.projectTech', access: 'member' },
      { system: 'azure', group: 'entra.dbWriter', access: 'PostgreSQL writer in non-production environments' },
      { system: 'azure-devops', group: 'azureDevOps.contributors', access: "write: nested in the Azure DevOps project's Contributors group" },
      { system: 'sonarcloud', group: 'sonarcloud.projectGroup', access: 'issueadmin, securityhotspotadmin, codeviewer, scan, user' },
    ],
  },
  'delivery-team-admin': {
    id: 'delivery-team-admin',
    title: 'Delivery Team Admin',
    scope: 'project',
    description:
      'Tech lead or delivery manager: edits the project and adds, changes and removes its team members.',
    includes: ['delivery-team-member'],
    permissions: [
      'adp.project.update',
      'adp.projectMember.create',
      'adp.projectMember.update',
      'adp.projectMember.delete',
      'adp.provisioning.retry',
      'adp.provisioning.plan',
      // Held by every team admin, but only the tech lead uses it: see PERMISSION_CONDITIONS.
      'adp.productionAccess.sponsor',
      'adp.productionAccess.revoke',
    ],
    external: [
      { system: 'entra', group: 'entra.projectAdmin', access: 'member' },
      {
        system: 'github',
        group: 'github.admins',
        access: 'admin',
        requiresRoles: ['technical-team-member'],
      },
    ],
  },
  'delivery-programme-admin': {
    id: 'delivery-programme-admin',
    title: 'Delivery Programme Admin',
    scope: 'programme',
    description:
      'Administers a programme: team-admin rights on all its projects, creates projects, edits the programme and adds other programme admins.',
    includes: ['delivery-team-admin'],
    permissions: [
      'adp.programme.update',
      'adp.programmeAdmin.create',
      'adp.programmeAdmin.delete',
      'adp.project.create',
      'adp.project.archive',
    ],
    external: [{ system: 'entra', group: 'entra.programmeAdmin', access: 'member' }],
  },
  'adp-admin': {
    id: 'adp-admin',
    title: 'ADP Admin',
    scope: 'platform',
    description:
      'ADP platform engineering team member: full access to the portal, admin for every ALB, programme and project.',
    includes: ['delivery-programme-admin', 'technical-team-member', 'ccoe-engineer'],
    permissions: [
      'adp.alb.create',
      'adp.alb.update',
      'adp.programme.create',
      'adp.programme.archive',
      'adp.platformRole.manage',
      'adp.serviceAccount.manage',
      'adp.userProfile.manage',
      'adp.provisioning.run',
    ],
    external: [
      { system: 'entra', group: 'entra.platformEngineers', access: 'member' },
      { system: 'github', group: 'github.platformAdmins', access: 'admin on all ADP repositories' },
      { system: 'sonarcloud', group: 'sonarcloud.platformGroup', access: 'admin, issueadmin, securityhotspotadmin, codeviewer, scan, user' },
    ],
  },
  'ccoe-engineer': {
    id: 'ccoe-engineer',
    title: 'CCoE Engineer',
    scope: 'organisation',
    description:
      "Cloud Centre of Excellence engineer: reads everything and audits access (anyone's roles, provisioning plans); changes nothing in teams.",
    includes: ['platform-user'],
    permissions: ['adp.access.explainOthers', 'adp.provisioning.plan'],
    external: [],
  },
  'adp-service-account': {
    id: 'adp-service-account',
    title: 'ADP Service Account',
    scope: 'platform',
    description:
      'Automation within ADP: reads the delivery structure and runs provisioning; cannot change teams.',
    includes: [],
    permissions: [...READ, 'adp.provisioning.run', 'adp.provisioning.plan'],
    external: [],
  },
};

/** @public */
export const ROLE_IDS = Object.keys(ROLE_DEFINITIONS) as RoleId[];

/**
 * What the server requires beyond a role for a permission, on the stored records; shown as the
 * permission matrix's note. The GOV.UK production access rules' sponsor is the engineer's
 * "civil servant tech lead, or a Senior Technologist": the tech lead of a project is a member
 * who is both technical and a team admin there (a delivery manager is not), and the Senior
 * Technologists are the ADP Admins. Programme admins hold the permission through role inclusion
 * but sponsor only where they are a project's tech lead (docs/decisions.md).
 *
 * @public
 */
export const PERMISSION_CONDITIONS: Partial<Record<AdpPermissionName, string>> = {
  'adp.productionAccess.request': 'only as a Technical Team Member of the project',
  'adp.productionAccess.sponsor':
    "only the project's tech lead (Technical Team Member and Delivery Team Admin of the project, recorded as a civil servant) or an ADP Admin; never for oneself",
};
