import { Octokit } from '@octokit/rest';
import { TokenCredential } from '@azure/identity';
import { Config } from '@backstage/config';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { ProvisioningConfig } from './config';
import { SystemReconciler } from './types';
import { GithubReconciler } from './systems/github/GithubReconciler';
import { EntraReconciler } from './systems/entra/EntraReconciler';
import { createGraphClient, entraCredential } from './systems/entra/graphClient';
import { AzureDevOpsReconciler } from './systems/azureDevOps/AzureDevOpsReconciler';
import { SonarCloudReconciler } from './systems/sonarcloud/SonarCloudReconciler';
import { HttpJson } from './systems/httpJson';
import { AddedMembers } from './systems/AddedMembers';
import { EtagStore } from './systems/github/EtagStore';
import { DeltaLinks } from './systems/DeltaLinks';
import { useConditionalRequests } from './systems/github/conditionalRequests';

export interface ReconcilerOverrides {
  /** Replaces the ClientSecretCredential (tests: the fake's authority cannot be loopback http). */
  entraCredential?: TokenCredential;
  /** Whom the portal added to groups it shares with the tenant (the ADP Admins' Entra group). */
  addedMembers?: AddedMembers;
  /** GitHub GETs' ETags and bodies (conditional requests); without it every GET is a full read. */
  etags?: EtagStore;
  /** Graph's delta link for groups; with it, Entra drift is found through `/groups/delta`. */
  deltaLinks?: DeltaLinks;
}

/** Builds one reconciler per system; unconfigured systems get a reconciler that says so. */
export function createReconcilers(root: Config, c: ProvisioningConfig, overrides: ReconcilerOverrides = {}): SystemReconciler[] {
  const github = c.github;
  let githubReconciler: GithubReconciler;
  if (github) {
    const credentials = DefaultGithubCredentialsProvider.fromIntegrations(ScmIntegrations.fromConfig(root));
    const octokit = new Octokit({
      baseUrl: github.apiBaseUrl,
      // 404s are answers here (a team that does not exist yet), not errors to print.
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
    // A token per request: GitHub App installation tokens expire; the provider caches them.
    // On Octokit's hook collection: Octokit replaces a `request.hook` option with that
    // collection, so a hook passed as an option never runs (the token was never sent).
    octokit.hook.wrap('request', async (request: any, options: any) => {
      const { token } = await credentials.getCredentials({ url: `https://${github.host}/${github.organization}` });
      if (token) options.headers = { ...options.headers, authorization: `token ${token}` };
      return request(options);
    });
    if (overrides.etags) useConditionalRequests(octokit, overrides.etags);
    githubReconciler = new GithubReconciler({
      octokit,
      organization: github.organization,
      naming: c.naming,
      repositoryCacheMs: github.repositoryCacheMs,
      productionEnvironment: github.productionEnvironment,
      platformRepositoryTopics: github.platformRepositoryTopics,
    });
  } else {
    githubReconciler = new GithubReconciler(undefined);
  }

  let entraReconciler = new EntraReconciler(undefined);
  if (c.entra) {
    const credential = entraCredential(c.entra, overrides.entraCredential);
    const client = createGraphClient(c.entra, credential);
    entraReconciler = new EntraReconciler({
      client,
      graphBaseUrl: c.entra.graphBaseUrl,
      naming: c.naming,
      environments: c.environments,
      productionEnvironments: c.productionEnvironments,
      addedMembers: overrides.addedMembers,
      deltaLinks: overrides.deltaLinks,
      token: async () => (await credential.getToken(`${c.entra!.graphBaseUrl}/.default`))?.token,
    });
  }

  const ado = c.azureDevOps;
  const adoReconciler = new AzureDevOpsReconciler(
    ado && {
      http: new HttpJson('azure-devops', `Basic ${Buffer.from(`:${ado.personalAccessToken}`).toString('base64')}`),
      baseUrl: ado.baseUrl,
      graphBaseUrl: ado.graphBaseUrl,
      naming: c.naming,
    },
  );

  const sonar = c.sonarcloud;
  const sonarReconciler = new SonarCloudReconciler(
    sonar && {
      http: new HttpJson('sonarcloud', `Bearer ${sonar.token}`),
      baseUrl: sonar.baseUrl,
      organization: sonar.organization,
      naming: c.naming,
    },
  );
  return [githubReconciler, entraReconciler, adoReconciler, sonarReconciler];
}
