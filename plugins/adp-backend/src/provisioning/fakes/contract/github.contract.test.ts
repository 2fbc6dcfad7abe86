import fs from 'node:fs';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { ConfigReader } from '@backstage/config';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { FakeGithub } from '../FakeGithub';
import { GithubReconciler } from '../../systems/github/GithubReconciler';
import { GithubAccessCheck } from '../../systems/github/GithubAccessCheck';
import { GithubAccounts } from '../../../service/GithubAccounts';
import { naming, platformSnapshot, project, projectSnapshot, user } from '../../__testUtils__/snapshots';
import { OpenApiContract, readDescription } from './OpenApiContract';

jest.setTimeout(60_000);

const technical = (name: string, admin = false) => ({ user: user(name, `${name}-gh`), technical: true, admin });

/** The files that send GitHub requests: the reconciler, the identity linking, the credential check. */
const SENDERS = ['../../systems/github/GithubReconciler.ts', '../../../service/GithubAccounts.ts', '../../systems/github/GithubAccessCheck.ts'];

/**
 * Every GitHub endpoint those files call, read from their source (`octokit.rest.{scope}.{method}`
 * and `request('METHOD /path')`), as GitHub's path template: a new call is covered by this test
 * or the test fails.
 */
function endpointsSent(): string[] {
  const rest = new Octokit().rest as unknown as Record<string, Record<string, { endpoint: { DEFAULTS: { method: string; url: string } } }>>;
  const found = new Set<string>();
  for (const file of SENDERS) {
    const source = fs.readFileSync(path.join(__dirname, file), 'utf8');
    for (const [, scope, method] of source.matchAll(/octokit\.rest\.(\w+)\s*\.(\w+)/g)) {
      const { method: verb, url } = rest[scope][method].endpoint.DEFAULTS;
      found.add(`${verb} ${url}`);
    }
    for (const [, route] of source.matchAll(/\.request\(\s*'([A-Z]+ \/[^']*)'/g)) found.add(route);
  }
  return [...found].sort();
}

describe("GitHub: the reconciler and the fake against GitHub's OpenAPI description (@octokit/openapi)", () => {
  const github = new OpenApiContract(
    readDescription(fs.readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')),
  );
  let fake: FakeGithub;

  beforeEach(async () => {
    fake = new FakeGithub('defra', { app: true, tokenScopes: ['repo', 'admin:org'] });
    await fake.start();
  });

  afterEach(() => fake.stop());

  it('sends only documented requests and gets only documented answers', async () => {
    for (const r of ['fcp-acd-frontend', 'fcp-acd-api', 'ffc-acd-backend', 'adp-portal']) fake.addRepo(r, r === 'adp-portal' ? ['adp'] : []);
    fake.outsideUsers.add('olly-gh');
    const reconciler = new GithubReconciler({
      octokit: new Octokit({ baseUrl: fake.url, auth: 'token', log: { debug() {}, info() {}, warn() {}, error() {} } }),
      organization: 'defra',
      naming,
      repositoryCacheMs: 0,
      productionEnvironment: 'production',
      platformRepositoryTopics: ['adp'],
    });
    const sync = async (snapshot = projectSnapshot()) => reconciler.apply((await reconciler.plan(snapshot)).changes);
    const members = ['ann', 'bob', 'cat'].map(n => technical(n, n === 'ann'));
    await sync(projectSnapshot(project({ members: [...members, technical('olly')], production: { deploy: [user('ann', 'ann-gh')], admin: [] } })));
    await sync(projectSnapshot(project({ members: members.slice(1), githubTeamVisibility: 'private' })));
    await sync(platformSnapshot([user('ada', 'ada-admin')], ['fcp-acd']));
    fake.team('ADP-Platform-Admins')!.repos.set('other', 'admin');
    fake.addRepo('other');
    await sync(platformSnapshot([user('ada', 'ada-admin')], ['fcp-acd']));
    fake.rateLimitNext(1, 60);
    await reconciler.plan(projectSnapshot()).catch(() => undefined);

    // A member linked by account id: the login is read from the id.
    const linked = fake.accounts.register('lin-gh');
    await sync(projectSnapshot(project({ members: [{ user: { ...user('lin', 'lin-gh'), githubUserId: linked }, technical: true, admin: false }] })));
    await sync(projectSnapshot(project({ members: [{ user: { ...user('gone', 'gone-gh'), githubUserId: 987654 }, technical: true, admin: false }] })));

    // Identity linking: whose account a sign-in's token is (and a token GitHub refuses).
    await new GithubAccounts(fake.url).ownerOf(fake.oauth.issueToken('tess-gh'));
    await new GithubAccounts(fake.url).ownerOf('gho_unknown').catch(() => undefined);

    // The credential checks: the GitHub App's installation, a classic token, a refused JWT.
    const app = { appId: fake.app!.appId, privateKey: fake.app!.privateKey };
    await new GithubAccessCheck({ apiBaseUrl: fake.url, organization: 'defra', apps: [app] }).check();
    await new GithubAccessCheck({ apiBaseUrl: fake.url, organization: 'other', apps: [app] }).check();
    await new GithubAccessCheck({ apiBaseUrl: fake.url, organization: 'defra', apps: [], token: 'token' }).check();
    // The Backstage integration's own requests for the same app: installations, installation token.
    const credentials = DefaultGithubCredentialsProvider.fromIntegrations(
      ScmIntegrations.fromConfig(
        new ConfigReader({ integrations: { github: [{ host: 'github.com', apiBaseUrl: fake.url, apps: [{ ...app, clientId: 'c', clientSecret: 's' }] }] } }),
      ),
    );
    expect((await credentials.getCredentials({ url: 'https://github.com/defra' })).token).toMatch(/^ghs_/);

    const calls = fake.calls;
    expect(calls.flatMap(c => github.check(c))).toEqual([]);
    // Every endpoint the code sends was sent here, and so checked.
    const covered = new Set(calls.map(c => `${c.method} ${github.operation(c.method, c.path)?.template}`));
    expect(endpointsSent().filter(e => !covered.has(e))).toEqual([]);
    expect(endpointsSent().length).toBeGreaterThanOrEqual(16);
  });

  it('the checker refuses what the description does not allow', () => {
    expect(
      github.check({
        method: 'PUT',
        path: '/orgs/defra/teams/t/repos/defra/r',
        endpoint: '',
        status: 204,
        query: '?force=true',
        requestBody: { permission: 7 },
      }),
    ).toEqual([
      'PUT /orgs/defra/teams/t/repos/defra/r?force=true: query parameter force is not declared',
      'PUT /orgs/defra/teams/t/repos/defra/r?force=true request body.permission: expected string, got integer',
    ]);
    expect(github.check({ method: 'GET', path: '/orgs/defra/teams/t/members', endpoint: '', status: 200, responseBody: [{ login: 'x' }] })).toContain(
      'GET /orgs/defra/teams/t/members response 200[0]: required property id is missing',
    );
  });
});
