/**
 * Group `spec.type` values of the three ADP levels.
 *
 * @public
 */
export const ADP_GROUP_TYPES = {
  alb: 'arms-length-body',
  programme: 'delivery-programme',
  project: 'delivery-project',
} as const;

/**
 * Catalog namespaces of the three levels. Each record kind has its own unique `name`
 * (ALB slug, programme slug, project namespace), so one catalog namespace per kind makes
 * entity refs unique by construction, with no prefix that could push a 63-character name
 * over the catalog's limit. Projects stay in `default`: components name them as owners.
 *
 * @public
 */
export const ADP_ENTITY_NAMESPACES = {
  alb: 'alb',
  programme: 'programme',
  project: 'default',
} as const;

/**
 * Location type of everything this module emits (`adp:<api base url>/...`).
 *
 * @public
 */
export const ADP_LOCATION_TYPE = 'adp';

/**
 * Annotations written on ADP Group entities.
 *
 * @public
 */
export const ADP_ANNOTATIONS = {
  albId: 'adp.io/alb-id',
  programmeId: 'adp.io/programme-id',
  projectId: 'adp.io/project-id',
  programmeCode: 'adp.io/programme-code',
  alias: 'adp.io/alias',
  /** Comma-separated user refs; read by the membership processor to emit relations. */
  technicalMembers: 'adp.io/technical-members',
  teamAdmins: 'adp.io/team-admins',
  programmeAdmins: 'adp.io/programme-admins',
  entraNonTechGroup: 'adp.io/entra-group-non-technical',
  entraTechGroup: 'adp.io/entra-group-technical',
  entraAdminGroup: 'adp.io/entra-group-admin',
  githubContributorsTeam: 'adp.io/github-team-contributors',
  githubAdminsTeam: 'adp.io/github-team-admins',
  githubTeamVisibility: 'adp.io/github-team-visibility',
  azureDevOpsProject: 'adp.io/azure-devops-project',
  azureDevOpsContributorsGroup: 'adp.io/azure-devops-contributors-group',
  sonarcloudGroup: 'adp.io/sonarcloud-group',
  /** Comma-separated SonarCloud project key prefixes: the namespace, then the alias. */
  sonarcloudProjectKeyPrefixes: 'adp.io/sonarcloud-project-key-prefixes',
  teamType: 'adp.io/team-type',
  serviceCode: 'adp.io/service-code',
  costCentre: 'adp.io/cost-centre',
  serviceOwner: 'adp.io/service-owner',
} as const;

/**
 * Custom relations between ADP Groups and Users (each pair is one fact seen from both sides).
 *
 * @public
 */
export const ADP_RELATIONS = {
  hasTechnicalMember: 'hasTechnicalMember',
  technicalMemberOf: 'technicalMemberOf',
  hasTeamAdmin: 'hasTeamAdmin',
  teamAdminOf: 'teamAdminOf',
  hasProgrammeAdmin: 'hasProgrammeAdmin',
  programmeAdminOf: 'programmeAdminOf',
} as const;
