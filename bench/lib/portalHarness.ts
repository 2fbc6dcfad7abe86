/*
 * Parent-side helpers for the runs that start real backend processes (bench/load.ts,
 * bench/instances.ts, bench/faults.ts and their jest test): databases, the generated
 * app-config, starting and stopping bench/lib/portalProcess.ts, real sign-in tokens from the
 * adp-demo provider, and a loopback TCP proxy in front of PostgreSQL that can refuse and cut
 * connections.
 *
 * Ports: everything listens on 127.0.0.1; backends and proxies take free ports from
 * BENCH_PORT_BASE (default 7300) up to 7399.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';

export const ROOT = path.resolve(__dirname, '../..');
export const PG_SERVER = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const PG_URL = new URL(PG_SERVER);
export const PG_HOST = PG_URL.hostname || '127.0.0.1';
export const PG_PORT = Number(PG_URL.port || 5432);
const PG_USER = decodeURIComponent(PG_URL.username || 'postgres');
const PG_PASSWORD = decodeURIComponent(PG_URL.password || '');

export const PLATFORM_ROLE_GROUPS = {
  adpAdminGroups: ['group:default/adp-platform-engineers'],
  ccoeEngineerGroups: ['group:default/ccoe-engineers'],
};

/** For parts of the portal run inside a benchmark, whose log lines would interleave with its figures. */
export const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/** A command-line option of a bench script: `--name value` or `--name=value`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1];
  const eq = process.argv.find(a => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// ---------------------------------------------------------------------------------------
// Ports

const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 7300);
let nextPort = PORT_BASE;

function portIsFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free loopback port in 7300–7399 (never 7007, 7107, 7207 or 3000). */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = nextPort;
    nextPort = nextPort >= 7399 ? PORT_BASE : nextPort + 1;
    if (await portIsFree(port)) return port;
  }
  throw new Error('No free port in 7300–7399');
}

// ---------------------------------------------------------------------------------------
// Databases

export function adminKnex(): Knex {
  return knexFactory({ client: 'pg', connection: `${PG_SERVER}/postgres`, pool: { min: 0, max: 2 } });
}

/** A unique prefix: the database manager creates `<prefix><pluginId>` per plugin. */
export function uniquePrefix(label: string): string {
  return `adp_${label}_${randomBytes(3).toString('hex')}_`;
}

export async function dropPrefixedDatabases(prefix: string): Promise<string[]> {
  const admin = adminKnex();
  try {
    const rows = await admin('pg_database').select('datname').where('datname', 'like', `${prefix.replace(/_/g, '\\_')}%`);
    for (const { datname } of rows) await admin.raw('drop database if exists ?? with (force)', [datname]);
    return rows.map(r => r.datname);
  } finally {
    await admin.destroy();
  }
}

/** Terminates every server session on the prefix's databases (what a server restart does to them). */
export async function terminateSessions(prefix: string): Promise<number> {
  const admin = adminKnex();
  try {
    const { rows } = await admin.raw(
      `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname like ? and pid <> pg_backend_pid()`,
      [`${prefix.replace(/_/g, '\\_')}%`],
    );
    return rows[0].n;
  } finally {
    await admin.destroy();
  }
}

/** A knex on one plugin database of a prefix (created if missing), straight to the server. */
export async function pluginKnex(prefix: string, pluginId: string, create = false): Promise<Knex> {
  const name = `${prefix}${pluginId}`;
  if (create) {
    const admin = adminKnex();
    try {
      const exists = await admin('pg_database').where('datname', name).first();
      if (!exists) await admin.raw('create database ??', [name]);
    } finally {
      await admin.destroy();
    }
  }
  return knexFactory({ client: 'pg', connection: `${PG_SERVER}/${name}`, pool: { min: 0, max: 4 } });
}

export function sqliteKnex(file: string): Knex {
  return knexFactory({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
}

export async function migrateAdp(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: path.join(ROOT, 'plugins/adp-backend/migrations') });
}

// ---------------------------------------------------------------------------------------
// PostgreSQL proxy

/**
 * A loopback TCP proxy in front of PostgreSQL. `outage(ms)` is what a restart looks like to
 * the backend: new connections are refused, the server ends every session of the prefix's
 * databases (FATAL 57P01, as on shutdown), connections still open through the proxy are cut,
 * and after `ms` connections are accepted again.
 */
