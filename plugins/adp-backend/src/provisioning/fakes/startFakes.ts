import { FakeAzureDevOps } from './FakeAzureDevOps';
import { FakeGithub } from './FakeGithub';
import { FakeGraph } from './FakeGraph';
import { FakeSonarCloud } from './FakeSonarCloud';

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

/** Starts all four fakes and returns the configuration that points at them. */
export async function startProvisioningFakes(options: { githubOrg?: string; sonarOrg?: string } = {}): Promise<ProvisioningFakes> {
  const github = new FakeGithub(options.githubOrg ?? 'defra');
  const graph = new FakeGraph();
  const azureDevOps = new FakeAzureDevOps();
  const sonarcloud = new FakeSonarCloud(options.sonarOrg ?? 'defra');
  await Promise.all([github.start(), graph.start(), azureDevOps.start(), sonarcloud.start()]);
  const all = () => [github, graph, azureDevOps, sonarcloud];
  return {
    github,
    graph,
    azureDevOps,
    sonarcloud,
    all,
    config: {
      integrations: { github: [{ host: 'github.com', apiBaseUrl: github.url, token: 'fake-github-token' }] },
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
