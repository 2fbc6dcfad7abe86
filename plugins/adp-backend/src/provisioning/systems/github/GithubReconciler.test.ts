import { Octokit } from '@octokit/rest';
import { FakeGithub } from '../../fakes';
import { GithubReconciler } from './GithubReconciler';
import { naming, platformSnapshot, project, projectSnapshot, user } from '../../__testUtils__/snapshots';

const CONTRIBUTORS = 'ADP-fcp-fcp-acd-Contributors';
const technical = (name: string) => ({ user: user(name, `${name}-gh`), technical: true, admin: false });

describe('GithubReconciler against the GitHub fake', () => {
  let github: FakeGithub;
  let reconciler: GithubReconciler;

  beforeEach(async () => {
    github = new FakeGithub('defra');
    await github.start();
    github.addRepo('fcp-acd-frontend');
    reconciler = new GithubReconciler({
      octokit: new Octokit({ baseUrl: github.url, auth: 'token', log: { debug() {}, info() {}, warn() {}, error() {} } }),
      organization: 'defra',
      naming,
      repositoryCacheMs: 0,
      platformRepositoryTopics: ['adp'],
    });
  });

  afterEach(() => github.stop());

  async function sync(members = ['ann', 'olly'].map(technical)) {
    const plan = await reconciler.plan(projectSnapshot(project({ members })));
    await reconciler.apply(plan.changes);
    return plan;
  }

  it('shows a pending membership for someone outside the organisation until they accept', async () => {
    github.outsideUsers.add('olly-gh');
    await sync();
    expect(github.membersOf(CONTRIBUTORS)).toEqual(['ann-gh']);

    const plan = await reconciler.plan(projectSnapshot(project({ members: ['ann', 'olly'].map(technical) })));
    expect(plan.changes).toEqual([]);
    expect(plan.warnings).toContain(
      `olly-gh: membership of ${CONTRIBUTORS} pending until they accept the invitation to the defra organisation`,
    );

    github.acceptInvitation('olly-gh');
    const after = await sync();
    expect(after.warnings).toEqual([]);
    expect(github.membersOf(CONTRIBUTORS)).toEqual(['ann-gh', 'olly-gh']);
  });

  it('withdraws the pending invitation of someone who left the team', async () => {
    github.outsideUsers.add('olly-gh');
    await sync();
    await sync([technical('ann')]);
    expect(github.invitations.get('adp-fcp-fcp-acd-contributors')?.size ?? 0).toBe(0);
    expect((await reconciler.plan(projectSnapshot(project({ members: [technical('ann')] })))).changes).toEqual([]);
  });

  it('makes ADP-Platform-Admins admin on every ADP repository: the projects\' and the platform\'s own (by topic)', async () => {
    github.addRepo('adp-portal', ['adp']);
    github.addRepo('adp-flux-core', ['adp', 'flux']);
    github.addRepo('ffc-acd-backend');
    github.addRepo('other-service', ['defra']);
    const plan = await reconciler.plan(platformSnapshot([user('ada', 'ada-admin')], ['fcp-acd', 'ffc-acd']));
    await reconciler.apply(plan.changes);
    expect(Object.fromEntries(github.team('ADP-Platform-Admins')!.repos)).toEqual({
      'adp-portal': 'admin',
      'adp-flux-core': 'admin',
      'fcp-acd-frontend': 'admin',
      'ffc-acd-backend': 'admin',
    });
  });

  it('carries GitHub\'s primary rate limit (403, x-ratelimit-reset) to the queue', async () => {
    github.rateLimitNext(1, 120);
    const error = await reconciler.plan(projectSnapshot()).catch(e => e);
    expect(error).toMatchObject({ name: 'ExternalSystemError', status: 403 });
    expect(error.retryAfterMs).toBeGreaterThan(110_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(121_000);
  });

  it('reads every member and repository through Link pages', async () => {
    for (const r of ['fcp-acd-a', 'fcp-acd-b', 'fcp-acd-c']) github.addRepo(r);
    const members = ['ann', 'bob', 'cat', 'dan', 'eve'].map(technical);
    await sync(members);
    expect(github.membersOf(CONTRIBUTORS)).toHaveLength(5);
    expect(github.team(CONTRIBUTORS)!.repos.size).toBe(4);
    expect((await reconciler.plan(projectSnapshot(project({ members })))).changes).toEqual([]);
  });
});
