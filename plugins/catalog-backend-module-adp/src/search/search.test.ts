import { AdpChangeEvent, CatalogSource } from '@adp-portal/plugin-adp-common';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import searchBackend from '@backstage/plugin-search-backend';
import searchModuleCatalogCollator from '@backstage/plugin-search-backend-module-catalog';
import searchModulePg from '@backstage/plugin-search-backend-module-pg';
import { Knex } from 'knex';
import request from 'supertest';
import { catalogSourceFixture } from '../__fixtures__/catalogSource';
import {
  fakeAdpPlugin,
  personasModule,
} from '../__fixtures__/testBackendFeatures';
import catalogModuleAdp, { searchModuleAdpCatalogCollator } from '../index';

/**
 * Who may read which catalog entities in this test: Paul reads everything; Nora reads
 * only Users (a conditional decision, so the search backend checks each result against
 * the catalog); anyone else reads nothing. The portal's own policy lets every known
 * user read the catalog; this one is stricter so that filtering can be seen.
 */
const testPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(query, user): Promise<PolicyDecision> {
            const ref = user?.info.userEntityRef;
            if (ref === 'user:default/paul')
              return { result: AuthorizeResult.ALLOW };
            if (
              ref === 'user:default/nora' &&
              query.permission.name === 'catalog.entity.read'
            ) {
              return {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: {
                  rule: 'IS_ENTITY_KIND',
                  resourceType: 'catalog-entity',
                  params: { kinds: ['User'] },
                },
              };
            }
            if (ref === 'user:default/nora')
              return { result: AuthorizeResult.ALLOW };
            return { result: AuthorizeResult.DENY };
          },
        });
      },
    });
  },
});

/**
 * The mock auth service, except that a plugin calling another on behalf of a user passes
 * the user with the calling plugin as actor, as the real service's tokens do. The
 * permission backend refuses a user's resource check that no plugin makes.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  async factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(auth), {
      async getPluginRequestToken(
        options: Parameters<typeof auth.getPluginRequestToken>[0],
      ) {
        if (auth.isPrincipal(options.onBehalfOf, 'user')) {
          const actor = { subject: `plugin:${plugin.getId()}` };
          const { userEntityRef } = options.onBehalfOf.principal;
          return {
            token: mockCredentials.user.token(userEntityRef, { actor }),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    }) as typeof auth;
  },
});

/** Hands the test the search plugin's scheduler. */
function searchSchedulerModule(holder: { current?: SchedulerService }) {
  return createBackendModule({
    pluginId: 'search',
    moduleId: 'test-scheduler',
    register(reg) {
      reg.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          holder.current = scheduler;
        },
      });
    },
  });
}

