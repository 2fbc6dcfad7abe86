import { ADA, createHarness, databases, PAT, seedTree, user } from '../__testUtils__/harness';

jest.setTimeout(60_000);
const dbs = databases();

/*
 * A record must never render an external group, team or repository prefix that another
 * record (or the platform) has: it would inherit that group's members or repositories.
 * Refused on create and update with a 409 that names the clash; nothing is written.
 */
describe.each(dbs.eachSupportedId())('external names on %p', databaseId => {
  const counts = async (h: Awaited<ReturnType<typeof createHarness>>) =>
    Promise.all(['programmes', 'projects', 'history', 'provisioning_outbox'].map(async t => Number((await h.knex(t).count({ n: '*' }))[0].n)));

  it("refuses a programme whose admins' Entra group is a project's admins' group", async () => {
    const h = await createHarness(databaseId, dbs);
    const { alb, project } = await seedTree(h);
    const before = await counts(h);
    // AAG-Users-ADP-{programme}_Admin for this programme is AAG-Users-ADP-{programme}-{project}_Admin of the project.
    await expect(
      h.services.programmes.create(user(ADA), { albId: alb.id, title: 'Lookalike', name: `farming-and-countryside-${project.name}`, code: 'LKA', description: 'd' }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: `The Entra ID group AAG-Users-ADP-farming-and-countryside-${project.name}_Admin is already the project Annual Compliance Data's: its members would be shared. Choose another name, code or alias`,
    });
    expect(await counts(h)).toEqual(before);
  });

  it("refuses a project alias that is, or overlaps, another project's repository prefix, on create and on update", async () => {
    const h = await createHarness(databaseId, dbs);
    const { programme, project } = await seedTree(h);
    const grants = await h.services.projects.create(user(PAT), { programmeId: programme.id, title: 'Grants', description: 'd' });
    const before = await counts(h);
    for (const alias of [project.name, 'fcp', `${project.name}-api`]) {
      await expect(h.services.projects.update(user(PAT), grants.id, { alias })).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(/^The repository prefix .* overlaps .*, a prefix of the project Annual Compliance Data: its teams would get the other project's repositories/),
      });
      await expect(h.services.projects.create(user(PAT), { programmeId: programme.id, title: `Other ${alias}`, alias, description: 'd' })).rejects.toMatchObject({ name: 'ConflictError' });
    }
    // A namespace inside another's (fcp-annual-compliance-data-reporting) would take its repositories too.
    await expect(h.services.projects.create(user(PAT), { programmeId: programme.id, title: 'Annual Compliance Data Reporting', description: 'd' })).rejects.toMatchObject({
      name: 'ConflictError',
    });
    expect(await counts(h)).toEqual(before);
    expect((await h.services.projects.get(user(PAT), grants.id)).alias).toBeNull();
    // An alias of its own is fine.
    expect((await h.services.projects.update(user(PAT), grants.id, { alias: 'ffc-grants' })).alias).toBe('ffc-grants');
  });

  it('compares names as GitHub and Entra do, without case, and keeps platform names for the platform', async () => {
    const h = await createHarness(databaseId, dbs, {
      naming: { 'github.contributors': 'ADP-{projectTitle}', 'entra.projectTech': 'AAG-{projectAlias}-Tech' },
    });
    const { alb, programme } = await seedTree(h);
    const other = await h.services.programmes.create(user(ADA), { albId: alb.id, title: 'Other', code: 'OTH', description: 'd' });
    // 'ADP-Data Hub' and 'ADP-data-hub' are one GitHub team (slug adp-data-hub).
    await h.services.projects.create(user(PAT), { programmeId: programme.id, title: 'Data Hub', description: 'd' });
    await expect(h.services.projects.create(user(ADA), { programmeId: other.id, title: 'data-hub', description: 'd' })).rejects.toMatchObject({
      name: 'ConflictError',
      message: "The GitHub team ADP-data-hub is already the project Data Hub's (as ADP-Data Hub): its members would be shared. Choose another name, code or alias",
    });
    // ADP-Platform-Admins is the platform's (admin on every ADP repository).
    await expect(h.services.projects.create(user(PAT), { programmeId: programme.id, title: 'Platform Admins', description: 'd' })).rejects.toMatchObject({
      name: 'ConflictError',
      message: "The GitHub team ADP-Platform Admins is already the ADP platform's (as ADP-Platform-Admins): its members would be shared. Choose another name, code or alias",
    });
    // AAG-User-ADP-PlatformEngineers is not reachable through {projectAlias} here, but an Entra clash between projects is.
    await h.services.projects.create(user(PAT), { programmeId: programme.id, title: 'Alpha', alias: 'shared', description: 'd' });
    await expect(h.services.projects.create(user(ADA), { programmeId: other.id, title: 'Beta', alias: 'SHARED'.toLowerCase(), description: 'd' })).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('The Entra ID group AAG-shared-Tech is already the project Alpha'),
    });
  });
});
