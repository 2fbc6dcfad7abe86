import { PRODUCTION_LEVELS } from '@adp-portal/plugin-adp-common';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import request from 'supertest';
import adpPlugin from '../index';

jest.setTimeout(60_000);

const TESS = 'user:default/tess';
const DEE = 'user:default/dee';
const NORA = 'user:default/nora';
const as = (ref: string) => mockCredentials.user.header(ref);

describe('/api/adp/production-access over HTTP', () => {
  it('requests, refuses self-sponsoring, approves with confirmations, and records activity', async () => {
    const { server } = await startTestBackend({
      features: [adpPlugin, eventsServiceFactory, mockServices.rootConfig.factory({ data: { adp: { demoData: true } } })],
    });
    const acd = (await request(server).get('/api/adp/projects?search=annual').set('Authorization', as(NORA))).body.items[0];

    expect((await request(server).get('/api/adp/production-access/mine').set('Authorization', mockCredentials.service.header())).status).toBe(403);

    const mine = await request(server).get('/api/adp/production-access/mine').set('Authorization', as(TESS));
    expect(mine.body.eligibleProjects.map((p: any) => p.title)).toEqual(['Annual Compliance Data']);

    const body = { projectId: acd.id, level: 'production-deploy', justification: 'Releasing the claims API' };
    const created = await request(server).post('/api/adp/production-access/requests').set('Authorization', as(TESS)).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', userRef: TESS, user: { displayName: 'Tess Technical' } });
    const dup = await request(server).post('/api/adp/production-access/requests').set('Authorization', as(TESS)).send(body);
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('You already have a pending request for Production Deploy on Annual Compliance Data');

    const confirmations = PRODUCTION_LEVELS['production-deploy'].sponsorShouldEnsure.map(c => c.id);
    const decide = (ref: string, decision: object) =>
      request(server).post(`/api/adp/production-access/requests/${created.body.id}/decision`).set('Authorization', as(ref)).send(decision);
    const self = await decide(TESS, { decision: 'approve', confirmations });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('Nobody sponsors their own production access: ask your tech lead or an ADP Admin');

    // The demo's Dee is the team's delivery manager (admin, not technical): no tech lead, no sponsor.
    const notYet = await request(server).get('/api/adp/production-access/queue').set('Authorization', as(DEE));
    expect(notYet.body.sponsor).toEqual([]);
    expect((await decide(DEE, { decision: 'approve', confirmations })).status).toBe(403);
    // As a technical member too she is its tech lead, and sponsors.
    const dee = (await request(server).get(`/api/adp/projects/${acd.id}/members`).set('Authorization', as(NORA))).body.find((m: any) => m.userRef === DEE);
    expect((await request(server).patch(`/api/adp/projects/${acd.id}/members/${dee.id}`).set('Authorization', as('user:default/ada')).send({ technical: true })).status).toBe(200);
    const queue = await request(server).get('/api/adp/production-access/queue').set('Authorization', as(DEE));
    expect(queue.body.sponsor.map((r: any) => r.id)).toEqual([created.body.id]);
    const unconfirmed = await decide(DEE, { decision: 'approve', confirmations: [] });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.details).toEqual([{ path: 'confirmations', message: expect.stringContaining('Confirm that the engineer has the required level of security clearance') }]);
    const approved = await decide(DEE, { decision: 'approve', confirmations });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', decidedBy: DEE });

    const holders = await request(server).get(`/api/adp/projects/${acd.id}/production-access`).set('Authorization', as(NORA));
    expect(holders.body.map((g: any) => [g.userRef, g.level])).toEqual([[TESS, 'production-deploy']]);
    expect(holders.body[0].lastActiveAt).toBeUndefined();

    // Tess's calls above were portal activity: the sponsor's review shows it.
    const reviews = await request(server).get('/api/adp/production-access/reviews').set('Authorization', as(DEE));
    expect(reviews.body).toHaveLength(1);
    expect(Date.now() - Date.parse(reviews.body[0].lastActiveAt)).toBeLessThan(60_000);

    const history = await request(server).get(`/api/adp/production-access/requests/${created.body.id}/history`).set('Authorization', as(NORA));
    expect(history.body.items.map((e: any) => e.action)).toEqual(['updated', 'created']);
    const revoked = await request(server)
      .post(`/api/adp/production-access/requests/${created.body.id}/revoke`)
      .set('Authorization', as(DEE))
      .send({ reason: 'No longer deploying' });
    expect(revoked.body).toMatchObject({ status: 'revoked', endReason: 'revoked-by-sponsor' });
  });
});
