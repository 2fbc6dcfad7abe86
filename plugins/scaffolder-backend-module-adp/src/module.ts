import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAdpActions, readGithubTarget } from './actions';

/**
 * The adp:* scaffolder actions: programmes, projects and new services, through the ADP API.
 *
 * @public
 */
export const scaffolderModuleAdp = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'adp',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        scaffolder.addActions(
          ...createAdpActions({
            auth,
            discovery,
            github: readGithubTarget(config),
          }),
        );
      },
    });
  },
});
