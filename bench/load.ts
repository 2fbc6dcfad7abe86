/*
 * Load: a real backend process with the 10,000-project / 100,000-membership data set, under
 * autocannon, on SQLite and PostgreSQL. Run from the repository root:
 *
 *   yarn tsx bench/load.ts                    # both databases
 *   yarn tsx bench/load.ts --db sqlite        # or --db postgres
 *   yarn tsx bench/load.ts --duration 10 --connections 10
 *
 *   BENCH_PROJECTS=2000     a smaller data set (bench/lib/deliveryDataSet.ts)
 *   BENCH_PG=postgresql://postgres@127.0.0.1:5432   server; databases adp_load_<random>_<plugin>
 *                           are created for the run and dropped at the end
 *
 * The backend is bench/lib/portalProcess.ts in its own process: createBackend() with the real
 * default services (JWT auth, database manager, scheduler, ...) and the auth (adp-demo
 * sign-in), catalog, permission (+ ADP policy), events and adp plugins, listening on
 * 127.0.0.1:7300–7399, info-level request logging to a file as in a default deployment. The
 * data set is inserted into the adp plugin's database before the backend starts (SQLite: a
 * file, as `backend.database.connection.directory` makes it; PostgreSQL: ANALYZEd after the
 * seed). Users sign in through the auth backend (catalog sign-in) and every request carries
 * that real user token.
 *
 * autocannon (bounded: a fixed duration per endpoint after a 3 s warm-up, loopback only, 10 s
 * request timeout) runs in this process against four endpoints, one after the other:
 *   list       GET /api/adp/projects: first page, deep page, sort by updatedAt, search a title
 *              word / an alias / a programme code, programmeId filter, mine=true; as the ADP
 *              Admin and as a team admin, alternately
 *   get        GET /api/adp/projects/{id}, random projects, ADP Admin
 *   explain    GET /api/adp/access/explain?permission=adp.project.update&resourceRef={id}, as
 *              the team admin (allowed on their 10 projects, refused with the reason elsewhere)
 *   authorize  POST /api/permission/authorize, 10 ADP permissions per request (as the frontend
 *              batches them) for the team admin on random projects: conditional decisions,
 *              so the permission backend has the adp plugin apply the conditions in SQL
 * Latencies come from every response (autocannon's 'response' event), not from its histogram,
 * so p95 is exact. The backend process's CPU time per request (from /proc; PostgreSQL's own
 * processes not included) says how much of the figure is the machine being shared.
 */
import os from 'node:os';
import {
  ADMIN,
  ALIAS_PREFIXES,
  code,
  ids,
  PROGRAMME_ADMIN,
  PROGRAMMES,
  PROJECTS,
  seed,
  TEAM_ADMIN,
  teamAdminProject,
  TITLE_WORDS,
} from './lib/deliveryDataSet';
import { authorizeItem, decision } from './lib/adpApi';
import {
  arg,
  dropPrefixedDatabases,
  limitRunTime,
  makeWorkDir,
  migrateAdp,
  onAbort,
  percentile,
  pluginKnex,
  PortalProcess,
  signIn,
  sqliteKnex,
  startPortal,
  uniquePrefix,
  waitFor,
} from './lib/portalHarness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

const DB = arg('db', process.env.BENCH_DATABASES ?? 'sqlite,postgres');
const DATABASES = (DB === 'both' ? 'sqlite,postgres' : DB).split(',').map(s => s.trim());
const DURATION_S = Number(arg('duration', '20'));
const CONNECTIONS = Number(arg('connections', '10'));
const WARMUP_S = 3;
const BATCH = 10;

const USERS = [
  { ref: ADMIN, groups: ['group:default/adp-platform-engineers'] },
  { ref: TEAM_ADMIN },
  { ref: PROGRAMME_ADMIN },
];

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const randomProject = () => ids.project(Math.floor(Math.random() * PROJECTS));

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  /** A fresh request: path, token and body. */
  next(): { path: string; token: string; body?: string };
}

