import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogUserDirectory } from './CatalogUserDirectory';

const user = (name: string) => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name, namespace: 'default' } });
const group = (name: string) => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name, namespace: 'default' }, spec: { type: 'team', children: [] } });

describe('CatalogUserDirectory', () => {
  it('knows the catalog users, not groups, case-insensitively', async () => {
    const catalog = catalogServiceMock({ entities: [user('Tess'), user('paul'), group('ccoe-engineers')] });
    const directory = new CatalogUserDirectory(catalog, mockServices.auth(), mockServices.logger.mock());
    expect(directory.has('user:default/tess')).toBeUndefined();
    await directory.reload();
    expect(directory.size).toBe(2);
    expect(directory.has('user:default/tess')).toBe(true);
    expect(directory.has('group:default/ccoe-engineers')).toBe(false);
  });

  it('reloads, throttled, when it meets an unknown user', async () => {
    let now = 0;
    const entities = [user('paul')];
    const catalog = catalogServiceMock.mock({
      async *streamEntities() {
        yield [...entities];
      },
    });
    const directory = new CatalogUserDirectory(catalog, mockServices.auth(), mockServices.logger.mock(), () => now);
    await directory.reload();
    entities.push(user('newcomer'));
    now = 5_000;
    expect(directory.has('user:default/newcomer')).toBe(false); // too soon after the last load
    now = 10_000;
    expect(directory.has('user:default/newcomer')).toBe(false); // starts a reload
    await directory.reload(); // joins the reload in flight
    expect(directory.has('user:default/newcomer')).toBe(true);
    expect(catalog.streamEntities).toHaveBeenCalledTimes(2);
  });
});