export class PgProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  accepted = 0;

  static async start(): Promise<PgProxy> {
    const proxy = new PgProxy();
    proxy.port = await freePort();
    await proxy.listen();
    return proxy;
  }

  private listen(): Promise<void> {
    const server = net.createServer(client => {
      this.accepted++;
      const upstream = net.connect(PG_PORT, PG_HOST);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Stops accepting at once: connection attempts get ECONNREFUSED (open ones are left alone). */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    // close() stops listening immediately; its callback would wait for open connections.
    server?.close();
  }

  cutAll(): number {
    const n = this.sockets.size / 2;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return n;
  }

  async accept(): Promise<void> {
    if (!this.server) await this.listen();
  }

  /** Refuse, terminate the server sessions, cut what is left, wait, accept again. */
  async outage(prefix: string, ms: number): Promise<{ terminated: number; cut: number }> {
    await this.refuse();
    const terminated = await terminateSessions(prefix);
    await sleep(100);
    const cut = this.cutAll();
    await sleep(ms);
    await this.accept();
    return { terminated, cut };
  }

  async stop(): Promise<void> {
    await this.refuse();
    this.cutAll();
  }
}

// ---------------------------------------------------------------------------------------
// Catalog users

export interface CatalogUser {
  ref: string;
  groups?: string[];
}

/** A catalog file of User entities (and the groups they are in), for catalog sign-in. */
export function writeCatalogFile(file: string, users: CatalogUser[]): void {
  const name = (ref: string) => ref.replace(/^[a-z]+:default\//i, '');
  const groups = new Set(users.flatMap(u => u.groups ?? []));
  const docs = [
    ...[...groups].map(g => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: name(g) },
      spec: { type: 'team', children: [] },
    })),
    ...users.map(u => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: name(u.ref) },
      spec: { profile: { displayName: name(u.ref), email: `${name(u.ref)}@defra.gov.uk` }, memberOf: (u.groups ?? []).map(name) },
    })),
  ];
  writeFileSync(file, docs.map(d => `---\n${JSON.stringify(d)}\n`).join(''));
}

// ---------------------------------------------------------------------------------------
// Backend processes

export type DatabaseSetting =
  | { client: 'pg'; prefix: string; port?: number }
  | { client: 'sqlite'; directory: string };

export interface PortalOptions {
  /** Label in logs and run records, e.g. "A". */
  name: string;
  workDir: string;
  database: DatabaseSetting;
  users: CatalogUser[];
  /** Merged into the `adp` section. */
  adp?: Record<string, unknown>;
  /** Top-level config merged last (e.g. integrations). */
  config?: Record<string, unknown>;
  catalogModule?: boolean;
  runsFile?: string;
  logLevel?: string;
  startTimeoutMs?: number;
}

/** Linux reports CPU time in clock ticks: 100 per second on every common kernel configuration. */
const CLOCK_TICKS = 100;

export class PortalProcess {
  exited = false;
  exitCode: number | null = null;

  constructor(
    readonly name: string,
    readonly baseUrl: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
    private readonly exitedPromise: Promise<void>,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /** SIGTERM, then SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      process.kill(-this.child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-this.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 15_000);
    await this.exitedPromise;
    clearTimeout(timer);
  }

  /** CPU time (user + system) the backend process has used so far, in ms (Linux /proc). */
  cpuMs(): number {
    try {
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return NaN;
    }
  }

  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }
}

