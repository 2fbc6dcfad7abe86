import knexFactory from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { CredentialChecks } from './CredentialChecks';
import { CredentialCheckOutcome, CredentialChecker } from './CredentialCheck';
import { createProvisioning } from '../index';
import { startProvisioningFakes } from '../fakes';

const checker = (system: CredentialChecker['system'], outcome: () => Promise<CredentialCheckOutcome>) => {
  const check = jest.fn(outcome);
  return { system, check };
};

describe('CredentialChecks', () => {
  it('turns each outcome into ok, missing or unknown; a check that throws is unknown, never ok', async () => {
    const checks = new CredentialChecks([
      checker('github', async () => ({ missing: ['GitHub: lacks Members'], notes: [], checked: true })),
      checker('entra', async () => ({ missing: [], notes: [], checked: true })),
      checker('azure-devops', async () => ({ missing: [], notes: ['cannot tell'], checked: false })),
      checker('sonarcloud', async () => Promise.reject(new Error('answered 503'))),
    ]);
    expect((await checks.run()).map(c => [c.system, c.status, [...c.missing, ...c.notes]])).toEqual([
      ['github', 'missing', ['GitHub: lacks Members']],
      ['entra', 'ok', []],
      ['azure-devops', 'unknown', ['cannot tell']],
      ['sonarcloud', 'unknown', ['SonarCloud: the credential could not be checked: answered 503']],
    ]);
  });

  it('serves the last result until it is older than the limit, and shares one run between askers', async () => {
    let now = 1_000_000;
    let release: () => void = () => {};
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    const github = checker('github', async () => {
      await gate;
      return { missing: [], notes: [], checked: true };
    });
    const checks = new CredentialChecks([github], 60_000, () => now);
    const both = Promise.all([checks.current(), checks.current()]);
    release();
    await both;
    expect(github.check).toHaveBeenCalledTimes(1);
    now += 59_000;
    await checks.current();
    expect(github.check).toHaveBeenCalledTimes(1);
    now += 2_000;
    await checks.current();
    expect(github.check).toHaveBeenCalledTimes(2);
  });
});

describe('credential checks at startup', () => {
  it('logs each missing permission, the GitHub App installation included, without holding startup', async () => {
    const fakes = await startProvisioningFakes({ githubApp: { permissions: { members: 'write', metadata: 'read' } } });
    const database = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
    const warnings: string[] = [];
    const logger: LoggerService = {
      warn: (m: string) => void warnings.push(m),
      info() {},
      error() {},
      debug() {},
      child: () => logger,
    };
    try {
      const config = JSON.parse(JSON.stringify(fakes.config));
      config.adp.environments = ['dev'];
      config.adp.provisioning.enabled = false;
      delete config.adp.provisioning.entra;
      const provisioning = createProvisioning({
        config: new ConfigReader(config),
        logger,
        database,
        scheduler: mockServices.scheduler.mock(),
        permissions: mockServices.permissions.mock(),
        httpAuth: mockServices.httpAuth.mock(),
        auditor: mockServices.auditor.mock(),
      });
      await provisioning.start();
      const expected = `Provisioning credentials: GitHub: the GitHub App ${fakes.github.app!.appId} lacks Repository › Administration (read and write) on defra (not granted)`;
      for (let i = 0; i < 200 && !warnings.includes(expected); i++) await new Promise(r => setTimeout(r, 50));
      expect(warnings).toContain(expected);
    } finally {
      await database.destroy();
      await fakes.stop();
    }
  });
});
