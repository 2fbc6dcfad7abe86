import fs from 'node:fs';
import path from 'node:path';
import { FakeAzureDevOps } from '../FakeAzureDevOps';
import { HttpJson } from '../../systems/httpJson';
import { AzureDevOpsReconciler } from '../../systems/azureDevOps/AzureDevOpsReconciler';
import { AzureDevOpsAccessCheck } from '../../systems/azureDevOps/AzureDevOpsAccessCheck';
import {
  naming,
  project,
  projectSnapshot,
  user,
} from '../../__testUtils__/snapshots';
import { OpenApiContract, readDescription } from './OpenApiContract';

const description = (file: string) =>
  new OpenApiContract(
    readDescription(
      fs.readFileSync(path.join(__dirname, 'azure-devops', file), 'utf8'),
    ),
    {
      stripPrefix: '/{organization}',
      collectionEnvelope: true,
    },
  );

describe('Azure DevOps: the reconciler and the fake against the published REST specifications (7.1)', () => {
  const core = description('core-7.1.json');
  const graph = description('graph-7.1.json');
  let ado: FakeAzureDevOps;

  beforeEach(async () => {
    ado = new FakeAzureDevOps();
    await ado.start();
  });

  afterEach(() => ado.stop());

  it('sends only documented requests and gets only documented answers', async () => {
    ado.addProject('FCP-ADO');
    ado.addUser('tess@defra.gov.uk');
    ado.addUser('nora@defra.gov.uk');
    const reconciler = new AzureDevOpsReconciler({
      http: new HttpJson('azure-devops', 'Basic cGF0'),
      baseUrl: ado.url,
      graphBaseUrl: ado.url,
      naming,
    });
    const sync = async (members = project().members) =>
      reconciler.apply(
        (await reconciler.plan(projectSnapshot(project({ members })))).changes,
      );
    await sync();
    await sync([
      ...project().members,
      { user: user('nora'), technical: true, admin: false },
    ]);
    await sync([]);
    ado.projectGroup('FCP-ADO', 'Contributors')!.members.clear();
    await sync();
    await reconciler.plan(projectSnapshot(project({ adoProject: 'MISSING' })));
    // The credential check's reads.
    await new AzureDevOpsAccessCheck({ http: new HttpJson('azure-devops', 'Basic cGF0'), baseUrl: ado.url, graphBaseUrl: ado.url }).check();

    const endpoints = new Set(ado.calls.map(c => c.endpoint));
    // Every endpoint the reconciler and the credential check use was exercised.
    expect([...endpoints].sort()).toEqual([
      'DELETE /_apis/graph/memberships/:subject/:container',
      'GET /_apis/graph/descriptors/:id',
      'GET /_apis/graph/groups',
      'GET /_apis/graph/memberships/:subject',
      'GET /_apis/projects',
      'GET /_apis/projects/:project',
      'POST /_apis/graph/groups',
      'POST /_apis/graph/subjectquery',
      'PUT /_apis/graph/memberships/:subject/:container',
    ]);
    const problems = ado.calls.flatMap(c =>
      (c.path.startsWith('/_apis/projects') ? core : graph).check(c),
    );
    expect(problems).toEqual([]);
  });

  it('the checker refuses what the specification does not describe', () => {
    expect(
      graph.check({
        method: 'GET',
        path: '/_apis/graph/groups',
        endpoint: '',
        status: 200,
        query: '?scopeDescriptor=x&top=5',
        responseBody: { value: [{ descriptor: 1 }] },
      }),
    ).toEqual([
      'GET /_apis/graph/groups?scopeDescriptor=x&top=5: query parameter top is not declared',
      'GET /_apis/graph/groups?scopeDescriptor=x&top=5: required query parameter api-version is missing',
      'GET /_apis/graph/groups?scopeDescriptor=x&top=5 response 200[0].descriptor: expected string, got integer',
    ]);
    expect(
      graph.check({
        method: 'PATCH',
        path: '/_apis/graph/memberships/a/b',
        endpoint: '',
        status: 200,
      }),
    ).toEqual([
      'PATCH /_apis/graph/memberships/a/b: no such operation in the description',
    ]);
  });
});
