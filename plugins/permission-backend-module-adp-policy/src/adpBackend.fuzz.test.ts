import { PROVISIONING_SYSTEMS } from '@adp-portal/plugin-adp-backend/testUtils';
import {
  addProgrammeAdminSchema,
  addProjectMemberSchema,
  assignPlatformRoleSchema,
  createAlbSchema,
  createProgrammeSchema,
  createProjectSchema,
  createServiceAccountSchema,
  ResourceScope,
  resourceTypeOf,
  RoleAssignment,
  updateAlbSchema,
  updateProgrammeSchema,
  updateProjectMemberSchema,
  updateProjectSchema,
  linkGithubAccountSchema,
  updateUserProfileSchema,
  userRefSchema,
  createJoinRequestSchema,
  createProductionAccessRequestSchema,
  decideJoinRequestSchema,
  lineManagerApprovalSchema,
  productionAccessDecisionSchema,
  recertifyProductionAccessSchema,
  revokeProductionAccessSchema,
  updateProductionAccessChecklistSchema,
  LEARNING_OBJECTIVE_IDS,
  PRODUCTION_LEVEL_IDS,
} from '@adp-portal/plugin-adp-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { Persona, PERSONAS, ref } from './__testUtils__/personas';
import { diffDumps, Dump } from './__testUtils__/dump';
import {
  anyValue,
  applyMutations,
  BodyCase,
  hasNul,
  hostileSegment,
  hostileString,
  mutations,
  parsedBody,
  PATH_FRAGMENTS,
  SQL_FRAGMENTS,
  UNICODE_FRAGMENTS,
  rawBodies,
  segment,
} from './__testUtils__/hostile';
import { assignmentsOf, matrixAllows } from './__testUtils__/oracle';
import { Portal, startPortal } from './__testUtils__/portal';
import { enumeratedRoutes, isMutating, pathFor, Route, routeKey, specOf, World } from './__testUtils__/routes';
import { fixtureRecord } from './__testUtils__/productionAccessSpecs';

/*
 * Hostile input to every mutating route of /api/adp (ROUTES in the plugin's openapi.ts plus
 * the provisioning routes it does not list), as every persona, over the real plugin, the
 * permission backend and the policy, on SQLite and PostgreSQL.
 *
 * Each generated request is a plausible body (hostile strings in free text), a mutation of
 * one (wrong types, missing fields, unknown fields, ids that differ from the path), or no
 * JSON object at all; on the record the path names, another record, or a segment that
 * names nothing or cannot be decoded. The test classifies it with the plugin's own schemas
 * (and its rule that no text holds U+0000) and the oracle: a request with invalid input, a
 * missing or misplaced record, or a
 * persona the oracle refuses must be refused. Properties:
 *  - never a 5xx;
 *  - a request that must be refused gets a 4xx (exactly 403 when only the persona is wrong);
 *  - after every 4xx, a dump of every adp table (listed from the migrations) is unchanged;
 *  - a request that may succeed (valid by accident) may answer 2xx: the dump is then taken
 *    again as the new baseline. Requests that may succeed are not generated for routes that
 *    read no body (archive, restore, delete, run) or when they would change a persona's
 *    roles, so the fixtures and the oracle stay put.
 */

jest.setTimeout(300_000);

/** Runs per route and persona; ADP_FUZZ_RUNS raises it for a longer soak. */
const RUNS = Number(process.env.ADP_FUZZ_RUNS ?? 8);
const SEED = process.env.ADP_FUZZ_SEED ? Number(process.env.ADP_FUZZ_SEED) : undefined;

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PERSONA_REFS = new Set(PERSONAS.map(ref));

interface Schema {
  safeParse(v: unknown): { success: true; data: any } | { success: false };
}

/** The records the generators pick from, made once per database. */
interface Pool {
  albs: string[];
  programmes: string[];
  projects: string[];
  /** `persona`: the row gives a persona a role (changing it would move the oracle). */
  members: Array<{ id: string; projectId: string; persona: boolean }>;
  admins: Array<{ id: string; programmeId: string; persona: boolean }>;
  platformRoles: string[];
  serviceAccounts: string[];
  /** Production access requests and grants of fixture users (never a persona's). */
  productionAccess: Array<{ id: string; projectId: string }>;
  world: World;
}

