import { randomUUID } from 'node:crypto';
import type { Made, RouteSpec, Target, World } from './routes';

/*
 * Route specs of team join requests (/projects/{id}/join-requests, /join-requests/{requestId}).
 * Asking needs a team the persona is not on and has not asked to join: each call gets a fresh
 * project. Requests to decide are fixtures of users who are none of the personas.
 */

type Project = 'acd' | 'flood';

const now = () => new Date().toISOString();

/** A pending request of a fixture user to join the project's team. */
async function fixtureRequest(w: World, project: Project): Promise<Made> {
  const projectId = w.ids[project];
  const userRef = w.fixtureUser();
  const id = randomUUID();
  await w.knex('team_join_requests').insert({
    id, project_id: projectId, user_ref: userRef, reason: 'fixture', status: 'pending', open_key: `${projectId}|${userRef}`,
    created_at: now(), created_by: userRef, updated_at: now(), updated_by: userRef,
  });
  return { params: { requestId: id }, scope: w.projectScope(projectId) };
}

const request = (project: Project): Target => ({ label: `pending request on ${project}`, make: w => fixtureRequest(w, project) });
const project = (k: Project): Target => ({ label: k, make: async w => ({ params: { id: w.ids[k] }, scope: w.projectScope(w.ids[k]) }) });
const missing: Target = { label: 'missing id', missing: 404, make: async () => ({ params: { id: randomUUID(), requestId: randomUUID() } }) };

/** A project nobody is on yet, in fcp. */
const freshProject: Target = {
  label: 'a fresh project in fcp',
  make: async w => {
    const created = await w.asAda('post', '/projects', { programmeId: w.ids.fcp, title: `Join Sweep ${w.next()}`, description: 'x' });
    return { params: { id: created.id }, scope: { programmeId: w.ids.fcp, projectId: created.id } };
  },
};

export const JOIN_REQUEST_SPECS: Record<string, RouteSpec> = {
  'GET /projects/{id}/join-requests': { guard: { kind: 'permission', permission: 'adp.project.read' }, targets: [project('acd'), project('flood'), missing] },
  'POST /projects/{id}/join-requests': {
    guard: { kind: 'permission', permission: 'adp.project.read' },
    targets: [freshProject, missing],
    body: () => ({ reason: 'Sweep' }),
  },
  // Answered by whoever may add members to the stored request's project: its team admins.
  'POST /join-requests/{requestId}/decision': {
    guard: { kind: 'permission', permission: 'adp.projectMember.create' },
    targets: [request('acd'), request('flood'), missing],
    body: () => ({ decision: 'refuse', note: 'Sweep' }),
  },
};
