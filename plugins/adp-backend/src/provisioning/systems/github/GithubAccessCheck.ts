import { Octokit } from '@octokit/rest';
import { CredentialCheckOutcome } from '../../checks/CredentialCheck';
import { githubAppJwt } from './githubAppJwt';

/*
 * What the GitHub credential may do, read without changing anything. A GitHub App: its
 * installation on the organisation (`GET /orgs/{org}/installation`, with the app's own JWT)
 * lists the permissions the organisation granted. A classic personal access token: GitHub sends
 * its scopes in `x-oauth-scopes` on every answer. A fine-grained token: GitHub exposes nothing,
 * so the check says so instead of guessing.
 */

const LEVEL: Record<string, number> = { read: 1, write: 2, admin: 3 };

/** A GitHub App permission provisioning needs, as GitHub's settings page names it. */
export interface GithubAppPermission {
  /** The key in the installation's `permissions`. */
  key: string;
  level: 'read' | 'write';
  title: string;
}

/** Least privilege (docs/provisioning.md); Actions read only where production environments are managed. */
export function requiredGithubAppPermissions(productionEnvironment?: string): GithubAppPermission[] {
  return [
    { key: 'members', level: 'write', title: 'Organization › Members (read and write)' },
    { key: 'administration', level: 'write', title: 'Repository › Administration (read and write)' },
    { key: 'metadata', level: 'read', title: 'Repository › Metadata (read)' },
    // Reading an environment's reviewers (`GET .../environments/{name}`) needs Actions (read).
    ...(productionEnvironment ? [{ key: 'actions', level: 'read' as const, title: 'Repository › Actions (read)' }] : []),
  ];
}

/** The classic token scopes provisioning needs: teams and memberships, and private repositories. */
export const REQUIRED_GITHUB_TOKEN_SCOPES = ['admin:org', 'repo'];

export interface GithubAccessCheckSettings {
  apiBaseUrl: string;
  organization: string;
  /** `integrations.github[].apps` of the host. */
  apps: Array<{ appId: number; privateKey: string; allowedInstallationOwners?: string[] }>;
  /** `integrations.github[].token` of the host. */
  token?: string;
  productionEnvironment?: string;
}

/** GitHub's own message, without the documentation link Octokit appends. */
const messageOf = (e: any): string => e.response?.data?.message ?? e.message;

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export class GithubAccessCheck {
  readonly system = 'github' as const;
  private readonly octokit: Octokit;

  constructor(private readonly s: GithubAccessCheckSettings) {
    this.octokit = new Octokit({ baseUrl: s.apiBaseUrl, log: silent });
  }

  async check(): Promise<CredentialCheckOutcome> {
    const org = this.s.organization;
    const apps = this.s.apps.filter(
      a => !a.allowedInstallationOwners || a.allowedInstallationOwners.some(o => o.toLowerCase() === org.toLowerCase()),
    );
    const refused: string[] = [];
    for (const app of apps) {
      const answer = await this.octokit
        .request('GET /orgs/{org}/installation', { org, headers: { authorization: `bearer ${githubAppJwt(app.appId, app.privateKey)}` } })
        .then(
          r => r.data,
          e => {
            if (e.status === 404) return undefined;
            if (e.status === 401) {
              refused.push(`GitHub: GitHub refused the JWT of the GitHub App ${app.appId} (401 ${messageOf(e)}): check its appId and privateKey`);
              return undefined;
            }
            throw e;
          },
        );
      if (answer) return this.installationOutcome(app.appId, answer);
    }
    if (apps.length && !this.s.token) {
      return {
        missing: refused.length
          ? refused
          : [`GitHub: no GitHub App of the integration (${apps.map(a => a.appId).join(', ')}) is installed on the ${org} organisation`],
        notes: [],
        checked: true,
      };
    }
    if (!this.s.token) {
      return { missing: ['GitHub: the integration has neither a GitHub App nor a token for this host'], notes: [], checked: true };
    }
    return this.tokenOutcome(this.s.token, refused);
  }

  private installationOutcome(
    appId: number,
    installation: { permissions?: Record<string, string | undefined>; repository_selection?: string; suspended_at?: string | null },
  ): CredentialCheckOutcome {
    const org = this.s.organization;
    const granted = installation.permissions ?? {};
    const missing = requiredGithubAppPermissions(this.s.productionEnvironment)
      .filter(p => (LEVEL[granted[p.key] ?? ''] ?? 0) < LEVEL[p.level])
      .map(
        p =>
          `GitHub: the GitHub App ${appId} lacks ${p.title} on ${org} (${granted[p.key] ? `has ${granted[p.key]}` : 'not granted'})`,
      );
    if (installation.suspended_at) missing.unshift(`GitHub: the GitHub App ${appId} is suspended on ${org}: it can do nothing until an owner unsuspends it`);
    const notes =
      installation.repository_selection === 'selected'
        ? [`GitHub: the GitHub App ${appId} sees only the repositories selected for it on ${org}: teams get no access to the others`]
        : [];
    return { missing, notes, checked: true };
  }

  private async tokenOutcome(token: string, refused: string[]): Promise<CredentialCheckOutcome> {
    const org = this.s.organization;
    const answer = await this.octokit
      .request('GET /orgs/{org}/repos', { org, per_page: 1, headers: { authorization: `token ${token}` } })
      .then(
        r => ({ scopes: r.headers['x-oauth-scopes'] as string | undefined }),
        e => {
          if (e.status === 401) return { refusedToken: `GitHub: GitHub refused the integration's token (401 ${messageOf(e)})` };
          throw e;
        },
      );
    if ('refusedToken' in answer) return { missing: [...refused, answer.refusedToken!], notes: [], checked: true };
    if (answer.scopes === undefined) {
      return {
        missing: refused,
        notes: [
          'GitHub: the token is not a classic personal access token (GitHub sends no scopes for a fine-grained token), so its permissions could not be checked: it needs ' +
            requiredGithubAppPermissions(this.s.productionEnvironment).map(p => p.title).join(', '),
        ],
        checked: refused.length > 0,
      };
    }
    const scopes = answer.scopes.split(',').map(s => s.trim()).filter(Boolean);
    return {
      missing: [
        ...refused,
        ...REQUIRED_GITHUB_TOKEN_SCOPES.filter(s => !scopes.includes(s)).map(
          s => `GitHub: the integration's token lacks the scope ${s} (it has ${scopes.join(', ') || 'none'})`,
        ),
      ],
      notes: [],
      checked: true,
    };
  }
}
