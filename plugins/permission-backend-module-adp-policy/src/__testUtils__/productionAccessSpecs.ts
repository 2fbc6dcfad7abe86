import { AdpPermissionName, RoleAssignment } from '@adp-portal/plugin-adp-common';
import { randomUUID } from 'node:crypto';
import type { Guard, Made, RouteSpec, Target, World } from './routes';

/*
 * Route specs of production access (/production-access/*, /projects/{id}/production-access).
 * Requests and grants are fixtures written straight into the adp plugin's table for users
 * who are none of the personas (fixture users have no catalog identity, so the policy
 * would refuse them any call of their own).
 */

type Project = 'acd' | 'flood';

const now = () => new Date().toISOString();

/** A technical fixture member of the project and a request (or grant) of theirs. */
export async function fixtureRecord(
  w: World,
  project: Project,
  o: { status: 'pending' | 'active'; level?: 'production-deploy' | 'production-admin'; apprenticeOf?: string },
): Promise<Made> {
  const projectId = w.ids[project];
  const userRef = w.fixtureUser();
  await w.asAda('post', `/projects/${projectId}/members`, { userRef, technical: true });
  await w.asAda('patch', `/profiles/${encodeURIComponent(userRef)}`, { githubHandle: `fixture-gh-${w.next()}` });
  if (o.apprenticeOf) {
    await w.knex('user_profiles').where({ user_ref: userRef }).update({ apprentice: true, line_manager_ref: o.apprenticeOf });
  }
  const level = o.level ?? 'production-deploy';
  const id = randomUUID();
  await w.knex('production_access_requests').insert({
    id,
    project_id: projectId,
    user_ref: userRef,
    level,
    justification: 'fixture',
    status: o.status,
    open_key: `${projectId}|${userRef}|${level}`,
    checklist: '[]',
    apprentice: !!o.apprenticeOf,
    line_manager_ref: o.apprenticeOf ?? null,
    sponsor_confirmations: '[]',
    granted_at: o.status === 'active' ? now() : null,
    created_at: now(),
    created_by: userRef,
    updated_at: now(),
    updated_by: userRef,
  });
  return { params: { id }, scope: w.projectScope(projectId) };
}

const record = (project: Project, status: 'pending' | 'active'): Target => ({
  label: `fresh ${status} record on ${project}`,
  make: w => fixtureRecord(w, project, { status }),
});
const missingRecord: Target = { label: 'missing record', missing: 404, make: async () => ({ params: { id: randomUUID() } }) };
/** Only the requester may act on their own request; no persona ever is this one's. */
const someoneElses: Target = { label: "another user's request", missing: 403, make: w => fixtureRecord(w, 'acd', { status: 'pending' }) };

const perm = (permission: AdpPermissionName, also?: (c: { made: Made; assignments: readonly RoleAssignment[] }) => boolean): Guard => ({
  kind: 'permission',
  permission,
  ...(also ? { also } : {}),
});

/** The service's rule beyond the role model: only a stored Technical Team Member of the project asks. */
const technicalMemberOfTarget = ({ made, assignments }: { made: Made; assignments: readonly RoleAssignment[] }) =>
  assignments.some(a => a.role === 'technical-team-member' && a.scope.kind === 'project' && a.scope.projectId === made.scope?.projectId);

/**
 * The service's sponsor rule (SponsorRules.ts): an ADP Admin, or the project's tech lead — a
 * stored member who is technical and admin there (every persona's profile says civil servant).
 */
const techLeadOfTarget = ({ made, assignments }: { made: Made; assignments: readonly RoleAssignment[] }) => {
  if (assignments.some(a => a.role === 'adp-admin')) return true;
  const onProject = (role: string) => assignments.some(a => a.role === role && a.scope.kind === 'project' && a.scope.projectId === made.scope?.projectId);
  return onProject('technical-team-member') && onProject('delivery-team-admin');
};

const project = (k: Project | 'grants'): Target => ({
  label: k,
  make: async w => ({ params: { id: w.ids[k] }, scope: w.projectScope(w.ids[k]), ctx: { projectId: w.ids[k] } }),
});

export const PRODUCTION_ACCESS_SPECS: Record<string, RouteSpec> = {
  'GET /production-access/mine': { guard: { kind: 'signed-in' }, targets: [{ label: '', make: async () => ({ params: {} }) }] },
  'GET /production-access/queue': { guard: { kind: 'signed-in' }, targets: [{ label: '', make: async () => ({ params: {} }) }] },
  'GET /production-access/reviews': { guard: { kind: 'signed-in' }, targets: [{ label: '', make: async () => ({ params: {} }) }] },
  'POST /production-access/requests': {
    guard: perm('adp.productionAccess.request', technicalMemberOfTarget),
    targets: [
      { ...project('acd'), make: async w => ({ params: {}, scope: w.projectScope(w.ids.acd), ctx: { projectId: w.ids.acd } }) },
      { ...project('flood'), make: async w => ({ params: {}, scope: w.projectScope(w.ids.flood), ctx: { projectId: w.ids.flood } }) },
      // The project is read before authorization (it decides the scope): 400 for everyone.
      { label: 'missing project', missing: 400, make: async () => ({ params: {}, ctx: { projectId: randomUUID() } }) },
    ],
    body: (_w, m) => ({ projectId: m.ctx!.projectId, level: 'production-deploy', justification: 'Sweep' }),
  },
  'GET /production-access/requests/{id}': { guard: perm('adp.project.read'), targets: [record('acd', 'pending'), record('flood', 'active'), missingRecord] },
  'GET /production-access/requests/{id}/history': { guard: perm('adp.project.read'), targets: [record('acd', 'active'), missingRecord] },
  'PATCH /production-access/requests/{id}': { guard: { kind: 'signed-in' }, targets: [someoneElses, missingRecord], body: () => ({ checklist: [] }) },
  'POST /production-access/requests/{id}/withdraw': { guard: { kind: 'signed-in' }, targets: [someoneElses, missingRecord] },
  'POST /production-access/requests/{id}/line-manager-approval': {
    guard: { kind: 'signed-in' },
    targets: [
      {
        label: "an apprentice's Production Admin request, managed by someone else",
        missing: 403,
        make: w => fixtureRecord(w, 'acd', { status: 'pending', level: 'production-admin', apprenticeOf: w.fixtureUser() }),
      },
      missingRecord,
    ],
    body: () => ({}),
  },
  'POST /production-access/requests/{id}/decision': {
    guard: perm('adp.productionAccess.sponsor', techLeadOfTarget),
    targets: [record('acd', 'pending'), record('flood', 'pending'), missingRecord],
    body: () => ({ decision: 'refuse', note: 'Sweep' }),
  },
  'POST /production-access/requests/{id}/recertify': {
    guard: perm('adp.productionAccess.sponsor', techLeadOfTarget),
    targets: [record('acd', 'active'), record('flood', 'active'), missingRecord],
    body: () => ({}),
  },
  'POST /production-access/requests/{id}/revoke': {
    guard: perm('adp.productionAccess.revoke'),
    targets: [record('acd', 'active'), record('flood', 'active'), missingRecord],
    body: () => ({ reason: 'Sweep' }),
  },
  'GET /projects/{id}/production-access': {
    guard: perm('adp.project.read'),
    targets: [project('acd'), project('flood'), { label: 'missing id', missing: 404, make: async () => ({ params: { id: randomUUID() } }) }],
  },
};