const allIds = (p: Pool) => [
  ...p.albs, ...p.programmes, ...p.projects, ...p.members.map(m => m.id), ...p.admins.map(a => a.id), ...p.platformRoles, ...p.serviceAccounts,
  ...p.productionAccess.map(r => r.id),
];

interface ParamCase {
  params: Record<string, string>;
  note: string;
  /** The path names an existing record where the route expects it. */
  exists: boolean;
  scope?: ResourceScope;
  /** The user a profile route acts on. */
  subject?: string;
  /** The record gives a persona a role. */
  personaRow?: boolean;
}

interface FuzzSpec {
  params(pool: Pool): fc.Arbitrary<ParamCase>;
  /** A plausible body, hostile content allowed; absent for a route that reads no body. */
  body?(pool: Pool): fc.Arbitrary<Record<string, unknown>>;
  /** The schema the route applies to its body (the plugin's own, from adp-common). */
  schema?: Schema;
  /** For a route whose parent record is named in the body: whether it exists, and where. */
  fromBody?(data: any, pool: Pool): { exists: boolean; scope?: ResourceScope };
  /** User refs the body would give a role. */
  grantsTo?(data: any): string[];
  /** The own-profile exception holds only for some bodies. */
  selfAllowed?(data: any): boolean;
  /** Only the record's own requester or line manager may call, and no persona is either. */
  noPersonaMay?: true;
}

// --- parameter generators ----------------------------------------------------------------

const enc = encodeURIComponent;
const noParams = (): fc.Arbitrary<ParamCase> => fc.constant({ params: {}, note: '', exists: true });

/** One `{id}`: an existing record of the kind, or a segment that names none of that kind. */
const idParam =
  (kind: 'alb' | 'programme' | 'project' | 'platformRole' | 'serviceAccount') =>
  (pool: Pool): fc.Arbitrary<ParamCase> => {
    const own = { alb: pool.albs, programme: pool.programmes, project: pool.projects, platformRole: pool.platformRoles, serviceAccount: pool.serviceAccounts }[kind];
    const scopes: Partial<Record<typeof kind, (id: string) => ResourceScope>> = {
      alb: () => ({}),
      programme: id => ({ programmeId: id }),
      project: id => pool.world.projectScope(id),
    };
    const scope = (id: string) => scopes[kind]?.(id);
    return fc.oneof(
      fc.constantFrom(...own).map(id => ({ params: { id: enc(id) }, note: `existing ${kind}`, exists: true, scope: scope(id) })),
      hostileSegment(allIds(pool).filter(id => !own.includes(id))).map(s => ({ params: { id: s.encoded }, note: s.note, exists: false })),
      hostileSegment(allIds(pool).filter(id => !own.includes(id))).map(s => ({ params: { id: s.encoded }, note: s.note, exists: false })),
    );
  };

/** `{id}` and a child id: the child where it is, under another parent, or either part hostile. */
const childParams =
  (child: 'memberId' | 'adminId') =>
  (pool: Pool): fc.Arbitrary<ParamCase> => {
    const rows = child === 'memberId' ? pool.members.map(m => ({ ...m, parent: m.projectId })) : pool.admins.map(a => ({ ...a, parent: a.programmeId }));
    const parents = child === 'memberId' ? pool.projects : pool.programmes;
    const scope = (parent: string) => (child === 'memberId' ? pool.world.projectScope(parent) : { programmeId: parent });
    const others = allIds(pool).filter(id => !rows.some(r => r.id === id));
    return fc.oneof(
      fc.constantFrom(...rows).map(r => ({ params: { id: enc(r.parent), [child]: enc(r.id) }, note: 'child where it is', exists: true, scope: scope(r.parent), personaRow: r.persona })),
      fc
        .tuple(fc.constantFrom(...rows), fc.constantFrom(...parents))
        .filter(([r, p]) => r.parent !== p)
        .map(([r, p]) => ({ params: { id: enc(p), [child]: enc(r.id) }, note: 'child under another parent', exists: false })),
      fc.tuple(fc.constantFrom(...parents), hostileSegment(others)).map(([p, s]) => ({ params: { id: enc(p), [child]: s.encoded }, note: `child ${s.note}`, exists: false })),
      fc.tuple(hostileSegment(allIds(pool).filter(id => !parents.includes(id))), fc.constantFrom(...rows)).map(([s, r]) => ({ params: { id: s.encoded, [child]: enc(r.id) }, note: `parent ${s.note}`, exists: false })),
    );
  };

