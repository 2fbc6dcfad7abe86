import { FakeAzureDevOps } from './FakeAzureDevOps';
import { FakeGithub } from './FakeGithub';
import { FakeGithubAppOptions } from './FakeGithubApp';
import { FakeGraph } from './FakeGraph';
import { FakeSonarCloud } from './FakeSonarCloud';
import { DEMO_PERSONAS } from '../../demo/demoData';

/** @public */
export interface ProvisioningFakes {
  github: FakeGithub;
  graph: FakeGraph;
  azureDevOps: FakeAzureDevOps;
  sonarcloud: FakeSonarCloud;
  /** app-config pointing the provisioning (and the GitHub integration) at the fakes. */
  config: Record<string, any>;
  all(): Array<FakeGithub | FakeGraph | FakeAzureDevOps | FakeSonarCloud>;
  stop(): Promise<void>;
}

/** @public */
export interface ProvisioningFakesOptions {
  githubOrg?: string;
  sonarOrg?: string;
  /** The token of the GitHub integration in `config`; pushes to the fake GitHub must carry it. */
  githubToken?: string;
  /** Fixed ports on 127.0.0.1 (e.g. for a portal started with a static config); free ports otherwise. */
  ports?: { github?: number; graph?: number; azureDevOps?: number; sonarcloud?: number };
  /** GitHub knows the accounts the demo personas have linked (the demo data seeds them verified, by id). */
  demoAccounts?: boolean;
  /**
   * The GitHub integration in `config` is a GitHub App installed on the organisation instead of
   * a token (`true`: with the permissions provisioning needs).
   */
  githubApp?: FakeGithubAppOptions | boolean;
  /** Scopes of the integration's token, a classic personal access token; default `repo`, `admin:org`. */
  githubTokenScopes?: string[];
}

/**
 * Starts all four fakes and returns the configuration that points at them.
 *
 * @public
 */
export async function startProvisioningFakes(options: ProvisioningFakesOptions = {}): Promise<ProvisioningFakes> {
  const githubToken = options.githubToken ?? 'fake-github-token';
  const github = new FakeGithub(options.githubOrg ?? 'defra', {
    token: githubToken,
    app: options.githubApp,
    tokenScopes: options.githubApp ? undefined : options.githubTokenScopes ?? ['repo', 'admin:org'],
  });
  const graph = new FakeGraph();
  const azureDevOps = new FakeAzureDevOps();
  const sonarcloud = new FakeSonarCloud(options.sonarOrg ?? 'defra');
  const ports = options.ports ?? {};
  const all = () => [github, graph, azureDevOps, sonarcloud];
  const started = await Promise.allSettled([
    github.start(ports.github),
    graph.start(ports.graph),
    azureDevOps.start(ports.azureDevOps),
    sonarcloud.start(ports.sonarcloud),
  ]);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(all().map(f => f.stop()));
    throw failed.reason;
  }
  if (options.demoAccounts) {
    for (const persona of DEMO_PERSONAS) {
      if (persona.github) github.accounts.register(persona.github.login, persona.github.id);
    }
  }
  return {
    github,
    graph,
    azureDevOps,
    sonarcloud,
    all,
    config: {
      integrations: {
        github: [
          github.app
            ? {
                host: 'github.com',
                apiBaseUrl: github.url,
                apps: [{ appId: github.app.appId, clientId: `Iv1.${github.app.appId}`, clientSecret: 'fake-client-secret', privateKey: github.app.privateKey }],
              }
            : { host: 'github.com', apiBaseUrl: github.url, token: githubToken },
        ],
      },
      adp: {
        provisioning: {
          github: { organization: github.organization, repositoryCacheSeconds: 0.001 },
          entra: { tenantId: 'tenant', clientId: 'client', clientSecret: 'secret', graphBaseUrl: graph.url },
          azureDevOps: { organization: 'defra', personalAccessToken: 'pat', baseUrl: azureDevOps.url, graphBaseUrl: azureDevOps.url },
          sonarcloud: { organization: sonarcloud.organization, token: 'sonar-token', baseUrl: sonarcloud.url },
        },
      },
    },
    async stop() {
      await Promise.all(all().map(f => f.stop()));
    },
  };
}
