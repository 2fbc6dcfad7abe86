/*
 * GitHub's full response objects around the fake's own few fields: the properties GitHub's
 * OpenAPI description marks required (ids, node ids, the many *_url links), so a client that
 * reads any of them gets what GitHub would send. Checked by contract/github.contract.test.ts.
 */

const TIME = '2026-01-01T00:00:00Z';

/** A stable positive id for a name (GitHub ids are integers). */
export function stableId(name: string): number {
  let h = 7;
  for (const c of name.toLowerCase()) h = (h * 31 + c.charCodeAt(0)) % 2_000_000_000;
  return h + 1;
}

export function simpleUser(api: string, login: string, id = stableId(login), type = 'User') {
  const u = `${api}/users/${login}`;
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    gravatar_id: '',
    url: u,
    html_url: `https://github.com/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type,
    site_admin: false,
  };
}

/** GitHub's `public-user`: what `GET /user/{account_id}` and `GET /user` answer (a public profile). */
export function publicUser(api: string, user: { login: string; id: number }) {
  return {
    ...simpleUser(api, user.login, user.id),
    user_view_type: 'public',
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: TIME,
    updated_at: TIME,
  };
}

export function minimalRepository(api: string, org: string, repo: { name: string; [k: string]: unknown }) {
  const full = `${org}/${repo.name}`;
  const r = `${api}/repos/${full}`;
  const id = typeof repo.id === 'number' ? repo.id : stableId(full);
  const links = Object.fromEntries(
    (
      [
        ['archive_url', '{archive_format}{/ref}'],
        ['assignees_url', 'assignees{/user}'],
        ['blobs_url', 'git/blobs{/sha}'],
        ['branches_url', 'branches{/branch}'],
        ['collaborators_url', 'collaborators{/collaborator}'],
        ['comments_url', 'comments{/number}'],
        ['commits_url', 'commits{/sha}'],
        ['compare_url', 'compare/{base}...{head}'],
        ['contents_url', 'contents/{+path}'],
        ['contributors_url', 'contributors'],
        ['deployments_url', 'deployments'],
        ['downloads_url', 'downloads'],
        ['events_url', 'events'],
        ['forks_url', 'forks'],
        ['git_commits_url', 'git/commits{/sha}'],
        ['git_refs_url', 'git/refs{/sha}'],
        ['git_tags_url', 'git/tags{/sha}'],
        ['hooks_url', 'hooks'],
        ['issue_comment_url', 'issues/comments{/number}'],
        ['issue_events_url', 'issues/events{/number}'],
        ['issues_url', 'issues{/number}'],
        ['keys_url', 'keys{/key_id}'],
        ['labels_url', 'labels{/name}'],
        ['languages_url', 'languages'],
        ['merges_url', 'merges'],
        ['milestones_url', 'milestones{/number}'],
        ['notifications_url', 'notifications{?since,all,participating}'],
        ['pulls_url', 'pulls{/number}'],
        ['releases_url', 'releases{/id}'],
        ['stargazers_url', 'stargazers'],
        ['statuses_url', 'statuses/{sha}'],
        ['subscribers_url', 'subscribers'],
        ['subscription_url', 'subscription'],
        ['tags_url', 'tags'],
        ['teams_url', 'teams'],
        ['trees_url', 'git/trees{/sha}'],
      ] as const
    ).map(([k, path]) => [k, `${r}/${path}`]),
  );
  return {
    ...links,
    id,
    node_id: `R_${id}`,
    full_name: full,
    owner: simpleUser(api, org, stableId(org), 'Organization'),
    private: false,
    html_url: `https://github.com/${full}`,
    description: null,
    fork: false,
    url: r,
    ...repo,
  };
}

export function teamSimple(api: string, org: string, t: { id: number; name: string; slug: string; description?: string; privacy?: string }) {
  return {
    id: t.id,
    node_id: `T_${t.id}`,
    url: `${api}/organizations/${stableId(org)}/team/${t.id}`,
    html_url: `https://github.com/orgs/${org}/teams/${t.slug}`,
    name: t.name,
    slug: t.slug,
    description: t.description ?? null,
    privacy: t.privacy,
    permission: 'pull',
    members_url: `${api}/organizations/${stableId(org)}/team/${t.id}/members{/member}`,
    repositories_url: `${api}/organizations/${stableId(org)}/team/${t.id}/repos`,
    type: 'organization',
  };
}

