import { ADA, createHarness, databases, seedTree, user } from '../__testUtils__/harness';
import { migrateDatabase } from './migrate';

jest.setTimeout(60_000);
const dbs = databases();

const JANE_DEFRA = 'user:default/jane.doe_defra.gov.uk';
const JANE_RPA = 'user:default/jane.doe_rpa.gov.uk';

/*
 * Two people with one local part in two domains: before, both were user:default/jane.doe and
 * the second inherited the first's roles. The migration gives the stored one her own name, by
 * the email on her Entra profile; users not from Entra (the demo personas) keep theirs.
 */
describe.each(dbs.eachSupportedId())('migration 20261204150000_entra_user_names on %p', databaseId => {
  it('rewrites stored refs of Entra users to their own names, and gives a same-named person from another domain nothing', async () => {
    const h = await createHarness(databaseId, dbs);
    const { programme, project } = await seedTree(h);
    // The state before the migration: Jane of Defra stored under her local part, with a team and a request.
    await h.knex('knex_migrations').where({ name: '20261204150000_entra_user_names.js' }).delete();
    const profile = { display_name: 'Jane Doe', apprentice: false, employment: 'civil-servant' };
    await h.knex('user_profiles').insert([
      { ...profile, user_ref: 'user:default/jane.doe', email: 'jane.doe@defra.gov.uk', entra_object_id: 'entra-defra-jane' },
      { ...profile, user_ref: 'user:default/dee', email: 'dee@adp-demo.example', entra_object_id: null, display_name: 'Dee Delivery' },
      { ...profile, user_ref: 'user:default/tom', email: 'tom@rpa.gov.uk', entra_object_id: 'entra-tom', line_manager_ref: 'user:default/jane.doe' },
    ]);
    const stamp = { created_at: '2026-12-01T00:00:00.000Z', created_by: ADA, updated_at: '2026-12-01T00:00:00.000Z', updated_by: ADA };
    await h.knex('project_members').insert([
      { id: 'm-jane', project_id: project.id, user_ref: 'user:default/jane.doe', technical: true, admin: true, ...stamp },
      { id: 'm-dee', project_id: project.id, user_ref: 'user:default/dee', technical: false, admin: true, ...stamp },
    ]);
    await h.knex('programme_admins').insert({ id: 'a-jane', programme_id: programme.id, user_ref: 'user:default/jane.doe', created_at: stamp.created_at, created_by: ADA });
    const revisionBefore = Number((await h.knex('revision').first()).revision);

    await migrateDatabase(h.knex);

    const refs = async (table: string, column = 'user_ref') => (await h.knex(table).select(column)).map((r: any) => r[column]).sort();
    expect(await refs('user_profiles')).toEqual(['user:default/dee', JANE_DEFRA, 'user:default/pat', 'user:default/tom_rpa.gov.uk']);
    expect(await refs('project_members')).toEqual(['user:default/dee', JANE_DEFRA]);
    expect(await refs('programme_admins')).toContain(JANE_DEFRA);
    expect((await h.knex('user_profiles').where({ user_ref: 'user:default/tom_rpa.gov.uk' }).first()).line_manager_ref).toBe(JANE_DEFRA);
    // The policy refreshes the old and the new refs.
    expect(await h.services.internal.roleChanges(revisionBefore)).toEqual({
      revision: revisionBefore + 1,
      userRefs: ['user:default/jane.doe', JANE_DEFRA, 'user:default/tom', 'user:default/tom_rpa.gov.uk'],
    });

    // Jane of the RPA, a different person, signs in as herself: she holds nothing of Jane of Defra's.
    const index = await h.services.internal.roleIndex({ userRefs: [JANE_DEFRA, JANE_RPA, 'user:default/jane.doe'].join(',') });
    const of = (ref: string) => index.users.find(u => u.userRef === ref);
    expect(of(JANE_DEFRA)).toMatchObject({ programmeAdminOf: [programme.id], projectMemberships: [expect.objectContaining({ projectId: project.id, admin: true })] });
    const nothing = { platformRoles: [], programmeAdminOf: [], projectMemberships: [] };
    expect(of(JANE_RPA) ?? nothing).toMatchObject(nothing);
    expect(of('user:default/jane.doe') ?? nothing).toMatchObject(nothing);
    // And adding her is adding someone else, not the same member twice.
    await h.services.teams.addMember(user(ADA), project.id, { userRef: JANE_RPA });
    expect(await refs('project_members')).toEqual(['user:default/dee', JANE_DEFRA, JANE_RPA]);
  });
});
