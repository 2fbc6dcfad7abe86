import fs from 'node:fs';
import { Knex } from 'knex';
import { Octokit } from '@octokit/rest';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { FakeGithub } from '../../fakes';
import { migrate } from '../../__testUtils__/fixture';
import { instancePools } from '../../__testUtils__/instancePools';
import { naming, project, projectSnapshot, user } from '../../__testUtils__/snapshots';
import { GithubReconciler } from './GithubReconciler';
import { EtagStore } from './EtagStore';
import { useConditionalRequests } from './conditionalRequests';
import { OpenApiContract, readDescription } from '../../fakes/contract/OpenApiContract';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id => databases.supports(id));

const CONTRIBUTORS = 'ADP-fcp-fcp-acd-Contributors';
const technical = (name: string) => ({ user: user(name, `${name}-gh`), technical: true, admin: false });
// Five members: the fake pages team members two at a time, so the members are three pages.
const TEAM = ['ann', 'bob', 'cat', 'dan', 'eve'].map(technical);
const snapshot = () => projectSnapshot(project({ members: TEAM }));

describe.each(ids)('GitHub conditional requests (ETags in the database) on %s', databaseId => {
  let db: Knex;
  let github: FakeGithub;

  const octokitOn = (store: EtagStore) => {
    const octokit = new Octokit({ baseUrl: github.url, auth: 'token', log: { debug() {}, info() {}, warn() {}, error() {} } });
    useConditionalRequests(octokit, store);
    return octokit;
  };
  const reconcilerOn = (store: EtagStore) =>
    new GithubReconciler({
      octokit: octokitOn(store),
      organization: 'defra',
      naming,
      repositoryCacheMs: 0,
      platformRepositoryTopics: ['adp'],
    });

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
    github = new FakeGithub('defra');
    await github.start();
    github.addRepo('fcp-acd-frontend');
    github.addRepo('fcp-acd-backend');
  });

  afterEach(async () => {
    await github.stop();
    await db.destroy();
  });

  it('reads an unchanged estate with 304s only, which use none of the rate limit, and plans the same', async () => {
    const reconciler = reconcilerOn(new EtagStore(db));
    await reconciler.apply((await reconciler.plan(snapshot())).changes);
    await reconciler.plan(snapshot()); // stores every GET's ETag
    github.resetCalls();
    const usedBefore = github.rateLimit.used;

    const plan = await reconciler.plan(snapshot());

    expect(plan.changes).toEqual([]);
    expect(github.calls.length).toBeGreaterThanOrEqual(6);
    expect(github.calls.filter(c => c.status !== 304)).toEqual([]);
    expect(github.calls.every(c => c.ifNoneMatch)).toBe(true);
    expect(github.rateLimit.used).toBe(usedBefore);
    // The conditional requests and their 304s are valid against GitHub's description.
    const contract = new OpenApiContract(
      readDescription(fs.readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')),
    );
    expect(github.calls.flatMap(c => contract.check(c))).toEqual([]);
    expect(contract.check({ ...github.calls[0], ifNoneMatch: undefined })).toEqual([
      expect.stringContaining('304 without a conditional GET'),
    ]);
  });

  it('sees a change made by hand at once: the changed page answers 200 and drift is repaired', async () => {
    const reconciler = reconcilerOn(new EtagStore(db));
    await reconciler.apply((await reconciler.plan(snapshot())).changes);
    await reconciler.plan(snapshot());

    github.team(CONTRIBUTORS)!.members.delete('cat-gh');
    github.team(CONTRIBUTORS)!.members.add('mallory');
    github.team(CONTRIBUTORS)!.repos.set('fcp-acd-backend', 'admin');
    github.resetCalls();
    const plan = await reconciler.plan(snapshot());

    expect(plan.changes.map(c => `${c.action} ${c.resource} ${c.subject}`).sort()).toEqual([
      `add-member ${CONTRIBUTORS} cat-gh`,
      `grant-repository ${CONTRIBUTORS} fcp-acd-backend`,
      `remove-member ${CONTRIBUTORS} mallory`,
    ]);
    expect(github.calls.some(c => c.endpoint === 'GET /orgs/:org/teams/:team/members' && c.status === 200)).toBe(true);
    expect(github.calls.some(c => c.status === 304)).toBe(true);
    await reconciler.apply(plan.changes);
    expect(github.membersOf(CONTRIBUTORS)).toEqual(['ann-gh', 'bob-gh', 'cat-gh', 'dan-gh', 'eve-gh']);
    expect((await reconciler.plan(snapshot())).changes).toEqual([]);
  });

  it('shares the ETags between instances: what one read, another reads with 304s', async () => {
    const { pools, close } = instancePools(db, databaseId, 2);
    try {
      const first = reconcilerOn(new EtagStore(pools[0]));
      const second = reconcilerOn(new EtagStore(pools[pools.length - 1]));
      await first.apply((await first.plan(snapshot())).changes);
      await first.plan(snapshot());
      github.resetCalls();
      expect((await second.plan(snapshot())).changes).toEqual([]);
      expect(github.calls.filter(c => c.status !== 304)).toEqual([]);
      expect(await db('provisioning_etags').count({ n: '*' })).toEqual([{ n: expect.anything() }]);
    } finally {
      await close();
    }
  });

  it('reports the rate limit on every answer, a 304 included, and a stale stored ETag costs one full read', async () => {
    const store = new EtagStore(db);
    const octokit = octokitOn(store);
    const first = await octokit.rest.repos.listForOrg({ org: 'defra' });
    expect(first.headers['x-ratelimit-remaining']).toBe(String(github.rateLimit.limit - github.rateLimit.used));
    const used = github.rateLimit.used;
    const again = await octokit.rest.repos.listForOrg({ org: 'defra' });
    expect(again.data).toEqual(first.data);
    expect(again.headers['x-ratelimit-remaining']).toBe(String(github.rateLimit.limit - used));
    expect(github.calls.at(-1)!.status).toBe(304);

    const url = `${github.url}/orgs/defra/repos`;
    await store.put(url, { etag: '"stale"', headers: {}, body: [{ wrong: true }] });
    const fresh = await octokit.rest.repos.listForOrg({ org: 'defra' });
    expect(fresh.data).toEqual(first.data);
    expect(github.calls.at(-1)!.status).toBe(200);
    expect((await store.get(url))!.etag).not.toBe('"stale"');
  });
});
