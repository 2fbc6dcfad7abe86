import { NamingTemplates, renderName } from '@adp-portal/plugin-adp-common';
import { DeliverySnapshot } from '../types';
import { projectPrefixes, projectVariables } from './naming';

export type GithubTeamPrivacy = 'closed' | 'secret';
export type GithubRepoPermission = 'pull' | 'push' | 'admin';

/**
 * A member's GitHub account: the numeric id decides (logins can be renamed, and a freed login
 * registered by someone else); the login is the one stored, lower case, for people to read.
 * Accounts typed by hand and never proven by sign-in have no id and are matched by login.
 */
export interface GithubMember {
  login: string;
  id: number | null;
}

export interface GithubTeamSpec {
  name: string;
  description: string;
  privacy: GithubTeamPrivacy;
  members: GithubMember[];
  /** The team gets `permission` on every org repository matching one of these prefixes. */
  repositoryPrefixes: string[];
  /** ...and on every org repository carrying one of these GitHub topics (the platform's own repositories). */
  repositoryTopics?: string[];
  permission: GithubRepoPermission;
}

/**
 * A project's repositories: named after its namespace or alias (`fcp-acd`, `fcp-acd-frontend`)
 * or carrying the namespace as a GitHub topic (the scaffolder sets it).
 */
export function isProjectRepository(
  repo: { name: string; topics?: string[] },
  prefixes: string[],
): boolean {
  const name = repo.name.toLowerCase();
  return prefixes.some(
    p => name === p || name.startsWith(`${p}-`) || (repo.topics ?? []).includes(p),
  );
}

const handles = (users: Array<{ githubHandle: string | null; githubUserId?: number | null }>): GithubMember[] => {
  const seen = new Set<string>();
  return users.flatMap(u => {
    if (!u.githubHandle) return [];
    const member = { login: u.githubHandle.toLowerCase(), id: u.githubUserId ?? null };
    const key = member.id !== null ? `#${member.id}` : member.login;
    if (seen.has(key)) return [];
    seen.add(key);
    return [member];
  });
};

/** People who would be in a GitHub team but have linked no GitHub account yet. */
export function waitingForGithubAccount(s: DeliverySnapshot): string[] {
  const waiting = new Set<string>();
  for (const project of s.projects) {
    if (project.archived) continue;
    for (const m of project.members) if (m.technical && !m.user.githubHandle) waiting.add(m.user.userRef);
  }
  for (const u of s.platform?.admins ?? []) if (!u.githubHandle) waiting.add(u.userRef);
  return [...waiting].sort();
}

/** GitHub teams: only technical members with a GitHub handle are ever added. */
export function desiredGithubTeams(
  s: DeliverySnapshot,
  naming: NamingTemplates,
  /** The production environment whose deployment reviewers are the Production Deploy team, if any. */
  productionEnvironment?: string,
  /** Topics that mark the platform's own repositories (`adp.provisioning.github.platformRepositoryTopics`). */
  platformRepositoryTopics: string[] = [],
): GithubTeamSpec[] {
  const teams: GithubTeamSpec[] = [];
  for (const project of s.projects) {
    const vars = projectVariables(project);
    const technical = project.archived ? [] : project.members.filter(m => m.technical);
    const privacy: GithubTeamPrivacy = project.githubTeamVisibility === 'private' ? 'secret' : 'closed';
    const prefixes = projectPrefixes(project);
    const production = project.archived ? { deploy: [], admin: [] } : project.production;
    // Holders already write through Contributors: the production teams get repository access
    // (read) only where they must review deployments, which GitHub allows only with access.
    const productionRepositories = productionEnvironment ? prefixes : [];
    teams.push(
      {
        name: renderName(naming['github.contributors'], vars),
        description: `Technical team members of ${project.title} (${project.name})`,
        privacy,
        members: handles(technical.map(m => m.user)),
        repositoryPrefixes: prefixes,
        permission: 'push',
      },
      {
        name: renderName(naming['github.admins'], vars),
        description: `Technical team admins of ${project.title} (${project.name})`,
        privacy,
        members: handles(technical.filter(m => m.admin).map(m => m.user)),
        repositoryPrefixes: prefixes,
        permission: 'admin',
      },
      // Production levels: the teams production tooling keys off, and the deployment
      // reviewers of the production environment where one is configured.
      {
        name: renderName(naming['github.productionDeploy'], vars),
        description: `Production Deploy holders of ${project.title} (${project.name})`,
        privacy,
        members: handles(production.deploy),
        repositoryPrefixes: productionRepositories,
        permission: 'pull',
      },
      {
        name: renderName(naming['github.productionAdmin'], vars),
        description: `Production Admin holders of ${project.title} (${project.name})`,
        privacy,
        members: handles(production.admin),
        repositoryPrefixes: productionRepositories,
        permission: 'pull',
      },
    );
  }
  if (s.platform) {
    teams.push({
      name: renderName(naming['github.platformAdmins'], {}),
      description: 'ADP Admins: admin on every ADP repository',
      privacy: 'closed',
      members: handles(s.platform.admins),
      // Every ADP repository: each delivery project's (archived ones too: someone must be able to
      // archive or hand them over) and the platform's own, marked by a topic.
      repositoryPrefixes: s.platform.repositoryPrefixes,
      repositoryTopics: platformRepositoryTopics,
      permission: 'admin',
    });
  }
  return teams;
}

export interface GithubEnvironmentSpec {
  repository: string;
  environment: string;
  /** Teams whose members may approve deployments to the environment, by name. */
  reviewerTeams: string[];
}

/**
 * Deployment reviewers of each project repository's production environment: the project's
 * Production Deploy team. Only when `adp.provisioning.github.productionEnvironment` names
 * the environment; repositories are the organisation's, matched like the teams' grants.
 */
export function desiredGithubEnvironments(
  s: DeliverySnapshot,
  naming: NamingTemplates,
  environment: string | undefined,
  repositories: Array<{ name: string; topics?: string[] }>,
): GithubEnvironmentSpec[] {
  if (!environment) return [];
  return s.projects.flatMap(project => {
    const reviewerTeams = [renderName(naming['github.productionDeploy'], projectVariables(project))];
    return repositories
      .filter(r => isProjectRepository(r, projectPrefixes(project)))
      .map(r => ({ repository: r.name, environment, reviewerTeams }));
  });
}
