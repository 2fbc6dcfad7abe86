// The adp plugin's route table, so that a route added there is enumerated here without
// editing a list.
import { ROUTES } from '@adp-portal/plugin-adp-backend/testUtils';
import { AdpPermissionName, ResourceScope, resourceTypeOf, RoleAssignment } from '@adp-portal/plugin-adp-common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Persona, ref } from './personas';
import { Dump, dumpAdpTables } from './dump';
import { matrixAllows, scopeOf } from './oracle';
import { PRODUCTION_ACCESS_SPECS } from './productionAccessSpecs';
import { JOIN_REQUEST_SPECS } from './joinRequestSpecs';
import { as, Ids, Knex, lookUpIds, Portal, Server } from './portal';

export type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';

export interface Route {
  method: Method;
  /** The path below /api/adp, parameters as `{name}` (the ROUTES notation). */
  path: string;
  /** The status of a successful call. */
  status: number;
  source: 'ROUTES' | 'provisioning router';
}

export const routeKey = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

/**
 * Served by the provisioning router (src/provisioning/router.ts) but not listed in ROUTES
 * (src/schema/openapi.ts). Enumerated here until the route table lists them; a route that
 * ROUTES gains is taken from there.
 */
export const PROVISIONING_ROUTES: Route[] = [
  { method: 'get', path: '/projects/{id}/provisioning', status: 200, source: 'provisioning router' },
  { method: 'get', path: '/projects/{id}/provisioning/checks', status: 200, source: 'provisioning router' },
  { method: 'get', path: '/projects/{id}/provisioning/plan', status: 200, source: 'provisioning router' },
  { method: 'post', path: '/projects/{id}/provisioning/retry', status: 200, source: 'provisioning router' },
  { method: 'post', path: '/projects/{id}/provisioning/repositories', status: 200, source: 'provisioning router' },
  { method: 'post', path: '/projects/{id}/provisioning/sonarcloud-projects', status: 200, source: 'provisioning router' },
  { method: 'post', path: '/provisioning/run', status: 200, source: 'provisioning router' },
];

/** Every route of the /api/adp contract: ROUTES, then the provisioning routes it lacks. */
export function enumeratedRoutes(): Route[] {
  const routes: Route[] = ROUTES.map(r => ({ method: r.method as Method, path: r.path, status: r.status ?? 200, source: 'ROUTES' as const }));
  for (const p of PROVISIONING_ROUTES) {
    if (!routes.some(r => routeKey(r) === routeKey(p))) routes.push(p);
  }
  return routes;
}

export const isMutating = (r: { method: string }) => ['post', 'patch', 'put', 'delete'].includes(r.method.toLowerCase());

/**
 * The routes the running adp plugin actually serves (method and `{param}` template), read
 * from the express router stack of the test backend: catches a route mounted without
 * being listed anywhere.
 */
export function servedAdpRoutes(server: Server): Array<{ method: string; path: string }> {
  const app = (server as unknown as { listeners(e: string): any[] }).listeners('request')[0];
  const found: Array<{ method: string; path: string }> = [];
  const walk = (stack: any[], insideAdp: boolean) => {
    for (const layer of stack) {
      const mountsAdp = !!layer.regexp?.test?.('/api/adp') && !layer.regexp.test('/api/permission');
      if (layer.route && insideAdp) {
        const path = String(layer.route.path).replace(/:(\w+)/g, '{$1}');
        if (path.startsWith('/.')) continue; // framework routes (auth keys, permission metadata)
        for (const method of Object.keys(layer.route.methods)) found.push({ method, path });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, insideAdp || mountsAdp);
      }
    }
  };
  walk(app._router?.stack ?? app.router?.stack ?? [], false);
  const seen = new Set<string>();
  return found.filter(r => !seen.has(routeKey(r)) && !!seen.add(routeKey(r)));
}

/** Fills a `{param}` template; values are URL-encoded unless `encoded` says they already are. */
export function pathFor(template: string, params: Record<string, string>, encoded = false): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`No value for {${name}} in ${template}`);
    return encoded ? params[name] : encodeURIComponent(params[name]);
  });
}

export interface SendOptions {
  body?: unknown;
  /** A body sent as it is, with its own content type (malformed JSON, text/plain, ...). */
  raw?: { text: string; type: string };
  query?: Record<string, string>;
}

/** The demo data, the records the suites make, and calls as any persona. */
export class World {
  private counter = 0;

