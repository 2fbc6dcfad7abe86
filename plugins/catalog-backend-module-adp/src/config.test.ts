import { DEFAULT_NAMING_TEMPLATES } from '@adp-portal/plugin-adp-common';
import { mockServices } from '@backstage/backend-test-utils';
import { readCatalogModuleConfig } from './config';

const read = (data: object) => readCatalogModuleConfig(mockServices.rootConfig({ data }));

describe('readCatalogModuleConfig', () => {
  it('refreshes every 30 minutes with the default names when nothing is configured', () => {
    const c = read({});
    expect(c.schedule).toEqual({ frequency: { minutes: 30 }, timeout: { minutes: 10 } });
    expect(c.naming).toEqual(DEFAULT_NAMING_TEMPLATES);
  });

  it('reads a configured schedule and naming override', () => {
    const c = read({
      adp: {
        catalog: { schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } } },
        naming: { 'github.contributors': 'team-{project}' },
      },
    });
    expect(c.schedule).toEqual(expect.objectContaining({ frequency: { minutes: 5 }, timeout: { minutes: 2 } }));
    expect(c.naming['github.contributors']).toBe('team-{project}');
  });

  it.each([
    [{ catalog: { schedule: { frequency: { minutes: 5 } } } }, 'Invalid configuration adp.catalog.schedule: '],
    [{ catalog: { schedule: { frequency: 'often', timeout: { minutes: 1 } } } }, 'Invalid configuration adp.catalog.schedule: '],
    [{ catalog: { schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 }, scope: 'everywhere' } } }, 'Invalid configuration adp.catalog.schedule: '],
    [{ naming: { 'github.contributors': 'team-{team}' } }, 'Invalid configuration adp.naming.github.contributors: unknown variable {team}'],
  ])('stops on a bad value, naming the key (%#)', (adp, message) => {
    expect(() => read({ adp })).toThrow(message);
  });
});