function endpoints(tokens: Record<string, string>, activeProjects: number): Endpoint[] {
  const listQueries: Array<() => string> = [
    () => 'limit=25&offset=0',
    () => `limit=25&offset=${Math.floor(activeProjects * 0.9) - 25 * Math.floor(Math.random() * 20)}`,
    () => 'limit=25&sort=updatedAt&order=desc',
    () => `limit=25&search=${pick(TITLE_WORDS).toLowerCase()}`,
    () => {
      const j = Math.floor(Math.random() * PROJECTS);
      return `limit=25&search=${ALIAS_PREFIXES[j % ALIAS_PREFIXES.length]}-${TITLE_WORDS[j % TITLE_WORDS.length].toLowerCase().slice(0, 4)}-${j}`;
    },
    () => `limit=25&search=${code(Math.floor(Math.random() * PROGRAMMES)).toLowerCase()}-svc`,
    () => `limit=25&programmeId=${ids.programme(Math.floor(Math.random() * PROGRAMMES))}`,
    () => 'limit=25&mine=true',
  ];
  const teamAdminProjects = Array.from({ length: 10 }, (_, k) => ids.project(teamAdminProject(k)));
  const permissions = [
    'adp.project.update',
    'adp.projectMember.create',
    'adp.project.createService',
    'adp.provisioning.plan',
    'adp.productionAccess.request',
    'adp.project.archive',
    'adp.productionAccess.sponsor',
  ];
  let flip = 0;
  return [
    {
      name: 'list',
      method: 'GET',
      next: () => ({ path: `/api/adp/projects?${pick(listQueries)()}`, token: tokens[flip++ % 2 ? TEAM_ADMIN : ADMIN] }),
    },
    { name: 'get', method: 'GET', next: () => ({ path: `/api/adp/projects/${randomProject()}`, token: tokens[ADMIN] }) },
    {
      name: 'explain',
      method: 'GET',
      next: () => ({
        path: `/api/adp/access/explain?permission=adp.project.update&resourceRef=${Math.random() < 0.5 ? pick(teamAdminProjects) : randomProject()}`,
        token: tokens[TEAM_ADMIN],
      }),
    },
    {
      name: `authorize (${BATCH} per request)`,
      method: 'POST',
      next: () => ({
        path: '/api/permission/authorize',
        token: tokens[TEAM_ADMIN],
        body: JSON.stringify({
          items: Array.from({ length: BATCH }, (_, i) =>
            i === BATCH - 1
              ? authorizeItem('adp.alb.create', undefined, String(i)) // a basic permission: DENY
              : authorizeItem(pick(permissions), i % 3 === 0 ? pick(teamAdminProjects) : randomProject(), String(i)),
          ),
        }),
      }),
    },
  ];
}

interface Row {
  database: string;
  endpoint: string;
  requests: number;
  'req/s': string;
  'p50 ms': string;
  'p95 ms': string;
  'p99 ms': string;
  'max ms': string;
  'backend CPU ms/req': string;
  'non-2xx': number;
  errors: number;
}

function cannon(baseUrl: string, e: Endpoint, seconds: number): Promise<{ latencies: number[]; non2xx: number; errors: number; timeouts: number; elapsedMs: number }> {
  const latencies: number[] = [];
  let non2xx = 0;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: CONNECTIONS,
        duration: seconds,
        timeout: 10,
        method: e.method,
        requests: [
          {
            setupRequest(req: any) {
              const r = e.next();
              return {
                ...req,
                method: e.method,
                path: r.path,
                headers: { ...req.headers, authorization: `Bearer ${r.token}`, ...(r.body ? { 'content-type': 'application/json' } : {}) },
                ...(r.body ? { body: r.body } : {}),
              };
            },
          },
        ],
      },
      (error: unknown, result: any) => {
        if (error) reject(error);
        else resolve({ latencies, non2xx, errors: result.errors, timeouts: result.timeouts, elapsedMs: Date.now() - started });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status < 200 || status >= 300) non2xx++;
    });
  });
}

