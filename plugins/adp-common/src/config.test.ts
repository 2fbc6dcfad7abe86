import { AdpConfigError, normalizeGroupRefs } from './config';

const KEY = 'adp.platformRoles.adpAdminGroups';

describe('normalizeGroupRefs', () => {
  it.each(['adp-platform-engineers', 'default/adp-platform-engineers', 'group:default/adp-platform-engineers', ' Group:Default/ADP-Platform-Engineers '])(
    'reads %p as group:default/adp-platform-engineers',
    ref => expect(normalizeGroupRefs(KEY, [ref])).toEqual(['group:default/adp-platform-engineers']),
  );

  it('keeps other namespaces', () => {
    expect(normalizeGroupRefs(KEY, ['group:entra/aag-user-adp-platformengineers'])).toEqual([
      'group:entra/aag-user-adp-platformengineers',
    ]);
  });

  it('refuses a user ref, naming the key', () => {
    const error = (() => {
      try {
        normalizeGroupRefs(KEY, ['group:default/ok', 'user:default/ada']);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AdpConfigError);
    expect((error as AdpConfigError).key).toBe(KEY);
    expect((error as Error).message).toBe(
      `Invalid configuration ${KEY}: "user:default/ada" is a user, not a group: only members of groups hold platform roles`,
    );
  });

  it('refuses something that is not an entity ref, naming the key', () => {
    expect(() => normalizeGroupRefs(KEY, ['group:'])).toThrow(`Invalid configuration ${KEY}: "group:" is not an entity ref`);
  });
});