/** `{id}` of a production access record: one of the fixtures, or a segment naming none. */
const productionAccessParam = (pool: Pool): fc.Arbitrary<ParamCase> => {
  const own = pool.productionAccess.map(r => r.id);
  return fc.oneof(
    fc.constantFrom(...pool.productionAccess).map(r => ({ params: { id: enc(r.id) }, note: 'existing record', exists: true, scope: pool.world.projectScope(r.projectId) })),
    hostileSegment(allIds(pool).filter(id => !own.includes(id))).map(s => ({ params: { id: s.encoded }, note: s.note, exists: false })),
  );
};

const bareOrRef = fc.constantFrom(...PERSONAS.map(ref), ...PERSONAS, 'USER:DEFAULT/PAUL', 'user:default/fixture-1', 'fuzz-user', 'group:default/adp-platform-engineers', 'user:default/', 'component:default/x');
const userRefValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: bareOrRef },
  { weight: 2, arbitrary: fc.nat({ max: 9999 }).map(n => `user:default/fuzz-${n}`) },
  { weight: 3, arbitrary: hostileString },
);

const profileParams = (): fc.Arbitrary<ParamCase> =>
  fc.oneof(fc.oneof(bareOrRef, hostileString).map(v => segment(v, 'user ref')), hostileSegment([])).map(s => {
    const parsed = s.decoded === undefined ? undefined : userRefSchema.safeParse(s.decoded);
    return {
      params: { userRef: s.encoded },
      note: s.note,
      exists: !!parsed?.success,
      subject: parsed?.success ? parsed.data : undefined,
    };
  });

// --- body generators ----------------------------------------------------------------------

/** Free text: benign, a hostile fragment (valid as text), or anything hostile. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map(s => `fuzz ${s}`) },
  { weight: 3, arbitrary: fc.constantFrom(...SQL_FRAGMENTS, ...PATH_FRAGMENTS, ...UNICODE_FRAGMENTS).map(s => `fuzz ${s}`) },
  { weight: 2, arbitrary: hostileString },
);
const slugish = fc.oneof(fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,8})?$/), hostileString);
const urlish = fc.oneof(fc.webUrl(), hostileString, fc.constant(''), fc.constant(null));
const optionalSlug = fc.oneof(slugish, fc.constant(''), fc.constant(null));
const code = fc.oneof(fc.stringMatching(/^[A-Za-z]{3,4}$/), hostileString);
const handle = fc.oneof(fc.stringMatching(/^[a-z0-9]{1,12}$/), hostileString);
const oneOf = <T>(values: readonly T[]) => fc.oneof(fc.constantFrom(...values), hostileString);
const idOf = (ids: string[], pool: Pool) => fc.oneof(fc.constantFrom(...ids), fc.constantFrom(...allIds(pool)), hostileString, fc.constantFrom(...ids).map(id => ` ${id} `));

const albBody = (required: string[]) => () =>
  fc.record({ title: text, description: text, name: slugish, alias: optionalSlug, url: urlish }, { requiredKeys: required as any });
const programmeFields = { title: text, code, description: text, alias: optionalSlug, url: urlish };
const projectFields = {
  title: text,
  description: text,
  alias: optionalSlug,
  adoProject: text,
  githubTeamVisibility: oneOf(['public', 'private']),
  teamType: oneOf(['delivery', 'platform']),
  serviceCode: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{2,10}$/), hostileString, fc.constant('')),
  costCentre: text,
  serviceOwner: fc.oneof(fc.emailAddress(), hostileString, fc.constant('')),
};

/** The provisioning router's own body rules (its zod schemas are not exported): strict objects. */
const strictObject = (check: (v: Record<string, unknown>) => Record<string, unknown> | undefined, keys: string[]): Schema => ({
  safeParse(v: unknown) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { success: false };
    if (Object.keys(v).some(k => !keys.includes(k))) return { success: false };
    const data = check(v as Record<string, unknown>);
    return data ? { success: true, data } : { success: false };
  },
});
const retrySchema = strictObject(v => (v.system === undefined || (PROVISIONING_SYSTEMS as unknown[]).includes(v.system) ? v : undefined), ['system']);
const repositorySchema = strictObject(
  v => (typeof v.repository === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(v.repository.trim()) ? { repository: v.repository.trim() } : undefined),
  ['repository'],
);
const sonarProjectSchema = strictObject(
  v =>
    typeof v.key === 'string' &&
    /^(?=.*[^0-9])[A-Za-z0-9_.:-]{1,400}$/.test(v.key) &&
    (v.name === undefined || (typeof v.name === 'string' && v.name.trim().length >= 1 && v.name.trim().length <= 255)) &&
    (v.visibility === undefined || v.visibility === 'public' || v.visibility === 'private')
      ? v
      : undefined,
  ['key', 'name', 'visibility'],
);

