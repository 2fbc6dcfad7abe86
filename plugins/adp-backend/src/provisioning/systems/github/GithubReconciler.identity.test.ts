import { Octokit } from '@octokit/rest';
import { FakeGithub } from '../../fakes';
import { GithubReconciler } from './GithubReconciler';
import { naming, project, projectSnapshot, user } from '../../__testUtils__/snapshots';

const CONTRIBUTORS = 'ADP-fcp-fcp-acd-Contributors';

/** Logins can be renamed and then registered by someone else: the reconciler goes by GitHub's numeric id. */
describe('GithubReconciler: a member is a GitHub account, by id', () => {
  let github: FakeGithub;
  let reconciler: GithubReconciler;

  beforeEach(async () => {
    github = new FakeGithub('defra');
    await github.start();
    reconciler = new GithubReconciler({
      octokit: new Octokit({ baseUrl: github.url, auth: 'token', log: { debug() {}, info() {}, warn() {}, error() {} } }),
      organization: 'defra',
      naming,
      repositoryCacheMs: 0,
    });
  });

  afterEach(() => github.stop());

  /** Tess, technical, linked to the account `id` whose login was `login` when she linked it. */
  const tessLinked = (login: string, id: number) =>
    projectSnapshot(project({ members: [{ user: { ...user('tess', login), githubUserId: id }, technical: true, admin: false }] }));

  async function sync(snapshot: ReturnType<typeof tessLinked>) {
    const plan = await reconciler.plan(snapshot);
    await reconciler.apply(plan.changes);
    return plan;
  }

  it('gives access to the account under its new login after a rename, and keeps it there', async () => {
    const id = github.accounts.register('tess-old');
    github.renameAccount(id, 'tess-new');
    await sync(tessLinked('tess-old', id));
    expect(github.membersOf(CONTRIBUTORS)).toEqual(['tess-new']);
    // Renamed again while a member: still the member, nothing to change.
    github.renameAccount(id, 'tess-newer');
    expect(github.membersOf(CONTRIBUTORS)).toEqual(['tess-newer']);
    expect((await reconciler.plan(tessLinked('tess-old', id))).changes).toEqual([]);
  });

  it('gives nothing to someone who registered a login the linked account gave up, and removes them', async () => {
    const tess = github.accounts.register('tess-gh');
    github.renameAccount(tess, 'tess-renamed');
    const squatter = github.accounts.register('tess-gh');
    expect(squatter).not.toBe(tess);
    // The squatter is in the team already (say, added when the portal went by login).
    await sync(projectSnapshot(project({ members: [{ user: user('tess', 'tess-gh'), technical: true, admin: false }] })));
    expect(github.membersOf(CONTRIBUTORS)).toEqual(['tess-gh']);

    const plan = await sync(tessLinked('tess-gh', tess));
    expect(plan.changes.filter(c => c.resource === CONTRIBUTORS).map(c => [c.action, c.subject])).toEqual([
      ['add-member', 'tess-gh'],
      ['remove-member', 'tess-gh'],
    ]);
    expect(github.membersOf(CONTRIBUTORS)).toEqual(['tess-renamed']);
    expect((await reconciler.plan(tessLinked('tess-gh', tess))).changes).toEqual([]);
  });

  it('adds nobody for an account that no longer exists', async () => {
    await sync(tessLinked('tess-gone', 123_456));
    expect(github.membersOf(CONTRIBUTORS)).toEqual([]);
    expect(github.calls.filter(c => c.endpoint.startsWith('PUT /orgs/:org/teams/:team/memberships'))).toEqual([]);
  });

  it('names a technical member without a linked account as waiting for one', async () => {
    const plan = await sync(projectSnapshot(project({ members: [{ user: user('tess'), technical: true, admin: false }] })));
    expect(plan.warnings).toContain('user:default/tess is waiting for a GitHub account: access follows when they link one');
    expect(github.membersOf(CONTRIBUTORS)).toEqual([]);
  });
});
