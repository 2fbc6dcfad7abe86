import { FakeAzureDevOps } from '../../fakes';
import { HttpJson } from '../httpJson';
import { AzureDevOpsReconciler } from './AzureDevOpsReconciler';
import {
  naming,
  project,
  projectSnapshot,
  user,
} from '../../__testUtils__/snapshots';

const GROUP = 'ADP-rpa-fcp-fcp-acd-Contributors';

describe('AzureDevOpsReconciler against the Azure DevOps fake', () => {
  let ado: FakeAzureDevOps;
  let reconciler: AzureDevOpsReconciler;

  beforeEach(async () => {
    ado = new FakeAzureDevOps();
    await ado.start();
    ado.addProject('FCP-ADO');
    ado.addUser('tess@defra.gov.uk');
    ado.addUser('nora@defra.gov.uk');
    reconciler = new AzureDevOpsReconciler({
      http: new HttpJson('azure-devops', 'Basic cGF0'),
      baseUrl: ado.url,
      graphBaseUrl: ado.url,
      naming,
    });
  });

  afterEach(() => ado.stop());

  async function sync(snapshot = projectSnapshot()) {
    const plan = await reconciler.plan(snapshot);
    await reconciler.apply(plan.changes);
    return plan;
  }

  it('names the group after the ALB and gives technical members write access through the project Contributors', async () => {
    const plan = await sync(
      projectSnapshot(
        project({
          members: [
            ...project().members,
            { user: user('tom'), technical: true, admin: false },
          ],
        }),
      ),
    );
    expect(ado.memberEmails(GROUP)).toEqual(['tess@defra.gov.uk']);
    expect(
      ado
        .projectGroup('FCP-ADO', 'Contributors')!
        .members.has(ado.groupByName(GROUP)!.descriptor),
    ).toBe(true);
    expect(ado.canContribute('FCP-ADO', 'tess@defra.gov.uk')).toBe(true);
    expect(ado.canContribute('FCP-ADO', 'nora@defra.gov.uk')).toBe(false);
    expect(plan.warnings).toEqual([
      'user:default/tom (tom@defra.gov.uk) was not found in Azure DevOps',
    ]);
    // Groups come two to a page: the built-in Contributors and the ADP group are on later pages.
    expect(
      ado.calls.filter(c => c.endpoint === 'GET /_apis/graph/groups').length,
    ).toBeGreaterThan(1);

    expect((await reconciler.plan(projectSnapshot())).changes).toEqual([]);
  });

  it('nests the group again when someone took it out of Contributors, and a removed member loses write access', async () => {
    await sync();
    ado.projectGroup('FCP-ADO', 'Contributors')!.members.clear();
    expect(ado.canContribute('FCP-ADO', 'tess@defra.gov.uk')).toBe(false);
    const plan = await sync();
    expect(plan.changes.map(c => c.action)).toEqual(['nest-in-contributors']);
    expect(ado.canContribute('FCP-ADO', 'tess@defra.gov.uk')).toBe(true);

    await sync(projectSnapshot(project({ members: [] })));
    expect(ado.canContribute('FCP-ADO', 'tess@defra.gov.uk')).toBe(false);
  });

  it('warns, without failing, when the project has no Contributors group', async () => {
    ado.groups.delete(ado.projectGroup('FCP-ADO', 'Contributors')!.descriptor);
    const plan = await sync();
    expect(plan.warnings).toContain(
      `Azure DevOps project FCP-ADO has no Contributors group: ${GROUP} gets no write access`,
    );
    expect(ado.memberEmails(GROUP)).toEqual(['tess@defra.gov.uk']);
  });

  it('carries Azure DevOps throttling (429, Retry-After) to the queue', async () => {
    ado.rateLimitNext(1, 45);
    await expect(reconciler.plan(projectSnapshot())).rejects.toMatchObject({ status: 429, retryAfterMs: 45_000 });
  });
});
