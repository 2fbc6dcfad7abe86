import { ConfigReader } from '@backstage/config';
import { readProvisioningConfig } from './config';

const read = (data: object) => readProvisioningConfig(new ConfigReader(data));

describe('readProvisioningConfig', () => {
  it('treats missing system sections as not configured, with defaults for the rest', () => {
    const c = read({});
    expect(c.github).toBeUndefined();
    expect(c.entra).toBeUndefined();
    expect(c.azureDevOps).toBeUndefined();
    expect(c.sonarcloud).toBeUndefined();
    expect(c.environments).toEqual(['snd', 'dev', 'tst', 'pre', 'prd']);
    expect(c.productionEnvironments).toEqual(['prd']);
    expect(c.fullPassIntervalMinutes).toBe(60);
  });

  it('gives Azure DevOps and SonarCloud their own full-pass interval (default 6 hours)', () => {
    const systems = { azureDevOps: { organization: 'o', personalAccessToken: 'p' }, sonarcloud: { organization: 'o', token: 't' } };
    const c = read({ adp: { provisioning: systems } });
    expect(c.azureDevOps!.fullPassIntervalMinutes).toBe(360);
    expect(c.sonarcloud!.fullPassIntervalMinutes).toBe(360);
    const set = read({
      adp: { provisioning: { azureDevOps: { ...systems.azureDevOps, fullPassIntervalMinutes: 120 }, sonarcloud: { ...systems.sonarcloud, fullPassIntervalMinutes: 1440 } } },
    });
    expect([set.azureDevOps!.fullPassIntervalMinutes, set.sonarcloud!.fullPassIntervalMinutes]).toEqual([120, 1440]);
    expect(() => read({ adp: { provisioning: { sonarcloud: { ...systems.sonarcloud, fullPassIntervalMinutes: 0 } } } })).toThrow(
      'adp.provisioning.sonarcloud.fullPassIntervalMinutes',
    );
  });

  it('takes GitHub credentials and API URL from the integration of the host', () => {
    const c = read({
      integrations: { github: [{ host: 'github.com', apiBaseUrl: 'http://127.0.0.1:1', token: 't' }] },
      adp: { provisioning: { github: { organization: 'defra' } } },
    });
    expect(c.github).toEqual(expect.objectContaining({ organization: 'defra', apiBaseUrl: 'http://127.0.0.1:1' }));
  });

  it.each([
    [{ adp: { provisioning: { github: { organization: 'defra', host: 'ghe.example.com' } } } }, 'adp.provisioning.github.host'],
    [{ adp: { provisioning: { sonarcloud: { organization: 'defra' } } } }, 'adp.provisioning.sonarcloud.token'],
    [{ adp: { provisioning: { sonarcloud: { organization: 'defra', token: 't', baseUrl: 'not a url' } } } }, 'adp.provisioning.sonarcloud.baseUrl'],
    [{ adp: { provisioning: { entra: { tenantId: 't', clientId: 'c' } } } }, 'adp.provisioning.entra.clientSecret'],
    [{ adp: { provisioning: { drainIntervalSeconds: 0 } } }, 'adp.provisioning.drainIntervalSeconds'],
    [{ adp: { provisioning: { platformAdmins: ['user:default/ada'] } } }, 'adp.provisioning.platformAdmins: is no longer read'],
    [{ adp: { environments: ['dev'], provisioning: { productionEnvironments: ['prd'] } } }, 'adp.provisioning.productionEnvironments'],
    [{ adp: { naming: { 'github.contributors': 'ADP-{team}' } } }, 'adp.naming.github.contributors'],
  ])('stops on a bad value, naming the key (%#)', (data, key) => {
    expect(() => read(data)).toThrow(key);
  });
});
