import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ADA, createHarness, databases, PAT, seedTree, TESS, user } from '../__testUtils__/harness';

jest.setTimeout(60_000);
const dbs = databases();

describe.each(dbs.eachSupportedId())('delivery services on %p', databaseId => {
  it('rejects invalid payloads with field paths and writes nothing', async () => {
    const h = await createHarness(databaseId, dbs);
    const { alb } = await seedTree(h);
    const before = await h.knex('history').count({ n: '*' });
    await expect(
      h.services.programmes.create(user(ADA), { albId: alb.id, title: 'X', code: 'TOOLONG', description: 'd' }),
    ).rejects.toMatchObject({ name: 'InputError', message: 'code: Programme code must be 3 or 4 letters', details: [{ path: 'code', message: 'Programme code must be 3 or 4 letters' }] });
    expect(await h.knex('history').count({ n: '*' })).toEqual(before);
  });

  it('names the clash on a duplicate programme code (case-insensitive)', async () => {
    const h = await createHarness(databaseId, dbs);
    const { alb } = await seedTree(h);
    await expect(
      h.services.programmes.create(user(ADA), { albId: alb.id, title: 'Other', code: 'FcP', description: 'd' }),
    ).rejects.toMatchObject({ name: 'ConflictError', message: 'The programme code FCP is already used by Farming and Countryside' });
  });

  it('keeps the namespace on rename and rejects a duplicate title in the programme', async () => {
    const h = await createHarness(databaseId, dbs);
    const { programme, project } = await seedTree(h);
    expect(project.name).toBe('fcp-annual-compliance-data');
    const renamed = await h.services.projects.update(user(ADA), project.id, { title: 'Compliance Data' });
    expect(renamed).toMatchObject({ title: 'Compliance Data', name: 'fcp-annual-compliance-data' });
    await expect(
      h.services.projects.create(user(ADA), { programmeId: programme.id, title: 'compliance DATA', description: 'd' }),
    ).rejects.toMatchObject({ name: 'ConflictError', message: 'The programme Farming and Countryside already has a project called Compliance Data' });
  });

  it('adds a member with history, outbox and role change in one transaction, and names duplicates', async () => {
    const h = await createHarness(databaseId, dbs);
    const { project } = await seedTree(h);
    const revisionBefore = (await h.knex('revision').first()).revision;
    const member = await h.services.teams.addMember(user(ADA), project.id, { userRef: TESS, technical: true });
    // No GitHub account linked yet: the member waits for one (see githubIdentity.test.ts).
    expect(member.user).toMatchObject({ userRef: TESS, githubHandle: null });
    const history = await h.knex('history').where({ record_id: member.id });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'created', actor_ref: ADA, project_id: project.id });
    expect(await h.knex('provisioning_outbox').where({ record_id: member.id, reason: 'project-member-added' })).toHaveLength(1);
    const revision = (await h.knex('revision').first()).revision;
    expect(Number(revision)).toBe(Number(revisionBefore) + 1);
    expect(await h.services.internal.roleChanges(revisionBefore)).toEqual({ revision: Number(revision), userRefs: [TESS] });
    expect(h.published.at(-1)).toMatchObject({ topic: 'adp.changes', eventPayload: { userRefs: [TESS], changes: [{ kind: 'project-member', id: member.id }] } });

    await h.knex('user_profiles').where({ user_ref: TESS }).update({ display_name: 'Tess Technical' });
    await expect(
      h.services.teams.addMember(user(ADA), project.id, { userRef: TESS }),
    ).rejects.toMatchObject({ name: 'ConflictError', message: 'Tess Technical is already on the team of Annual Compliance Data' });
  });

  it('lets two parallel adds of the same member produce exactly one row', async () => {
    const h = await createHarness(databaseId, dbs);
    const { project } = await seedTree(h);
    const results = await Promise.allSettled([
      h.services.teams.addMember(user(ADA), project.id, { userRef: 'user:default/nora' }),
      h.services.teams.addMember(user(ADA), project.id, { userRef: 'user:default/nora' }),
    ]);
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find(r => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.name).toBe('ConflictError');
    expect(await h.knex('project_members').where({ project_id: project.id })).toHaveLength(1);
  });

  it('rolls everything back when a write fails midway', async () => {
    const h = await createHarness(databaseId, dbs);
    const { alb } = await seedTree(h);
    const counts = async () => Promise.all(['programmes', 'programme_admins', 'history', 'provisioning_outbox'].map(async t => Number((await h.knex(t).count({ n: '*' }))[0].n)));
    const before = await counts();
    // The second admin insert collides with the first inside the same transaction.
    await h.knex.schema.alterTable('programme_admins', t => t.unique(['user_ref'], { indexName: 'one_programme_per_user_for_test' }));
    await expect(
      h.services.programmes.create(user(ADA), { albId: alb.id, title: 'Second', code: 'SEC', description: 'd', admins: [PAT] }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(await counts()).toEqual(before);
  });

  it('keeps a programme admin unless an ADP Admin removes the last one', async () => {
    const h = await createHarness(databaseId, dbs, { ownership: { [ADA]: ['group:default/adp-platform-engineers'] } });
    const { programme } = await seedTree(h);
    const [admin] = await h.services.teams.listAdmins(user(PAT), programme.id);
    await expect(h.services.teams.removeAdmin(user(PAT), programme.id, admin.id)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('is the last admin of Farming and Countryside'),
    });
    await h.services.teams.removeAdmin(user(ADA), programme.id, admin.id);
    expect(await h.services.teams.listAdmins(user(ADA), programme.id)).toEqual([]);
    expect(await h.knex('history').where({ record_id: admin.id, action: 'deleted' })).toHaveLength(1);
  });

  it('archives and restores; archived projects reject team changes', async () => {
    const h = await createHarness(databaseId, dbs);
    const { project } = await seedTree(h);
    const archived = await h.services.projects.setArchived(user(ADA), project.id, true);
    expect(archived.archivedAt).not.toBeNull();
    await expect(h.services.teams.addMember(user(ADA), project.id, { userRef: 'user:default/nora' })).rejects.toMatchObject({ name: 'ConflictError' });
    expect((await h.services.projects.list(user(ADA), {})).items).toHaveLength(0);
    expect((await h.services.projects.list(user(ADA), { includeArchived: 'true' })).items).toHaveLength(1);
    await h.services.projects.setArchived(user(ADA), project.id, false);
    await h.services.teams.addMember(user(ADA), project.id, { userRef: 'user:default/nora' });
    const history = await h.services.history.page(user(ADA), 'projects', project.id, {});
    expect(history.items.map(e => e.action)).toEqual(['created', 'restored', 'archived', 'created']);
  });

  it('reports not found for unknown records and members of another project', async () => {
    const h = await createHarness(databaseId, dbs);
    const { programme, project } = await seedTree(h);
    const other = await h.services.projects.create(user(ADA), { programmeId: programme.id, title: 'Other', description: 'd' });
    const member = await h.services.teams.addMember(user(ADA), other.id, { userRef: 'user:default/nora' });
    await expect(h.services.projects.get(user(ADA), 'nope')).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(h.services.teams.updateMember(user(ADA), project.id, member.id, { admin: true })).rejects.toMatchObject({ name: 'NotFoundError' });
    expect((await h.knex('project_members').where({ id: member.id }).first()).admin).toBeFalsy();
  });

  it('filters lists in the database with conditional decisions, and searches with escaped wildcards', async () => {
    const h = await createHarness(databaseId, dbs);
    const { programme, project } = await seedTree(h);
    const other = await h.services.projects.create(user(ADA), { programmeId: programme.id, title: '100% Grants_Service', description: 'd' });
    h.permissions.setDecide(permission =>
      permission === 'adp.project.read'
        ? { result: AuthorizeResult.CONDITIONAL, pluginId: 'adp', resourceType: 'adp-project', conditions: { rule: 'IS_IN_PROJECT', resourceType: 'adp-project', params: { projectIds: [other.id] } } }
        : { result: AuthorizeResult.ALLOW },
    );
    const page = await h.services.projects.list(user(PAT), {});
    expect(page).toMatchObject({ totalCount: 1, items: [{ id: other.id }] });
    h.permissions.setDecide(() => ({ result: AuthorizeResult.ALLOW }));
    expect((await h.services.projects.list(user(PAT), { search: '100%' })).items.map(p => p.id)).toEqual([other.id]);
    expect((await h.services.projects.list(user(PAT), { search: '_' })).items.map(p => p.id)).toEqual([other.id]);
    expect((await h.services.projects.list(user(PAT), { search: 'annual' })).items.map(p => p.id)).toEqual([project.id]);
    expect((await h.services.projects.list(user(PAT), { limit: '1', sort: 'title', order: 'desc' }))).toMatchObject({ totalCount: 2, items: [{ id: project.id }] });
  });

  it('lists only the projects the caller may create services for with technical=true', async () => {
    const h = await createHarness(databaseId, dbs);
    const { alb, programme, project } = await seedTree(h);
    const other = await h.services.projects.create(user(ADA), { programmeId: programme.id, title: 'Grants', description: 'd' });
    const elsewhere = await h.services.programmes.create(user(ADA), { albId: alb.id, title: 'Elsewhere', code: 'ELS', description: 'd' });
    const third = await h.services.projects.create(user(ADA), { programmeId: elsewhere.id, title: 'Third', description: 'd' });
    const inProjects = (ids: string[]) => ({
      result: AuthorizeResult.CONDITIONAL, pluginId: 'adp', resourceType: 'adp-project',
      conditions: { rule: 'IS_IN_PROJECT', resourceType: 'adp-project', params: { projectIds: ids } },
    } as const);
    const ids = async (query: Record<string, string>) => (await h.services.projects.list(user(TESS), query)).items.map(p => p.id).sort();
    const all = [project.id, other.id, third.id].sort();

    // A Technical Team Member of two projects: the policy's createService condition narrows the list.
    h.permissions.setDecide(p => (p === 'adp.project.createService' ? inProjects([other.id, third.id]) : { result: AuthorizeResult.ALLOW }));
    expect(await ids({ technical: 'true' })).toEqual([other.id, third.id].sort());
    expect(await ids({ technical: 'true', search: 'grants' })).toEqual([other.id]);
    expect(await ids({})).toEqual(all);
    expect(await ids({ technical: 'false' })).toEqual(all);

    // ...and it only narrows what the caller may read.
    h.permissions.setDecide(p => {
      if (p === 'adp.project.createService') return inProjects([other.id, third.id]);
      if (p === 'adp.project.read') return inProjects([project.id, third.id]);
      return { result: AuthorizeResult.ALLOW };
    });
    expect(await ids({ technical: 'true' })).toEqual([third.id]);

    // An ADP Admin may create services everywhere; a user without the role nowhere.
    h.permissions.setDecide(() => ({ result: AuthorizeResult.ALLOW }));
    expect(await ids({ technical: 'true' })).toEqual(all);
    h.permissions.setDecide(p => ({ result: p === 'adp.project.createService' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW }));
    expect(await h.services.projects.list(user(TESS), { technical: 'true' })).toMatchObject({ items: [], totalCount: 0 });
    expect(await ids({})).toEqual(all);

    // The permission is asked only when the filter is.
    h.permissions.asked.length = 0;
    await h.services.projects.list(user(TESS), {});
    expect(h.permissions.asked.map(a => a.permission)).toEqual(['adp.project.read']);
  });

  it('explains access with human scope titles', async () => {
    const h = await createHarness(databaseId, dbs);
    const { project } = await seedTree(h);
    await h.services.teams.addMember(user(ADA), project.id, { userRef: 'user:default/dee', admin: true });
    const me = await h.services.access.me(user('user:default/dee'));
    expect(me.assignments.map(a => `${a.roleTitle} @ ${a.scopeTitle}`)).toContain(
      'Delivery Team Admin @ project Annual Compliance Data (fcp-annual-compliance-data)',
    );
    const explained = await h.services.access.explain(user(PAT), { permission: 'adp.projectMember.create', resourceRef: project.id });
    expect(explained).toMatchObject({ allowed: true, grantedBy: [{ role: 'delivery-programme-admin', source: 'programme-admin' }] });
    const denied = await h.services.access.explain(user('user:default/paul'), { permission: 'adp.project.update', resourceRef: project.id });
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toContain('Platform User');
  });

  it('serves the catalog source and role index in a few queries', async () => {
    const h = await createHarness(databaseId, dbs);
    const { programme, project } = await seedTree(h);
    await h.services.teams.addMember(user(ADA), project.id, { userRef: TESS, technical: true });
    const source = await h.services.internal.catalogSource({});
    expect(source.programmes).toMatchObject([{ id: programme.id, admins: [{ userRef: PAT }] }]);
    expect(source.projects).toMatchObject([{ id: project.id, members: [{ userRef: TESS, technical: true }] }]);
    await h.services.projects.setArchived(user(ADA), project.id, true);
    expect((await h.services.internal.catalogSource({})).projects).toEqual([]);
    expect((await h.services.internal.catalogSource({ projectIds: project.id })).projects[0].archivedAt).not.toBeNull();
    const index = await h.services.internal.roleIndex({});
    expect(index.users.find(u => u.userRef === TESS)).toMatchObject({ projectMemberships: [{ projectId: project.id, programmeId: programme.id, technical: true }] });
    expect(index.users.find(u => u.userRef === PAT)).toMatchObject({ programmeAdminOf: [programme.id] });
  });
});
