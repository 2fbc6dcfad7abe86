import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { createDemoAuthenticator, demoSignInResolver } from './authenticator';
import { assertDemoAllowed, isDemoEnabled, readDemoPersonas } from './config';

/** @public */
export const DEMO_PROVIDER_ID = 'adp-demo';

/**
 * Sign-in as one of the configured demo personas. Registers nothing unless
 * `adp.demo.enabled` is true, and refuses to start in production.
 *
 * @public
 */
export const authModuleAdpDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'adp-demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        assertDemoAllowed(config);
        if (!isDemoEnabled(config)) {
          return;
        }
        const personas = readDemoPersonas(config);
        logger.warn(
          `Demo sign-in is enabled: anyone can sign in as ${personas.length} personas`,
        );
        providers.registerProvider({
          providerId: DEMO_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: createDemoAuthenticator(personas),
            signInResolver: demoSignInResolver,
          }),
        });
      },
    });
  },
});
