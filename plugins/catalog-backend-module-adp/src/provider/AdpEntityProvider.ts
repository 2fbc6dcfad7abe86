import { AdpChangeEvent } from '@adp-portal/plugin-adp-common';
import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  AdpEntityBuilder,
  BuiltEntity,
  RecordKey,
} from '../entities/AdpEntityBuilder';
import { ADP_LOCATION_KEY, ADP_PROVIDER_NAME } from './constants';
import { affectedRecords } from './affectedRecords';
import {
  CatalogSourceFilter,
  CatalogSourceReader,
} from './CatalogSourceReader';
import { EntityIndex } from './EntityIndex';

/** Reads after a mutation before the rest is left to the next change or full refresh. */
const SETTLE_ROUNDS = 5;

const keyOf = (key: RecordKey) => `${key.level}:${key.id}`;

/** @public */
export interface AdpEntityProviderOptions {
  reader: CatalogSourceReader;
  builder: AdpEntityBuilder;
  logger: LoggerService;
  /** Runs the full refresh; without it the owner calls {@link AdpEntityProvider.refresh}. */
  taskRunner?: SchedulerServiceTaskRunner;
  /** Waits between attempts while the ADP API is not answering yet (ms, doubling up to 30 s). */
  retryDelayMs?: number;
  /** Entities per delta mutation of the first refresh of this process (default 1,000). */
  firstLoadBatchSize?: number;
}

/**
 * Puts ALBs, delivery programmes and delivery projects in the catalog as Group entities.
 * Every committed ADP write arrives as a change event and is applied at once as a delta
 * mutation of just the affected entities; a scheduled full mutation repairs any drift
 * (a missed event, another replica's change).
 *
 * @public
 */
