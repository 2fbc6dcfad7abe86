import { FakeHttpServer, githubPage } from './FakeHttpServer';

export interface FakeGithubEnvironment {
  name: string;
  waitTimer: number;
  preventSelfReview: boolean;
  reviewers: Array<{ type: 'Team' | 'User'; id: number }>;
  deploymentBranchPolicy: unknown;
}

export interface FakeGithubTeam {
  id: number;
  name: string;
  slug: string;
  description: string;
  privacy: 'closed' | 'secret';
  members: Set<string>;
  /** Repository name → role name (read, triage, write, maintain, admin). */
  repos: Map<string, string>;
}

const ROLE: Record<string, string> = { pull: 'read', triage: 'triage', push: 'write', maintain: 'maintain', admin: 'admin' };

/** GitHub's REST API for one organisation: repositories, teams, team members, team repositories. */
export class FakeGithub extends FakeHttpServer {
  readonly teams = new Map<string, FakeGithubTeam>();
  readonly repos: Array<{ name: string; topics: string[] }> = [];
  /** `{repo}/{environment}` → the environment as GitHub answers it. */
  readonly environments = new Map<string, FakeGithubEnvironment>();
  private nextId = 1;

  constructor(readonly organization: string) {
    super();
    const org = (o: string) => {
      if (o.toLowerCase() !== this.organization.toLowerCase()) throw new Error(`unknown org ${o}`);
    };
    const team = (slug: string) => this.teams.get(slug.toLowerCase());
    const json = (t: FakeGithubTeam) => ({ id: t.id, name: t.name, slug: t.slug, description: t.description, privacy: t.privacy });
    this.route('GET', '/orgs/:org/repos', req => {
      org(req.params[0]);
      return githubPage(req, this.repos.map(r => ({ name: r.name, full_name: `${this.organization}/${r.name}`, topics: r.topics })));
    });
    this.route('GET', '/orgs/:org/teams/:team', req => {
      org(req.params[0]);
      const t = team(req.params[1]);
      return t ? { body: json(t) } : { status: 404, body: { message: 'Not Found' } };
    });
    this.route('POST', '/orgs/:org/teams', req => {
      org(req.params[0]);
      const slug = FakeGithub.slug(req.body.name);
      if (this.teams.has(slug)) return { status: 422, body: { message: 'Name must be unique for this org' } };
      const t: FakeGithubTeam = { id: this.nextId++, name: req.body.name, slug, description: req.body.description ?? '', privacy: req.body.privacy ?? 'secret', members: new Set(), repos: new Map() };
      this.teams.set(slug, t);
      return { status: 201, body: json(t) };
    });
    this.route('PATCH', '/orgs/:org/teams/:team', req => {
      const t = team(req.params[1]);
      if (!t) return { status: 404, body: { message: 'Not Found' } };
      if (req.body.privacy) t.privacy = req.body.privacy;
      return { body: json(t) };
    });
    this.route('GET', '/orgs/:org/teams/:team/members', req => {
      const t = team(req.params[1]);
      if (!t) return { status: 404, body: { message: 'Not Found' } };
      return githubPage(req, [...t.members].sort().map(login => ({ login })));
    });
    this.route('PUT', '/orgs/:org/teams/:team/memberships/:user', req => {
      const t = team(req.params[1]);
      if (!t) return { status: 404, body: { message: 'Not Found' } };
      t.members.add(req.params[2].toLowerCase());
      return { body: { state: 'active', role: req.body?.role ?? 'member' } };
    });
    this.route('DELETE', '/orgs/:org/teams/:team/memberships/:user', req => {
      const t = team(req.params[1]);
      if (!t) return { status: 404, body: { message: 'Not Found' } };
      t.members.delete(req.params[2].toLowerCase());
      return { status: 204 };
    });
    this.route('GET', '/orgs/:org/teams/:team/repos', req => {
      const t = team(req.params[1]);
      if (!t) return { status: 404, body: { message: 'Not Found' } };
      return githubPage(req, [...t.repos].map(([name, role]) => ({ name, role_name: role, permissions: { admin: role === 'admin', push: role === 'write' || role === 'admin', pull: true } })));
    });
    this.route('PUT', '/orgs/:org/teams/:team/repos/:owner/:repo', req => {
      const t = team(req.params[1]);
      if (!t || !this.repos.some(r => r.name === req.params[3])) return { status: 404, body: { message: 'Not Found' } };
      t.repos.set(req.params[3], ROLE[req.body?.permission ?? 'push']);
      return { status: 204 };
    });
    this.route('GET', '/repos/:owner/:repo/environments/:env', req => {
      const e = this.environments.get(`${req.params[1]}/${decodeURIComponent(req.params[2])}`);
      return e ? { body: this.environmentJson(e) } : { status: 404, body: { message: 'Not Found' } };
    });
    this.route('PUT', '/repos/:owner/:repo/environments/:env', req => {
      org(req.params[0]);
      if (!this.repos.some(r => r.name === req.params[1])) return { status: 404, body: { message: 'Not Found' } };
      const name = decodeURIComponent(req.params[2]);
      const e: FakeGithubEnvironment = {
        name,
        waitTimer: req.body?.wait_timer ?? 0,
        preventSelfReview: !!req.body?.prevent_self_review,
        reviewers: req.body?.reviewers ?? [],
        deploymentBranchPolicy: req.body?.deployment_branch_policy ?? null,
      };
      this.environments.set(`${req.params[1]}/${name}`, e);
      return { body: this.environmentJson(e) };
    });
    this.route('DELETE', '/orgs/:org/teams/:team/repos/:owner/:repo', req => {
      const t = team(req.params[1]);
      if (!t) return { status: 404, body: { message: 'Not Found' } };
      t.repos.delete(req.params[3]);
      return { status: 204 };
    });
  }

  /** GitHub's environment shape: reviewers under a required_reviewers protection rule. */
  private environmentJson(e: FakeGithubEnvironment) {
    const reviewers = e.reviewers.map(r => {
      const team = [...this.teams.values()].find(t => t.id === r.id);
      return { type: r.type, reviewer: r.type === 'Team' ? { id: r.id, slug: team?.slug } : { id: r.id, login: `user-${r.id}` } };
    });
    return {
      name: e.name,
      deployment_branch_policy: e.deploymentBranchPolicy,
      protection_rules: [
        ...(e.waitTimer ? [{ type: 'wait_timer', wait_timer: e.waitTimer }] : []),
        ...(reviewers.length ? [{ type: 'required_reviewers', prevent_self_review: e.preventSelfReview, reviewers }] : []),
      ],
    };
  }

  static slug(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
  }

  /** A repository created outside the portal (by hand or by the scaffolder). */
  addRepo(name: string, topics: string[] = []): void {
    this.repos.push({ name, topics });
  }

  team(name: string): FakeGithubTeam | undefined {
    return this.teams.get(FakeGithub.slug(name));
  }

  /** State for assertions: the reviewer team names of a repository's environment. */
  environmentReviewers(repo: string, environment: string): string[] {
    const e = this.environments.get(`${repo}/${environment}`);
    return (e?.reviewers ?? []).map(r => [...this.teams.values()].find(t => t.id === r.id)?.name ?? `user ${r.id}`).sort();
  }

  /** State for assertions: team name → sorted members. */
  membersOf(name: string): string[] {
    return [...(this.team(name)?.members ?? [])].sort();
  }
}
