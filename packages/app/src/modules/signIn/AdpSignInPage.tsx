import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  microsoftAuthApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import { DemoSignInPage } from './DemoSignInPage';
import { isDemoSignIn, readPersonas } from './personas';

const microsoftProvider = {
  id: 'microsoft-auth-provider',
  title: 'Microsoft',
  message: 'Sign in with your Microsoft Entra ID account',
  apiRef: microsoftAuthApiRef,
};

/** Persona chooser on demo deployments, Microsoft Entra ID everywhere else. */
export function AdpSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  if (isDemoSignIn(config)) {
    return <DemoSignInPage {...props} personas={readPersonas(config)} />;
  }
  return <SignInPage {...props} provider={microsoftProvider} />;
}
