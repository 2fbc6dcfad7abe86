import { FakeSonarCloud } from '../../fakes';
import { HttpJson } from '../httpJson';
import { SonarCloudReconciler } from './SonarCloudReconciler';
import { naming, project, projectSnapshot, user } from '../../__testUtils__/snapshots';

const technical = (name: string) => ({ user: user(name, `${name}-gh`), technical: true, admin: false });

describe('SonarCloudReconciler against the SonarCloud fake', () => {
  let sonar: FakeSonarCloud;
  let reconciler: SonarCloudReconciler;

  beforeEach(async () => {
    sonar = new FakeSonarCloud('defra');
    await sonar.start();
    reconciler = new SonarCloudReconciler({ http: new HttpJson('sonarcloud', 'Bearer t'), baseUrl: sonar.url, organization: 'defra', naming });
  });

  afterEach(() => sonar.stop());

  async function sync(members = ['ann', 'bob', 'cat', 'dan', 'eve'].map(technical)) {
    const plan = await reconciler.plan(projectSnapshot(project({ members })));
    await reconciler.apply(plan.changes);
    return plan;
  }

  it('adds the organisation members and warns about the one who is not, instead of failing', async () => {
    sonar.addMember('ann-gh@github', 'bob-gh@github', 'dan-gh@github', 'eve-gh@github');
    const plan = await sync();
    expect(sonar.membersOf('fcp-acd')).toEqual(['ann-gh@github', 'bob-gh@github', 'dan-gh@github', 'eve-gh@github']);
    expect(plan.warnings).toEqual([
      'cat-gh@github is not a member of the SonarCloud organisation defra: an organisation admin must add them (or enable GitHub member synchronisation)',
    ]);
    // Read back through pages of two: the second plan sees every member and changes nothing.
    const again = await reconciler.plan(projectSnapshot(project({ members: ['ann', 'bob', 'cat', 'dan', 'eve'].map(technical) })));
    expect(again.changes).toEqual([]);
    expect(again.warnings).toHaveLength(1);

    // Once an organisation admin adds Cat, the next run puts her in the group.
    sonar.addMember('cat-gh@github');
    const later = await sync();
    expect(later.warnings).toEqual([]);
    expect(sonar.membersOf('fcp-acd')).toContain('cat-gh@github');
  });

  it('the fake refuses a non-member as SonarCloud does', async () => {
    await sync([]);
    const http = new HttpJson('sonarcloud', 'Bearer t');
    await expect(
      http.request('POST', `${sonar.url}/api/user_groups/add_user`, { organization: 'defra', name: 'fcp-acd', login: 'stranger@github' }, true),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("is not member of organization 'defra'") });
  });

  it('removes a member found on a later page', async () => {
    sonar.addMember(...['ann', 'bob', 'cat', 'dan', 'eve'].map(n => `${n}-gh@github`));
    await sync();
    await sync(['ann', 'bob', 'cat', 'dan'].map(technical));
    expect(sonar.membersOf('fcp-acd')).toEqual(['ann-gh@github', 'bob-gh@github', 'cat-gh@github', 'dan-gh@github']);
  });
});
