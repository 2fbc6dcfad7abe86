/*
 * Catalog benchmark: a full mutation of the ADP Group entities for 10,000 delivery projects
 * with 100,000 project memberships (plus 200 programmes with 2 admins each and 10 ALBs),
 * applied to the real catalog backend. Run from the repository root:
 *
 *   yarn tsx bench/catalog.ts
 *
 *   BENCH_PROJECTS=2000       fewer projects (10 members each)
 *   BENCH_DATABASES=sqlite,postgres   PostgreSQL too (SQLite in memory only by default: with
 *                             the wait for processing, each database takes 5–8 minutes here)
 *   BENCH_PG=postgresql://postgres@127.0.0.1:5432   server; a database adp_bench_catalog_<random>
 *                             is created on it and dropped at the end
 *   BENCH_WAIT_S=480          longest wait for processing and stitching, per database
 *   BENCH_TRACE=1             print the SQL statements run during each mutation, with count and time
 *
 * What is measured, per database, through the module's own AdpEntityProvider.refresh (its
 * reader serves the catalog source from memory: the HTTP call to the adp plugin is not part of it):
 *   1. The first load into an empty catalog: AdpEntityBuilder.build, then the provider's
 *      first-load delta batches and its full mutation (EntityProviderConnection.applyMutation).
 *      Target: build + apply of the full mutation <= 2 s.
 *   2. How long until every entity is readable through GET /api/catalog/entities/by-query
 *      (processing and stitching run asynchronously after the apply), and a spot check of a
 *      project's relations (hasMember, hasTechnicalMember, hasTeamAdmin, childOf).
 *   3. The same full mutation again with nothing changed (the scheduled refresh in the steady
 *      state), and with 1% of the projects' teams changed.
 *
 * The catalog is @backstage/plugin-catalog-backend with the real events service, started with
 * startTestBackend on 127.0.0.1 (as plugins/catalog-backend-module-adp/src/module.test.ts does);
 * a small provider registered under the ADP provider's name hands its connection to an
 * AdpEntityProvider, and the module's AdpMembershipProcessor turns the membership annotations
 * into relations. There are no
 * User entities: the membership relations point at users the catalog does not hold.
 */
