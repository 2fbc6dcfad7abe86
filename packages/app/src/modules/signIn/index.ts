import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

const adpSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => (await import('./AdpSignInPage')).AdpSignInPage,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [adpSignInPage],
});