export class AdpEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly index = new EntityIndex();
  /** Mutations run one at a time, so an older read can never overwrite a newer one. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Whether this process has applied a full mutation yet. */
  private loaded = false;

  constructor(private readonly options: AdpEntityProviderOptions) {}

  getProviderName(): string {
    return ADP_PROVIDER_NAME;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${ADP_PROVIDER_NAME}-entity-provider:refresh`,
      fn: async abortSignal => this.refreshWhenAvailable(abortSignal),
    });
  }

  /**
   * Replaces every entity of this provider with what the ADP store holds now (the
   * scheduled repair of a missed event or a drift).
   */
  refresh(): Promise<void> {
    return this.serialize(() => this.fullRefresh());
  }

  /** Applies one committed write: re-reads the affected records and emits or removes their entities. */
  applyChange(event: AdpChangeEvent): Promise<void> {
    const affected = affectedRecords(event);
    if (!affected || !this.connection) return Promise.resolve();
    return this.serialize(async () => {
      const connection = this.requireConnection();
      const built = this.options.builder.build(
        await this.options.reader.read(affected.filter),
      );
      const present = new Set(built.map(b => keyOf(b.key)));
      const gone = affected.changed.filter(k => !present.has(keyOf(k)));
      if (gone.some(k => !this.index.has(k))) {
        // A record that left is named only in the index, and this instance's index does not
        // hold it (another instance loaded or added it): only a full mutation removes it.
        this.options.logger.info(
          `ADP revision ${event.revision}: a removed record is unknown to this instance, applying a full mutation`,
        );
        await this.fullRefresh();
        return;
      }
      const removedRefs = this.index.remove(gone);
      this.index.upsert(built);
      await connection.applyMutation({
        type: 'delta',
        added: built.map(deferred),
        removed: removedRefs.map(removal),
      });
      await this.settle(affected.filter, built);
      this.options.logger.debug(
        `ADP revision ${event.revision}: emitted ${built.length}, removed ${removedRefs.length} entities`,
      );
    });
  }

  /**
   * The first refresh of a process may be the first load into an empty catalog, where
   * the catalog inserts every entity in one transaction: 10,000 teams take 3 s on SQLite
   * and over 25 s on PostgreSQL (docs/performance.md, Catalog). So a tree larger than one
   * batch goes in first as delta mutations of a batch each, and the full mutation after
   * them only removes what is stale. On a catalog that already holds the tree, those
   * deltas find every entity unchanged and write nothing.
   */
  private async fullRefresh(): Promise<void> {
    const connection = this.requireConnection();
    const started = Date.now();
    const built = this.options.builder.build(await this.options.reader.read());
    const batchSize = this.options.firstLoadBatchSize ?? 1000;
    let batches = 0;
    if (!this.loaded && built.length > batchSize) {
      for (let i = 0; i < built.length; i += batchSize, batches++) {
        await connection.applyMutation({
          type: 'delta',
          added: built.slice(i, i + batchSize).map(deferred),
          removed: [],
        });
      }
    }
    await connection.applyMutation({
      type: 'full',
      entities: built.map(deferred),
    });
    this.loaded = true;
    this.index.replaceAll(built);
    await this.settle(undefined, built);
    this.options.logger.info(
      `Applied full mutation of ${built.length} ADP entities${
        batches ? `, after ${batches} delta mutations of the first load,` : ''
      } in ${Date.now() - started} ms`,
    );
  }

  /**
   * Every instance applies mutations of this one provider, each from its own read, and the
   * catalog keeps the last one applied: a read made before another instance's change can
   * land after that instance's mutation and revert it. So after each mutation the same
   * records are read again and any difference applied, until a read made after the last
   * mutation agrees with it. A later change's own mutation follows its own read, so what
   * the catalog ends with is never older than the store.
   */
  private async settle(
    filter: CatalogSourceFilter | undefined,
    applied: BuiltEntity[],
  ): Promise<void> {
    const connection = this.requireConnection();
    let last = applied;
    for (let round = 0; round < SETTLE_ROUNDS; round++) {
      const now = this.options.builder.build(
        await this.options.reader.read(filter),
      );
      const { changed, gone } = difference(last, now);
      if (changed.length === 0 && gone.length === 0) return;
      this.index.remove(gone.map(b => b.key));
      this.index.upsert(changed);
      await connection.applyMutation({
        type: 'delta',
        added: changed.map(deferred),
        removed: gone.map(b => removal(b.entityRef)),
      });
      last = now;
    }
    this.options.logger.warn(
      `ADP records kept changing for ${SETTLE_ROUNDS} reads while the catalog was updated; the next change or full refresh completes it`,
    );
  }

  /** At startup the ADP plugin may not serve yet: keep trying until it does or the task is aborted. */
  private async refreshWhenAvailable(abortSignal: AbortSignal): Promise<void> {
    let delay = this.options.retryDelayMs ?? 1000;
    for (;;) {
      try {
        await this.refresh();
        return;
      } catch (error) {
        if (abortSignal.aborted) throw error;
        this.options.logger.warn(
          `ADP catalog refresh failed, retrying in ${delay} ms: ${error}`,
        );
        await sleep(delay, abortSignal);
        if (abortSignal.aborted) throw error;
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private requireConnection(): EntityProviderConnection {
    if (!this.connection)
      throw new Error('AdpEntityProvider is not connected to the catalog yet');
    return this.connection;
  }
}

function deferred(built: BuiltEntity): DeferredEntity {
  return { entity: built.entity, locationKey: ADP_LOCATION_KEY };
}

function removal(entityRef: string) {
  return { entityRef, locationKey: ADP_LOCATION_KEY };
}

/** What a newer read holds that an older one did not: new or changed entities, and those gone. */
function difference(before: BuiltEntity[], after: BuiltEntity[]) {
  const old = new Map(before.map(b => [b.entityRef, JSON.stringify(b.entity)]));
  const changed = after.filter(
    b => old.get(b.entityRef) !== JSON.stringify(b.entity),
  );
  const present = new Set(after.map(b => b.entityRef));
  const gone = before.filter(b => !present.has(b.entityRef));
  return { changed, gone };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