import {
  CatalogSource,
  resolveNamingTemplates,
} from '@adp-portal/plugin-adp-common';
import {
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  catalogProcessingExtensionPoint,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { AdpEntityBuilder } from '../plugins/catalog-backend-module-adp/src/entities/AdpEntityBuilder';
import { ADP_PROVIDER_NAME } from '../plugins/catalog-backend-module-adp/src/provider/constants';
import { AdpEntityProvider } from '../plugins/catalog-backend-module-adp/src/provider/AdpEntityProvider';
import { AdpMembershipProcessor } from '../plugins/catalog-backend-module-adp/src/processor/AdpMembershipProcessor';
import {
  ALBS,
  MEMBERS_PER_PROJECT,
  PROGRAMMES,
  PROJECTS,
  TITLE_WORDS,
  USERS,
  code,
  userRef,
} from './lib/deliveryDataSet';
import { startOnLoopback } from './lib/loopbackBackend';
import { silentLogger } from './lib/portalHarness';

const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite')
  .split(',')
  .map(s => s.trim());
const PG = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const WAIT_MS = Number(process.env.BENCH_WAIT_S ?? 480) * 1000;
const TARGET_MS = 2000;
const TRACE = !!process.env.BENCH_TRACE;

/** Drops the PostgreSQL database of the run in progress (also on the time limit). */
let dropDatabase: (() => Promise<void>) | undefined;

/** The catalog source the adp plugin would serve: same shape and sizes as bench/delivery.ts. */
function generateSource(revision: number): CatalogSource {
  const stamp = {
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'user:default/seed',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'user:default/seed',
  };
  const albs = Array.from({ length: ALBS }, (_, a) => ({
    ...stamp,
    id: `alb-${a}`,
    name: `alb-${a}`,
    title: `Arms Length Body ${a}`,
    alias: null,
    description: 'Bench ALB',
    url: a % 2 ? `https://alb-${a}.example.test` : null,
  }));
  const programmes = Array.from({ length: PROGRAMMES }, (_, p) => ({
    ...stamp,
    id: `prog-${p}`,
    albId: `alb-${p % ALBS}`,
    name: `prog-${code(p).toLowerCase()}`,
    title: `Programme ${code(p)}`,
    code: code(p),
    alias: null,
    description: 'Bench programme',
    url: null,
    archivedAt: null,
    admins: [0, 1].map(k => ({
      id: `pa-${p}-${k}`,
      programmeId: `prog-${p}`,
      userRef: userRef(((p * 2 + k) * 37) % USERS),
      createdAt: stamp.createdAt,
      createdBy: stamp.createdBy,
    })),
  }));
  const projects = Array.from({ length: PROJECTS }, (_, i) => {
    const p = i % PROGRAMMES;
    return {
      ...stamp,
      id: `proj-${i}`,
      programmeId: `prog-${p}`,
      name: `${code(p).toLowerCase()}-svc-${i}`,
      title: `${TITLE_WORDS[i % TITLE_WORDS.length]} Service ${i}`,
      alias: i % 2 === 0 ? `ffc-svc-${i}` : null,
      description: `Bench project ${i}`,
      adoProject: 'DEFRA-ADP',
      githubTeamVisibility: (i % 3 ? 'public' : 'private') as
        | 'public'
        | 'private',
      teamType: 'delivery' as const,
      serviceCode: null,
      costCentre: null,
      serviceOwner: i % 4 ? null : 'owner@defra.gov.uk',
      archivedAt: null,
      // Every user is on 10 teams: project i has users (10i + k) mod USERS; k = 0 and 5 admins, k < 4 technical.
      members: Array.from({ length: MEMBERS_PER_PROJECT }, (_, k) => ({
        ...stamp,
        id: `m-${i}-${k}`,
        projectId: `proj-${i}`,
        userRef: userRef((i * MEMBERS_PER_PROJECT + k) % USERS),
        technical: k < 4,
        admin: k === 0 || k === 5,
      })),
    };
  });
  return { revision, albs, programmes, projects };
}

/** 1% of the projects change team: member 9 is replaced by another user, member 8 becomes technical. */
function changeTeams(source: CatalogSource): number {
  const changed = Math.max(1, Math.round(PROJECTS / 100));
  for (let c = 0; c < changed; c++) {
    const project = source.projects[(c * 97) % source.projects.length];
    project.members[9] = {
      ...project.members[9],
      userRef: userRef((c * 7919 + 3) % USERS),
    };
    project.members[8] = { ...project.members[8], technical: true };
  }
  source.revision++;
  return changed;
}

/** A provider under the ADP provider's name that hands its connection to the bench, and the ADP processor. */
function benchModule(
  connected: (connection: EntityProviderConnection) => void,
) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'adp-bench',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => ADP_PROVIDER_NAME,
            connect: async connection => connected(connection),
          });
          catalog.addProcessor(new AdpMembershipProcessor());
        },
      });
    },
  });
}

