import { ExternalGrant } from './definitions';

/**
 * Production access levels (GOV.UK "Rules for getting production access"): held per
 * delivery project, on top of the roles, only when a sponsor has approved a request.
 *
 * @public
 */
export type ProductionLevelId = 'production-deploy' | 'production-admin';

/**
 * One thing a level gives its holder, for people (a row of the permission matrix).
 *
 * @public
 */
export interface ProductionGrant {
  key: string;
  description: string;
}

/**
 * One thing the sponsor confirms before approving.
 *
 * @public
 */
export interface SponsorCheck {
  id: string;
  text: string;
}

/** @public */
export type LearningObjectiveId =
  | 'technical-stack'
  | 'deployment-pipeline'
  | 'incident-process'
  | 'least-privilege';

/** @public */
export interface LearningObjective {
  id: LearningObjectiveId;
  title: string;
  /** How it is usually met, as the GOV.UK production access rules suggest. */
  example: string;
}

/** @public */
export interface ProductionLevelDefinition {
  id: ProductionLevelId;
  title: string;
  description: string;
  /** Levels the requester must already hold on the same project. */
  requires: ProductionLevelId[];
  grants: ProductionGrant[];
  /** Access provisioned outside the portal while the level is held. */
  external: ExternalGrant[];
  /** What the sponsor should ensure about the engineer; each is confirmed on approval. */
  sponsorShouldEnsure: SponsorCheck[];
  /** Must every learning objective be done, with a date and a note or evidence, and confirmed? */
  requiresLearningChecklist: boolean;
  /** Apprentices: allowed, or only with their line manager's recorded approval. */
  apprentices: 'allowed' | 'line-manager-approval';
}

/**
 * The four Production Admin learning objectives of the GOV.UK production access rules.
 *
 * @public
 */
export const LEARNING_OBJECTIVES: readonly LearningObjective[] = [
  {
    id: 'technical-stack',
    title: 'The different parts of the technical stack (CDN, frontends, backends, data stores)',
    example: 'Attend (or watch the recording of) an introduction to the technical architecture.',
  },
  {
    id: 'deployment-pipeline',
    title: 'The deployment pipeline: how code gets from your machine to running in production',
    example: 'Read the deployment documentation and learn on the job.',
  },
  {
    id: 'incident-process',
    title: 'The incident management process',
    example: 'Read the incident handbook and complete the incident preparedness quizzes.',
  },
  {
    id: 'least-privilege',
    title: 'Least privilege, debugging production safely, and working with credentials and accounts',
    example: 'Pair with another developer to practise a drill.',
  },
];

/** @public */
export const LEARNING_OBJECTIVE_IDS = LEARNING_OBJECTIVES.map(o => o.id);

/**
 * The one definition of the production levels; the matrix, the pages and the server follow it.
 *
 * @public
 */
export const PRODUCTION_LEVELS: Readonly<Record<ProductionLevelId, ProductionLevelDefinition>> = {
  'production-deploy': {
    id: 'production-deploy',
    title: 'Production Deploy',
    description:
      "Deploys the project's code to production but does not administer production systems. Civil servants and contractors alike.",
    requires: [],
    grants: [
      { key: 'deploy', description: "Deploy the project's services to production" },
      { key: 'merge', description: 'Merge pull requests in continuously deployed repositories' },
      { key: 'logs', description: 'Read-only access to logging systems' },
      { key: 'dashboards', description: 'Read-only access to dashboards in pre-production and production' },
      { key: 'cloud-read', description: 'Read-only cloud access in production' },
    ],
    external: [
      { system: 'entra', group: 'entra.productionDeploy', access: 'member' },
      { system: 'github', group: 'github.productionDeploy', access: 'deployment reviewer of the production environment, where configured' },
      { system: 'azure', group: 'entra.dbReader', access: 'PostgreSQL reader in production environments' },
    ],
    sponsorShouldEnsure: [
      { id: 'security-clearance', text: 'has the required level of security clearance (at least BPSS)' },
      { id: 'code-review', text: "is aware of the team's processes and standards for code review" },
      { id: 'releasing-code', text: 'understands the responsibilities that releasing code to production brings' },
      { id: 'roll-back', text: 'knows how to roll back to an earlier release if there are problems' },
      { id: 'get-help', text: 'knows how to get help from someone with more access when they need it' },
    ],
    requiresLearningChecklist: false,
    apprentices: 'allowed',
  },
  'production-admin': {
    id: 'production-admin',
    title: 'Production Admin',
    description:
      "Administers the project's production systems. Requires Production Deploy and the completed learning checklist; apprentices only with their line manager's approval.",
    requires: ['production-deploy'],
    grants: [
      { key: 'administer', description: "Administer the project's production systems" },
      { key: 'cloud-admin', description: 'Privileged cloud access in production' },
    ],
    external: [
      { system: 'entra', group: 'entra.productionAdmin', access: 'member' },
      { system: 'github', group: 'github.productionAdmin', access: 'team of production administrators' },
      { system: 'azure', group: 'entra.dbWriter', access: 'PostgreSQL writer in production environments' },
    ],
    sponsorShouldEnsure: [
      { id: 'security-clearance', text: 'has at least BPSS security clearance' },
      { id: 'probation', text: 'has passed their probation period' },
      { id: 'checklist-reviewed', text: "has completed the learning checklist and you have reviewed each item's note or evidence" },
    ],
    requiresLearningChecklist: true,
    apprentices: 'line-manager-approval',
  },
};

/** @public */
export const PRODUCTION_LEVEL_IDS = Object.keys(PRODUCTION_LEVELS) as ProductionLevelId[];
