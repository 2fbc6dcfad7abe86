import { ConfigReader } from '@backstage/config';
import { ProvisioningFakes, fakeTokenCredential, startProvisioningFakes } from '../../fakes';
import { readProvisioningConfig } from '../../config';
import { createReconcilers } from '../../createReconcilers';
import { ExternalSystemError } from '../ExternalSystemError';
import { EntraReconciler } from './EntraReconciler';
import { project, projectSnapshot, user } from '../../__testUtils__/snapshots';

const TECH = 'AAG-Users-ADP-fcp-fcp-acd_TechUser';
const technical = (name: string) => ({ user: user(name), technical: true, admin: false });
const NAMES = ['ann', 'bob', 'cat', 'dan', 'eve'];

describe('EntraReconciler against the Graph fake', () => {
  let fakes: ProvisioningFakes;

  beforeEach(async () => {
    fakes = await startProvisioningFakes();
    for (const n of NAMES) fakes.graph.addUser(`${n}@defra.gov.uk`);
  });

  afterEach(() => fakes.stop());

  const reconciler = (environments = ['dev']) => {
    const root = new ConfigReader({ ...fakes.config, adp: { ...fakes.config.adp, environments } });
    return createReconcilers(root, readProvisioningConfig(root), { entraCredential: fakeTokenCredential }).find(
      r => r.system === 'entra',
    ) as EntraReconciler;
  };

  it('reads members through @odata.nextLink pages and waits for a new group to replicate', async () => {
    fakes.graph.replicationDelayMs = 300;
    const entra = reconciler();
    const members = NAMES.map(technical);
    const plan = await entra.plan(projectSnapshot(project({ members })));
    await entra.apply(plan.changes);
    expect(fakes.graph.memberEmails(TECH)).toEqual(NAMES.map(n => `${n}@defra.gov.uk`));
    // Some adds met a group not yet replicated (404) and were retried.
    expect(fakes.graph.calls.some(c => c.endpoint === 'POST /v1.0/groups/:id/members/$ref' && c.status === 404)).toBe(true);
    // Five members come back two to a page: all are seen, nothing to do.
    expect((await entra.plan(projectSnapshot(project({ members })))).changes).toEqual([]);
    await entra.apply((await entra.plan(projectSnapshot(project({ members: members.slice(0, 4) })))).changes);
    expect(fakes.graph.memberEmails(TECH)).toHaveLength(4);
  });

  it('carries Graph throttling (429, Retry-After) to the queue', async () => {
    const entra = reconciler();
    fakes.graph.rateLimitNext(1, 30);
    const error = await entra.plan(projectSnapshot()).catch(e => e);
    expect(error).toBeInstanceOf(ExternalSystemError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000 });
  });
});
