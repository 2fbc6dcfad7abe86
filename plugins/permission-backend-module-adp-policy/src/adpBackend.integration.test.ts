import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { Persona, PERSONAS, ref } from './__testUtils__/personas';
import { assignmentsOf } from './__testUtils__/oracle';
import { Portal, startPortal } from './__testUtils__/portal';
import {
  bodyFor,
  enumeratedRoutes,
  expectedStatus,
  pathFor,
  ROUTE_SPECS,
  routeKey,
  servedAdpRoutes,
  specOf,
  World,
} from './__testUtils__/routes';

/*
 * The persona × endpoint authorization sweep over the real adp plugin (demo data), the
 * real permission backend and this policy. Every route of the /api/adp contract (ROUTES
 * in the plugin's openapi.ts, plus the provisioning routes it does not list yet) is called
 * as every demo persona on several records each, and the status must be the oracle's:
 * the permission matrix generated from the role definitions, applied to the roles the
 * stored rows give each persona (__testUtils__/oracle.ts). A route with no entry in
 * __testUtils__/routes.ts fails the suite.
 */

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * The expectations written by hand from docs/roles.md when this sweep was hard-coded.
 * They anchor the oracle: if the role definitions drifted from the documented model,
 * the oracle (and the policy with it) would drift too, and this table would not.
 */
const DOCUMENTED: Array<{ route: string; target: string; allowed: Persona[] }> = [
  { route: 'POST /albs', target: '', allowed: ['ada'] },
  { route: 'PATCH /albs/{id}', target: 'rpa', allowed: ['ada'] },
  { route: 'POST /programmes', target: 'in rpa', allowed: ['ada'] },
  { route: 'PATCH /programmes/{id}', target: 'fcp', allowed: ['ada', 'pat'] },
  { route: 'PATCH /programmes/{id}', target: 'frm', allowed: ['ada'] },
  { route: 'POST /programmes/{id}/admins', target: 'fcp', allowed: ['ada', 'pat'] },
  { route: 'POST /programmes/{id}/admins', target: 'frm', allowed: ['ada'] },
  { route: 'POST /projects', target: 'in fcp', allowed: ['ada', 'pat'] },
  { route: 'POST /projects', target: 'in frm', allowed: ['ada'] },
  { route: 'PATCH /projects/{id}', target: 'acd', allowed: ['ada', 'pat', 'dee'] },
  { route: 'PATCH /projects/{id}', target: 'flood', allowed: ['ada'] },
  { route: 'POST /projects/{id}/members', target: 'acd', allowed: ['ada', 'pat', 'dee'] },
  { route: 'POST /projects/{id}/members', target: 'flood', allowed: ['ada'] },
  { route: 'PATCH /projects/{id}/members/{memberId}', target: 'fresh member of acd', allowed: ['ada', 'pat', 'dee'] },
  { route: 'DELETE /projects/{id}/members/{memberId}', target: 'fresh member of acd', allowed: ['ada', 'pat', 'dee'] },
  { route: 'POST /platform-roles', target: '', allowed: ['ada'] },
  { route: 'POST /service-accounts', target: '', allowed: ['ada'] },
  { route: 'PATCH /profiles/{userRef}', target: 'another persona', allowed: ['ada'] },
  { route: 'PATCH /profiles/{userRef}', target: 'own', allowed: [...PERSONAS] },
  { route: 'PATCH /profiles/{userRef}', target: 'own personnel facts', allowed: ['ada'] },
  { route: 'POST /projects/{id}/archive', target: 'grants', allowed: ['ada', 'pat'] },
  { route: 'POST /programmes/{id}/archive', target: 'frm', allowed: ['ada'] },
  { route: 'POST /projects/{id}/provisioning/repositories', target: 'acd', allowed: ['ada', 'tess'] },
  { route: 'POST /projects/{id}/provisioning/sonarcloud-projects', target: 'acd', allowed: ['ada', 'tess'] },
  { route: 'GET /projects/{id}/provisioning/plan', target: 'acd', allowed: ['ada', 'pat', 'dee', 'cara'] },
  { route: 'GET /access/explain', target: "another user's access", allowed: ['ada', 'cara'] },
  // Production access (docs/production-access.md): Technical Team Members ask; the tech lead (technical
  // and team admin of the project: nobody in the demo) or an ADP Admin sponsors.
  { route: 'POST /production-access/requests', target: 'acd', allowed: ['tess'] },
  { route: 'POST /production-access/requests/{id}/decision', target: 'fresh pending record on acd', allowed: ['ada'] },
  { route: 'POST /production-access/requests/{id}/revoke', target: 'fresh active record on flood', allowed: ['ada'] },
];

const outcome = (res: request.Response, expected: number) =>
  res.status === expected ? String(res.status) : `${res.status} ${JSON.stringify(res.body?.error?.message ?? res.text?.slice(0, 120) ?? '')}`;

