import { AdpChangeEvent, CatalogSource } from '@adp-portal/plugin-adp-common';
import { mockCredentials, mockServices, startTestBackend, TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import catalogBackend from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogSourceFixture } from './__fixtures__/catalogSource';
import { fakeAdpPlugin, personasModule } from './__fixtures__/testBackendFeatures';
import catalogModuleAdp from './index';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const stamp = catalogSourceFixture().albs[0];

describe.each(databases.eachSupportedId())('catalogModuleAdp on %s', (databaseId: TestDatabaseId) => {
  jest.setTimeout(120_000);

  async function start() {
    const state: { source: CatalogSource; publish?: (e: AdpChangeEvent) => Promise<void> } = {
      source: catalogSourceFixture(),
    };
    const knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        mockServices.database.factory({ knex }),
        // The real events service: the test default is a separate mock per plugin, which
        // would never carry the adp plugin's change events to the catalog module.
        eventsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            catalog: { processingInterval: { seconds: 1 } },
            events: { useEventBus: 'never' },
          },
        }),
        catalogBackend,
        catalogModuleAdp,
        personasModule,
        fakeAdpPlugin(state),
      ],
    });
    const publish = (changes: AdpChangeEvent['changes']) =>
      state.publish!({ revision: ++state.source.revision, changes, userRefs: [] });
    return { backend, state, publish };
  }

  async function getEntity(server: any, ref: string): Promise<Entity | undefined> {
    const [kind, rest] = ref.split(':');
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
      .set('Authorization', mockCredentials.user.header());
    return res.status === 200 ? (res.body as Entity) : undefined;
  }

  /** Polls the catalog until the entity satisfies the check (processing and stitching are asynchronous). */
  async function waitFor(server: any, ref: string, check: (e: Entity | undefined) => boolean): Promise<Entity | undefined> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const entity = await getEntity(server, ref);
      if (check(entity)) return entity;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${ref}: ${JSON.stringify(entity?.relations ?? entity)}`);
      await new Promise(r => setTimeout(r, 250));
    }
  }

  const relationsOf = (e: Entity | undefined, type: string) =>
    (e?.relations ?? []).filter(r => r.type === type).map(r => r.targetRef).sort();

  it('puts the delivery tree in the catalog with hierarchy, membership and ownership relations', async () => {
    const { backend } = await start();
    const { server } = backend;
    try {
      const project = await waitFor(server, 'group:default/fcp-acd', e =>
        relationsOf(e, 'ownerOf').length > 0 && relationsOf(e, 'hasTechnicalMember').length > 0 && relationsOf(e, 'childOf').length > 0,
      );
      expect(project!.spec).toMatchObject({ type: 'delivery-project', parent: 'group:programme/fcp' });
      expect(relationsOf(project, 'childOf')).toEqual(['group:programme/fcp']);
      expect(relationsOf(project, 'hasMember')).toEqual(['user:default/dee', 'user:default/nora', 'user:default/tess']);
      expect(relationsOf(project, 'hasTechnicalMember')).toEqual(['user:default/tess']);
      expect(relationsOf(project, 'hasTeamAdmin')).toEqual(['user:default/dee']);
      expect(relationsOf(project, 'ownerOf')).toEqual(['component:default/fcp-acd-frontend']);

      const programme = await waitFor(server, 'group:programme/fcp', e => relationsOf(e, 'parentOf').length > 0 && relationsOf(e, 'hasProgrammeAdmin').length > 0);
      expect(relationsOf(programme, 'parentOf')).toEqual(['group:default/fcp-acd']);
      expect(relationsOf(programme, 'childOf')).toEqual(['group:alb/rpa']);
      expect(relationsOf(programme, 'hasMember')).toEqual(['user:default/pat']);
      expect(relationsOf(programme, 'hasProgrammeAdmin')).toEqual(['user:default/pat']);

      const alb = await waitFor(server, 'group:alb/rpa', e => relationsOf(e, 'parentOf').length > 0);
      expect(alb!.spec!.type).toBe('arms-length-body');
      expect(relationsOf(alb, 'parentOf')).toEqual(['group:programme/fcp']);

      const tess = await waitFor(server, 'user:default/tess', e => relationsOf(e, 'technicalMemberOf').length > 0);
      expect(relationsOf(tess, 'memberOf')).toEqual(['group:default/fcp-acd']);
      expect(relationsOf(tess, 'technicalMemberOf')).toEqual(['group:default/fcp-acd']);
      const dee = await waitFor(server, 'user:default/dee', e => relationsOf(e, 'teamAdminOf').length > 0);
      expect(relationsOf(dee, 'technicalMemberOf')).toEqual([]);

      // The archived project of the fixture never enters the catalog.
      expect(await getEntity(server, 'group:default/fcp-old')).toBeUndefined();

      // The catalog's own filter answers "which projects is tess technical on" (what the project picker asks).
      const filtered = await request(server)
        .get('/api/catalog/entities/by-query')
        .query({ filter: 'kind=group,relations.hasTechnicalMember=user:default/tess' })
        .set('Authorization', mockCredentials.user.header());
      expect(filtered.body.items.map((e: Entity) => e.metadata.name)).toEqual(['fcp-acd']);
    } finally {
      await backend.stop();
    }
  });

  it('applies created, updated and archived projects and member changes from change events', async () => {
    const { backend, state, publish } = await start();
    const { server } = backend;
    try {
      await waitFor(server, 'group:default/fcp-acd', e => !!e);
      const ids = { albId: 'alb-1', programmeId: 'prog-1' };

      // Created
      const base = state.source.projects[0];
      state.source.projects.push({
        ...base,
        id: 'proj-3',
        name: 'fcp-new',
        title: 'New Service',
        alias: null,
        members: [{ ...base.members[1], id: 'm-9', projectId: 'proj-3', userRef: 'user:default/paul', technical: true, admin: true }],
      });
      await publish([{ kind: 'project', id: 'proj-3', ...ids, projectId: 'proj-3' }]);
      const created = await waitFor(server, 'group:default/fcp-new', e => relationsOf(e, 'hasTeamAdmin').length > 0 && relationsOf(e, 'childOf').length > 0);
      expect(created!.metadata.title).toBe('New Service');
      expect(relationsOf(created, 'hasTeamAdmin')).toEqual(['user:default/paul']);
      expect(relationsOf(created, 'childOf')).toEqual(['group:programme/fcp']);
      await waitFor(server, 'group:programme/fcp', e => relationsOf(e, 'parentOf').length === 2);

      // Updated: title, and nora becomes technical
      base.title = 'Annual Compliance Data (renamed)';
      base.members[2].technical = true;
      await publish([
        { kind: 'project', id: 'proj-1', ...ids, projectId: 'proj-1' },
        { kind: 'project-member', id: 'm-3', ...ids, projectId: 'proj-1' },
      ]);
      const updated = await waitFor(server, 'group:default/fcp-acd', e => relationsOf(e, 'hasTechnicalMember').length === 2);
      expect(updated!.metadata.title).toBe('Annual Compliance Data (renamed)');
      expect(relationsOf(updated, 'hasTechnicalMember')).toEqual(['user:default/nora', 'user:default/tess']);
      await waitFor(server, 'user:default/nora', e => relationsOf(e, 'technicalMemberOf').length === 1);

      // Archived
      state.source.projects[2].archivedAt = new Date().toISOString();
      await publish([{ kind: 'project', id: 'proj-3', ...ids, projectId: 'proj-3' }]);
      await waitFor(server, 'group:default/fcp-new', e => e === undefined);
      await waitFor(server, 'user:default/paul', e => relationsOf(e, 'teamAdminOf').length === 0 && !!e);

      // Programme archived: it and its projects leave, the ALB stays
      state.source.programmes[0].archivedAt = new Date().toISOString();
      await publish([{ kind: 'programme', id: 'prog-1', albId: 'alb-1', programmeId: 'prog-1', projectId: null }]);
      await waitFor(server, 'group:programme/fcp', e => e === undefined);
      await waitFor(server, 'group:default/fcp-acd', e => e === undefined);
      expect(await getEntity(server, 'group:alb/rpa')).toBeDefined();
      expect(stamp.id).toBe('alb-1');
    } finally {
      await backend.stop();
    }
  });

  it('registers the ADP catalog permission rules and applies them to stitched entities', async () => {
    const { backend } = await start();
    const { server } = backend;
    try {
      await waitFor(server, 'group:default/fcp-acd', e => relationsOf(e, 'hasTechnicalMember').length > 0);
      const metadata = await request(server).get('/api/catalog/.well-known/backstage/permissions/metadata');
      const names = metadata.body.rules.map((r: { name: string }) => r.name);
      expect(names).toEqual(expect.arrayContaining(['IS_TECHNICAL_MEMBER_OF_PROJECT', 'IS_TEAM_ADMIN_OF_PROJECT', 'IS_PROGRAMME_ADMIN']));

      const apply = (rule: string, claims: string[], resourceRef: string) =>
        request(server)
          .post('/api/catalog/.well-known/backstage/permissions/apply-conditions')
          .set('Authorization', mockCredentials.service.header({ onBehalfOf: mockCredentials.service('plugin:permission'), targetPluginId: 'catalog' }))
          .send({
            items: [{ id: '1', resourceType: 'catalog-entity', resourceRef, conditions: { rule, resourceType: 'catalog-entity', params: { claims } } }],
          });
      const tess = await apply('IS_TECHNICAL_MEMBER_OF_PROJECT', ['user:default/tess'], 'group:default/fcp-acd');
      expect(tess.body.items[0].result).toBe('ALLOW');
      const dee = await apply('IS_TECHNICAL_MEMBER_OF_PROJECT', ['user:default/dee'], 'group:default/fcp-acd');
      expect(dee.body.items[0].result).toBe('DENY');
      const pat = await apply('IS_PROGRAMME_ADMIN', ['user:default/pat'], 'group:programme/fcp');
      expect(pat.body.items[0].result).toBe('ALLOW');
    } finally {
      await backend.stop();
    }
  });
});
