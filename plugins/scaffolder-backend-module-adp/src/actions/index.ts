import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { AdpActionClient } from './AdpActionClient';
import { createProgrammeAction } from './programme';
import { createProjectAction, getProjectAction } from './project';
import { awaitProvisioningAction } from './provisioning';
import { grantRepositoryAction } from './repository';
import { registerSonarProjectAction } from './sonarcloud';
import { AdpGithubTarget } from './shared';

/** @public */
export interface AdpActionsOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  /** The GitHub organisation of the portal's projects, given to templates by adp:project:get. */
  github?: AdpGithubTarget;
  /** Between two provisioning status reads of adp:project:await-provisioning. Default 5000. */
  pollIntervalMs?: number;
}

/**
 * Every adp:* action. Those that act on a project take it as the input `projectId` (the policy's guard).
 *
 * @public
 */
export function createAdpActions(options: AdpActionsOptions) {
  const client = new AdpActionClient(options);
  return [
    createProgrammeAction(client),
    createProjectAction(client),
    getProjectAction(client, { github: options.github }),
    grantRepositoryAction(client),
    registerSonarProjectAction(client),
    awaitProvisioningAction(client, { pollIntervalMs: options.pollIntervalMs }),
  ];
}

export { AdpActionClient } from './AdpActionClient';
export type {
  AdpActionClientOptions,
  ProvisioningState,
  ProvisioningStatus,
  RepositoryRegistration,
  SonarProjectRegistration,
  SystemStatus,
} from './AdpActionClient';
export type { AwaitProvisioningOptions } from './provisioning';
export { readGithubTarget } from './shared';
export type { AdpGithubTarget } from './shared';
export { toActionError } from './errors';
export {
  createProgrammeAction,
  createProjectAction,
  getProjectAction,
  grantRepositoryAction,
  registerSonarProjectAction,
  awaitProvisioningAction,
};