const checklistItem = fc.record(
  {
    objective: oneOf(LEARNING_OBJECTIVE_IDS),
    completedOn: fc.oneof(fc.constantFrom('2026-01-05', '2099-12-31', '2026-02-30'), hostileString),
    note: fc.oneof(text, fc.constant(null)),
    evidenceUrl: fc.oneof(urlish),
  },
  { requiredKeys: ['objective', 'completedOn'] },
);
const checklist = fc.array(checklistItem, { maxLength: 5 });

/**
 * The service refuses a checklist date after today (by its clock) as bad input, as it does a
 * schema error: a body with one is invalid input whoever sends it, not only forbidden.
 */
const withPastChecklist = (schema: Schema): Schema => ({
  safeParse(v: unknown) {
    const parsed = schema.safeParse(v);
    if (!parsed.success) return parsed;
    const today = new Date().toISOString().slice(0, 10);
    const items: Array<{ completedOn: string }> = parsed.data.checklist ?? [];
    return items.some(item => item.completedOn > today) ? { success: false } : parsed;
  },
});

const personnelFacts = (d: any) => d.employment !== undefined || d.apprentice !== undefined || d.lineManagerRef !== undefined;

/** The fuzz generator of each mutating route. A mutating route without one fails the suite. */
const FUZZ: Record<string, FuzzSpec> = {
  'POST /albs': { params: noParams, body: albBody(['title', 'description']), schema: createAlbSchema },
  'PATCH /albs/{id}': { params: idParam('alb'), body: albBody([]), schema: updateAlbSchema },
  'POST /programmes': {
    params: noParams,
    body: pool =>
      fc.record(
        { albId: idOf(pool.albs, pool), name: slugish, admins: fc.array(userRefValue, { maxLength: 3 }), ...programmeFields },
        { requiredKeys: ['albId', 'title', 'code', 'description'] },
      ),
    schema: createProgrammeSchema,
    fromBody: (d, pool) => ({ exists: pool.albs.includes(d.albId) }),
    grantsTo: d => d.admins ?? [],
  },
  'PATCH /programmes/{id}': { params: idParam('programme'), body: () => fc.record(programmeFields, { requiredKeys: [] }), schema: updateProgrammeSchema },
  'POST /programmes/{id}/archive': { params: idParam('programme') },
  'POST /programmes/{id}/restore': { params: idParam('programme') },
  'POST /programmes/{id}/admins': {
    params: idParam('programme'),
    body: () => fc.record({ userRef: userRefValue }),
    schema: addProgrammeAdminSchema,
    grantsTo: d => [d.userRef],
  },
  'DELETE /programmes/{id}/admins/{adminId}': { params: childParams('adminId') },
  'POST /projects': {
    params: noParams,
    body: pool => fc.record({ programmeId: idOf(pool.programmes, pool), ...projectFields }, { requiredKeys: ['programmeId', 'title', 'description'] }),
    schema: createProjectSchema,
    fromBody: (d, pool) => ({ exists: pool.programmes.includes(d.programmeId), scope: { programmeId: d.programmeId } }),
  },
  'PATCH /projects/{id}': { params: idParam('project'), body: () => fc.record(projectFields, { requiredKeys: [] }), schema: updateProjectSchema },
  'POST /projects/{id}/archive': { params: idParam('project') },
  'POST /projects/{id}/restore': { params: idParam('project') },
  'POST /projects/{id}/members': {
    params: idParam('project'),
    // A GitHub account is its owner's to link: `githubHandle` is only ever a mutation here, refused with 400.
    body: () => fc.record({ userRef: userRefValue, technical: fc.boolean(), admin: fc.boolean() }, { requiredKeys: ['userRef'] }),
    schema: addProjectMemberSchema,
    grantsTo: d => [d.userRef],
  },
  'PATCH /projects/{id}/members/{memberId}': {
    params: childParams('memberId'),
    body: () => fc.record({ technical: fc.boolean(), admin: fc.boolean() }, { requiredKeys: [] }),
    schema: updateProjectMemberSchema,
  },
  'DELETE /projects/{id}/members/{memberId}': { params: childParams('memberId') },
  'POST /profiles/{userRef}/github': {
    params: profileParams,
    body: () => fc.record({ accessToken: fc.oneof(fc.stringMatching(/^gho_[a-z0-9]{1,20}$/), hostileString) }, { requiredKeys: [] }),
    schema: linkGithubAccountSchema,
  },
  'PATCH /profiles/{userRef}': {
    params: profileParams,
    body: () =>
      fc.record(
        {
          githubHandle: fc.oneof(handle, fc.constant(null)),
          employment: fc.oneof(oneOf(['civil-servant', 'contractor']), fc.constant(null)),
          apprentice: fc.boolean(),
          lineManagerRef: fc.oneof(userRefValue, fc.constant(null)),
        },
        { requiredKeys: [] },
      ),
    schema: updateUserProfileSchema,
    selfAllowed: d => !personnelFacts(d),
  },
  'POST /platform-roles': {
    params: noParams,
    body: () => fc.record({ userRef: userRefValue, role: oneOf(['adp-admin', 'ccoe-engineer']) }),
    schema: assignPlatformRoleSchema,
    grantsTo: d => [d.userRef],
  },
  'DELETE /platform-roles/{id}': { params: idParam('platformRole') },
  'POST /service-accounts': {
    params: noParams,
    body: () => fc.record({ name: slugish, description: text, subject: fc.oneof(fc.stringMatching(/^(external|plugin):[a-z0-9-]{1,20}$/), hostileString) }),
    schema: createServiceAccountSchema,
  },
  'DELETE /service-accounts/{id}': { params: idParam('serviceAccount') },
  'POST /projects/{id}/provisioning/retry': {
    params: idParam('project'),
    body: () => fc.record({ system: oneOf(PROVISIONING_SYSTEMS) }, { requiredKeys: [] }),
    schema: retrySchema,
  },
  'POST /projects/{id}/provisioning/repositories': {
    params: idParam('project'),
    body: () => fc.record({ repository: fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{1,30}$/), hostileString) }),
    schema: repositorySchema,
  },
  'POST /projects/{id}/provisioning/sonarcloud-projects': {
    params: idParam('project'),
    body: () =>
      fc.record(
        {
          key: fc.oneof(fc.stringMatching(/^(fcp-acd|frm)-[a-z0-9-]{1,20}$/), fc.stringMatching(/^[A-Za-z0-9._:-]{1,30}$/), hostileString),
          name: fc.oneof(text, hostileString),
          visibility: oneOf(['public', 'private', 'internal']),
        },
        { requiredKeys: ['key'] },
      ),
    schema: sonarProjectSchema,
  },
  'POST /provisioning/run': { params: noParams },

  'POST /production-access/requests': {
    params: noParams,
    body: pool =>
      fc.record(
        { projectId: idOf(pool.projects, pool), level: oneOf(PRODUCTION_LEVEL_IDS), justification: text, checklist },
        { requiredKeys: ['projectId', 'level', 'justification'] },
      ),
    schema: withPastChecklist(createProductionAccessRequestSchema),
    fromBody: (d, pool) => ({ exists: pool.projects.includes(d.projectId), scope: pool.world.projectScope(d.projectId) }),
  },
  'PATCH /production-access/requests/{id}': {
    params: productionAccessParam,
    body: () => fc.record({ checklist }),
    schema: withPastChecklist(updateProductionAccessChecklistSchema),
    noPersonaMay: true,
  },
  'POST /production-access/requests/{id}/withdraw': { params: productionAccessParam, noPersonaMay: true },
  'POST /production-access/requests/{id}/line-manager-approval': {
    params: productionAccessParam,
    body: () => fc.record({ note: fc.oneof(text, fc.constant(null)) }, { requiredKeys: [] }),
    schema: lineManagerApprovalSchema,
    noPersonaMay: true,
  },
  'POST /production-access/requests/{id}/decision': {
    params: productionAccessParam,
    body: () =>
      fc.oneof(
        fc.record({ decision: oneOf(['approve']), confirmations: fc.array(oneOf(['security-clearance', 'code-review', 'probation']), { maxLength: 6 }), checklistConfirmations: fc.array(oneOf(LEARNING_OBJECTIVE_IDS), { maxLength: 5 }), note: text }, { requiredKeys: ['decision', 'confirmations'] }),
        fc.record({ decision: oneOf(['refuse']), note: text }),
      ),
    schema: productionAccessDecisionSchema,
  },
  'POST /production-access/requests/{id}/recertify': {
    params: productionAccessParam,
    body: () => fc.record({ note: fc.oneof(text, fc.constant(null)) }, { requiredKeys: [] }),
    schema: recertifyProductionAccessSchema,
  },
  'POST /projects/{id}/join-requests': {
    params: idParam('project'),
    body: () => fc.record({ reason: text }, { requiredKeys: [] }),
    schema: createJoinRequestSchema,
  },
  // The pool holds no join requests: every id names none, so only the input and 404 are tried.
  'POST /join-requests/{requestId}/decision': {
    params: pool => hostileSegment(allIds(pool)).map(s => ({ params: { requestId: s.encoded }, note: s.note, exists: false })),
    body: () =>
      fc.record(
        { decision: fc.oneof(oneOf(['approve', 'refuse']), hostileString), technical: fc.boolean(), admin: fc.boolean(), note: text },
        { requiredKeys: ['decision'] },
      ),
    schema: decideJoinRequestSchema,
  },
  'POST /production-access/requests/{id}/revoke': {
    params: productionAccessParam,
    body: () => fc.record({ reason: text }),
    schema: revokeProductionAccessSchema,
  },
};

