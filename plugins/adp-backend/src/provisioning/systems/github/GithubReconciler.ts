import { Octokit } from '@octokit/rest';
import { NamingTemplates } from '@adp-portal/plugin-adp-common';
import { DeliverySnapshot, PlanResult, PlannedChange, SystemReconciler } from '../../types';
import {
  GithubEnvironmentSpec,
  GithubMember,
  GithubTeamSpec,
  desiredGithubEnvironments,
  desiredGithubTeams,
  isProjectRepository,
  waitingForGithubAccount,
} from '../../desired/github';
import { ExternalSystemError, parseRetryAfter } from '../ExternalSystemError';

export interface GithubSettings {
  octokit: Octokit;
  organization: string;
  naming: NamingTemplates;
  /** How long the organisation's repository list is reused between plans. */
  repositoryCacheMs: number;
  /** The project repositories' production environment, whose deployment reviewers are managed. */
  productionEnvironment?: string;
  /** Topics marking the platform's own repositories, on which ADP-Platform-Admins is admin too. */
  platformRepositoryTopics?: string[];
}

export interface OrgRepo {
  name: string;
  topics?: string[];
}

/** GitHub's team slug: lower case, anything but letters, digits and underscores becomes a hyphen. */
export function githubTeamSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
}

const ROLE_OF: Record<string, string> = { pull: 'read', push: 'write', admin: 'admin' };

function roleName(repo: { role_name?: string; permissions?: Record<string, boolean> }): string {
  if (repo.role_name) return repo.role_name;
  const p = repo.permissions ?? {};
  if (p.admin) return 'admin';
  if (p.maintain) return 'maintain';
  if (p.push) return 'write';
  if (p.triage) return 'triage';
  return 'read';
}

/**
 * When GitHub allows the next call: Retry-After (secondary limits), or the reset time of an
 * exhausted primary limit (`x-ratelimit-remaining: 0`, `x-ratelimit-reset` in epoch seconds).
 */
export function githubRetryAfterMs(headers: Record<string, string | undefined> = {}, now = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== undefined) return retryAfter;
  if (headers['x-ratelimit-remaining'] === '0' && headers['x-ratelimit-reset']) {
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - now);
  }
  return undefined;
}

function wrap(e: unknown): never {
  const err = e as { status?: number; message?: string; response?: { headers?: Record<string, string> } };
  throw new ExternalSystemError(
    'github',
    `GitHub ${err.status ? `answered ${err.status}` : 'failed'}: ${err.message ?? String(e)}`,
    err.status,
    githubRetryAfterMs(err.response?.headers),
  );
}

/** Teams, team members and team repository permissions in one GitHub organisation. */
export class GithubReconciler implements SystemReconciler {
  readonly system = 'github' as const;
  private repos?: { at: number; list: OrgRepo[] };

  constructor(private readonly settings: GithubSettings | undefined) {}

  isConfigured(): boolean {
    return this.settings !== undefined;
  }

  private get s(): GithubSettings {
    if (!this.settings) throw new Error('GitHub provisioning is not configured');
    return this.settings;
  }

  /** The teams a target has in GitHub (to match a webhook to the targets it concerns). */
  teamsOf(snapshot: DeliverySnapshot): GithubTeamSpec[] {
    return desiredGithubTeams(snapshot, this.s.naming, this.s.productionEnvironment, this.s.platformRepositoryTopics);
  }

  /** Drops the cached repository list: a repository created seconds ago must be seen now. */
  forgetRepositories(): void {
    this.repos = undefined;
  }

  /** A repository of the organisation as last read (call after a reconcile or dry run). */
  knownRepository(name: string): OrgRepo | undefined {
    return this.repos?.list.find(r => r.name.toLowerCase() === name.toLowerCase());
  }

  private async orgRepos(): Promise<OrgRepo[]> {
    const now = Date.now();
    if (this.repos && now - this.repos.at < this.s.repositoryCacheMs) return this.repos.list;
    const list = await this.s.octokit
      .paginate(this.s.octokit.rest.repos.listForOrg, { org: this.s.organization, per_page: 100 })
      .catch(wrap);
    this.repos = { at: now, list: list.map(r => ({ name: r.name, topics: r.topics })) };
    return this.repos.list;
  }