async function prepare(database: string, workDir: string): Promise<{ portal: PortalProcess; activeProjects: number; cleanup: () => Promise<void> }> {
  const started = Date.now();
  if (database === 'sqlite') {
    const knex = sqliteKnex(`${workDir}/adp.sqlite`);
    await migrateAdp(knex);
    const seeded = await seed(knex);
    await knex.destroy();
    const portal = await startPortal({ name: 'sqlite', workDir, database: { client: 'sqlite', directory: workDir }, users: USERS });
    console.log(`  backend ${portal.baseUrl} (SQLite file ${workDir}/adp.sqlite) ready ${((Date.now() - started) / 1000).toFixed(0)} s after the seed started`);
    return { portal, activeProjects: seeded.activeProjects, cleanup: async () => {} };
  }
  const prefix = uniquePrefix('load');
  const forget = onAbort(() => dropPrefixedDatabases(prefix));
  const cleanup = async () => {
    forget();
    const dropped = await dropPrefixedDatabases(prefix);
    console.log(`  dropped ${dropped.length} databases ${prefix}*`);
  };
  try {
    const knex = await pluginKnex(prefix, 'adp', true);
    await migrateAdp(knex);
    const seeded = await seed(knex);
    await knex.raw('analyze');
    await knex.destroy();
    const portal = await startPortal({ name: 'postgres', workDir, database: { client: 'pg', prefix }, users: USERS });
    console.log(`  backend ${portal.baseUrl} (PostgreSQL databases ${prefix}*) ready ${((Date.now() - started) / 1000).toFixed(0)} s after the seed started`);
    return { portal, activeProjects: seeded.activeProjects, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function runOn(database: string): Promise<Row[]> {
  const workDir = makeWorkDir(`load-${database}`);
  const { portal, activeProjects, cleanup } = await prepare(database, workDir);
  const rows: Row[] = [];
  try {
    const tokens: Record<string, string> = {};
    for (const u of USERS) tokens[u.ref] = await signIn(portal.baseUrl, u.ref);
    // The role index loads in the background: wait until the team admin's rights show.
    const own = ids.project(teamAdminProject(0));
    await waitFor('the role index', async () => (await decision(portal.baseUrl, tokens[TEAM_ADMIN], 'adp.projectMember.create', own)) === 'ALLOW', 60_000, 500);
    for (const e of endpoints(tokens, activeProjects)) {
      await cannon(portal.baseUrl, e, WARMUP_S);
      const cpuBefore = portal.cpuMs();
      const r = await cannon(portal.baseUrl, e, DURATION_S);
      const cpu = portal.cpuMs() - cpuBefore;
      const sorted = [...r.latencies].sort((a, b) => a - b);
      rows.push({
        database,
        endpoint: e.name,
        requests: sorted.length,
        'req/s': (sorted.length / (r.elapsedMs / 1000)).toFixed(0),
        'p50 ms': percentile(sorted, 50).toFixed(1),
        'p95 ms': percentile(sorted, 95).toFixed(1),
        'p99 ms': percentile(sorted, 99).toFixed(1),
        'max ms': (sorted[sorted.length - 1] ?? NaN).toFixed(1),
        'backend CPU ms/req': (cpu / sorted.length).toFixed(2),
        'non-2xx': r.non2xx,
        errors: r.errors + r.timeouts,
      });
      const row = rows[rows.length - 1];
      console.log(`  ${e.name}: ${row['req/s']} req/s, p95 ${row['p95 ms']} ms, backend CPU ${row['backend CPU ms/req']} ms/request (${((cpu / r.elapsedMs) * 100).toFixed(0)}% of a core)`);
    }
  } finally {
    await portal.stop();
    if (portal.exitCode && portal.exitCode !== 0 && portal.exitCode !== 143) console.log(`  backend exited with ${portal.exitCode}; log ${portal.logFile}`);
    await cleanup();
  }
  return rows;
}

async function main() {
  const cpus = os.cpus();
  console.log(
    `Load: ${PROJECTS} projects, ${PROJECTS * 10} memberships; ${CONNECTIONS} connections, ${DURATION_S} s per endpoint after ${WARMUP_S} s warm-up; ` +
      `${cpus.length} × ${cpus[0]?.model.trim()}, Node ${process.version}, load average ${os.loadavg().map(l => l.toFixed(1)).join(' ')}`,
  );
  const all: Row[] = [];
  for (const database of DATABASES) {
    if (database !== 'sqlite' && database !== 'postgres') throw new Error(`Unknown database ${database} (sqlite, postgres or both)`);
    console.log(`\n${database}:`);
    all.push(...(await runOn(database)));
  }
  console.log(`\nload average after: ${os.loadavg().map(l => l.toFixed(1)).join(' ')}`);
  console.table(all);
  const bad = all.filter(r => r['non-2xx'] > 0 || r.errors > 0);
  if (bad.length) {
    console.log(`${bad.length} endpoint runs had non-2xx answers or errors`);
    process.exitCode = 1;
  }
}

limitRunTime(20, 'The load run');

main().then(
  () => process.exit(process.exitCode ?? 0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