describe.each(databases.eachSupportedId())('persona × endpoint authorization over the real adp plugin on %s', databaseId => {
  let portal: Portal;
  let world: World;
  const counts = { requests: 0, calls: 0, allowed: 0, forbidden: 0, missing: 0 };

  beforeAll(async () => {
    portal = await startPortal(databases, databaseId);
    world = await World.create(portal);
  });
  afterAll(async () => {
    // For docs/reliability.md: how much the sweep did on this database.
    console.info(`sweep on ${databaseId}: ${JSON.stringify(counts)}`);
    await portal?.stop();
  });

  it('enumerates every route the adp plugin serves, and has a spec for each', () => {
    const enumerated = enumeratedRoutes();
    const keys = new Set(enumerated.map(routeKey));
    const served = servedAdpRoutes(portal.server).map(routeKey);
    expect(served.length).toBeGreaterThan(40);
    expect({ servedButNotEnumerated: served.filter(k => !keys.has(k)) }).toEqual({ servedButNotEnumerated: [] });
    expect({ enumeratedButNotServed: [...keys].filter(k => !served.includes(k)) }).toEqual({ enumeratedButNotServed: [] });
    expect({ withoutSpec: enumerated.filter(r => !ROUTE_SPECS[routeKey(r)]).map(routeKey) }).toEqual({ withoutSpec: [] });
  });

  it('the oracle agrees with the hand-written expectations of docs/roles.md', async () => {
    const dump = await world.dump();
    const routes = new Map(enumeratedRoutes().map(r => [routeKey(r), r] as const));
    const answers = [];
    for (const row of DOCUMENTED) {
      const route = routes.get(row.route)!;
      const spec = specOf(route);
      const target = spec.targets.find(t => t.label === row.target)!;
      const allowed: Persona[] = [];
      for (const persona of PERSONAS) {
        const made = await target.make(world, persona);
        if (expectedStatus(route, spec, target, made, persona, assignmentsOf(dump, persona)) === route.status) allowed.push(persona);
      }
      answers.push({ ...row, allowed });
    }
    expect(answers).toEqual(DOCUMENTED);
  });

  it.each(PERSONAS)('%s gets exactly what the oracle allows on every route and record', async persona => {
    const assignments = assignmentsOf(await world.dump(), persona);
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const route of enumeratedRoutes().filter(r => ROUTE_SPECS[routeKey(r)])) {
      const spec = specOf(route);
      for (const target of spec.targets) {
        const made = await target.make(world, persona);
        await spec.before?.(world, made);
        const res = await world.send(persona, route.method, pathFor(route.path, made.params), { query: made.query, body: bodyFor(spec, target, world, made) });
        await spec.after?.(world, made);
        const want = expectedStatus(route, spec, target, made, persona, assignments);
        const name = `${routeKey(route)} [${target.label}]`;
        outcomes.push(`${name}: ${outcome(res, want)}`);
        expected.push(`${name}: ${want}`);
        if (res.status === want && want < 300 && spec.check) await spec.check(res, { world, persona, assignments });
        counts.requests += 1;
        counts.calls += 1;
        if (target.missing && res.status !== 403) counts.missing += 1;
        else if (res.status === 403) counts.forbidden += 1;
        else if (res.status < 300) counts.allowed += 1;
      }
    }
    expect(outcomes).toEqual(expected);
    // The sweep's records belong to fixture users, so no persona's roles moved under the oracle.
    expect(assignmentsOf(await world.dump(), persona)).toEqual(assignments);
  });

  it('refuses every route but the public ones without credentials', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const route of enumeratedRoutes().filter(r => ROUTE_SPECS[routeKey(r)])) {
      const spec = specOf(route);
      const target = spec.targets[0];
      const made = await target.make(world, 'paul');
      const res = await world.send(null, route.method, pathFor(route.path, made.params), { query: made.query, body: bodyFor(spec, target, world, made) });
      const want = spec.guard.kind === 'public' ? 200 : 401;
      outcomes.push(`${routeKey(route)}: ${outcome(res, want)}`);
      expected.push(`${routeKey(route)}: ${want}`);
      counts.requests += 1;
    }
    expect(outcomes).toEqual(expected);
  });

  it('answers the service-only routes to the one plugin each serves, and refuses every other service (users are refused for what they are, not for a missing route)', async () => {
    const routes = enumeratedRoutes().filter(r => ROUTE_SPECS[routeKey(r)]?.guard.kind === 'service-only');
    expect(routes.length).toBeGreaterThan(0);
    const asService = (subject?: string) =>
      subject ? mockCredentials.service.header({ onBehalfOf: mockCredentials.service(subject), targetPluginId: 'adp' }) : mockCredentials.service.header();
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const route of routes) {
      const spec = specOf(route);
      const made = await spec.targets[0].make(world, 'paul');
      const owner = spec.guard.kind === 'service-only' ? `plugin:${spec.guard.plugin}` : '';
      for (const subject of [owner, undefined, 'plugin:scaffolder', 'plugin:catalog', 'plugin:permission', 'external:adp-automation']) {
        const res = await request(portal.server)
          [route.method](`/api/adp${pathFor(route.path, made.params)}`)
          .query(made.query ?? {})
          .set('Authorization', asService(subject));
        outcomes.push(`${routeKey(route)} as ${subject ?? 'external:test-service'}: ${res.status}`);
        expected.push(`${routeKey(route)} as ${subject ?? 'external:test-service'}: ${subject === owner ? 200 : 403}`);
        counts.requests += 1;
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('explains each persona’s access the way the policy decides it', async () => {
    const { ids } = world;
    const checks: Array<[Persona, string, string, boolean]> = [
      ['dee', 'adp.project.update', ids.acd, true],
      ['dee', 'adp.project.update', ids.flood, false],
      ['pat', 'adp.project.create', ids.fcp, true],
      ['pat', 'adp.project.create', ids.frm, false],
      ['tess', 'adp.project.createService', ids.acd, true],
      ['nora', 'adp.project.createService', ids.acd, false],
      ['cara', 'adp.access.explainOthers', '', true],
      ['paul', 'adp.alb.create', '', false],
      ['ada', 'adp.programme.archive', ids.frm, true],
    ];
    const answers = [];
    for (const [persona, permission, resourceRef] of checks) {
      const res = await request(portal.server)
        .get('/api/adp/access/explain')
        .query({ permission, userRef: ref(persona), ...(resourceRef ? { resourceRef } : {}) })
        .set('Authorization', mockCredentials.user.header(ref('cara')));
      answers.push([persona, permission, resourceRef, res.body.allowed]);
    }
    expect(answers).toEqual(checks);
  });
});