/** BENCH_TRACE=1: the SQL statements during a mutation (the catalog's own included), by kind, with count and time. */
function traceQueries(knex: Knex) {
  const started = new Map<string, bigint>();
  const byKind = new Map<string, { n: number; ms: number }>();
  const onQuery = (q: { __knexQueryUid: string }) =>
    started.set(q.__knexQueryUid, process.hrtime.bigint());
  const onResponse = (
    _r: unknown,
    q: { __knexQueryUid: string; sql: string },
  ) => {
    const t = started.get(q.__knexQueryUid);
    if (t === undefined) return;
    started.delete(q.__knexQueryUid);
    const kind = q.sql
      .replace(/\s+/g, ' ')
      .replace(/\(.*$/, '(...')
      .slice(0, 90);
    const k = byKind.get(kind) ?? { n: 0, ms: 0 };
    k.n++;
    k.ms += Number(process.hrtime.bigint() - t) / 1e6;
    byKind.set(kind, k);
  };
  knex.on('query', onQuery);
  knex.on('query-response', onResponse);
  return () => {
    knex.off('query', onQuery);
    knex.off('query-response', onResponse);
    console.table(
      [...byKind].map(([sql, k]) => ({
        sql,
        n: k.n,
        'total ms': k.ms.toFixed(0),
      })),
    );
  };
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function query(baseUrl: string, params: Record<string, string>) {
  const res = await fetch(
    `${baseUrl}/api/catalog/entities/by-query?${new URLSearchParams(params)}`,
    { headers: { authorization: mockCredentials.user.header() } },
  );
  if (!res.ok)
    throw new Error(`catalog by-query ${res.status} ${await res.text()}`);
  return (await res.json()) as { items: Entity[]; totalItems: number };
}

/**
 * One AdpEntityProvider.refresh, with each applyMutation timed: apply is the time spent in the
 * catalog's applyMutation, build everything else (AdpEntityBuilder.build over the in-memory source).
 */
async function timedRefresh(
  provider: AdpEntityProvider,
  applied: Array<{ type: string; ms: number; entities: number }>,
  knex: Knex,
) {
  applied.length = 0;
  const stopTrace = TRACE ? traceQueries(knex) : undefined;
  const t0 = process.hrtime.bigint();
  await provider.refresh();
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
  stopTrace?.();
  const full = applied.find(a => a.type === 'full')!;
  const deltas = applied.filter(a => a.type === 'delta');
  const deltaMs = deltas.reduce((sum, a) => sum + a.ms, 0);
  return {
    entities: full.entities,
    buildMs: totalMs - deltaMs - full.ms,
    deltas: deltas.length,
    deltaMs,
    largestDeltaMs: Math.max(0, ...deltas.map(d => d.ms)),
    applyMs: full.ms,
    totalMs,
  };
}

interface Row {
  database: string;
  refresh: string;
  entities: number;
  'build ms': string;
  'first-load deltas': string;
  'full apply ms': string;
  'build + full apply ms': string;
  'target <= 2 s': string;
}

async function runOn(
  database: 'sqlite' | 'postgres',
): Promise<{ rows: Row[]; readable: string }> {
  let knex: Knex;
  let drop: (() => Promise<void>) | undefined;
  if (database === 'sqlite') {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
  } else {
    const name = `adp_bench_catalog_${randomBytes(4).toString('hex')}`;
    const admin = knexFactory({
      client: 'pg',
      connection: `${PG}/postgres`,
      pool: { min: 0, max: 1 },
    });
    await admin.raw(`create database ${name}`);
    console.log(`  created database ${name}`);
    knex = knexFactory({
      client: 'pg',
      connection: `${PG}/${name}`,
      pool: { min: 0, max: 10 },
    });
    drop = dropDatabase = async () => {
      dropDatabase = undefined;
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
      console.log(`  dropped database ${name}`);
    };
  }
  const rows: Row[] = [];
  let readable = '';
  let connection: EntityProviderConnection | undefined;
  try {
    const t = Date.now();
    const { backend, baseUrl } = await startOnLoopback([
      mockServices.database.factory({ knex }),
      // The real events service (the test default is a separate mock per plugin).
      eventsServiceFactory,
      mockServices.rootLogger.factory({ level: 'error' }),
      mockServices.rootConfig.factory({
        data: { events: { useEventBus: 'never' } },
      }),
      catalogBackend,
      benchModule(c => (connection = c)),
    ]);
    try {
      console.log(
        `  [${database}] catalog started in ${Date.now() - t} ms (${baseUrl})`,
      );
      if (!connection) throw new Error('the provider was not connected');
      const builder = new AdpEntityBuilder({
        apiBaseUrl: `${baseUrl}/api/adp`,
        naming: resolveNamingTemplates({}),
      });
      const source = generateSource(1);
      const catalog = connection;
      const applied: Array<{ type: string; ms: number; entities: number }> =
        [];
      const provider = new AdpEntityProvider({
        reader: { read: async () => source },
        builder,
        logger: silentLogger,
      });
      await provider.connect({
        async applyMutation(mutation) {
          const t = process.hrtime.bigint();
          await catalog.applyMutation(mutation);
          applied.push({
            type: mutation.type,
            ms: Number(process.hrtime.bigint() - t) / 1e6,
            entities:
              mutation.type === 'full'
                ? mutation.entities.length
                : mutation.added.length,
          });
        },
        refresh: options => catalog.refresh(options),
      });
      const row = (
        refresh: string,
        m: Awaited<ReturnType<typeof timedRefresh>>,
      ): Row => ({
        database,
        refresh,
        entities: m.entities,
        'build ms': m.buildMs.toFixed(0),
        'first-load deltas': m.deltas
          ? `${m.deltas}: ${m.deltaMs.toFixed(
              0,
            )} ms, largest ${m.largestDeltaMs.toFixed(0)} ms`
          : '-',
        'full apply ms': m.applyMs.toFixed(0),
        'build + full apply ms': (m.buildMs + m.applyMs).toFixed(0),
        'target <= 2 s': m.buildMs + m.applyMs <= TARGET_MS ? 'yes' : 'MISSED',
      });

      // 1. From an empty catalog.
      const applyStarted = Date.now();
      const first = await timedRefresh(provider, applied, knex);
      rows.push(row('first load, into an empty catalog', first));
      console.log(
        `  [${database}] first load of ${first.entities} entities: build ${first.buildMs.toFixed(
          0,
        )} ms, ${first.deltas} delta batches ${first.deltaMs.toFixed(
          0,
        )} ms, full mutation ${first.applyMs.toFixed(0)} ms (total ${(
          first.totalMs / 1000
        ).toFixed(2)} s)`,
      );

      // 2. Until every entity is readable (bounded in time).
      const expected = first.entities;
      let count = 0;
      let lastReport = Date.now();
      while (Date.now() - applyStarted < WAIT_MS) {
        count = (await query(baseUrl, { filter: 'kind=group', limit: '1' }))
          .totalItems;
        if (count >= expected) break;
        if (Date.now() - lastReport >= 30_000) {
          // Processed: the processing loop has run the entity through the processors (result_hash set).
          const [{ n }] = await knex('refresh_state')
            .whereNotNull('result_hash')
            .count({ n: '*' });
          console.log(
            `  [${database}] ${sec(
              Date.now() - applyStarted,
            )} after the apply: ${count} of ${expected} readable, ${n} processed`,
          );
          lastReport = Date.now();
        }
        // Every 2 s: the count is a query of its own, which on SQLite shares the one connection with processing.
        await new Promise(r => setTimeout(r, 2000));
      }
      const allMs = Date.now() - applyStarted;
      if (count >= expected) {
        // A project's relations: its members (10), technical (4) and admins (2), and its programme.
        const sample = source.projects[PROJECTS - 1];
        let relationsMs = allMs;
        let ok = false;
        while (Date.now() - applyStarted < WAIT_MS) {
          const [entity] = (
            await query(baseUrl, {
              filter: `kind=group,metadata.name=${sample.name}`,
            })
          ).items;
          const types = (entity?.relations ?? []).reduce<
            Record<string, number>
          >((m, r) => ({ ...m, [r.type]: (m[r.type] ?? 0) + 1 }), {});
          ok =
            types.hasMember === 10 &&
            types.hasTechnicalMember === 4 &&
            types.hasTeamAdmin === 2 &&
            types.childOf === 1;
          relationsMs = Date.now() - applyStarted;
          if (ok) break;
          await new Promise(r => setTimeout(r, 500));
        }
        readable = `all ${expected} readable ${sec(
          allMs,
        )} after the apply started; ${
          sample.name
        } with all its relations after ${sec(relationsMs)}${
          ok ? '' : ' (NOT complete)'
        }`;
      } else {
        readable = `only ${count} of ${expected} readable after ${sec(
          allMs,
        )} (gave up: BENCH_WAIT_S)`;
      }
      console.log(`  [${database}] ${readable}`);

      // 3. The scheduled refresh in the steady state: nothing changed, then 1% of the teams changed.
      rows.push(
        row(
          'scheduled, nothing changed',
          await timedRefresh(provider, applied, knex),
        ),
      );
      const changed = changeTeams(source);
      rows.push(
        row(
          `scheduled, ${changed} teams changed (1%)`,
          await timedRefresh(provider, applied, knex),
        ),
      );
    } finally {
      await backend.stop();
    }
  } finally {
    await knex.destroy();
    await drop?.();
  }
  return { rows, readable };
}

async function main() {
  console.log(
    `Catalog benchmark: ${ALBS} ALBs, ${PROGRAMMES} programmes (2 admins each), ${PROJECTS} projects, ${
      PROJECTS * MEMBERS_PER_PROJECT
    } memberships of ${USERS} users`,
  );
  const rows: Row[] = [];
  const readable: string[] = [];
  for (const database of DATABASES) {
    if (database !== 'sqlite' && database !== 'postgres')
      throw new Error(`Unknown database ${database}`);
    console.log(`\n${database}:`);
    const result = await runOn(database);
    rows.push(...result.rows);
    readable.push(`${database}: ${result.readable}`);
  }
  console.log(
    `\nAdpEntityProvider.refresh of the ADP Groups: build (AdpEntityBuilder), first-load delta batches, full mutation (target build + full apply <= ${TARGET_MS} ms)`,
  );
  console.table(rows);
  console.log('Processing and stitching after the first apply:');
  for (const line of readable) console.log(`  ${line}`);
}

// Bounded: whatever happens, stop after 20 minutes (the PostgreSQL database is dropped first).
setTimeout(() => {
  console.error('Benchmark took longer than 20 minutes; stopping');
  const drop =
    dropDatabase?.().catch(e => console.error(e)) ?? Promise.resolve();
  void drop.finally(() => process.exit(2));
}, 20 * 60_000).unref();

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    const drop =
      dropDatabase?.().catch(e => console.error(e)) ?? Promise.resolve();
    void drop.finally(() => process.exit(1));
  },
);
