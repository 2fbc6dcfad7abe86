/*
 * Benchmark of the ADP permission policy. Run from the repository root:
 *
 *   yarn tsx bench/policy.ts            (BENCH_CATALOG_LATENCY_MS=3 by default)
 *
 * 1. In-process decision latency of AdpPermissionPolicy (warm), with a role index of
 *    10,000 users and 100,000 project memberships, for ALLOW, DENY and CONDITIONAL.
 * 2. A batch of 1,000 decisions through POST /api/permission/authorize on a started
 *    backend (real permission backend, this module), side by side with a baseline
 *    policy that fetches the user's entity from the catalog for every decision
 *    (DEFRA's approach). The baseline's catalog is a loopback HTTP server answering
 *    GET /entities/by-name/user/default/:name after BENCH_CATALOG_LATENCY_MS, standing
 *    in for the catalog's own database lookup.
 */
import {
  adpPermissions,
  AdpPermissionName,
  adpPermissionsByName,
  RoleIndexSnapshot,
  RoleIndexUser,
} from '@adp-portal/plugin-adp-common';
import { coreServices, createBackendModule, createBackendPlugin, createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import express from 'express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  AdpPermissionPolicy,
  CatalogUserDirectory,
  RoleIndex,
  UserAccessResolver,
} from '../plugins/permission-backend-module-adp-policy/src';
import policyModule from '../plugins/permission-backend-module-adp-policy/src';
import { silentLogger } from './lib/portalHarness';

const USERS = 10_000;
const MEMBERSHIPS_PER_USER = 10; // 100,000 memberships
const PROGRAMMES = 200;
const PROJECTS = 2_000;
const CATALOG_LATENCY_MS = Number(process.env.BENCH_CATALOG_LATENCY_MS ?? 3);
const GROUPS = { adpAdminGroups: ['group:default/adp-platform-engineers'], ccoeEngineerGroups: ['group:default/ccoe-engineers'] };

const userRef = (i: number) => `user:default/user-${i}`;
const programmeOf = (project: number) => `prog-${project % PROGRAMMES}`;

/** Deterministic: user i is member of 10 projects, technical in some, admin in others. */
function generateSnapshot(): RoleIndexSnapshot {
  const users: RoleIndexUser[] = [];
  for (let i = 0; i < USERS; i++) {
    const projectMemberships = Array.from({ length: MEMBERSHIPS_PER_USER }, (_, k) => {
      const project = (i * 7 + k * 211) % PROJECTS;
      return { projectId: `proj-${project}`, programmeId: programmeOf(project), technical: (i + k) % 3 === 0, admin: (i + k) % 4 === 0 };
    });
    users.push({ userRef: userRef(i), platformRoles: [], programmeAdminOf: i % 50 === 0 ? [`prog-${i % PROGRAMMES}`] : [], projectMemberships });
  }
  return { revision: 1, users, serviceAccountSubjects: [] };
}


function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const policyUser = (ref: string): PolicyQueryUser => ({
  credentials: { $$type: '@backstage/BackstageCredentials', principal: { type: 'user', userEntityRef: ref } },
  info: { userEntityRef: ref, ownershipEntityRefs: [ref] },
});

function inProcess(snapshot: RoleIndexSnapshot) {
  const roleIndex = new RoleIndex({ fetchSnapshot: async () => snapshot, fetchChanges: async () => ({ revision: 1, userRefs: [] }) }, silentLogger);
  const t0 = process.hrtime.bigint();
  roleIndex.replaceAll(snapshot);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const directory = new CatalogUserDirectory({ streamEntities: async function* () {}, getEntityByRef: async () => undefined }, mockServices.auth(), silentLogger);
  directory.replaceAll(snapshot.users.map(u => u.userRef));
  const policy = new AdpPermissionPolicy(new UserAccessResolver(roleIndex, directory, GROUPS));

  const perm = (n: AdpPermissionName) => ({ permission: adpPermissionsByName.get(n)! });
  const cases: Array<{ kind: string; query: PolicyQuery; expect: string }> = [
    { kind: 'ALLOW (adp.project.read)', query: perm('adp.project.read'), expect: 'ALLOW' },
    { kind: 'DENY (adp.alb.create)', query: perm('adp.alb.create'), expect: 'DENY' },
    { kind: 'CONDITIONAL (adp.projectMember.create)', query: perm('adp.projectMember.create'), expect: 'CONDITIONAL' },
  ];
  const users = Array.from({ length: 1000 }, (_, i) => policyUser(userRef((i * 37) % USERS)));
  const rows = [];
  for (const c of cases) {
    const samples: number[] = [];
    for (let round = 0; round < 60; round++) {
      for (const u of users) {
        const start = process.hrtime.bigint();
        const d = policy.decide(c.query, u);
        const ns = Number(process.hrtime.bigint() - start);
        if (d.result !== c.expect && c.expect !== 'CONDITIONAL') throw new Error(`${c.kind}: got ${d.result}`);
        if (round >= 10) samples.push(ns); // the first 10,000 decisions warm up
      }
    }
    samples.sort((a, b) => a - b);
    rows.push({ decision: c.kind, samples: samples.length, 'p50 µs': (percentile(samples, 50) / 1000).toFixed(2), 'p99 µs': (percentile(samples, 99) / 1000).toFixed(2) });
  }
  return { rows, buildMs };
}

/** Serves the generated role index as the adp plugin would (the AdpClient contract). */
const roleIndexPlugin = (snapshot: RoleIndexSnapshot) =>
  createBackendPlugin({
    pluginId: 'adp',
    register(reg) {
      reg.registerInit({
        deps: { router: coreServices.httpRouter },
        async init({ router }) {
          const r = express.Router();
          r.get('/internal/role-index', (_req, res) => res.json(snapshot));
          r.get('/internal/role-index/changes', (_req, res) => res.json({ revision: snapshot.revision, userRefs: [] }));
          router.use(r);
        },
      });
    },
  });