const running = new Set<PortalProcess>();
function killAll() {
  for (const p of running) {
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
process.once('exit', killAll);

const cleanups = new Set<() => Promise<unknown>>();
/** Registers clean-up (dropping databases) that must also happen on the time limit or Ctrl-C. */
export function onAbort(fn: () => Promise<unknown>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

async function abort(reason: string, code: number) {
  console.error(reason);
  killAll();
  await Promise.allSettled([...cleanups].map(fn => fn()));
  process.exit(code);
}

/** Bounds a run: after `minutes`, or on Ctrl-C, the backends are killed and clean-ups run. */
export function limitRunTime(minutes: number, label: string): void {
  setTimeout(() => void abort(`${label} took longer than ${minutes} minutes; stopping`, 2), minutes * 60_000).unref();
  process.once('SIGINT', () => void abort(`${label} interrupted`, 130));
  process.once('SIGTERM', () => void abort(`${label} terminated`, 143));
}

export function makeWorkDir(label: string): string {
  const base = process.env.BENCH_WORK_DIR ?? os.tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `adp-${label}-`));
}

function merge(a: any, b: any): any {
  if (!b || typeof b !== 'object' || Array.isArray(b)) return b ?? a;
  const out = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
  return out;
}

/** The TypeScript loader `backstage-cli package start` runs backends with (SWC, CommonJS). */
const NODE_LOADER = ['--require', require.resolve('@backstage/cli/config/nodeTransform.cjs')];

export async function startPortal(o: PortalOptions): Promise<PortalProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const catalogFile = path.join(o.workDir, 'catalog-users.yaml');
  writeCatalogFile(catalogFile, o.users);
  const database =
    o.database.client === 'pg'
      ? {
          client: 'pg',
          prefix: o.database.prefix,
          connection: {
            host: '127.0.0.1',
            port: o.database.port ?? PG_PORT,
            user: PG_USER,
            ...(PG_PASSWORD ? { password: PG_PASSWORD } : {}),
          },
        }
      : { client: 'better-sqlite3', connection: { directory: o.database.directory } };
  const config = merge(
    {
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        database,
        cors: { origin: baseUrl },
      },
      auth: { providers: { 'adp-demo': {} } },
      catalog: {
        rules: [{ allow: ['User', 'Group'] }],
        locations: [{ type: 'file', target: catalogFile, rules: [{ allow: ['User', 'Group'] }] }],
      },
      permission: { enabled: true },
      // As in production (app-config.production.yaml): a plugin that subscribes before the
      // events backend serves keeps retrying instead of falling back to local events for good.
      events: { useEventBus: 'always' },
      adp: merge(
        {
          platformRoles: PLATFORM_ROLE_GROUPS,
          demo: {
            enabled: true,
            personas: o.users.map(u => ({ userRef: u.ref, title: u.ref, description: 'bench user' })),
          },
          provisioning: { enabled: false },
        },
        o.adp,
      ),
    },
    o.config,
  );
  const configFile = path.join(o.workDir, `app-config.${o.name}.yaml`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logFile = path.join(o.workDir, `backend.${o.name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...NODE_LOADER, path.join(ROOT, 'bench/lib/portalProcess.ts'), '--config', configFile], {
    cwd: ROOT,
    detached: true, // own process group: stop() ends it and anything it starts
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: o.logLevel ?? 'info',
      ADP_BENCH_INSTANCE: o.name,
      ADP_BENCH_CATALOG_MODULE: o.catalogModule ? '1' : '',
      ADP_BENCH_RUNS_FILE: o.runsFile ?? '',
      FORCE_COLOR: '0',
      // e.g. --cpu-prof --cpu-prof-dir=/tmp/prof to profile the backend under load.
      ...(process.env.BENCH_BACKEND_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_BACKEND_NODE_OPTIONS } : {}),
    },
  });
  closeSync(out);
  let portal!: PortalProcess;
  const exited = new Promise<void>(resolve =>
    child.once('exit', code => {
      portal.exited = true;
      portal.exitCode = code;
      running.delete(portal);
      resolve();
    }),
  );
  portal = new PortalProcess(o.name, baseUrl, logFile, child, exited);
  running.add(portal);
  try {
    await waitFor(
      `backend ${o.name} on ${baseUrl}`,
      async () => {
        if (portal.exited) throw new Error(`exited with ${portal.exitCode}; see ${logFile}`);
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        return res.ok;
      },
      o.startTimeoutMs ?? 180_000,
      500,
    );
  } catch (error) {
    await portal.stop();
    const tail = portal.log().split('\n').slice(-30).join('\n');
    throw new Error(`${error}\n--- last lines of ${logFile}\n${tail}`);
  }
  return portal;
}

/**
 * A real user token: the auth backend's adp-demo provider signs the user in from the catalog.
 * Returns once the policy knows the user too (its catalog user set reloads on its own
 * schedule, at most every 10 s for an unknown user): every Platform User sees the ALBs, and
 * both data sets have some.
 */
export async function signIn(baseUrl: string, userRef: string, timeoutMs = 120_000): Promise<string> {
  const token = await waitFor(
    `a token for ${userRef}`,
    async () => {
      const res = await fetch(`${baseUrl}/api/auth/adp-demo/refresh`, { headers: { 'x-adp-demo-persona': userRef } });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      const body = (await res.json()) as { backstageIdentity: { token: string } };
      return body.backstageIdentity.token;
    },
    timeoutMs,
    1000,
  );
  await waitFor(
    `the policy to know ${userRef}`,
    async () => {
      const res = await fetch(`${baseUrl}/api/adp/albs?limit=1`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      return ((await res.json()) as { items: unknown[] }).items.length > 0;
    },
    timeoutMs,
    1000,
  );
  return token;
}

/** Reads the run records of bench/lib/portalProcess.ts. */
export interface TaskRun {
  instance: string;
  plugin: string;
  task: string;
  scope: string;
  startedAt: string;
  endedAt: string;
  ok: boolean;
}
export function readRuns(file: string): TaskRun[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
}
