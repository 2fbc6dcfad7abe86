import { AuthenticationHandler, Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { ClientSecretCredential, TokenCredential } from '@azure/identity';
import { EntraConfig } from '../../config';

/** The app registration's credential, or the one a test hands in (the fake's authority cannot be loopback http). */
export function entraCredential(c: EntraConfig, override?: TokenCredential): TokenCredential {
  return (
    override ??
    new ClientSecretCredential(c.tenantId, c.clientId, c.clientSecret, {
      ...(c.authorityHost ? { authorityHost: c.authorityHost } : {}),
    })
  );
}

/**
 * A Microsoft Graph client for `adp.provisioning.entra`, shared by the group reconciler and the
 * sign-in activity reader. No Graph RetryHandler: the callers own retries (the outbox queue, the
 * hourly absence task).
 */
export function createGraphClient(c: EntraConfig, credential: TokenCredential): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(credential, {
    scopes: [`${c.graphBaseUrl}/.default`],
  });
  const auth = new AuthenticationHandler(authProvider);
  auth.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${c.graphBaseUrl}/`,
    customHosts: new Set([new URL(c.graphBaseUrl).hostname]),
  });
}