const CATALOG_INDEX_TASK = 'search_index_software_catalog';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'search over ADP groups on %s',
  (databaseId: TestDatabaseId) => {
    jest.setTimeout(120_000);

    async function start() {
      const state: {
        source: CatalogSource;
        publish?: (e: AdpChangeEvent) => Promise<void>;
      } = {
        source: catalogSourceFixture(),
      };
      // A database per plugin, as in the portal: the catalog and search each run their migrations.
      const knexByPlugin = new Map<string, Knex>();
      const databaseFactory = createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        async factory({ plugin }) {
          const knex = await databases.init(databaseId);
          knexByPlugin.set(plugin.getId(), knex);
          return { getClient: async () => knex };
        },
      });
      // The test's scheduler runs a task with an initial delay (the index) only when
      // triggered: here, once the ADP groups are in the catalog.
      const searchScheduler: { current?: SchedulerService } = {};
      const backend = await startTestBackend({
        features: [
          databaseFactory,
          authWithActors,
          // The real permissions client (the test default allows everything), so search asks the policy.
          permissionsServiceFactory,
          searchSchedulerModule(searchScheduler),
          eventsServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              catalog: { processingInterval: { seconds: 1 } },
              events: { useEventBus: 'never' },
              permission: { enabled: true },
            },
          }),
          catalogBackend,
          catalogModuleAdp,
          personasModule,
          fakeAdpPlugin(state),
          permissionBackend,
          testPolicyModule,
          searchBackend,
          // Takes over from Lunr on PostgreSQL only, as in the portal's backend.
          searchModulePg,
          searchModuleCatalogCollator,
          searchModuleAdpCatalogCollator,
        ],
      });
      for (const path of [
        'group/alb/rpa',
        'group/programme/fcp',
        'group/default/fcp-acd',
        'user/default/nora',
      ]) {
        await waitForCatalog(backend.server, path);
      }
      await searchScheduler.current!.triggerTask(CATALOG_INDEX_TASK);
      return { backend, searchDatabase: knexByPlugin.get('search')! };
    }

    async function waitForCatalog(server: any, path: string) {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/${path}`)
          .set('Authorization', mockCredentials.service.header());
        if (res.status === 200) return;
        await new Promise(r => setTimeout(r, 250));
      }
      throw new Error(`${path} never reached the catalog`);
    }

    async function search(server: any, term: string, userRef: string) {
      const res = await request(server)
        .get('/api/search/query')
        .query({ term, types: ['software-catalog'] })
        .set('Authorization', mockCredentials.user.header(userRef));
      if (res.status !== 200)
        throw new Error(
          `search ${term} as ${userRef}: ${res.status} ${JSON.stringify(
            res.body,
          )}`,
        );
      return (
        res.body.results as Array<{
          document: { title: string; text: string; location: string };
        }>
      ).map(r => r.document);
    }
    const locations = (docs: Array<{ location: string }>) =>
      docs.map(d => d.location).sort();

    it('finds a project by alias, programme code, service code and title, and a programme and an ALB by title', async () => {
      const { backend, searchDatabase } = await start();
      const { server } = backend;
      const paul = 'user:default/paul';
      try {
        // Lunr also matches fuzzily (an edit distance of 2: "fcp" for "ffc"), so the
        // project is the best match rather than the only one.
        const byAlias = await search(server, 'ffc-acd', paul);
        expect(byAlias[0].location).toBe('/catalog/default/group/fcp-acd');
        expect(byAlias[0]).toMatchObject({
          title: 'Annual Compliance Data',
          text: 'Compliance data service : Annual Compliance Data : Alias ffc-acd : Programme code FCP : Service code ACD',
        });

        expect(locations(await search(server, 'FCP', paul))).toEqual(
          expect.arrayContaining([
            '/catalog/default/group/fcp-acd',
            '/catalog/programme/group/fcp',
          ]),
        );
        expect(locations(await search(server, 'ACD', paul))).toContain(
          '/catalog/default/group/fcp-acd',
        );
        expect(
          locations(await search(server, 'Annual Compliance', paul)),
        ).toContain('/catalog/default/group/fcp-acd');
        expect(locations(await search(server, 'Countryside', paul))).toContain(
          '/catalog/programme/group/fcp',
        );
        expect(
          locations(await search(server, 'Rural Payments', paul)),
        ).toContain('/catalog/alb/group/rpa');
        // The archived project never reaches the catalog, so not the index either.
        expect(locations(await search(server, 'fcp-old', paul))).not.toContain(
          '/catalog/default/group/fcp-old',
        );

        // The engine follows the database: PostgreSQL keeps the documents in its own table.
        const pgTable = await searchDatabase.schema.hasTable('documents');
        expect(pgTable).toBe(databaseId === 'POSTGRES_15');
      } finally {
        await backend.stop();
      }
    });

    it('shows each person only the entities the permission policy lets them read', async () => {
      const { backend } = await start();
      const { server } = backend;
      try {
        const forPaul = locations(
          await search(server, 'ffc-acd', 'user:default/paul'),
        );
        expect(forPaul).toContain('/catalog/default/group/fcp-acd');
        // Nora may read Users only: groups and components are filtered out result by result.
        const forNora = locations(
          await search(server, 'ffc-acd', 'user:default/nora'),
        );
        expect(
          forNora.filter(l => !l.startsWith('/catalog/default/user/')),
        ).toEqual([]);
        expect(
          locations(await search(server, 'nora', 'user:default/nora')),
        ).toContain('/catalog/default/user/nora');
        // No read permission at all: nothing.
        expect(await search(server, 'ffc-acd', 'user:default/mallory')).toEqual(
          [],
        );
      } finally {
        await backend.stop();
      }
    });
  },
);
