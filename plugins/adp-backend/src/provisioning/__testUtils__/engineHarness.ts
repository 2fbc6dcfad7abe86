import { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { AuditorService } from '@backstage/backend-plugin-api';
import { createProvisioning } from '../index';
import { ProvisioningFakes, fakeTokenCredential } from '../fakes';

/** Records audit events; the engine tests do not go through HTTP, where the real auditor runs. */
export const recordingAuditor = (): AuditorService => ({
  async createEvent() {
    return { async success() {}, async fail() {} };
  },
});

function merge(a: any, b: any): any {
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b || Array.isArray(b)) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in a ? merge(a[k], v) : v;
  return out;
}

/** A provisioning instance on a real database with the real clients pointed at the fakes. */
export function createTestProvisioning(
  db: Knex,
  fakes: ProvisioningFakes,
  extra: Record<string, any> = {},
  omitSystems: string[] = [],
) {
  const base = JSON.parse(JSON.stringify(fakes.config));
  for (const s of omitSystems) delete base.adp.provisioning[s];
  const config = new ConfigReader(
    merge(
      merge(base, {
        adp: { environments: ['dev', 'prd'], provisioning: { backoff: { baseMilliseconds: 20, capMilliseconds: 200 }, batchSize: 50 } },
      }),
      extra,
    ),
  );
  return createProvisioning({
    config,
    logger: mockServices.rootLogger(),
    database: db,
    scheduler: mockServices.scheduler(),
    permissions: mockServices.permissions(),
    httpAuth: mockServices.httpAuth(),
    auditor: recordingAuditor(),
    overrides: { entraCredential: fakeTokenCredential },
  });
}
