import { ConfigReader } from '@backstage/config';
import { readPolicyConfig } from './config';

const read = (adp: object) => readPolicyConfig(new ConfigReader({ adp }));

describe('readPolicyConfig', () => {
  it('has defaults for everything', () => {
    expect(readPolicyConfig(new ConfigReader({}))).toEqual({
      adpAdminGroups: [],
      ccoeEngineerGroups: [],
      refreshIntervalSeconds: 5,
      catalogUsersRefreshIntervalSeconds: 60,
    });
  });

  it('reads numbers written as strings, as Backstage does for environment substitutions', () => {
    expect(read({ policy: { refreshIntervalSeconds: '2.5' } }).refreshIntervalSeconds).toBe(2.5);
  });

  it('reads platform role groups as lower-case full group refs', () => {
    const c = read({ platformRoles: { adpAdminGroups: ['ADP-Platform-Engineers'], ccoeEngineerGroups: ['group:default/ccoe-engineers'] } });
    expect(c.adpAdminGroups).toEqual(['group:default/adp-platform-engineers']);
    expect(c.ccoeEngineerGroups).toEqual(['group:default/ccoe-engineers']);
  });

  it.each([
    [{ policy: { refreshIntervalSeconds: 0 } }, 'Invalid configuration adp.policy.refreshIntervalSeconds: must be a positive number, got 0'],
    [{ policy: { catalogUsersRefreshIntervalSeconds: -1 } }, 'Invalid configuration adp.policy.catalogUsersRefreshIntervalSeconds'],
    [{ policy: { refreshIntervalSeconds: 'abc' } }, 'Invalid configuration adp.policy.refreshIntervalSeconds: must be a positive number, got "abc"'],
    [{ policy: { catalogUsersRefreshIntervalSeconds: true } }, 'Invalid configuration adp.policy.catalogUsersRefreshIntervalSeconds: must be a positive number, got true'],
    [{ platformRoles: { ccoeEngineerGroups: ['user:default/cara'] } }, 'Invalid configuration adp.platformRoles.ccoeEngineerGroups'],
  ])('stops on a bad value, naming the key (%#)', (adp, message) => {
    expect(() => read(adp)).toThrow(message);
  });
});
