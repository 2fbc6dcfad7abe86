/*
 * The OpenAPI 3.0 description of /api/adp, served at /openapi.json. Written as a typed
 * module because the package has no YAML parser; the route table below is the list a
 * test checks against every AdpClient method.
 */

/**
 * An HTTP method of a route of /api/adp.
 *
 * @public
 */
export type RouteMethod = 'get' | 'post' | 'patch' | 'delete';

/**
 * One route of /api/adp, as the OpenAPI description lists it.
 *
 * @public
 */
export interface RouteDoc {
  method: RouteMethod;
  path: string;
  summary: string;
  tag: string;
  body?: string;
  response?: string;
  status?: number;
  query?: string[];
}

const LIST_QUERY = ['offset', 'limit', 'search', 'sort', 'order', 'albId', 'programmeId', 'mine', 'includeArchived'];

/** @public */
export const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/health', summary: 'Liveness', tag: 'meta' },
  { method: 'get', path: '/albs', summary: 'List Arms Length Bodies', tag: 'albs', query: LIST_QUERY, response: 'Page' },
  { method: 'post', path: '/albs', summary: 'Create an Arms Length Body', tag: 'albs', body: 'CreateAlbRequest', status: 201 },
  { method: 'get', path: '/albs/{id}', summary: 'Get an Arms Length Body', tag: 'albs' },
  { method: 'patch', path: '/albs/{id}', summary: 'Edit an Arms Length Body', tag: 'albs', body: 'UpdateAlbRequest' },
  { method: 'get', path: '/albs/{id}/history', summary: 'History of an ALB and everything under it', tag: 'history', query: ['offset', 'limit'] },
  { method: 'get', path: '/programmes', summary: 'List delivery programmes', tag: 'programmes', query: LIST_QUERY, response: 'Page' },
  { method: 'post', path: '/programmes', summary: 'Create a programme', tag: 'programmes', body: 'CreateProgrammeRequest', status: 201 },
  { method: 'get', path: '/programmes/{id}', summary: 'Get a programme', tag: 'programmes' },
  { method: 'patch', path: '/programmes/{id}', summary: 'Edit a programme', tag: 'programmes', body: 'UpdateProgrammeRequest' },
  { method: 'post', path: '/programmes/{id}/archive', summary: 'Archive a programme', tag: 'programmes' },
  { method: 'post', path: '/programmes/{id}/restore', summary: 'Restore an archived programme', tag: 'programmes' },
  { method: 'get', path: '/programmes/{id}/history', summary: 'History of a programme and its teams', tag: 'history', query: ['offset', 'limit'] },
  { method: 'get', path: '/programmes/{id}/admins', summary: "List a programme's admins", tag: 'teams' },
  { method: 'post', path: '/programmes/{id}/admins', summary: 'Add a programme admin', tag: 'teams', body: 'AddProgrammeAdminRequest', status: 201 },
  { method: 'delete', path: '/programmes/{id}/admins/{adminId}', summary: 'Remove a programme admin', tag: 'teams', status: 204 },
  { method: 'get', path: '/projects', summary: 'List delivery projects', tag: 'projects', query: [...LIST_QUERY, 'technical'], response: 'Page' },
  { method: 'post', path: '/projects', summary: 'Create a project in a programme', tag: 'projects', body: 'CreateProjectRequest', status: 201 },
  { method: 'get', path: '/projects/{id}', summary: 'Get a project', tag: 'projects' },
  { method: 'patch', path: '/projects/{id}', summary: 'Edit a project (its name never changes)', tag: 'projects', body: 'UpdateProjectRequest' },
  { method: 'post', path: '/projects/{id}/archive', summary: 'Archive a project', tag: 'projects' },
  { method: 'post', path: '/projects/{id}/restore', summary: 'Restore an archived project', tag: 'projects' },
  { method: 'get', path: '/projects/{id}/history', summary: 'History of a project and its team', tag: 'history', query: ['offset', 'limit'] },
  { method: 'get', path: '/projects/{id}/members', summary: "List a project's team", tag: 'teams' },
  { method: 'post', path: '/projects/{id}/members', summary: 'Add a team member', tag: 'teams', body: 'AddProjectMemberRequest', status: 201 },
  { method: 'patch', path: '/projects/{id}/members/{memberId}', summary: "Change a member's role", tag: 'teams', body: 'UpdateProjectMemberRequest' },
  { method: 'delete', path: '/projects/{id}/members/{memberId}', summary: 'Remove a team member', tag: 'teams', status: 204 },
  { method: 'get', path: '/projects/{id}/join-requests', summary: "Requests to join a project's team: pending ones for its team admins, otherwise the caller's own", tag: 'teams' },
  { method: 'post', path: '/projects/{id}/join-requests', summary: 'Ask to join a project team, with a reason', tag: 'teams', body: 'CreateJoinRequestRequest', status: 201 },
  { method: 'post', path: '/join-requests/{requestId}/decision', summary: "A team admin of the request's project approves (adding the person) or refuses", tag: 'teams', body: 'DecideJoinRequestRequest' },
  { method: 'get', path: '/profiles/{userRef}', summary: "A user's profile", tag: 'users' },
  { method: 'patch', path: '/profiles/{userRef}', summary: "Edit a user's profile (a GitHub account typed here is unverified)", tag: 'users', body: 'UpdateUserProfileRequest' },
  { method: 'post', path: '/profiles/{userRef}/github', summary: 'Link your own GitHub account, proven by a GitHub sign-in (the server asks GitHub whose it is)', tag: 'users', body: 'LinkGithubAccountRequest' },
  { method: 'get', path: '/platform-roles', summary: 'Stored ADP Admin and CCoE Engineer assignments', tag: 'users' },
  { method: 'post', path: '/platform-roles', summary: 'Assign a platform role', tag: 'users', body: 'AssignPlatformRoleRequest', status: 201 },
  { method: 'delete', path: '/platform-roles/{id}', summary: 'Remove a platform role', tag: 'users', status: 204 },
  { method: 'get', path: '/service-accounts', summary: 'List recorded service accounts: a register for people, not an allow-list; a token is limited by its accessRestrictions in backend.auth.externalAccess', tag: 'users' },
  { method: 'post', path: '/service-accounts', summary: 'Record a service account (enforces nothing: Backstage limits the token by backend.auth.externalAccess accessRestrictions, see docs/roles.md)', tag: 'users', body: 'CreateServiceAccountRequest', status: 201 },
  { method: 'delete', path: '/service-accounts/{id}', summary: 'Remove a service account from the register (the token itself is revoked in backend.auth.externalAccess)', tag: 'users', status: 204 },
  { method: 'get', path: '/access/me', summary: "The caller's roles with human scope titles", tag: 'access' },
  { method: 'get', path: '/access/explain', summary: 'Why a user has (or lacks) a permission', tag: 'access', query: ['permission', 'userRef', 'resourceRef'] },
  { method: 'get', path: '/access/matrix', summary: 'Roles x permissions matrix', tag: 'access' },
  { method: 'get', path: '/access/matrix.csv', summary: 'The matrix as a CSV download', tag: 'access' },
  { method: 'get', path: '/production-access/mine', summary: "The caller's production access requests and grants, and where they may request", tag: 'production-access' },
  { method: 'post', path: '/production-access/requests', summary: 'Request Production Deploy or Production Admin on a project', tag: 'production-access', body: 'CreateProductionAccessRequest', status: 201 },
  { method: 'get', path: '/production-access/requests/{id}', summary: 'A production access request or grant', tag: 'production-access' },
  { method: 'patch', path: '/production-access/requests/{id}', summary: 'Update the learning checklist of a pending Production Admin request (the requester)', tag: 'production-access', body: 'UpdateProductionAccessChecklistRequest' },
  { method: 'get', path: '/production-access/requests/{id}/history', summary: 'Every step of a request and its grant', tag: 'production-access', query: ['offset', 'limit'] },
  { method: 'post', path: '/production-access/requests/{id}/line-manager-approval', summary: "An apprentice's line manager approves their Production Admin request", tag: 'production-access', body: 'LineManagerApprovalRequest' },
  { method: 'post', path: '/production-access/requests/{id}/decision', summary: 'A sponsor approves (with confirmations) or refuses', tag: 'production-access', body: 'ProductionAccessDecisionRequest' },
  { method: 'post', path: '/production-access/requests/{id}/withdraw', summary: 'The requester withdraws a pending request', tag: 'production-access' },
  { method: 'post', path: '/production-access/requests/{id}/recertify', summary: 'A sponsor recertifies an active grant', tag: 'production-access', body: 'RecertifyProductionAccessRequest' },
  { method: 'post', path: '/production-access/requests/{id}/revoke', summary: 'A sponsor or ADP Admin revokes an active grant', tag: 'production-access', body: 'RevokeProductionAccessRequest' },
  { method: 'get', path: '/production-access/queue', summary: 'Pending requests awaiting the caller as sponsor or line manager', tag: 'production-access' },
  { method: 'get', path: '/production-access/reviews', summary: 'Active grants the caller sponsors, with last activity', tag: 'production-access' },
  { method: 'get', path: '/projects/{id}/production-access', summary: 'Who holds which production level on a project', tag: 'production-access' },
  { method: 'get', path: '/internal/role-index', summary: 'Stored grants of all (or some) users; the permission plugin only', tag: 'internal', query: ['userRefs'] },
  { method: 'get', path: '/internal/role-index/changes', summary: 'Users whose roles changed since a revision; the permission plugin only', tag: 'internal', query: ['since'] },
  { method: 'get', path: '/internal/catalog-source', summary: 'ALBs, programmes with admins, projects with members; the catalog plugin only', tag: 'internal', query: ['albIds', 'programmeIds', 'projectIds'] },
  { method: 'get', path: '/openapi.json', summary: 'This document', tag: 'meta' },
];

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(r: RouteDoc) {
  const params = [...r.path.matchAll(/\{(\w+)\}/g)].map(m => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = (r.query ?? []).map(name => ({ name, in: 'query', required: name === 'permission' || name === 'since', schema: { type: 'string' } }));
  const status = String(r.status ?? 200);
  return {
    summary: r.summary,
    tags: [r.tag],
    operationId: `${r.method}${r.path.replace(/[{}]/g, '').replace(/[/.-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
    parameters: [...params, ...query],
    ...(r.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${r.body}` } } } } }
      : {}),
    responses: {
      [status]: status === '204' ? { description: 'Done' } : { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
      '400': errorResponse('Invalid input; error.details lists field paths'),
      '401': errorResponse('Not signed in'),
      '403': errorResponse('Not allowed'),
      '404': errorResponse('Not found'),
      '409': errorResponse('Conflict, with a sentence naming the clash'),
    },
  };
}

const paths: Record<string, Record<string, unknown>> = {};
for (const r of ROUTES) {
  (paths[r.path] ??= {})[r.method] = operation(r);
}

const bodySchemas = [...new Set(ROUTES.flatMap(r => (r.body ? [r.body] : [])))];

// Typed loosely on purpose: inferring this literal through express's res.json overloads stalls tsc.
export const openApiDocument: Record<string, unknown> = {
  openapi: '3.0.3',
  info: {
    title: 'adp',
    version: '1',
    description: 'ADP delivery data: Arms Length Bodies, programmes, projects, teams, access. Validation schemas live in @adp-portal/plugin-adp-common.',
  },
  servers: [{ url: '/api/adp' }],
  paths,
  components: {
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              message: { type: 'string' },
              details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
            },
          },
        },
      },
      Page: {
        type: 'object',
        properties: { items: { type: 'array', items: { type: 'object' } }, totalCount: { type: 'integer' }, offset: { type: 'integer' }, limit: { type: 'integer' } },
      },
      ...Object.fromEntries(bodySchemas.map(name => [name, { type: 'object', description: `See ${name} in @adp-portal/plugin-adp-common` }])),
    },
  },
};
