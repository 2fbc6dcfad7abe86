import fs from 'node:fs';
import { Octokit } from '@octokit/rest';
import { FakeGithub } from '../FakeGithub';
import { GithubReconciler } from '../../systems/github/GithubReconciler';
import { naming, platformSnapshot, project, projectSnapshot, user } from '../../__testUtils__/snapshots';
import { OpenApiContract, readDescription } from './OpenApiContract';

jest.setTimeout(60_000);

const technical = (name: string, admin = false) => ({ user: user(name, `${name}-gh`), technical: true, admin });

describe("GitHub: the reconciler and the fake against GitHub's OpenAPI description (@octokit/openapi)", () => {
  const github = new OpenApiContract(
    readDescription(fs.readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')),
  );
  let fake: FakeGithub;

  beforeEach(async () => {
    fake = new FakeGithub('defra');
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

    const calls = fake.calls;
    expect(new Set(calls.map(c => c.endpoint)).size).toBeGreaterThanOrEqual(12);
    expect(calls.flatMap(c => github.check(c))).toEqual([]);
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