  async plan(snapshot: DeliverySnapshot): Promise<PlanResult> {
    const teams = desiredGithubTeams(snapshot, this.s.naming, this.s.productionEnvironment, this.s.platformRepositoryTopics);
    const changes: PlannedChange[] = [];
    const repos = teams.length ? await this.orgRepos() : [];
    const warnings = waitingForGithubAccount(snapshot).map(ref => `${ref} is waiting for a GitHub account: access follows when they link one`);
    for (const team of teams) changes.push(...(await this.planTeam(team, repos, warnings)));
    for (const env of desiredGithubEnvironments(snapshot, this.s.naming, this.s.productionEnvironment, repos)) {
      const change = await this.planEnvironment(env);
      if (change) changes.push(change);
    }
    return { changes, warnings };
  }

  /** Deployment reviewers: exactly the production teams, self-review prevented (nobody approves their own deployment). */
  private async planEnvironment(env: GithubEnvironmentSpec): Promise<PlannedChange | undefined> {
    const { octokit, organization: owner } = this.s;
    const existing = await octokit.rest.repos
      .getEnvironment({ owner, repo: env.repository, environment_name: env.environment })
      .then(
        r => r.data as any,
        e => (e.status === 404 ? undefined : wrap(e)),
      );
    const rule = existing?.protection_rules?.find((p: any) => p.type === 'required_reviewers');
    const reviewers: Array<{ type: string; reviewer?: { slug?: string } }> = rule?.reviewers ?? [];
    const actualTeams = reviewers.filter(r => r.type === 'Team').map(r => r.reviewer?.slug ?? '').sort();
    const desiredTeams = env.reviewerTeams.map(githubTeamSlug).sort();
    const inLine =
      existing &&
      rule?.prevent_self_review === true &&
      reviewers.length === actualTeams.length &&
      JSON.stringify(actualTeams) === JSON.stringify(desiredTeams);
    if (inLine) return undefined;
    const waitTimer = existing?.protection_rules?.find((p: any) => p.type === 'wait_timer')?.wait_timer;
    return {
      system: 'github',
      action: 'set-environment-reviewers',
      resource: `${env.repository}/${env.environment}`,
      subject: env.reviewerTeams.join(', '),
      detail: {
        repository: env.repository,
        environment: env.environment,
        teams: JSON.stringify(env.reviewerTeams),
        // Kept as they are: only the reviewers belong to the portal.
        waitTimer: String(waitTimer ?? 0),
        branchPolicy: JSON.stringify(existing?.deployment_branch_policy ?? null),
      },
    };
  }

