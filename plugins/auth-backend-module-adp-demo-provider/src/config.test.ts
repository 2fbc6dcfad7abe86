import { ConfigReader } from '@backstage/config';
import {
  assertDemoAllowed,
  normalizeUserRef,
  PRODUCTION_DEMO_ERROR,
  readDemoPersonas,
} from './config';

const enabled = { demo: { enabled: true } };

describe('assertDemoAllowed', () => {
  it('allows demo outside production', () => {
    const config = new ConfigReader({ adp: enabled });
    expect(() => assertDemoAllowed(config, 'development')).not.toThrow();
  });

  it('refuses demo when adp.environment is production', () => {
    const config = new ConfigReader({
      adp: { ...enabled, environment: 'production' },
    });
    expect(() => assertDemoAllowed(config, 'development')).toThrow(
      PRODUCTION_DEMO_ERROR,
    );
  });

  it('refuses demo when NODE_ENV is production', () => {
    const config = new ConfigReader({ adp: enabled });
    expect(() => assertDemoAllowed(config, 'production')).toThrow(
      PRODUCTION_DEMO_ERROR,
    );
  });

  it('has nothing to refuse when demo is off', () => {
    const config = new ConfigReader({ adp: { environment: 'production' } });
    expect(() => assertDemoAllowed(config, 'production')).not.toThrow();
  });
});

describe('normalizeUserRef', () => {
  it.each(['tess', 'default/tess', 'user:default/tess', 'User:default/tess '])(
    'reads %p as user:default/tess',
    ref => expect(normalizeUserRef(ref)).toBe('user:default/tess'),
  );

  it('rejects other kinds', () => {
    expect(() => normalizeUserRef('group:default/ccoe-engineers')).toThrow(
      'not a user entity ref',
    );
  });
});

describe('readDemoPersonas', () => {
  it('normalises refs', () => {
    const config = new ConfigReader({
      adp: {
        demo: {
          personas: [{ userRef: 'tess', title: 'T', description: 'D' }],
        },
      },
    });
    expect(readDemoPersonas(config)).toEqual([
      { userRef: 'user:default/tess', title: 'T', description: 'D' },
    ]);
  });

  it.each([
    [
      [{ userRef: 'tess', title: 'T', description: 'D' }, { userRef: 'group:default/team', title: 'T', description: 'D' }],
      'Invalid configuration adp.demo.personas[1].userRef: "group:default/team" is not a user entity ref',
    ],
    [[{ userRef: 'tess', description: 'D' }], "adp.demo.personas[0].title"],
  ])('stops on a bad persona, naming the key (%#)', (personas, message) => {
    const config = new ConfigReader({ adp: { demo: { enabled: true, personas } } });
    expect(() => readDemoPersonas(config)).toThrow(message);
  });

  it('refuses an empty list', () => {
    expect(() => readDemoPersonas(new ConfigReader({}))).toThrow(
      'adp.demo.personas is empty',
    );
  });
});