/** A loopback HTTP catalog answering user lookups after a fixed latency. */
async function startCatalogFake(): Promise<{ url: string; close(): Promise<void>; requests(): number }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const name = req.url!.split('/').pop();
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name, namespace: 'default' }, relations: [] }));
    }, CATALOG_LATENCY_MS);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise(resolve => server.close(() => resolve())),
    requests: () => requests,
  };
}

/** DEFRA's approach: fetch the user's entity from the catalog on every decision, then decide. */
class CatalogFetchingPolicy implements PermissionPolicy {
  constructor(private readonly catalogUrl: string, private readonly inner: AdpPermissionPolicy) {}
  async handle(query: PolicyQuery, user?: PolicyQueryUser) {
    if (user) {
      const [, name] = user.info.userEntityRef.split('/');
      const res = await fetch(`${this.catalogUrl}/entities/by-name/user/default/${name}`);
      if (!res.ok) throw new Error(`catalog ${res.status}`);
      await res.json();
    }
    return this.inner.decide(query, user);
  }
}

async function httpBatch(name: string, snapshot: RoleIndexSnapshot, policyFeature: ReturnType<typeof createBackendModule>) {
  const entities = snapshot.users.map(u => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name: u.userRef.split('/')[1], namespace: 'default' } }));
  const backend = await startTestBackend({
    features: [
      permissionPlugin,
      policyFeature,
      roleIndexPlugin(snapshot),
      mockServices.scheduler.factory(),
      createServiceFactory({ service: eventsServiceRef, deps: {}, factory: () => mockServices.events() }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootLogger.factory({ level: 'error' }),
      mockServices.rootConfig.factory({ data: { permission: { enabled: true }, adp: { platformRoles: GROUPS } } }),
    ],
  });
  const address = backend.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}/api/permission/authorize`;
  const permissions = adpPermissions.slice();
  // The permission backend's JSON body limit (100 kB) holds ~750 items, so the 1,000
  // decisions go as 4 concurrent requests of 250, as a batching client would send them.
  const chunks = Array.from({ length: 4 }, (_, c) =>
    Array.from({ length: 250 }, (_, i) => ({ id: String(c * 250 + i), permission: permissions[(c * 250 + i) % permissions.length] })),
  );
  const batch = async (user: number) => {
    const token = mockCredentials.user.token(userRef(user), { actor: { subject: 'plugin:adp' } });
    const answers = await Promise.all(
      chunks.map(async items => {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ items }) });
        if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
        return ((await res.json()) as { items: Array<{ result: string }> }).items;
      }),
    );
    if (answers.flat().length !== 1000) throw new Error('short answer');
    return answers.flat();
  };
  // Warm up; the startup task has loaded the role index, so some answers are conditional.
  let results: Array<{ result: string }> = [];
  for (let i = 0; i < 20; i++) results = await batch(i);
  const counts = results.reduce<Record<string, number>>((m, r) => ({ ...m, [r.result]: (m[r.result] ?? 0) + 1 }), {});
  if (!counts.CONDITIONAL) throw new Error(`${name}: no conditional decision, the role index did not load`);
  const samples: number[] = [];
  for (let i = 0; i < 100; i++) {
    const start = process.hrtime.bigint();
    await batch(100 + i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  await backend.stop();
  samples.sort((a, b) => a - b);
  return {
    policy: name,
    batches: samples.length,
    'p50 ms': percentile(samples, 50).toFixed(1),
    'p95 ms': percentile(samples, 95).toFixed(1),
    'max ms': samples[samples.length - 1].toFixed(1),
    results: JSON.stringify(counts),
  };
}

async function main() {
  const snapshot = generateSnapshot();
  const memberships = snapshot.users.reduce((n, u) => n + u.projectMemberships.length, 0);
  console.log(`Role index: ${snapshot.users.length} users, ${memberships} memberships, ${PROJECTS} projects in ${PROGRAMMES} programmes`);
  const { rows, buildMs } = inProcess(snapshot);
  console.log(`Index build from snapshot: ${buildMs.toFixed(0)} ms`);
  console.log('\nIn-process decision latency (AdpPermissionPolicy.decide, warm; target p99 <= 20 µs)');
  console.table(rows);

  const catalog = await startCatalogFake();
  const baselineModule = createBackendModule({
    pluginId: 'permission',
    moduleId: 'catalog-fetching-baseline',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          const roleIndex = new RoleIndex({ fetchSnapshot: async () => snapshot, fetchChanges: async () => ({ revision: 1, userRefs: [] }) }, silentLogger);
          roleIndex.replaceAll(snapshot);
          const directory = new CatalogUserDirectory({ streamEntities: async function* () {}, getEntityByRef: async () => undefined }, mockServices.auth(), silentLogger);
          directory.replaceAll(snapshot.users.map(u => u.userRef));
          policy.setPolicy(new CatalogFetchingPolicy(catalog.url, new AdpPermissionPolicy(new UserAccessResolver(roleIndex, directory, GROUPS))));
        },
      });
    },
  });
  const http1 = await httpBatch('adp-policy (in-memory index)', snapshot, policyModule);
  const before = catalog.requests();
  const http2 = await httpBatch(`baseline (catalog fetch per decision, ${CATALOG_LATENCY_MS} ms loopback)`, snapshot, baselineModule);
  const fetched = catalog.requests() - before;
  await catalog.close();
  console.log('\n1,000-decision batch through POST /api/permission/authorize (target <= 50 ms)');
  console.table([http1, http2]);
  console.log(`Baseline catalog requests: ${fetched} for ${120 * 1000} decisions`);
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
