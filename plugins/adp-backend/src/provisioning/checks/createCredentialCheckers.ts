import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { ProvisioningConfig } from '../config';
import { SystemReconciler } from '../types';
import { GithubAccessCheck } from '../systems/github/GithubAccessCheck';
import { AzureDevOpsAccessCheck } from '../systems/azureDevOps/AzureDevOpsAccessCheck';
import { HttpJson } from '../systems/httpJson';
import { CredentialCheckOutcome, CredentialChecker } from './CredentialCheck';

/** A reconciler that checks its own credential (Entra: the token's roles; SonarCloud: a probe). */
interface SelfChecking {
  checkAccess(): Promise<CredentialCheckOutcome>;
}

/** One checker per configured system, in the reconcilers' order. */
export function createCredentialCheckers(root: Config, c: ProvisioningConfig, reconcilers: SystemReconciler[]): CredentialChecker[] {
  const checkers: CredentialChecker[] = [];
  for (const r of reconcilers) {
    if (!r.isConfigured()) continue;
    if (r.system === 'github' && c.github) {
      const integration = ScmIntegrations.fromConfig(root).github.byHost(c.github.host);
      checkers.push(
        new GithubAccessCheck({
          apiBaseUrl: c.github.apiBaseUrl,
          organization: c.github.organization,
          apps: integration?.config.apps ?? [],
          token: integration?.config.token,
          productionEnvironment: c.github.productionEnvironment,
        }),
      );
    } else if (r.system === 'azure-devops' && c.azureDevOps) {
      const ado = c.azureDevOps;
      checkers.push(
        new AzureDevOpsAccessCheck({
          http: new HttpJson('azure-devops', `Basic ${Buffer.from(`:${ado.personalAccessToken}`).toString('base64')}`),
          baseUrl: ado.baseUrl,
          graphBaseUrl: ado.graphBaseUrl,
        }),
      );
    } else if (typeof (r as Partial<SelfChecking>).checkAccess === 'function') {
      const self = r as SystemReconciler & SelfChecking;
      checkers.push({ system: r.system, check: () => self.checkAccess() });
    }
  }
  return checkers;
}
