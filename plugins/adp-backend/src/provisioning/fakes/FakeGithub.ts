import http from 'node:http';
import { FakeHttpServer, githubPage } from './FakeHttpServer';
import { FakeGithubAccounts } from './FakeGithubAccounts';
import { FakeGithubOAuth } from './FakeGithubOAuth';
import { FakeGithubApp, FakeGithubAppOptions } from './FakeGithubApp';
import { FakeGithubRateLimit } from './FakeGithubRateLimit';
import { FakeGithubWebhooks } from './FakeGithubWebhooks';
import { GitRepositories } from './GitRepositories';
import { shapeGithubResponse } from './githubShapes';

/** @public */
export interface FakeGithubEnvironment {
  name: string;
  waitTimer: number;
  preventSelfReview: boolean;
  reviewers: Array<{ type: 'Team' | 'User'; id: number }>;
  deploymentBranchPolicy: unknown;
}

/** @public */
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

/** @public */
export interface FakeGithubRepo {
  name: string;
  topics: string[];
  /** Set for repositories created through the API (createInOrg), which have a git repository. */
  visibility?: 'public' | 'private' | 'internal';
  description?: string;
  defaultBranch?: string;
}

/**
 * A branch protection as the scaffolder's publish:github sets it.
 *
 * @public
 */
export interface FakeGithubBranchProtection {
  requiredApprovingReviewCount?: number;
  enforceAdmins: boolean;
}

/**
 * A push received over git's smart HTTP protocol.
 *
 * @public
 */
export interface FakeGithubPush {
  repo: string;
  /** The Basic-auth user name the client sent (x-access-token for a token). */
  username: string;
}

const ROLE: Record<string, string> = { pull: 'read', triage: 'triage', push: 'write', maintain: 'maintain', admin: 'admin' };

/** `/git/{owner}/{name}.git/...`: where repositories are cloned from and pushed to. */
const GIT_PATH = /^\/git\/([^/]+\/[^/]+\.git(?:\/.*)?)$/i;

/** @public */
export interface FakeGithubOptions {
  /** When set, pushes must authenticate with it as the password (GitHub tokens do). */
  token?: string;
  /** Host of `html_url` (what integrations.github names). Default github.com. */
  host?: string;
  /** A GitHub App installed on the organisation (`true`: with the permissions provisioning needs). */
  app?: FakeGithubAppOptions | boolean;
  /** The token is a classic personal access token with these scopes (sent in `x-oauth-scopes`). */
  tokenScopes?: string[];
}

/**
 * GitHub for one organisation: the REST API for repositories (create, topics, branch protection,
 * file contents), teams, team members and team repositories, and git's smart HTTP protocol for the
 * repositories created through the API, so the scaffolder's publish:github can create one and push
 * to its `clone_url` (served by `git http-backend`; needs git on the PATH).
 *
 * @public
 */
export class FakeGithub extends FakeHttpServer {
  readonly teams = new Map<string, FakeGithubTeam>();
  readonly repos: FakeGithubRepo[] = [];
  /** `{repo}/{environment}` → the environment as GitHub answers it. */
  readonly environments = new Map<string, FakeGithubEnvironment>();
  /** `{repo}/{branch}` → its protection. */
  readonly branchProtections = new Map<string, FakeGithubBranchProtection>();
  readonly pushes: FakeGithubPush[] = [];
  /**
   * GitHub users who are not members of the organisation: adding one to a team invites them,
   * and the team membership stays pending until {@link FakeGithub.acceptInvitation}.
   */
  readonly outsideUsers = new Set<string>();
  /** Team slug → logins whose membership is pending (invited, not yet accepted). */
  readonly invitations = new Map<string, Set<string>>();
  /** The git repositories behind the repos created through the API. */
  readonly git = new GitRepositories();
  /** User accounts: ids that stay, logins that can be renamed. */
  readonly accounts = new FakeGithubAccounts();
  /** GitHub sign-in (OAuth), for people linking their account to the portal. */
  readonly oauth = new FakeGithubOAuth(this.accounts);
  /** The GitHub App installed on the organisation, when the fake has one. */
  readonly app?: FakeGithubApp;
  /**
   * Scopes of the classic personal access token, sent in `x-oauth-scopes` as GitHub does on every
   * answer to such a token; undefined for a fine-grained or installation token (no header).
   */
  tokenScopes?: string[];
  private nextId = 1;
  private readonly token?: string;
  private readonly host: string;

