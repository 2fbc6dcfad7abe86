import { ConfigReader } from '@backstage/config';
import { assertExternalAccessSubjects, readPlatformRoleGroups, readRevocationIntervalMinutes } from './config';

const read = (platformRoles: object) => readPlatformRoleGroups(new ConfigReader({ adp: { platformRoles } }));

describe('readPlatformRoleGroups', () => {
  it('has no groups when adp.platformRoles is absent', () => {
    expect(readPlatformRoleGroups(new ConfigReader({}))).toEqual({ adpAdminGroups: [], ccoeEngineerGroups: [] });
  });

  it('reads short and full group refs as lower-case full refs', () => {
    expect(read({ adpAdminGroups: ['ADP-Platform-Engineers'], ccoeEngineerGroups: ['group:entra/CCoE'] })).toEqual({
      adpAdminGroups: ['group:default/adp-platform-engineers'],
      ccoeEngineerGroups: ['group:entra/ccoe'],
    });
  });

  it.each([
    [{ adpAdminGroups: ['user:default/ada'] }, 'Invalid configuration adp.platformRoles.adpAdminGroups: "user:default/ada" is a user'],
    [{ ccoeEngineerGroups: ['group:'] }, 'Invalid configuration adp.platformRoles.ccoeEngineerGroups: "group:" is not an entity ref'],
    [{ adpAdminGroups: 'group:default/admins' }, "adp.platformRoles.adpAdminGroups"],
  ])('stops on a bad value, naming the key (%#)', (platformRoles, message) => {
    expect(() => read(platformRoles)).toThrow(message);
  });
});

describe('readRevocationIntervalMinutes', () => {
  it('is hourly unless configured', () => {
    expect(readRevocationIntervalMinutes(new ConfigReader({}))).toBe(60);
    expect(readRevocationIntervalMinutes(new ConfigReader({ adp: { productionAccess: { revocationIntervalMinutes: 0.1 } } }))).toBe(0.1);
  });

  it('refuses an interval that is not positive, naming the key', () => {
    expect(() => readRevocationIntervalMinutes(new ConfigReader({ adp: { productionAccess: { revocationIntervalMinutes: 0 } } }))).toThrow(
      'adp.productionAccess.revocationIntervalMinutes',
    );
  });
});

describe('assertExternalAccessSubjects', () => {
  const config = (externalAccess: object[]) => new ConfigReader({ backend: { auth: { externalAccess } } });
  it('accepts external callers named as themselves', () => {
    expect(() => assertExternalAccessSubjects(new ConfigReader({}))).not.toThrow();
    expect(() => assertExternalAccessSubjects(config([{ type: 'static', options: { token: 'x'.repeat(20), subject: 'adp-automation' } }]))).not.toThrow();
  });
  it('refuses an external subject that would pass for a plugin, naming the key', () => {
    expect(() =>
      assertExternalAccessSubjects(config([{ type: 'static', options: { token: 'x'.repeat(20), subject: 'ok' } }, { type: 'static', options: { token: 'y'.repeat(20), subject: 'plugin:permission' } }])),
    ).toThrow('Invalid configuration backend.auth.externalAccess[1].options.subject: "plugin:permission" would pass for the permission plugin\'s own credentials');
  });
});