// --- requests and their classification -------------------------------------------------------

type Verdict = 'invalid input' | 'no such record' | 'forbidden' | 'may succeed';

interface FuzzRequest {
  persona: Persona;
  params: ParamCase;
  body: BodyCase;
  verdict: Verdict;
  touchesPersona: boolean;
}

function bodies(spec: FuzzSpec, pool: Pool): fc.Arbitrary<BodyCase> {
  if (!spec.body) {
    // The route reads no body: whatever is sent is ignored, unless the JSON parser refuses it first.
    return fc.oneof(
      fc.constant<BodyCase>({ kind: 'none' }),
      anyValue.filter(v => typeof v === 'object' && v !== null).map<BodyCase>(value => ({ kind: 'json', value, note: 'ignored body' })),
      rawBodies,
    );
  }
  const plausible = spec.body(pool);
  const fields = [
    'title', 'description', 'name', 'code', 'albId', 'programmeId', 'userRef', 'technical', 'admin', 'githubHandle', 'role', 'subject', 'repository', 'system', 'employment', 'apprentice', 'lineManagerRef', 'admins',
    'projectId', 'level', 'justification', 'checklist', 'decision', 'confirmations', 'checklistConfirmations', 'note', 'reason',
  ];
  return fc.oneof(
    { weight: 4, arbitrary: plausible.map<BodyCase>(value => ({ kind: 'json', value, note: 'plausible' })) },
    {
      weight: 4,
      arbitrary: fc.tuple(plausible, mutations(fields, allIds(pool))).map<BodyCase>(([b, ms]) => ({
        kind: 'json',
        value: applyMutations(b, ms),
        note: `mutated: ${ms.map(m => `${m.op} ${m.key}`).join(', ')}`,
      })),
    },
    { weight: 1, arbitrary: rawBodies },
  );
}

