import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { NotAllowedError } from '@backstage/errors';
import request from 'supertest';
import adpPlugin from '../index';
import { ADA, databases, PAT, TESS, user } from '../__testUtils__/harness';
import { DEE, NORA, OLLIE, productionScenario } from '../productionAccess/__testUtils__/setup';
import { JoinRequestNotices } from './JoinRequestService';

jest.setTimeout(120_000);
const dbs = databases();
const PAUL = 'user:default/paul';
const REX = 'user:default/rex';

describe.each(dbs.eachSupportedId())('join requests on %p, with the role model deciding', databaseId => {
  async function scenario() {
    const sc = await productionScenario(databaseId, dbs);
    const told: Array<[string, any]> = [];
    const notices: JoinRequestNotices = {
      joinRequested: async input => void told.push(['requested', input]),
      joinDecided: async input => void told.push(['decided', input]),
    };
    sc.s.joinRequests.useNotices(notices);
    return { ...sc, told, jr: sc.s.joinRequests };
  }

  it('a person asks with a reason, the team admins are told, and a team admin of that project approves', async () => {
    const { h, s, project, told, jr } = await scenario();
    const asked = await jr.ask(user(PAUL), project.id, { reason: '  Joining as the new tester  ' });
    expect(asked).toMatchObject({ projectId: project.id, userRef: PAUL, reason: 'Joining as the new tester', status: 'pending' });
    expect(told).toEqual([['requested', expect.objectContaining({ admins: [DEE], requester: PAUL, projectTitle: 'Annual Compliance Data', reason: 'Joining as the new tester' })]]);

    // One pending request per person and team; members do not ask; a reason is required.
    await expect(jr.ask(user(PAUL), project.id, { reason: 'Again' })).rejects.toMatchObject({ name: 'ConflictError', message: expect.stringContaining('already asked') });
    await expect(jr.ask(user(TESS), project.id, { reason: 'Me too' })).rejects.toMatchObject({ name: 'ConflictError', message: expect.stringContaining('already on the team') });
    await expect(jr.ask(user(REX), project.id, { reason: '   ' })).rejects.toMatchObject({ details: [{ path: 'reason', message: 'Reason is required' }] });

    // Team admins see what waits for them; others see only their own.
    expect((await jr.list(user(DEE), project.id)).map(r => r.id)).toEqual([asked.id]);
    expect((await jr.list(user(PAUL), project.id)).map(r => r.id)).toEqual([asked.id]);
    expect(await jr.list(user(NORA), project.id)).toEqual([]);

    // Who may not answer: a plain member, another project's admin, the requester.
    for (const who of [TESS, NORA, OLLIE, PAUL]) {
      await expect(jr.decide(user(who), asked.id, { decision: 'approve' })).rejects.toBeInstanceOf(NotAllowedError);
    }
    expect((await s.teams.listMembers(user(ADA), project.id)).map(m => m.userRef)).not.toContain(PAUL);

    const approved = await jr.decide(user(DEE), asked.id, { decision: 'approve', technical: true, note: 'Welcome' });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: DEE, decisionNote: 'Welcome' });
    expect((await s.teams.listMembers(user(ADA), project.id)).find(m => m.userRef === PAUL)).toMatchObject({ technical: true, admin: false, createdBy: DEE });
    expect(told[1]).toEqual(['decided', expect.objectContaining({ requester: PAUL, approved: true, projectTitle: 'Annual Compliance Data', note: 'Welcome' })]);
    await expect(jr.decide(user(DEE), asked.id, { decision: 'refuse' })).rejects.toMatchObject({ name: 'ConflictError', message: 'This request was already approved' });

    // The history records each step; the membership and the decision share one revision.
    const history = await h.knex('history').where({ record_id: asked.id }).orderBy('action');
    expect(history.map(r => [r.action, r.actor_ref])).toEqual([['created', PAUL], ['updated', DEE]]);
    const membership = await h.knex('history').where({ record_kind: 'project-member', actor_ref: DEE, action: 'created' });
    expect(membership).toHaveLength(1);
    expect(membership[0].at).toBe(history[1].at);
  });

  it('a refusal adds nobody and tells the requester; nobody answers their own request', async () => {
    const { s, project, told, jr } = await scenario();
    const rex = await jr.ask(user(REX), project.id, { reason: 'Curious' });
    const refused = await jr.decide(user(DEE), rex.id, { decision: 'refuse', note: 'Not this quarter' });
    expect(refused).toMatchObject({ status: 'refused', decidedBy: DEE, decisionNote: 'Not this quarter' });
    expect((await s.teams.listMembers(user(ADA), project.id)).map(m => m.userRef)).not.toContain(REX);
    expect(told.at(-1)).toEqual(['decided', expect.objectContaining({ requester: REX, approved: false })]);
    // Refused, they may ask again later.
    expect((await jr.ask(user(REX), project.id, { reason: 'Now on the project' })).status).toBe('pending');

    // Pat, programme admin (team admin everywhere in the programme), asks to join the team: Dee answers, not Pat.
    const pats = await jr.ask(user(PAT), project.id, { reason: 'Close to the work' });
    await expect(jr.decide(user(PAT), pats.id, { decision: 'approve' })).rejects.toMatchObject({ message: 'Nobody approves their own request to join a team' });
    expect((await jr.decide(user(DEE), pats.id, { decision: 'approve', admin: true })).status).toBe('approved');
  });

  it('refuses asks on an archived project, and answers for requests that do not exist', async () => {
    const { s, project, other, jr } = await scenario();
    await expect(jr.decide(user(DEE), 'no-such-request', { decision: 'approve' })).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(jr.ask(user(PAUL), 'no-such-project', { reason: 'x' })).rejects.toMatchObject({ name: 'NotFoundError' });
    await s.projects.setArchived(user(ADA), other.id, true);
    await expect(jr.ask(user(PAUL), other.id, { reason: 'x' })).rejects.toMatchObject({ name: 'ConflictError', message: expect.stringContaining('archived') });
    expect(await jr.list(user(DEE), project.id)).toEqual([]);
  });
});

