import { mockServices, startTestBackend, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import request from 'supertest';
import adpPlugin from '../index';
import { containsNul } from './input';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe('containsNul', () => {
  it('finds U+0000 in any string or key, however deep', () => {
    expect(containsNul({ a: [{ b: 'x' }], c: 1, d: null })).toBe(false);
    expect(containsNul({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(containsNul({ 'k\u0000': 1 })).toBe(true);
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(containsNul(deep)).toBe(true);
  });
});

/*
 * Found by the fuzz suite (permission-backend-module-adp-policy, adpBackend.fuzz.test.ts):
 * PostgreSQL text cannot hold U+0000, so a path segment, query value or body string with it
 * answered 500 there (and SQLite stored it). Every router now refuses it with 400.
 * Likewise text that fits the schemas' limits but not its column once lower-cased.
 */
describe.each(databases.eachSupportedId())('the NUL character on %s', databaseId => {
  it('is refused with 400 in paths, queries and bodies, and nothing is written', async () => {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        adpPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory(),
        eventsServiceFactory,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({ data: { adp: { demoData: true } } }),
      ],
    });
    const acd = (await request(server).get('/api/adp/projects?search=annual')).body.items[0];
    const before = await knex('projects').where({ id: acd.id }).first();
    const members = await knex('project_members').count({ n: '*' });

    const answers = {
      path: (await request(server).get('/api/adp/projects/a%00b')).status,
      query: (await request(server).get('/api/adp/projects?search=%00')).status,
      patch: (await request(server).patch(`/api/adp/projects/${acd.id}`).send({ costCentre: '\u0000' })).status,
      member: (await request(server).post(`/api/adp/projects/${acd.id}/members`).send({ userRef: 'user:default/x\u0000y' })).status,
      key: (await request(server).patch(`/api/adp/projects/${acd.id}`).send({ ['description\u0000']: 'x' })).status,
      provisioning: (await request(server).post('/api/adp/projects/%00/provisioning/retry').send({})).status,
      profile: (await request(server).patch(`/api/adp/profiles/${encodeURIComponent('user:default/q\u0000')}`).send({ githubHandle: 'q' })).status,
    };
    expect(answers).toEqual({ path: 400, query: 400, patch: 400, member: 400, key: 400, provisioning: 400, profile: 400 });
    expect(await knex('projects').where({ id: acd.id }).first()).toEqual(before);
    expect(await knex('project_members').count({ n: '*' })).toEqual(members);
    // A double-encoded %00 is the text "%00", not the character: an ordinary missing record.
    expect((await request(server).get('/api/adp/projects/%2500')).status).toBe(404);
  });

  it('never answers 500 for text that outgrows its column once lower-cased', async () => {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        adpPlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory(),
        eventsServiceFactory,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({ data: { adp: { demoData: true } } }),
      ],
    });
    const acd = (await request(server).get('/api/adp/projects?search=annual')).body.items[0];
    // 160 × "İ" fits the 300-character user ref limit, and 60 the 100-character title limit,
    // until lower-casing doubles them (varchar(300) user_ref, varchar(100) title_key).
    const answers = {
      member: (await request(server).post(`/api/adp/projects/${acd.id}/members`).send({ userRef: 'İ'.repeat(160) })).status,
      project: (await request(server).patch(`/api/adp/projects/${acd.id}`).send({ title: `Title ${'İ'.repeat(60)}` })).status,
    };
    // PostgreSQL refuses (nothing written); SQLite does not enforce varchar lengths and stores them.
    const postgres = databaseId === 'POSTGRES_15';
    expect(answers).toEqual(postgres ? { member: 400, project: 400 } : { member: 201, project: 200 });
    const [{ n }] = await knex('project_members').where('user_ref', 'like', 'user:default/i%').count({ n: '*' });
    expect(Number(n)).toBe(postgres ? 0 : 1);
  });
});