function classify(route: Route, spec: FuzzSpec, pool: Pool, persona: Persona, assignments: readonly RoleAssignment[], params: ParamCase, body: BodyCase): Pick<FuzzRequest, 'verdict' | 'touchesPersona'> {
  const parsed = parsedBody(body);
  let data: any;
  // The input contract: no U+0000 anywhere (as %00 in the path, escaped in JSON), on both databases.
  const value = parsed.rejected ? undefined : parsed.value;
  const nul = Object.values(params.params).some(p => /%00/i.test(p)) || hasNul(value);
  let validBody = !parsed.rejected && !nul;
  if (validBody && spec.schema) {
    const result = spec.schema.safeParse(value ?? {});
    validBody = result.success;
    data = result.success ? result.data : undefined;
  }
  let exists = params.exists;
  let scope = params.scope;
  if (validBody && spec.fromBody) {
    const named = spec.fromBody(data, pool);
    exists = exists && named.exists;
    scope = named.scope ?? scope;
  }
  const touchesPersona = !!params.personaRow || (data !== undefined && (spec.grantsTo?.(data) ?? []).some(r => PERSONA_REFS.has(r)));
  if (!validBody) return { verdict: 'invalid input', touchesPersona };
  if (!exists) return { verdict: 'no such record', touchesPersona };
  if (spec.noPersonaMay) return { verdict: 'forbidden', touchesPersona };
  const guard = specOf(route).guard;
  if (guard.kind !== 'permission') throw new Error(`${routeKey(route)}: the fuzz suite expects a permission guard`);
  const self = guard.self === 'own-profile' && params.subject === ref(persona) && (spec.selfAllowed?.(data) ?? true);
  const allowed =
    self ||
    (matrixAllows(assignments, guard.permission, resourceTypeOf(guard.permission) ? scope : undefined) &&
      (guard.also?.({ made: { params: params.params, scope }, assignments }) ?? true));
  return { verdict: allowed ? 'may succeed' : 'forbidden', touchesPersona };
}