describe('/api/adp join requests over HTTP', () => {
  it('asks, refuses a service and a bad body with field paths, and approves', async () => {
    const { server } = await startTestBackend({
      features: [adpPlugin, eventsServiceFactory, mockServices.rootConfig.factory({ data: { adp: { demoData: true } } })],
    });
    const as = (ref: string) => mockCredentials.user.header(ref);
    const acd = (await request(server).get('/api/adp/projects?search=annual').set('Authorization', as(DEE))).body.items[0];
    const url = `/api/adp/projects/${acd.id}/join-requests`;

    expect((await request(server).post(url).set('Authorization', mockCredentials.service.header()).send({ reason: 'x' })).status).toBe(403);
    const bad = await request(server).post(url).set('Authorization', as(PAUL)).send({ reason: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path).sort()).toEqual(['', 'reason']);
    const asked = await request(server).post(url).set('Authorization', as(PAUL)).send({ reason: 'Testing the claims API' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', userRef: PAUL, user: { displayName: 'Paul Platform' } });
    expect((await request(server).get(url).set('Authorization', as(DEE))).body.map((r: any) => r.id)).toEqual([asked.body.id]);

    const decision = await request(server).post(`/api/adp/join-requests/${asked.body.id}/decision`).set('Authorization', as(DEE)).send({ decision: 'approve' });
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({ status: 'approved', decidedBy: DEE });
    const members = await request(server).get(`/api/adp/projects/${acd.id}/members`).set('Authorization', as(DEE));
    expect(members.body.map((m: any) => m.userRef)).toContain(PAUL);
    const history = await request(server).get(`/api/adp/projects/${acd.id}/history`).set('Authorization', as(DEE));
    expect(history.body.items.filter((e: any) => e.recordKind === 'join-request').map((e: any) => e.action)).toEqual(['updated', 'created']);
  });
});