  private constructor(
    readonly server: Server,
    readonly knex: Knex,
    readonly ids: Ids,
    private readonly programmeOfProject: Map<string, string>,
    private readonly namespaceOfProject: Map<string, string>,
  ) {}

  static async create(portal: Portal): Promise<World> {
    const ids = await lookUpIds(portal.server);
    const projects = await portal.knex('projects').select('id', 'programme_id', 'name');
    return new World(
      portal.server,
      portal.knex,
      ids,
      new Map(projects.map(p => [p.id, p.programme_id])),
      new Map(projects.map(p => [p.id, p.name])),
    );
  }

  /** The namespace of a demo project (`missing` for an id that is none). */
  namespaceOf(projectId: string): string {
    return this.namespaceOfProject.get(projectId) ?? 'missing';
  }

  next(): number {
    return ++this.counter;
  }

  send(persona: Persona | string | null, method: Method, path: string, options: SendOptions = {}): request.Test {
    let r = request(this.server)[method](`/api/adp${path}`);
    if (persona) r = r.set('Authorization', as(persona));
    if (options.query) r = r.query(options.query);
    if (options.raw) r = r.set('Content-Type', options.raw.type).send(options.raw.text);
    else if (options.body !== undefined) r = r.send(options.body as object);
    return r;
  }

