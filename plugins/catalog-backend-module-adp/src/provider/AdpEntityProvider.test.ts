import { CatalogSource, resolveNamingTemplates } from '@adp-portal/plugin-adp-common';
import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection, EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { catalogSourceFixture } from '../__fixtures__/catalogSource';
import { AdpEntityBuilder } from '../entities/AdpEntityBuilder';
import { AdpEntityProvider, AdpEntityProviderOptions } from './AdpEntityProvider';
import { CatalogSourceFilter, CatalogSourceReader } from './CatalogSourceReader';

/** Serves a mutable CatalogSource with the endpoint's filter semantics (unlisted kinds: all). */
class FixtureReader implements CatalogSourceReader {
  source: CatalogSource = catalogSourceFixture();
  readonly filters: Array<CatalogSourceFilter | undefined> = [];
  failures = 0;
  /** Delay of the next full (unfiltered) read, to let a later delta overtake it if it could. */
  slowFullReadMs = 0;

  async read(filter?: CatalogSourceFilter): Promise<CatalogSource> {
    this.filters.push(filter);
    if (!filter && this.slowFullReadMs) {
      await new Promise(resolve => setTimeout(resolve, this.slowFullReadMs));
    }
    if (this.failures > 0) {
      this.failures--;
      throw new Error('connect ECONNREFUSED');
    }
    const pick = <T extends { id: string }>(items: T[], ids?: string[]) =>
      ids && ids.length ? items.filter(i => ids.includes(i.id)) : items;
    return structuredClone({
      revision: this.source.revision,
      albs: pick(this.source.albs, filter?.albIds),
      programmes: pick(this.source.programmes, filter?.programmeIds),
      projects: pick(this.source.projects, filter?.projectIds),
    });
  }
}

class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
  }
  async refresh() {}
  last() {
    return this.mutations[this.mutations.length - 1];
  }
}


/** The catalog's view of one provider's entities, as several instances' mutations leave it. */
class CatalogState implements EntityProviderConnection {
  readonly entities = new Map<string, string>();
  async applyMutation(mutation: EntityProviderMutation) {
    if (mutation.type === 'full') this.entities.clear();
    const added = mutation.type === 'full' ? mutation.entities : mutation.added;
    for (const { entity } of added) {
      this.entities.set(`${entity.metadata.namespace}/${entity.metadata.name}`, entity.spec?.profile ? (entity.spec.profile as any).displayName : '');
    }
    if (mutation.type === 'delta') {
      for (const r of mutation.removed) {
        if ('entityRef' in r) this.entities.delete(r.entityRef.replace(/^group:/, ''));
      }
    }
  }
  async refresh() {}
}

/** A reader whose held read takes its snapshot when asked and answers only when released. */
class HeldReader implements CatalogSourceReader {
  private hold?: { taken: () => void; gate: Promise<void> };
  constructor(private readonly store: FixtureReader) {}

  /** Holds the next read: `taken` resolves once it has read the store, `release` lets it answer. */
  holdNextRead() {
    let taken!: () => void;
    let release!: () => void;
    const read = new Promise<void>(resolve => (taken = resolve));
    const gate = new Promise<void>(resolve => (release = resolve));
    this.hold = { taken, gate };
    return { taken: read, release };
  }

  async read(filter?: CatalogSourceFilter): Promise<CatalogSource> {
    const snapshot = await this.store.read(filter);
    const hold = this.hold;
    this.hold = undefined;
    if (hold) {
      hold.taken();
      await hold.gate;
    }
    return snapshot;
  }
}

function setup(options: Partial<AdpEntityProviderOptions> = {}) {
  const reader = new FixtureReader();
  const connection = new RecordingConnection();
  const provider = new AdpEntityProvider({
    reader,
    builder: new AdpEntityBuilder({ apiBaseUrl: 'http://adp/api/adp', naming: resolveNamingTemplates() }),
    logger: mockServices.logger.mock(),
    retryDelayMs: 1,
    ...options,
  });
  return { reader, connection, provider };
}

const change = (kind: any, id: string, ids: { albId?: string; programmeId?: string; projectId?: string } = {}) => ({
  kind,
  id,
  albId: ids.albId ?? null,
  programmeId: ids.programmeId ?? null,
  projectId: ids.projectId ?? null,
});