export function teamFull(api: string, org: string, t: { id: number; name: string; slug: string; description?: string; privacy?: string }, counts: { members: number; repos: number }) {
  const o = `${api}/orgs/${org}`;
  return {
    ...teamSimple(api, org, t),
    parent: null,
    created_at: TIME,
    updated_at: TIME,
    members_count: counts.members,
    repos_count: counts.repos,
    organization: {
      login: org,
      id: stableId(org),
      node_id: `O_${stableId(org)}`,
      url: o,
      repos_url: `${o}/repos`,
      events_url: `${o}/events`,
      hooks_url: `${o}/hooks`,
      issues_url: `${o}/issues`,
      members_url: `${o}/members{/member}`,
      public_members_url: `${o}/public_members{/member}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${stableId(org)}`,
      description: null,
      html_url: `https://github.com/${org}`,
      has_organization_projects: true,
      has_repository_projects: true,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      type: 'Organization',
      created_at: TIME,
      updated_at: TIME,
      archived_at: null,
    },
  };
}

export function environment(api: string, org: string, repo: string, e: { name: string; protection_rules: any[]; [k: string]: unknown }) {
  const id = stableId(`${org}/${repo}/${e.name}`);
  return {
    id,
    node_id: `EN_${id}`,
    url: `${api}/repos/${org}/${repo}/environments/${encodeURIComponent(e.name)}`,
    html_url: `https://github.com/${org}/${repo}/deployments/activity_log?environments_filter=${encodeURIComponent(e.name)}`,
    created_at: TIME,
    updated_at: TIME,
    ...e,
    protection_rules: e.protection_rules.map((rule, i) => ({ id: id * 10 + i, node_id: `GA_${id}_${i}`, ...rule })),
  };
}

interface ShapeContext {
  api: string;
  org: string;
  team(slug: string): { id: number; name: string; slug: string; description?: string; privacy?: string; members: Set<string>; repos: Map<string, string> } | undefined;
  teamById(id: number): { id: number; name: string; slug: string; description?: string; privacy?: string } | undefined;
}

/** The fake's answer to an endpoint, completed to GitHub's full object. */
export function shapeGithubResponse(c: ShapeContext, endpoint: string, path: string, body: any): any {
  if (!body || typeof body !== 'object') return body;
  const team = (t: any) => {
    const found = c.team(t.slug);
    return teamFull(c.api, c.org, t, { members: found?.members.size ?? 0, repos: found?.repos.size ?? 0 });
  };
  switch (endpoint) {
    case 'GET /orgs/:org/repos':
    case 'GET /orgs/:org/teams/:team/repos':
      return body.map((r: any) => minimalRepository(c.api, c.org, r));
    case 'POST /orgs/:org/teams':
    case 'GET /orgs/:org/teams/:team':
    case 'PATCH /orgs/:org/teams/:team':
      return team(body);
    case 'GET /orgs/:org/teams/:team/members':
      return body.map((m: any) => ({ ...simpleUser(c.api, m.login, m.id ?? undefined), ...m, id: m.id ?? stableId(m.login) }));
    case 'GET /user/:id':
    case 'GET /user':
    case 'GET /api/v3/user':
      return publicUser(c.api, body);
    case 'GET /orgs/:org/teams/:team/invitations':
      return body.map((i: any) => ({ ...i, inviter: simpleUser(c.api, i.inviter.login, i.inviter.id) }));
    case 'GET /repos/:owner/:repo/environments/:env':
    case 'PUT /repos/:owner/:repo/environments/:env': {
      const repo = decodeURIComponent(path.split('/')[3] ?? '');
      const rules = (body.protection_rules ?? []).map((rule: any) =>
        rule.type !== 'required_reviewers'
          ? rule
          : {
              ...rule,
              reviewers: rule.reviewers.map((r: any) => {
                const t = r.type === 'Team' ? c.teamById(r.reviewer.id) : undefined;
                return { type: r.type, reviewer: t ? { ...teamSimple(c.api, c.org, t), parent: null } : simpleUser(c.api, `user-${r.reviewer.id}`, r.reviewer.id) };
              }),
            },
      );
      return environment(c.api, c.org, repo, { ...body, protection_rules: rules });
    }
    default:
      return body;
  }
}
