import { ADP_CHANGES_TOPIC, AdpChangeEvent, CatalogSource } from '@adp-portal/plugin-adp-common';
import { coreServices, createBackendModule, createBackendPlugin } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import express from 'express';

/**
 * Stands in for the ADP store next to the real catalog backend: a small
 * `adp` plugin serving `GET /internal/catalog-source` from a fixture and publishing
 * `adp.changes` like the ADP backend does after a committed write.
 */
export function fakeAdpPlugin(state: { source: CatalogSource; publish?: (e: AdpChangeEvent) => Promise<void> }) {
  return createBackendPlugin({
    pluginId: 'adp',
    register(reg) {
      reg.registerInit({
        deps: { router: coreServices.httpRouter, httpAuth: coreServices.httpAuth, events: eventsServiceRef },
        async init({ router, httpAuth, events }) {
          const app = express.Router();
          app.get('/internal/catalog-source', async (req, res) => {
            await httpAuth.credentials(req, { allow: ['service'] });
            const ids = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string).split(',') : undefined);
            const pick = <T extends { id: string }>(items: T[], wanted?: string[]) =>
              wanted ? items.filter(i => wanted.includes(i.id)) : items;
            res.json({
              revision: state.source.revision,
              albs: pick(state.source.albs, ids('albIds')),
              programmes: pick(state.source.programmes, ids('programmeIds')),
              projects: pick(state.source.projects, ids('projectIds')),
            });
          });
          router.use(app);
          state.publish = eventPayload => events.publish({ topic: ADP_CHANGES_TOPIC, eventPayload });
        },
      });
    },
  });
}

/** Catalog Users of the personas and a component owned by the fcp-acd project. */
export const personasModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-personas',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        const location = 'url:https://example.test/org.yaml';
        const user = (name: string): Entity => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name, annotations: { 'backstage.io/managed-by-location': location, 'backstage.io/managed-by-origin-location': location } },
          spec: { memberOf: [] },
        });
        const component: Entity = {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'fcp-acd-frontend', annotations: { 'backstage.io/managed-by-location': location, 'backstage.io/managed-by-origin-location': location } },
          spec: { type: 'service', lifecycle: 'production', owner: 'group:default/fcp-acd' },
        };
        catalog.addEntityProvider({
          getProviderName: () => 'test-personas',
          connect: async connection =>
            connection.applyMutation({
              type: 'full',
              entities: [...['dee', 'tess', 'nora', 'pat', 'paul'].map(user), component].map(entity => ({ entity })),
            }),
        });
      },
    });
  },
});