describe('AdpEntityProvider', () => {
  it('applies a full mutation of every active record with its location key', async () => {
    const { connection, provider } = setup();
    await provider.connect(connection);
    await provider.refresh();
    const mutation = connection.last();
    expect(mutation.type).toBe('full');
    const entities = mutation.type === 'full' ? mutation.entities : [];
    expect(entities.map(e => `${e.entity.metadata.namespace}/${e.entity.metadata.name}`)).toEqual([
      'alb/rpa',
      'programme/fcp',
      'default/fcp-acd',
    ]);
    expect(entities.every(e => e.locationKey === 'adp-entity-provider')).toBe(true);
  });

  it('loads a tree larger than one batch as delta batches first, then reconciles with a full mutation once', async () => {
    const { connection, provider } = setup({ firstLoadBatchSize: 2 });
    await provider.connect(connection);
    await provider.refresh();
    const names = (m: EntityProviderMutation) =>
      (m.type === 'delta' ? m.added : m.entities).map(e => e.entity.metadata.name);
    expect(connection.mutations.map(m => m.type)).toEqual(['delta', 'delta', 'full']);
    expect(connection.mutations.map(names)).toEqual([['rpa', 'fcp'], ['fcp-acd'], ['rpa', 'fcp', 'fcp-acd']]);
    expect(connection.mutations.every(m => m.type === 'full' || m.removed.length === 0)).toBe(true);

    // Later refreshes of the same process: the full mutation alone.
    await provider.refresh();
    expect(connection.mutations.map(m => m.type)).toEqual(['delta', 'delta', 'full', 'full']);
  });

  it('applies a member change as a delta of the project, reading only it and its ancestors', async () => {
    const { reader, connection, provider } = setup();
    await provider.connect(connection);
    await provider.refresh();
    reader.source.projects[0].members[2].technical = true;
    await provider.applyChange({
      revision: 8,
      changes: [change('project-member', 'm-3', { albId: 'alb-1', programmeId: 'prog-1', projectId: 'proj-1' })],
      userRefs: ['user:default/nora'],
    });
    expect(reader.filters.at(-1)).toEqual({ albIds: ['alb-1'], programmeIds: ['prog-1'], projectIds: ['proj-1'] });
    const mutation = connection.last();
    if (mutation.type !== 'delta') throw new Error('expected a delta');
    const project = mutation.added.find(e => e.entity.metadata.name === 'fcp-acd')!;
    expect(project.entity.metadata.annotations!['adp.io/technical-members']).toBe('user:default/nora,user:default/tess');
    expect(mutation.removed).toEqual([]);
  });

  it('removes an archived project and keeps its programme', async () => {
    const { reader, connection, provider } = setup();
    await provider.connect(connection);
    await provider.refresh();
    reader.source.projects[0].archivedAt = '2026-05-01T00:00:00.000Z';
    await provider.applyChange({
      revision: 9,
      changes: [change('project', 'proj-1', { albId: 'alb-1', programmeId: 'prog-1', projectId: 'proj-1' })],
      userRefs: [],
    });
    const mutation = connection.last();
    if (mutation.type !== 'delta') throw new Error('expected a delta');
    expect(mutation.removed).toEqual([{ entityRef: 'group:default/fcp-acd', locationKey: 'adp-entity-provider' }]);
    expect(mutation.added.map(e => e.entity.metadata.name)).toEqual(['rpa', 'fcp']);
  });

  it('removes an archived programme together with its projects, even when the store no longer returns it', async () => {
    const { reader, connection, provider } = setup();
    await provider.connect(connection);
    await provider.refresh();
    reader.source.programmes = [];
    reader.source.projects = [];
    await provider.applyChange({
      revision: 10,
      changes: [change('programme', 'prog-1', { albId: 'alb-1', programmeId: 'prog-1' })],
      userRefs: [],
    });
    const mutation = connection.last();
    if (mutation.type !== 'delta') throw new Error('expected a delta');
    expect(mutation.removed.map(r => ('entityRef' in r ? r.entityRef : '')).sort()).toEqual([
      'group:default/fcp-acd',
      'group:programme/fcp',
    ]);
  });

  it('ignores changes that touch no Group entity', async () => {
    const { reader, connection, provider } = setup();
    await provider.connect(connection);
    await provider.refresh();
    const reads = reader.filters.length;
    await provider.applyChange({ revision: 11, changes: [change('platform-role', 'r-1')], userRefs: ['user:default/ada'] });
    expect(reader.filters.length).toBe(reads);
    expect(connection.mutations).toHaveLength(1);
  });

  it('applies mutations in the order the changes arrived', async () => {
    const { reader, connection, provider } = setup();
    await provider.connect(connection);
    reader.slowFullReadMs = 50;
    const full = provider.refresh();
    reader.source.projects[0].title = 'Renamed';
    const delta = provider.applyChange({
      revision: 12,
      changes: [change('project', 'proj-1', { albId: 'alb-1', programmeId: 'prog-1', projectId: 'proj-1' })],
      userRefs: [],
    });
    await Promise.all([full, delta]);
    // The full read started before the rename: applied after the delta, it would revert it.
    expect(connection.mutations.map(m => m.type)).toEqual(['full', 'delta']);
  });

  it('keeps retrying the startup refresh until the ADP API answers', async () => {
    let task: Promise<void> | undefined;
    const { reader, connection, provider } = setup({
      taskRunner: {
        run: async ({ fn }) => {
          task = Promise.resolve(fn(new AbortController().signal));
        },
      },
    });
    reader.failures = 2;
    await provider.connect(connection);
    await task;
    // Two failed reads, the read that succeeded, and the read after the mutation that confirms it.
    expect(reader.filters).toHaveLength(4);
    expect(connection.last().type).toBe('full');
  });

  describe('with several instances applying mutations to one catalog', () => {
    const builder = () => new AdpEntityBuilder({ apiBaseUrl: 'http://adp/api/adp', naming: resolveNamingTemplates() });
    const instance = (reader: CatalogSourceReader) =>
      new AdpEntityProvider({ reader, builder: builder(), logger: mockServices.logger.mock(), retryDelayMs: 1 });
    const rename = (id: string) => ({
      revision: 0,
      changes: [change('project', id, { albId: 'alb-1', programmeId: 'prog-1', projectId: id })],
      userRefs: [],
    });

    it('does not let a read made before another instance\'s change revert it', async () => {
      const store = new FixtureReader();
      const catalog = new CatalogState();
      const slowReader = new HeldReader(store);
      const first = instance(slowReader);
      const second = instance(store);
      await first.connect(catalog);
      await second.connect(catalog);
      await first.refresh();

      // Instance one reads the first rename, and is slow to apply it.
      store.source.projects[0].title = 'First title';
      const held = slowReader.holdNextRead();
      const stale = first.applyChange(rename('proj-1'));
      await held.taken;
      // Meanwhile the second rename commits and instance two applies it.
      store.source.projects[0].title = 'Second title';
      await second.applyChange(rename('proj-1'));
      expect(catalog.entities.get('default/fcp-acd')).toBe('Second title');

      held.release();
      await stale;
      expect(catalog.entities.get('default/fcp-acd')).toBe('Second title');
    });

    it('gives the same end state in whichever order two instances apply one record\'s changes', async () => {
      for (const slowFirst of [true, false]) {
        const store = new FixtureReader();
        const catalog = new CatalogState();
        const a = new HeldReader(store);
        const b = new HeldReader(store);
        const one = instance(a);
        const two = instance(b);
        await one.connect(catalog);
        await two.connect(catalog);
        await one.refresh();
        store.source.projects[0].title = 'Old';
        const heldA = a.holdNextRead();
        const pendingA = one.applyChange(rename('proj-1'));
        await heldA.taken;
        store.source.projects[0].title = 'New';
        const heldB = b.holdNextRead();
        const pendingB = two.applyChange(rename('proj-1'));
        await heldB.taken;
        // Let the reads answer in either order.
        if (slowFirst) {
          heldB.release();
          await pendingB;
          heldA.release();
          await pendingA;
        } else {
          heldA.release();
          await pendingA;
          heldB.release();
          await pendingB;
        }
        expect(catalog.entities.get('default/fcp-acd')).toBe('New');
      }
    });

    it('removes a record archived on an instance that has not loaded it, with a full mutation', async () => {
      const store = new FixtureReader();
      const catalog = new CatalogState();
      const loader = instance(store);
      const other = instance(store);
      await loader.connect(catalog);
      await other.connect(catalog);
      await loader.refresh();
      expect(catalog.entities.has('default/fcp-acd')).toBe(true);

      store.source.projects[0].archivedAt = '2026-05-01T00:00:00.000Z';
      await other.applyChange(rename('proj-1'));
      expect(catalog.entities.has('default/fcp-acd')).toBe(false);
      expect([...catalog.entities.keys()]).toEqual(['alb/rpa', 'programme/fcp']);
    });
  });
});
