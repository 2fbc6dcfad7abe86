import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogUserDirectory } from './CatalogUserDirectory';

const user = (name: string) => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name, namespace: 'default' } });
const group = (name: string) => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name, namespace: 'default' }, spec: { type: 'team', children: [] } });

describe('CatalogUserDirectory', () => {
  it('knows the catalog users, not groups, case-insensitively', async () => {
    const catalog = catalogServiceMock({ entities: [user('Tess'), user('paul'), group('ccoe-engineers')] });
    const directory = new CatalogUserDirectory(catalog, mockServices.auth(), mockServices.logger.mock());
    expect(directory.has('user:default/tess')).toBe(false);
    await directory.reload();
    expect(directory.size).toBe(2);
    expect(directory.has('user:default/tess')).toBe(true);
    expect(directory.has('group:default/ccoe-engineers')).toBe(false);
  });

  it('confirms a user it does not hold by asking the catalog, before and after its first load', async () => {
    let now = 0;
    const entities = [user('paul')];
    const named = (ref: string) => entities.find(e => `user:default/${e.metadata.name}`.toLocaleLowerCase('en-US') === ref);
    const catalog = catalogServiceMock.mock({
      async *streamEntities() {
        yield [...entities];
      },
      getEntityByRef: async ref => named(String(ref)),
    });
    const directory = new CatalogUserDirectory(catalog, mockServices.auth(), mockServices.logger.mock(), () => now);
    // Not loaded yet: a freshly started portal still decides from the catalog.
    await expect(directory.confirm('user:default/paul')).resolves.toBe(true);
    await expect(directory.confirm('group:default/ccoe-engineers')).resolves.toBe(false);
    await directory.reload();
    // Loaded before the catalog had ingested the newcomer: asked about, found.
    entities.push(user('Newcomer'));
    expect(directory.has('user:default/newcomer')).toBe(false);
    await expect(directory.confirm('user:default/newcomer')).resolves.toBe(true);
    expect(directory.has('user:default/newcomer')).toBe(true);
    // A miss stands for a few seconds, then the catalog is asked again.
    await expect(directory.confirm('user:default/latecomer')).resolves.toBe(false);
    entities.push(user('latecomer'));
    now = 5_000;
    await expect(directory.confirm('user:default/latecomer')).resolves.toBe(false);
    now = 10_000;
    await expect(directory.confirm('user:default/latecomer')).resolves.toBe(true);
  });

  it('shares one catalog question between concurrent callers, and denies while the catalog cannot answer', async () => {
    let available = false;
    const catalog = catalogServiceMock.mock({
      async getEntityByRef() {
        await new Promise(resolve => setTimeout(resolve, 10));
        if (!available) throw new Error('catalog is starting');
        return user('paul');
      },
    });
    const directory = new CatalogUserDirectory(catalog, mockServices.auth(), mockServices.logger.mock());
    await expect(Promise.all([directory.confirm('user:default/paul'), directory.confirm('user:default/paul')])).resolves.toEqual([false, false]);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    // A failure is not remembered: the next request asks again.
    available = true;
    await expect(directory.confirm('user:default/paul')).resolves.toBe(true);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });
});
