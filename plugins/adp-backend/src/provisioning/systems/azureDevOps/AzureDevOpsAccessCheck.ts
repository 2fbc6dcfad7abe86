import { CredentialCheckOutcome } from '../../checks/CredentialCheck';
import { ExternalSystemError } from '../ExternalSystemError';
import { HttpJson } from '../httpJson';

/*
 * Azure DevOps has no API for a PAT's scopes. What can be read without changing anything: a
 * page of projects (needs Project and Team, Read) and a page of groups (needs Graph, Read). A
 * refusal names the scope; that the PAT may also *manage* groups cannot be told without changing
 * one, so the check says so. Azure DevOps answers a PAT it does not accept with 401, or with
 * 203 and its HTML sign-in page.
 */

export interface AzureDevOpsAccessCheckSettings {
  http: HttpJson;
  baseUrl: string;
  graphBaseUrl: string;
}

const PROBES = [
  { path: (s: AzureDevOpsAccessCheckSettings) => `${s.baseUrl}/_apis/projects?$top=1&api-version=7.1`, scope: 'Project and Team (Read), vso.project' },
  { path: (s: AzureDevOpsAccessCheckSettings) => `${s.graphBaseUrl}/_apis/graph/groups?api-version=7.1-preview.1`, scope: 'Graph (Read & manage), vso.graph_manage' },
];

export class AzureDevOpsAccessCheck {
  readonly system = 'azure-devops' as const;

  constructor(private readonly s: AzureDevOpsAccessCheckSettings) {}

  async check(): Promise<CredentialCheckOutcome> {
    const missing: string[] = [];
    for (const probe of PROBES) {
      try {
        await this.s.http.request('GET', probe.path(this.s));
      } catch (e) {
        const status = e instanceof ExternalSystemError ? e.status : undefined;
        if (status === 401 || status === 403) {
          missing.push(`Azure DevOps: the personal access token was refused (${status}): it needs the scope ${probe.scope}, and must not be expired or revoked`);
        } else if (e instanceof SyntaxError) {
          missing.push(`Azure DevOps: the personal access token is not accepted (Azure DevOps answered with its sign-in page): it needs the scope ${probe.scope}`);
        } else {
          throw e;
        }
      }
    }
    return {
      missing,
      notes: missing.length
        ? []
        : ['Azure DevOps: the PAT reads projects and groups; whether it may also change groups cannot be checked without changing one'],
      checked: true,
    };
  }
}