  private async planTeam(team: GithubTeamSpec, repos: OrgRepo[], warnings: string[]): Promise<PlannedChange[]> {
    const { octokit, organization: org } = this.s;
    const slug = githubTeamSlug(team.name);
    const change = (action: string, subject?: string, detail?: Record<string, string>): PlannedChange => ({
      system: 'github',
      action,
      resource: team.name,
      ...(subject !== undefined ? { subject } : {}),
      ...(detail ? { detail } : {}),
    });
    const topics = team.repositoryTopics ?? [];
    const wanted = repos
      .filter(r => isProjectRepository(r, team.repositoryPrefixes) || topics.some(t => (r.topics ?? []).includes(t)))
      .map(r => r.name);
    const existing = await octokit.rest.teams.getByName({ org, team_slug: slug }).then(
      r => r.data,
      e => (e.status === 404 ? undefined : wrap(e)),
    );
    const addMember = (m: GithubMember) => change('add-member', m.login, m.id !== null ? { githubUserId: String(m.id) } : undefined);
    if (!existing) {
      return [
        change('create-team', undefined, { privacy: team.privacy, description: team.description }),
        ...team.members.map(addMember),
        ...wanted.map(r => change('grant-repository', r, { permission: team.permission })),
      ];
    }
    const changes: PlannedChange[] = [];
    if (existing.privacy !== team.privacy) changes.push(change('set-privacy', undefined, { privacy: team.privacy }));
    const members = await octokit
      .paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 })
      .catch(wrap);
    // Someone outside the organisation is invited, and is a member only once they accept:
    // until then the membership is pending, and adding them again would change nothing.
    const pending = new Set(
      (
        await octokit
          .paginate(octokit.rest.teams.listPendingInvitationsInOrg, { org, team_slug: slug, per_page: 100 })
          .catch(wrap)
      ).flatMap(i => (i.login ? [i.login.toLowerCase()] : [])),
    );
    // Members by id where the account is known: a renamed login is still the member, and a
    // login re-registered by someone else is not. Invitations name a login only.
    const desiredIds = new Set(team.members.flatMap(m => (m.id !== null ? [m.id] : [])));
    const desiredLogins = new Set(team.members.map(m => m.login));
    const isMember = (m: GithubMember) => members.some(a => (m.id !== null ? a.id === m.id : a.login.toLowerCase() === m.login));
    for (const m of team.members) {
      if (isMember(m)) continue;
      if (pending.has(m.login)) warnings.push(`${m.login}: membership of ${team.name} pending until they accept the invitation to the ${org} organisation`);
      else changes.push(addMember(m));
    }
    for (const a of members) {
      const login = a.login.toLowerCase();
      const wanted = desiredIds.has(a.id) || team.members.some(m => m.id === null && m.login === login);
      if (!wanted) changes.push(change('remove-member', login));
    }
    for (const login of pending) if (!desiredLogins.has(login)) changes.push(change('remove-member', login));
    const teamRepos = await octokit
      .paginate(octokit.rest.teams.listReposInOrg, { org, team_slug: slug, per_page: 100 })
      .catch(wrap);
    const actualRepos = new Map(teamRepos.map(r => [r.name, roleName(r as any)]));
    for (const r of wanted) {
      if (actualRepos.get(r) !== ROLE_OF[team.permission]) {
        changes.push(change('grant-repository', r, { permission: team.permission }));
      }
    }
    for (const r of actualRepos.keys()) {
      if (!wanted.includes(r)) changes.push(change('revoke-repository', r));
    }
    return changes;
  }

  /** The login an account has now (`GET /user/{account_id}`); none when the account is gone. */
  private async currentLogin(id: number): Promise<string | undefined> {
    return this.s.octokit.request('GET /user/{account_id}', { account_id: id }).then(
      r => (r.data as { login: string }).login,
      e => (e.status === 404 ? undefined : wrap(e)),
    );
  }

  async apply(changes: PlannedChange[]): Promise<void> {
    const { octokit, organization: org } = this.s;
    for (const c of changes) {
      const team_slug = githubTeamSlug(c.resource);
      try {
        switch (c.action) {
          case 'create-team':
            await octokit.rest.teams.create({
              org,
              name: c.resource,
              description: c.detail?.description,
              privacy: c.detail?.privacy as 'closed' | 'secret',
            });
            break;
          case 'set-privacy':
            await octokit.rest.teams.updateInOrg({ org, team_slug, privacy: c.detail?.privacy as 'closed' | 'secret' });
            break;
          case 'add-member': {
            // Only the id is trusted: the login added is the one the account has now.
            const username = c.detail?.githubUserId ? await this.currentLogin(Number(c.detail.githubUserId)) : c.subject!;
            // An account deleted since it was linked gets nothing; the person links another.
            if (username) await octokit.rest.teams.addOrUpdateMembershipForUserInOrg({ org, team_slug, username, role: 'member' });
            break;
          }
          case 'remove-member':
            await octokit.rest.teams.removeMembershipForUserInOrg({ org, team_slug, username: c.subject! });
            break;
          case 'grant-repository':
            await octokit.rest.teams.addOrUpdateRepoPermissionsInOrg({
              org,
              team_slug,
              owner: org,
              repo: c.subject!,
              permission: c.detail?.permission as 'pull' | 'push' | 'admin',
            });
            break;
          case 'revoke-repository':
            await octokit.rest.teams.removeRepoInOrg({ org, team_slug, owner: org, repo: c.subject! });
            break;
          case 'set-environment-reviewers': {
            const names = JSON.parse(c.detail!.teams) as string[];
            const ids = [];
            for (const name of names) {
              ids.push((await octokit.rest.teams.getByName({ org, team_slug: githubTeamSlug(name) })).data.id);
            }
            await octokit.rest.repos.createOrUpdateEnvironment({
              owner: org,
              repo: c.detail!.repository,
              environment_name: c.detail!.environment,
              wait_timer: Number(c.detail!.waitTimer),
              prevent_self_review: true,
              reviewers: ids.map(id => ({ type: 'Team' as const, id })),
              deployment_branch_policy: JSON.parse(c.detail!.branchPolicy),
            });
            break;
          }
          default:
            throw new Error(`Unknown GitHub change ${c.action}`);
        }
      } catch (e) {
        if (e instanceof ExternalSystemError) throw e;
        wrap(e);
      }
    }
  }
}
