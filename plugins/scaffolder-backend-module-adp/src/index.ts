/**
 * Scaffolder actions (adp:*) for delivery programmes, delivery projects and new services. Every
 * call goes to the ADP REST API as the user running the template, so the API validates and
 * authorizes it exactly as it does for the portal's pages.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAdp as default } from './module';
export {
  createAdpActions,
  readGithubTarget,
  AdpActionClient,
  toActionError,
  createProgrammeAction,
  createProjectAction,
  getProjectAction,
  grantRepositoryAction,
  registerSonarProjectAction,
  awaitProvisioningAction,
} from './actions';
export type {
  AdpActionsOptions,
  AdpActionClientOptions,
  AdpGithubTarget,
  AwaitProvisioningOptions,
  ProvisioningState,
  ProvisioningStatus,
  RepositoryRegistration,
  SonarProjectRegistration,
  SystemStatus,
} from './actions';