  /** A call as ADP Admin that must work: fixtures and state changes around a call. */
  async asAda(method: Method, path: string, body?: object): Promise<any> {
    const res = await this.send('ada', method, path, { body });
    if (res.status >= 300) throw new Error(`${method.toUpperCase()} ${path} as ada: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  dump(): Promise<Dump> {
    return dumpAdpTables(this.knex);
  }

  projectScope(projectId: string): ResourceScope {
    return { programmeId: this.programmeOfProject.get(projectId), projectId };
  }

  /** A catalog user who is none of the personas, so that no persona's roles change. */
  fixtureUser(): string {
    return `user:default/fixture-${this.next()}`;
  }

  async freshMember(projectId: string, fields: object = {}): Promise<string> {
    return (await this.asAda('post', `/projects/${projectId}/members`, { userRef: this.fixtureUser(), ...fields })).id;
  }

  async freshAdmin(programmeId: string): Promise<string> {
    return (await this.asAda('post', `/programmes/${programmeId}/admins`, { userRef: this.fixtureUser() })).id;
  }

  async freshPlatformRole(): Promise<string> {
    return (await this.asAda('post', '/platform-roles', { userRef: this.fixtureUser(), role: 'ccoe-engineer' })).id;
  }

  async freshServiceAccount(): Promise<string> {
    const n = this.next();
    return (await this.asAda('post', '/service-accounts', { name: `fixture-bot-${n}`, description: 'fixture', subject: `external:fixture-bot-${n}` })).id;
  }

  /** Puts a project or programme in the archived state wanted (already there, or missing, is fine). */
  async setArchived(kind: 'projects' | 'programmes', id: string, archived: boolean): Promise<void> {
    const res = await this.send('ada', 'post', `/${kind}/${id}/${archived ? 'archive' : 'restore'}`);
    if (![200, 404, 409].includes(res.status)) throw new Error(`Could not set ${kind} ${id} archived=${archived}: ${res.status}`);
  }
}

// --- what guards each route ------------------------------------------------------------

export type Guard =
  /** No sign-in needed. */
  | { kind: 'public' }
  /** Any signed-in user; lists are filtered rather than refused. */
  | { kind: 'signed-in' }
  /** One plugin's own service principal only: users and every other service are refused. */
  | { kind: 'service-only'; plugin: 'permission' | 'catalog' }
  /**
   * An ADP permission; `self` names the one exception where a user acts on themselves;
   * `also`, a rule the service adds to the role model (e.g. only a stored Technical Team
   * Member of the project requests production access there).
   */
  | {
      kind: 'permission';
      permission: AdpPermissionName;
      self?: 'own-profile' | 'own-access';
      also?: (c: { made: Made; assignments: readonly RoleAssignment[] }) => boolean;
    };

/** What a target made for one call: path parameters, the oracle's resource, the user acted on. */
export interface Made {
  params: Record<string, string>;
  scope?: ResourceScope;
  subject?: string;
  query?: Record<string, string>;
  ctx?: Record<string, string>;
}

export interface Target {
  label: string;
  make(w: World, persona: Persona): Promise<Made>;
  /** The record does not exist or is not where the path says: the status every caller gets (404, or 400 for a reference in the body). */
  missing?: number;
  /** The route authorizes before it looks the record up: a refused caller gets 403 even for a missing one. */
  authorizeFirst?: boolean;
  /** A body for this target instead of the route's. */
  body?(w: World, made: Made): object;
}

export interface CheckContext {
  world: World;
  persona: Persona;
  assignments: readonly RoleAssignment[];
}

export interface RouteSpec {
  guard: Guard;
  targets: Target[];
  /** A valid body for a call that should succeed when allowed. */
  body?(w: World, made: Made): object;
  /** State the call needs (e.g. archived before a restore); `after` puts the demo state back. */
  before?(w: World, made: Made): Promise<void>;
  after?(w: World, made: Made): Promise<void>;
  /** Further checks of a successful answer. */
  check?(res: request.Response, c: CheckContext): Promise<void>;
}

const none: Target = { label: '', make: async () => ({ params: {} }) };
const alb = (k: 'rpa' | 'ea'): Target => ({ label: k, make: async w => ({ params: { id: w.ids[k] }, scope: {} }) });
const programme = (k: 'fcp' | 'frm'): Target => ({ label: k, make: async w => ({ params: { id: w.ids[k] }, scope: { programmeId: w.ids[k] } }) });
const project = (k: 'acd' | 'grants' | 'flood'): Target => ({
  label: k,
  make: async w => ({ params: { id: w.ids[k] }, scope: w.projectScope(w.ids[k]) }),
});
const missingId = (extra: Partial<Target> = {}): Target => ({ label: 'missing id', missing: 404, make: async () => ({ params: { id: randomUUID() } }), ...extra });

const ALBS = [alb('rpa'), alb('ea'), missingId()];
const PROGRAMMES = [programme('fcp'), programme('frm'), missingId()];
const PROJECTS = [project('acd'), project('grants'), project('flood'), missingId()];

const freshMember = (k: 'acd' | 'grants' | 'flood'): Target => ({
  label: `fresh member of ${k}`,
  make: async w => ({ params: { id: w.ids[k], memberId: await w.freshMember(w.ids[k]) }, scope: w.projectScope(w.ids[k]) }),
});
const MEMBERS: Target[] = [
  freshMember('acd'),
  freshMember('grants'),
  freshMember('flood'),
  { label: 'member of flood under acd', missing: 404, make: async w => ({ params: { id: w.ids.acd, memberId: await w.freshMember(w.ids.flood) } }) },
  { label: 'missing member', missing: 404, make: async w => ({ params: { id: w.ids.acd, memberId: randomUUID() } }) },
];

const freshAdmin = (k: 'fcp' | 'frm'): Target => ({
  label: `fresh admin of ${k}`,
  make: async w => ({ params: { id: w.ids[k], adminId: await w.freshAdmin(w.ids[k]) }, scope: { programmeId: w.ids[k] } }),
});
const ADMINS: Target[] = [
  freshAdmin('fcp'),
  freshAdmin('frm'),
  { label: 'admin of frm under fcp', missing: 404, make: async w => ({ params: { id: w.ids.fcp, adminId: await w.freshAdmin(w.ids.frm) } }) },
  { label: 'missing admin', missing: 404, make: async w => ({ params: { id: w.ids.fcp, adminId: randomUUID() } }) },
];

const otherPersona = (p: Persona) => ref(p === 'paul' ? 'nora' : 'paul');
const PROFILES: Target[] = [
  { label: 'own', make: async (_w, p) => ({ params: { userRef: ref(p) }, subject: ref(p) }) },
  // Employment, apprenticeship and line manager are personnel facts: nobody records their own.
  {
    label: 'own personnel facts',
    make: async (_w, p) => ({ params: { userRef: ref(p) } }),
    body: () => ({ employment: 'contractor' }),
  },
  { label: 'another persona', make: async (_w, p) => ({ params: { userRef: otherPersona(p) }, subject: otherPersona(p) }) },
  { label: 'user without profile', make: async w => ({ params: { userRef: `user:default/nobody-${w.next()}` }, subject: 'nobody' }) },
  { label: 'not a user ref', missing: 400, make: async () => ({ params: { userRef: 'group:default/adp-platform-engineers' } }) },
];

const explain = (label: string, who: 'self' | 'other', resource: 'acd' | 'missing', extra: Partial<Target> = {}): Target => ({
  label,
  ...extra,
  make: async (w, p) => {
    const userRef = who === 'self' ? ref(p) : otherPersona(p);
    const resourceRef = resource === 'acd' ? w.ids.acd : randomUUID();
    return { params: {}, subject: userRef, query: { permission: 'adp.project.update', userRef, resourceRef } };
  },
});

/** Archive and restore: the record is put in the state the call needs, and live again after it. */
const archiving = (kind: 'projects' | 'programmes', archive: boolean): Pick<RouteSpec, 'before' | 'after'> => ({
  before: async (w, m) => w.setArchived(kind, m.params.id, !archive),
  after: async (w, m) => w.setArchived(kind, m.params.id, false),
});

const perm = (permission: AdpPermissionName, self?: 'own-profile' | 'own-access'): Guard => ({ kind: 'permission', permission, self });

/** Lists answer 200 to everyone with exactly the records the oracle lets the caller read. */
const listCheck =
  (table: 'albs' | 'programmes' | 'projects', permission: AdpPermissionName, kind: 'alb' | 'programme' | 'project') =>
  async (res: request.Response, c: CheckContext) => {
    const dump = await c.world.dump();
    const expected = dump[table]
      .filter(r => matrixAllows(c.assignments, permission, scopeOf(dump, kind, r.id as string)))
      .map(r => r.id)
      .sort();
    // eslint-disable-next-line jest/no-standalone-expect
    expect({ table, persona: c.persona, ids: (res.body.items as any[]).map(i => i.id).sort() }).toEqual({ table, persona: c.persona, ids: expected });
  };
const LIST_QUERY = { limit: '200', includeArchived: 'true' };
const listTarget: Target = { label: 'all', make: async () => ({ params: {}, query: LIST_QUERY }) };

/** The body of a call: the target's own, else the route's. */
export const bodyFor = (spec: RouteSpec, target: Target, w: World, made: Made) => (target.body ?? spec.body)?.(w, made);

/**
 * What each route of the contract needs to be called: its guard (from the service code),
 * the records to call it on, and a valid body. Keyed by `METHOD /path`; a route without
 * an entry fails the suites that enumerate ROUTES.
 */
export const ROUTE_SPECS: Record<string, RouteSpec> = {
  'GET /health': { guard: { kind: 'public' }, targets: [none] },
  'GET /openapi.json': { guard: { kind: 'public' }, targets: [none] },

  'GET /albs': { guard: { kind: 'signed-in' }, targets: [listTarget], check: listCheck('albs', 'adp.alb.read', 'alb') },
  'POST /albs': { guard: perm('adp.alb.create'), targets: [none], body: w => ({ title: `Sweep ALB ${w.next()}`, description: 'x' }) },
  'GET /albs/{id}': { guard: perm('adp.alb.read'), targets: ALBS },
  'PATCH /albs/{id}': { guard: perm('adp.alb.update'), targets: ALBS, body: w => ({ description: `changed ${w.next()}` }) },
  'GET /albs/{id}/history': { guard: perm('adp.alb.read'), targets: ALBS },

  'GET /programmes': { guard: { kind: 'signed-in' }, targets: [listTarget], check: listCheck('programmes', 'adp.programme.read', 'programme') },
  'POST /programmes': {
    guard: perm('adp.programme.create'),
    targets: [
      { label: 'in rpa', make: async w => ({ params: {}, ctx: { albId: w.ids.rpa } }) },
      // The ALB is read inside the write, after authorization: 400 for ADP Admins, 403 for the rest.
      { label: 'missing ALB', missing: 400, authorizeFirst: true, make: async () => ({ params: {}, ctx: { albId: randomUUID() } }) },
    ],
    body: (w, m) => {
      const n = w.next();
      const code = `Q${String.fromCharCode(65 + ((n / 676) % 26 | 0), 65 + ((n / 26) % 26 | 0), 65 + (n % 26))}`;
      return { albId: m.ctx!.albId, title: `Sweep Programme ${n}`, code, description: 'x' };
    },
  },
  'GET /programmes/{id}': { guard: perm('adp.programme.read'), targets: PROGRAMMES },
  'PATCH /programmes/{id}': { guard: perm('adp.programme.update'), targets: PROGRAMMES, body: w => ({ description: `changed ${w.next()}` }) },
  'POST /programmes/{id}/archive': { guard: perm('adp.programme.archive'), targets: PROGRAMMES, ...archiving('programmes', true) },
  'POST /programmes/{id}/restore': { guard: perm('adp.programme.archive'), targets: PROGRAMMES, ...archiving('programmes', false) },
  'GET /programmes/{id}/history': { guard: perm('adp.programme.read'), targets: PROGRAMMES },
  'GET /programmes/{id}/admins': { guard: perm('adp.programme.read'), targets: PROGRAMMES },
  'POST /programmes/{id}/admins': { guard: perm('adp.programmeAdmin.create'), targets: PROGRAMMES, body: w => ({ userRef: w.fixtureUser() }) },
  'DELETE /programmes/{id}/admins/{adminId}': { guard: perm('adp.programmeAdmin.delete'), targets: ADMINS },

  'GET /projects': { guard: { kind: 'signed-in' }, targets: [listTarget], check: listCheck('projects', 'adp.project.read', 'project') },
  'POST /projects': {
    guard: perm('adp.project.create'),
    targets: [
      { label: 'in fcp', make: async w => ({ params: {}, scope: { programmeId: w.ids.fcp }, ctx: { programmeId: w.ids.fcp } }) },
      { label: 'in frm', make: async w => ({ params: {}, scope: { programmeId: w.ids.frm }, ctx: { programmeId: w.ids.frm } }) },
      // The programme is read before authorization (it decides the scope): 400 for everyone.
      { label: 'missing programme', missing: 400, make: async () => ({ params: {}, ctx: { programmeId: randomUUID() } }) },
    ],
    body: (w, m) => ({ programmeId: m.ctx!.programmeId, title: `Sweep Project ${w.next()}`, description: 'x' }),
  },
  'GET /projects/{id}': { guard: perm('adp.project.read'), targets: PROJECTS },
  'PATCH /projects/{id}': { guard: perm('adp.project.update'), targets: PROJECTS, body: w => ({ description: `changed ${w.next()}` }) },
  'POST /projects/{id}/archive': { guard: perm('adp.project.archive'), targets: PROJECTS, ...archiving('projects', true) },
  'POST /projects/{id}/restore': { guard: perm('adp.project.archive'), targets: PROJECTS, ...archiving('projects', false) },
  'GET /projects/{id}/history': { guard: perm('adp.project.read'), targets: PROJECTS },
  'GET /projects/{id}/members': { guard: perm('adp.project.read'), targets: PROJECTS },
  'POST /projects/{id}/members': { guard: perm('adp.projectMember.create'), targets: PROJECTS, body: w => ({ userRef: w.fixtureUser() }) },
  'PATCH /projects/{id}/members/{memberId}': { guard: perm('adp.projectMember.update'), targets: MEMBERS, body: () => ({ admin: true }) },
  'DELETE /projects/{id}/members/{memberId}': { guard: perm('adp.projectMember.delete'), targets: MEMBERS },

  'GET /profiles/{userRef}': { guard: { kind: 'signed-in' }, targets: PROFILES },
  'PATCH /profiles/{userRef}': {
    guard: perm('adp.userProfile.manage', 'own-profile'),
    targets: PROFILES,
    body: w => ({ githubHandle: `gh-sweep-${w.next()}` }),
  },
  // Only the owner links their account, ADP Admins included (`also` refuses everyone else); the
  // sweep's portal has no GitHub configured, so the owner is told so with 400.
  'POST /profiles/{userRef}/github': {
    guard: { kind: 'permission', permission: 'adp.userProfile.manage', self: 'own-profile', also: () => false },
    targets: [
      { label: 'own, GitHub sign-in not configured', missing: 400, authorizeFirst: true, make: async (_w, p) => ({ params: { userRef: ref(p) }, subject: ref(p) }) },
      { label: 'another persona', missing: 400, authorizeFirst: true, make: async (_w, p) => ({ params: { userRef: otherPersona(p) }, subject: otherPersona(p) }) },
      { label: 'not a user ref', missing: 400, make: async () => ({ params: { userRef: 'group:default/adp-platform-engineers' } }) },
    ],
    body: () => ({ accessToken: 'gho_sweep' }),
  },

  'GET /platform-roles': { guard: { kind: 'signed-in' }, targets: [none] },
  'POST /platform-roles': { guard: perm('adp.platformRole.manage'), targets: [none], body: w => ({ userRef: w.fixtureUser(), role: 'ccoe-engineer' }) },
  'DELETE /platform-roles/{id}': {
    guard: perm('adp.platformRole.manage'),
    targets: [{ label: 'fresh', make: async w => ({ params: { id: await w.freshPlatformRole() } }) }, missingId({ authorizeFirst: true })],
  },
  'GET /service-accounts': { guard: perm('adp.serviceAccount.manage'), targets: [none] },
  'POST /service-accounts': {
    guard: perm('adp.serviceAccount.manage'),
    targets: [none],
    body: w => {
      const n = w.next();
      return { name: `sweep-bot-${n}`, description: 'x', subject: `external:sweep-bot-${n}` };
    },
  },
  'DELETE /service-accounts/{id}': {
    guard: perm('adp.serviceAccount.manage'),
    targets: [{ label: 'fresh', make: async w => ({ params: { id: await w.freshServiceAccount() } }) }, missingId({ authorizeFirst: true })],
  },

  'GET /access/me': { guard: { kind: 'signed-in' }, targets: [none] },
  'GET /access/explain': {
    guard: perm('adp.access.explainOthers', 'own-access'),
    targets: [
      explain('own access', 'self', 'acd'),
      explain("another user's access", 'other', 'acd'),
      explain('own access on a missing record', 'self', 'missing', { missing: 404 }),
      explain("another user's access on a missing record", 'other', 'missing', { missing: 404, authorizeFirst: true }),
      { label: 'unknown permission', missing: 400, make: async (_w, p) => ({ params: {}, query: { permission: 'adp.nothing', userRef: otherPersona(p) } }) },
    ],
  },
  'GET /access/matrix': { guard: { kind: 'signed-in' }, targets: [none] },
  'GET /access/matrix.csv': { guard: { kind: 'signed-in' }, targets: [none] },

  'GET /internal/role-index': { guard: { kind: 'service-only', plugin: 'permission' }, targets: [none] },
  'GET /internal/role-index/changes': { guard: { kind: 'service-only', plugin: 'permission' }, targets: [{ label: 'since 0', make: async () => ({ params: {}, query: { since: '0' } }) }] },
  'GET /internal/catalog-source': { guard: { kind: 'service-only', plugin: 'catalog' }, targets: [none] },

  'GET /projects/{id}/provisioning': { guard: perm('adp.project.read'), targets: PROJECTS },
  'GET /projects/{id}/provisioning/checks': { guard: perm('adp.project.read'), targets: PROJECTS },
  'GET /projects/{id}/provisioning/plan': { guard: perm('adp.provisioning.plan'), targets: PROJECTS },
  'POST /projects/{id}/provisioning/retry': { guard: perm('adp.provisioning.retry'), targets: PROJECTS, body: () => ({}) },
  'POST /projects/{id}/provisioning/repositories': {
    guard: perm('adp.project.createService'),
    targets: PROJECTS,
    body: w => ({ repository: `sweep-repo-${w.next()}` }),
  },
  'POST /projects/{id}/provisioning/sonarcloud-projects': {
    guard: perm('adp.project.createService'),
    targets: PROJECTS,
    // The key must be the target project's: its namespace, then anything.
    body: (w, made) => ({ key: `${w.namespaceOf(made.params.id)}-sweep-${w.next()}` }),
  },
  'POST /provisioning/run': { guard: perm('adp.provisioning.run'), targets: [none] },

  ...PRODUCTION_ACCESS_SPECS,
  ...JOIN_REQUEST_SPECS,
};

/** The oracle's answer for one call: the success status, 403, or the missing-record status. */
export function expectedStatus(route: Route, spec: RouteSpec, target: Target, made: Made, persona: Persona, assignments: readonly RoleAssignment[]): number {
  const allowed = () => {
    const g = spec.guard;
    switch (g.kind) {
      case 'public':
      case 'signed-in':
        return true;
      case 'service-only':
        return false;
      default:
        if (g.self && made.subject === ref(persona)) return true;
        return (
          matrixAllows(assignments, g.permission, resourceTypeOf(g.permission) ? made.scope : undefined) &&
          (g.also?.({ made, assignments }) ?? true)
        );
    }
  };
  if (target.missing) return target.authorizeFirst && !allowed() ? 403 : target.missing;
  return allowed() ? route.status : 403;
}

/** The spec of a route, or an error naming the route that has none. */
export function specOf(route: Route): RouteSpec {
  const spec = ROUTE_SPECS[routeKey(route)];
  if (!spec) throw new Error(`No route spec for ${routeKey(route)} (${route.source}): add one to __testUtils__/routes.ts`);
  return spec;
}
