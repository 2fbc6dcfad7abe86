import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ADA, createHarness, databases, seedTree, user } from '../__testUtils__/harness';

/** Each history entry of a record starts from the previous one's `after`; the stored row is the last. */
async function expectUnbrokenHistory(knex: any, recordKind: string, recordId: string, stored: object | undefined, count: number) {
  const rows = await knex('history').where({ record_kind: recordKind, record_id: recordId }).orderBy('id');
  const updates = rows.filter((r: any) => r.action === 'updated');
  expect(updates).toHaveLength(count);
  for (let i = 1; i < rows.length; i++) expect([rows[i].id, JSON.parse(rows[i].before)]).toEqual([rows[i].id, JSON.parse(rows[i - 1].after)]);
  if (stored) expect(stored).toMatchObject(JSON.parse(rows[rows.length - 1].after));
}

/*
 * Found by the concurrency suite (permission-backend-module-adp-policy,
 * adpBackend.concurrency.test.ts) on PostgreSQL: writers met only at the revision bump,
 * after their reads, so concurrent changes to one record were computed from stale reads
 * (lost updates: a history entry's `before` was not the previous `after`), an update could
 * be recorded after the member was removed, and two removals both succeeded. Every
 * delivery write now takes the revision lock first (DeliveryWriter). Separately, a member
 * removed between the lookup and the permission check is not found rather than refused.
 */

jest.setTimeout(60_000);

const dbs = databases();

describe.each(dbs.eachSupportedId())('concurrent delivery writes on %s', databaseId => {
  it('concurrent edits of one ALB, programme, project and profile each start from the one before', async () => {
    expect.hasAssertions();
    const h = await createHarness(databaseId, dbs);
    const { alb, programme, project } = await seedTree(h);
    const admin = user(ADA);
    const n = 16;
    const edits = (i: number) => (i % 2 ? { title: `Title ${i}` } : { description: `Description ${i}` });
    await Promise.all([
      ...Array.from({ length: n }, (_, i) => h.services.albs.update(admin, alb.id, edits(i))),
      ...Array.from({ length: n }, (_, i) => h.services.programmes.update(admin, programme.id, edits(i))),
      ...Array.from({ length: n }, (_, i) => h.services.projects.update(admin, project.id, edits(i))),
      ...Array.from({ length: n }, (_, i) =>
        h.services.profiles.update(admin, 'user:default/load', i % 2 ? { githubHandle: `load-${i}` } : { employment: i % 4 ? 'contractor' : 'civil-servant' }),
      ),
    ]);
    await expectUnbrokenHistory(h.knex, 'alb', alb.id, await h.services.albs.get(admin, alb.id), n);
    await expectUnbrokenHistory(h.knex, 'programme', programme.id, await h.services.programmes.get(admin, programme.id), n);
    await expectUnbrokenHistory(h.knex, 'project', project.id, await h.services.projects.get(admin, project.id), n);
    await expectUnbrokenHistory(h.knex, 'user-profile', 'user:default/load', await h.services.profiles.get(admin, 'user:default/load'), n - 1);
  });

  it('concurrent changes to one member each start from the one before', async () => {
    const h = await createHarness(databaseId, dbs);
    const { project } = await seedTree(h);
    const member = await h.services.teams.addMember(user(ADA), project.id, { userRef: 'user:default/load' });
    const bodies = Array.from({ length: 24 }, (_, i) => (i % 2 ? { admin: i % 4 === 1 } : { technical: i % 4 === 0 }));
    const answers = await Promise.all(bodies.map(b => h.services.teams.updateMember(user(ADA), project.id, member.id, b)));
    expect(answers).toHaveLength(24);

    const history = await h.knex('history').where({ record_kind: 'project-member', record_id: member.id }).orderBy('id');
    const fields = (m: any) => ({ technical: !!m.technical, admin: !!m.admin, updatedAt: m.updatedAt ?? m.updated_at });
    const chain = history.map(r => ({ action: r.action, before: r.before && fields(JSON.parse(r.before)), after: r.after && fields(JSON.parse(r.after)) }));
    expect(chain.map(c => c.action)).toEqual(['created', ...bodies.map(() => 'updated')]);
    for (let i = 1; i < chain.length; i++) expect(chain[i].before).toEqual(chain[i - 1].after);
    expect(fields(await h.knex('project_members').where({ id: member.id }).first())).toEqual(chain[chain.length - 1].after);
  });

  it('two removals of one member: one succeeds, the other finds nothing, and updates after it fail', async () => {
    const h = await createHarness(databaseId, dbs);
    const { project } = await seedTree(h);
    const member = await h.services.teams.addMember(user(ADA), project.id, { userRef: 'user:default/load' });
    const settled = await Promise.allSettled([
      h.services.teams.removeMember(user(ADA), project.id, member.id),
      h.services.teams.updateMember(user(ADA), project.id, member.id, { admin: true }),
      h.services.teams.removeMember(user(ADA), project.id, member.id),
      h.services.teams.updateMember(user(ADA), project.id, member.id, { admin: false }),
    ]);
    const removals = [settled[0], settled[2]];
    expect(removals.filter(s => s.status === 'fulfilled')).toHaveLength(1);
    expect(removals.filter(s => s.status === 'rejected').map(s => (s as PromiseRejectedResult).reason)).toEqual([expect.any(NotFoundError)]);
    const actions = (await h.knex('history').where({ record_kind: 'project-member', record_id: member.id }).orderBy('id')).map(r => r.action);
    // Updates land before the removal or are not found; nothing is recorded after it.
    expect(actions[actions.length - 1]).toBe('deleted');
    expect(actions.filter(a => a === 'deleted')).toHaveLength(1);
    expect(actions.filter(a => a === 'updated')).toHaveLength(settled.filter((s, i) => i % 2 === 1 && s.status === 'fulfilled').length);
  });

  it('a member removed between the lookup and the permission check is not found, not refused', async () => {
    let removeBeforeDeciding: (() => Promise<void>) | undefined;
    const permissions = (): PermissionsService => ({
      async authorize(requests) {
        await removeBeforeDeciding?.();
        // As the policy's condition on a row that no longer exists: not allowed.
        return requests.map(() => ({ result: removeBeforeDeciding ? AuthorizeResult.DENY : AuthorizeResult.ALLOW }));
      },
      async authorizeConditional(requests) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
      },
    });
    const h = await createHarness(databaseId, dbs, { permissions });
    const { project } = await seedTree(h);
    const member = await h.services.teams.addMember(user(ADA), project.id, { userRef: 'user:default/gone' });
    const other = await h.services.teams.addMember(user(ADA), project.id, { userRef: 'user:default/stays' });

    removeBeforeDeciding = async () => {
      await h.knex('project_members').where({ id: member.id }).delete();
    };
    await expect(h.services.teams.updateMember(user(ADA), project.id, member.id, { admin: true })).rejects.toBeInstanceOf(NotFoundError);
    // Still there: a refusal stays a refusal.
    removeBeforeDeciding = async () => {};
    await expect(h.services.teams.removeMember(user(ADA), project.id, other.id)).rejects.toBeInstanceOf(NotAllowedError);
  });
});