  constructor(readonly organization: string, options: FakeGithubOptions = {}) {
    super();
    this.token = options.token;
    this.host = options.host ?? 'github.com';
    this.tokenScopes = options.tokenScopes;
    if (options.app) {
      this.app = new FakeGithubApp(() => ({ login: this.organization, api: this.url }), options.app === true ? {} : options.app);
      this.app.serve((method, path, handle) => this.route(method, path, handle));
    }
    const org = (o: string) => {
      if (o.toLowerCase() !== this.organization.toLowerCase()) throw new Error(`unknown org ${o}`);
    };
    const team = (slug: string) => this.teams.get(slug.toLowerCase());
    const json = (t: FakeGithubTeam) => ({ id: t.id, name: t.name, slug: t.slug, description: t.description, privacy: t.privacy });
    const repo = (name: string) => this.repos.find(r => r.name.toLowerCase() === name.toLowerCase());
    this.oauth.serve((method, path, handle) => this.route(method, path, handle));
    this.route('GET', '/users/:user', req => {
      if (req.params[0].toLowerCase() !== this.organization.toLowerCase()) return { body: this.accounts.json(this.accounts.idOf(req.params[0])) };
      return { body: { login: this.organization, id: 1, type: 'Organization' } };
    });
    this.route('GET', '/user/:id', req => {
      const user = /^\d+$/.test(req.params[0]) ? this.accounts.json(Number(req.params[0])) : undefined;
      return user ? { body: user } : { status: 404, body: { message: 'Not Found' } };
    });
    this.route('POST', '/orgs/:org/repos', async req => {
      org(req.params[0]);
      const name = String(req.body?.name ?? '');
      if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) return { status: 422, body: { message: 'Repository creation failed.', errors: [{ field: 'name', code: 'invalid' }] } };
      if (repo(name)) {
        return { status: 422, body: { message: 'Repository creation failed.', errors: [{ resource: 'Repository', code: 'custom', field: 'name', message: 'name already exists on this account' }] } };
      }
      const visibility = req.body.visibility ?? (req.body.private ? 'private' : 'public');
      const r: FakeGithubRepo = { name, topics: [], visibility, description: req.body.description ?? '', defaultBranch: 'main' };
      await this.git.create(this.organization, name, r.defaultBranch!);
      this.repos.push(r);
      return { status: 201, body: this.repoJson(r) };
    });
    this.route('GET', '/repos/:owner/:repo', req => {
      org(req.params[0]);
      const r = repo(req.params[1]);
      return r ? { body: this.repoJson(r) } : { status: 404, body: { message: 'Not Found' } };
    });
    this.route('PUT', '/repos/:owner/:repo/topics', req => {
      org(req.params[0]);
      const r = repo(req.params[1]);
      if (!r) return { status: 404, body: { message: 'Not Found' } };
      r.topics = [...(req.body?.names ?? [])];
      return { body: { names: r.topics } };
    });
    this.route('PUT', '/repos/:owner/:repo/branches/:branch/protection', async req => {
      org(req.params[0]);
      const r = repo(req.params[1]);
      const branch = req.params[2];
      if (!r || !(await this.git.head(this.organization, r.name, branch))) return { status: 404, body: { message: 'Branch not found' } };
      const protection: FakeGithubBranchProtection = {
        requiredApprovingReviewCount: req.body?.required_pull_request_reviews?.required_approving_review_count,
        enforceAdmins: !!req.body?.enforce_admins,
      };
      this.branchProtections.set(`${r.name}/${branch}`, protection);
      return { body: { url: `${this.url}/repos/${this.organization}/${r.name}/branches/${branch}/protection` } };
    });
    // What the catalog's GitHub URL reader asks for a file (Accept: application/vnd.github.v3.raw).
    this.route('GET', '/repos/:owner/:repo/contents/*path', async req => {
      org(req.params[0]);
      const r = repo(req.params[1]);
      const ref = req.query.get('ref') ?? r?.defaultBranch ?? 'main';
      const content = r ? await this.git.readFile(this.organization, r.name, ref, req.params[2]) : undefined;
      if (!content) return { status: 404, body: { message: 'Not Found' } };
      return { raw: content, headers: { 'content-type': 'application/vnd.github.v3.raw' } };
    });
    this.rawRoute((req, res, url) => {
      const match = GIT_PATH.exec(url.pathname);
      if (!match) return false;
      this.serveGit(req, res, url, match[1]);
      return true;
    });
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
      return githubPage(req, [...t.members].sort().map(login => ({ login, id: this.accounts.idOf(login), type: 'User' })));
    });
    this.route('PUT', '/orgs/:org/teams/:team/memberships/:user', req => {
      const t = team(req.params[1]);
      if (!t) return { status: 404, body: { message: 'Not Found' } };
      const login = req.params[2].toLowerCase();
      const url = `${this.url}/organizations/1/team/${t.id}/memberships/${login}`;
      if (this.outsideUsers.has(login)) {
        if (!this.invitations.has(t.slug)) this.invitations.set(t.slug, new Set());
        this.invitations.get(t.slug)!.add(login);
        return { body: { url, state: 'pending', role: req.body?.role ?? 'member' } };
      }
      t.members.add(login);
      return { body: { url, state: 'active', role: req.body?.role ?? 'member' } };
    });
    this.route('DELETE', '/orgs/:org/teams/:team/memberships/:user', req => {
      const t = team(req.params[1]);
      if (!t) return { status: 404, body: { message: 'Not Found' } };
      t.members.delete(req.params[2].toLowerCase());
      this.invitations.get(t.slug)?.delete(req.params[2].toLowerCase());
      return { status: 204 };
    });
    this.route('GET', '/orgs/:org/teams/:team/invitations', req => {
      const t = team(req.params[1]);
      if (!t) return { status: 404, body: { message: 'Not Found' } };
      const logins = [...(this.invitations.get(t.slug) ?? [])].sort();
      return githubPage(
        req,
        logins.map((login, i) => ({
          id: i + 1,
          node_id: `OI_${login}`,
          login,
          email: null,
          role: 'direct_member',
          created_at: '2026-01-01T00:00:00Z',
          inviter: { login: 'adp-portal', id: 1 },
          team_count: 1,
          invitation_teams_url: `${this.url}/organizations/1/invitations/${i + 1}/teams`,
        })),
      );
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

  private repoJson(r: FakeGithubRepo) {
    return {
      id: this.repos.indexOf(r) + 1,
      name: r.name,
      full_name: `${this.organization}/${r.name}`,
      private: r.visibility === 'private',
      visibility: r.visibility ?? 'public',
      description: r.description ?? '',
      default_branch: r.defaultBranch ?? 'main',
      topics: r.topics,
      html_url: `https://${this.host}/${this.organization}/${r.name}`,
      clone_url: `${this.url}/git/${this.organization}/${r.name}.git`,
    };
  }

  /** Smart HTTP; pushing needs Basic credentials, with the token as password when one is set. */
  private serveGit(req: http.IncomingMessage, res: http.ServerResponse, url: URL, repoPath: string) {
    const method = req.method ?? 'GET';
    const endpoint = `${method} /git/:owner/:repo.git/${repoPath.split('/').slice(2).join('/')}`;
    const push = url.searchParams.get('service') === 'git-receive-pack' || url.pathname.endsWith('/git-receive-pack');
    let username = '';
    if (push) {
      const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
      const [user, ...password] = scheme?.toLowerCase() === 'basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':') : [];
      const refuse = (status: number, message: string, headers: Record<string, string> = {}) => {
        this.record({ method, path: url.pathname, endpoint, status });
        req.resume();
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end(`${message}\n`);
      };
      if (!user) {
        refuse(401, 'Authentication required', { 'www-authenticate': 'Basic realm="GitHub"' });
        return;
      }
      const secret = password.join(':');
      const accepted = this.app ? this.app.tokens.has(secret) || secret === this.token : this.token === undefined || secret === this.token;
      if (!accepted) {
        refuse(403, `Permission to ${repoPath.split('/').slice(0, 2).join('/')} denied to ${user}.`);
        return;
      }
      username = user;
    }
    this.git.serve(req, res, repoPath, url.search.replace(/^\?/, ''), username).then(status => {
      this.record({ method, path: url.pathname, endpoint, status });
      if (status === 200 && method === 'POST' && url.pathname.endsWith('/git-receive-pack')) {
        this.pushes.push({ repo: repoPath.split('/')[1].replace(/\.git$/i, ''), username });
      }
    });
  }

  /** A classic token's scopes on every answer to it (not to an app's JWT). */
  protected commonHeaders(req: http.IncomingMessage): Record<string, string> {
    if (!this.tokenScopes || /^bearer\s+[^.]+\.[^.]+\.[^.]+$/i.test(req.headers.authorization ?? '')) return {};
    return { 'x-oauth-scopes': this.tokenScopes.join(', ') };
  }

  protected isWrite(c: { method: string; endpoint: string }): boolean {
    return c.method !== 'GET' && !c.endpoint.endsWith('/git-upload-pack');
  }

  async stop(): Promise<void> {
    try {
      await super.stop();
    } finally {
      this.git.dispose();
    }
  }

  /** A file of a repository created through the API, as pushed (undefined when absent). */
  async fileContent(repo: string, filePath: string, ref = 'main'): Promise<string | undefined> {
    return (await this.git.readFile(this.organization, repo, ref, filePath))?.toString('utf8');
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

  /** A user renames their account: their team memberships follow the account, not the login. */
  renameAccount(id: number, login: string): void {
    const { from, to } = this.accounts.rename(id, login);
    for (const t of this.teams.values()) if (t.members.delete(from)) t.members.add(to);
  }

  /** GitHub's full objects (ids, node ids, links) around the fields the routes build. */
  protected shape(endpoint: string, path: string, body: unknown): unknown {
    return shapeGithubResponse(
      {
        api: this.url,
        org: this.organization,
        team: slug => this.teams.get(slug.toLowerCase()),
        teamById: id => [...this.teams.values()].find(t => t.id === id),
      },
      endpoint,
      path,
      body,
    );
  }

  /** The organisation's webhook: changes made by hand ({@link FakeGithub.byHand}) are sent to it. */
  readonly webhooks = new FakeGithubWebhooks();

  /**
   * Changes made by hand on github.com, which GitHub reports to the organisation's webhook:
   * the state changes, then the event is sent (resolves once the receiver answered).
   */
  readonly byHand = {
    removeMember: async (teamName: string, login: string) => {
      const t = this.team(teamName)!;
      t.members.delete(login.toLowerCase());
      await this.webhooks.send('membership', this.teamEvent(t, { action: 'removed', scope: 'team', member: this.accounts.json(this.accounts.idOf(login)) }));
    },
    addMember: async (teamName: string, login: string) => {
      const t = this.team(teamName)!;
      t.members.add(login.toLowerCase());
      await this.webhooks.send('membership', this.teamEvent(t, { action: 'added', scope: 'team', member: this.accounts.json(this.accounts.idOf(login)) }));
    },
    grantRepository: async (teamName: string, repo: string, role: string) => {
      const t = this.team(teamName)!;
      t.repos.set(repo, role);
      await this.webhooks.send('team_add', this.teamEvent(t, { repository: { name: repo, full_name: `${this.organization}/${repo}` } }));
    },
    createRepository: async (name: string, topics: string[] = []) => {
      this.addRepo(name, topics);
      await this.webhooks.send('repository', {
        action: 'created',
        repository: { name, full_name: `${this.organization}/${name}`, topics },
        organization: { login: this.organization },
        sender: { login: 'someone' },
      });
    },
  };

  private teamEvent(t: FakeGithubTeam, extra: Record<string, unknown>): Record<string, unknown> {
    return { ...extra, team: { id: t.id, name: t.name, slug: t.slug }, organization: { login: this.organization }, sender: { login: 'someone' } };
  }

  /** The installation's hourly budget, reported on every answer; 304s do not use it. */
  readonly rateLimit = new FakeGithubRateLimit();

  protected readonly entityTags = true;

  protected answerHeaders(status: number): Record<string, string> {
    return this.rateLimit.answer(status);
  }

  /** GitHub's primary rate limit: 403 with x-ratelimit-remaining 0 and the reset time (epoch seconds). */
  protected rateLimitAnswer(resetSeconds: number) {
    const reset = Math.ceil(Date.now() / 1000) + resetSeconds;
    return {
      status: 403,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core',
      },
    };
  }

  /** The user accepts the organisation's invitation: every pending team membership becomes active. */
  acceptInvitation(login: string): void {
    const l = login.toLowerCase();
    this.outsideUsers.delete(l);
    for (const [slug, logins] of this.invitations) {
      if (logins.delete(l)) this.teams.get(slug)?.members.add(l);
    }
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