function describeBody(body: BodyCase): string {
  if (body.kind === 'none') return 'none';
  if (body.kind === 'json') return `${body.note}: ${JSON.stringify(body.value)?.slice(0, 2500)}`;
  return `${body.note} (${body.type}): ${body.text.slice(0, 120)}`;
}

const describeRequest = (route: Route, r: FuzzRequest) =>
  JSON.stringify({
    route: routeKey(route),
    persona: r.persona,
    verdict: r.verdict,
    path: pathFor(route.path, r.params.params, true).slice(0, 300),
    params: r.params.note,
    body: describeBody(r.body),
  });

describe.each(databases.eachSupportedId())('hostile input to every mutating route on %s', databaseId => {
  let portal: Portal;
  let world: World;
  let pool: Pool;
  let baseline: Dump;
  let assignments: Record<Persona, RoleAssignment[]>;
  const stats = { runs: 0, requests: 0, accepted: 0, byVerdict: {} as Record<string, Record<number, number>> };

  beforeAll(async () => {
    portal = await startPortal(databases, databaseId);
    world = await World.create(portal);
    const { ids } = world;
    const member = async (projectId: string) => ({ id: await world.freshMember(projectId), projectId, persona: false });
    const admin = async (programmeId: string) => ({ id: await world.freshAdmin(programmeId), programmeId, persona: false });
    const dump0 = await world.dump();
    pool = {
      albs: [ids.rpa, ids.ea],
      programmes: [ids.fcp, ids.frm],
      projects: [ids.acd, ids.grants, ids.flood],
      members: [
        await member(ids.acd),
        await member(ids.grants),
        await member(ids.flood),
        ...dump0.project_members.filter(m => PERSONA_REFS.has(m.user_ref as string)).map(m => ({ id: m.id as string, projectId: m.project_id as string, persona: true })),
      ],
      admins: [
        await admin(ids.fcp),
        await admin(ids.frm),
        ...dump0.programme_admins.filter(a => PERSONA_REFS.has(a.user_ref as string)).map(a => ({ id: a.id as string, programmeId: a.programme_id as string, persona: true })),
      ],
      platformRoles: [await world.freshPlatformRole()],
      serviceAccounts: [await world.freshServiceAccount()],
      productionAccess: [],
      world,
    };
    for (const [project, o] of [
      ['acd', { status: 'pending' }],
      ['acd', { status: 'active' }],
      ['flood', { status: 'pending' }],
      ['flood', { status: 'active' }],
      ['acd', { status: 'pending', level: 'production-admin', apprenticeOf: world.fixtureUser() }],
    ] as const) {
      pool.productionAccess.push({ id: (await fixtureRecord(world, project, o)).params.id, projectId: ids[project] });
    }
    // Every persona calls once first: the plugin records when a user was last active
    // (at most once per interval), which is bookkeeping of the visit, not of the request.
    for (const persona of PERSONAS) await world.send(persona, 'get', '/access/me');
    baseline = await world.dump();
    assignments = Object.fromEntries(PERSONAS.map(p => [p, assignmentsOf(baseline, p)])) as Record<Persona, RoleAssignment[]>;
  });

  afterAll(async () => {
    // For docs/reliability.md: runs and answers per verdict on this database.
    console.info(`fuzz on ${databaseId}: ${JSON.stringify(stats)}`);
    await portal?.stop();
  });

  const mutating = enumeratedRoutes().filter(isMutating);

  it('has a generator for every mutating route', () => {
    expect(mutating.length).toBeGreaterThanOrEqual(19);
    expect({ withoutGenerator: mutating.filter(r => !FUZZ[routeKey(r)]).map(routeKey) }).toEqual({ withoutGenerator: [] });
  });

  /** One property per route and persona: `RUNS` generated requests, each checked as it answers. */
  async function fuzzAs(route: Route, spec: FuzzSpec, persona: Persona) {
    const requests = fc
      .tuple(spec.params(pool), bodies(spec, pool))
      .map(([params, body]): FuzzRequest => {
        const r: FuzzRequest = { persona, params, body, ...classify(route, spec, pool, persona, assignments[persona], params, body) };
        // Counterexamples are reported short (bodies can be 150 kB).
        return Object.assign(r, { [fc.toStringMethod]: () => describeRequest(route, r) });
      })
      // Valid by accident is allowed where it is harmless; not where it would archive or
      // delete the fixtures (no body to fuzz there) or change a persona's roles.
      .filter(r => r.verdict !== 'may succeed' || (!!spec.body && !r.touchesPersona));
    await fc.assert(
      fc.asyncProperty(requests, async r => {
        const path = pathFor(route.path, r.params.params, true);
        let test = world.send(persona, route.method, path);
        if (r.body.kind === 'json') test = test.set('Content-Type', 'application/json').send(JSON.stringify(r.body.value));
        if (r.body.kind === 'raw') test = test.set('Content-Type', r.body.type).send(r.body.text);
        const res = await test;
        stats.runs += 1;
        stats.requests += 1;
        const byStatus = (stats.byVerdict[r.verdict] ??= {});
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        const what = `${res.status} ${JSON.stringify(res.body?.error?.message ?? '').slice(0, 200)} for ${describeRequest(route, r)}`;
        if (res.status >= 500) throw new Error(`Server error: ${what}`);
        if (r.verdict !== 'may succeed' && (res.status < 400 || res.status >= 500)) throw new Error(`Must be refused with a 4xx: ${what}`);
        if (r.verdict === 'forbidden' && res.status !== 403) throw new Error(`Only the persona is wrong, so 403: ${what}`);
        if (res.status < 300) {
          // Valid by accident: the change is the request's own; it becomes the baseline.
          stats.accepted += 1;
          baseline = await world.dump();
          return;
        }
        const after = await world.dump();
        const diff = diffDumps(baseline, after);
        if (diff) {
          baseline = after;
          throw new Error(`A refused request changed the database: ${what}\n${diff}`);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }

  it.each(mutating.filter(r => FUZZ[routeKey(r)]).map(r => [routeKey(r), r] as const))('%s', async (_key, route) => {
    const runsBefore = stats.runs;
    for (const persona of PERSONAS) await fuzzAs(route, FUZZ[routeKey(route)], persona);
    // Every persona's property ran in full (no generator starved by the filter).
    expect(stats.runs - runsBefore).toBe(RUNS * PERSONAS.length);
  });
});
