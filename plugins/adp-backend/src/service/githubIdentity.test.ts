import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { FakeGithub } from '../provisioning/fakes';
import { ADA, createHarness, databases, PAT, seedTree, TESS, user } from '../__testUtils__/harness';

jest.setTimeout(60_000);
const dbs = databases();

/** A person's GitHub account is theirs: linked by them, proven by GitHub sign-in, or typed by them or an ADP Admin. */
describe.each(dbs.eachSupportedId())('GitHub identity on %p', databaseId => {
  let github: FakeGithub;
  beforeAll(async () => {
    github = new FakeGithub('defra');
    await github.start();
  });
  afterAll(() => github.stop());

  const setup = async () => {
    const h = await createHarness(databaseId, dbs, { githubApiBaseUrl: github.url });
    const tree = await seedTree(h);
    const profile = (ref: string) => h.knex('user_profiles').where({ user_ref: ref }).first();
    return { h, ...tree, profile };
  };

  it('refuses a team admin who adds or changes a member with a GitHub account, and leaves the profile alone', async () => {
    const { h, project, profile } = await setup();
    await h.services.profiles.update(user(ADA), ADA, { githubHandle: 'ada-admin' });
    const before = await profile(ADA);
    const refusal = {
      name: 'InputError',
      details: [{ path: 'githubHandle', message: 'A GitHub account is linked by its owner on their profile, not by a team admin; leave it out' }],
    };
    // The attack of issue #17: an admin of one project adds an ADP Admin with the attacker's account.
    await expect(h.services.teams.addMember(user(PAT), project.id, { userRef: ADA, githubHandle: 'attacker' } as any)).rejects.toMatchObject(refusal);
    expect(await h.knex('project_members').where({ project_id: project.id })).toHaveLength(0);
    const member = await h.services.teams.addMember(user(PAT), project.id, { userRef: ADA });
    await expect(h.services.teams.updateMember(user(PAT), project.id, member.id, { githubHandle: 'attacker' } as any)).rejects.toMatchObject(refusal);
    await expect(h.services.teams.updateMember(user(PAT), project.id, member.id, { technical: true, githubHandle: null } as any)).rejects.toMatchObject(refusal);
    expect(await profile(ADA)).toEqual(before);
  });

  it('adds a technical member who has linked no account; they wait for one', async () => {
    const { h, project } = await setup();
    const member = await h.services.teams.addMember(user(PAT), project.id, { userRef: TESS, technical: true });
    expect(member).toMatchObject({ technical: true, user: { userRef: TESS, githubHandle: null, githubVerified: false } });
  });

  it('links the account GitHub says the sign-in belongs to, verified, in the history, and queues provisioning', async () => {
    const { h, profile } = await setup();
    const token = github.oauth.issueToken('Tess-GH');
    const id = github.accounts.idOf('tess-gh');
    const linked = await h.services.profiles.linkGithub(user(TESS), TESS, { accessToken: token });
    expect(linked).toMatchObject({ userRef: TESS, githubHandle: 'tess-gh', githubUserId: id, githubVerified: true });
    expect(await profile(TESS)).toMatchObject({ github_handle: 'tess-gh', github_verified: expect.anything() });
    expect(Number((await profile(TESS)).github_user_id)).toBe(id);
    const history = await h.knex('history').where({ record_kind: 'user-profile', record_id: TESS });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ actor_ref: TESS });
    expect(await h.knex('provisioning_outbox').where({ record_id: TESS, reason: 'github-account-linked' })).toHaveLength(1);
  });

  it('links only your own account, only with a sign-in GitHub accepts, and one account to one person', async () => {
    const { h, profile } = await setup();
    const token = github.oauth.issueToken('tess-own');
    await expect(h.services.profiles.linkGithub(user(ADA), TESS, { accessToken: token })).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(h.services.profiles.linkGithub(user(TESS), TESS, { accessToken: 'gho_forged' })).rejects.toMatchObject({
      name: 'InputError', message: 'GitHub did not accept the sign-in; link the account again',
    });
    await expect(h.services.profiles.linkGithub(user(TESS), TESS, { accessToken: token, githubUserId: 1 } as any)).rejects.toMatchObject({ name: 'InputError' });
    expect(await profile(TESS)).toBeUndefined();

    await h.services.profiles.linkGithub(user(TESS), TESS, { accessToken: token });
    await expect(h.services.profiles.linkGithub(user(PAT), PAT, { accessToken: github.oauth.issueToken('tess-own') })).rejects.toMatchObject({
      name: 'ConflictError', message: 'The GitHub account tess-own is already linked to user:default/tess',
    });
    // Nor can an ADP Admin type someone's proven account onto another profile.
    await expect(h.services.profiles.update(user(ADA), PAT, { githubHandle: 'TESS-OWN' })).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('records an account an ADP Admin types as unverified, without an id, in the history; the person later proves it', async () => {
    const { h } = await setup();
    const typed = await h.services.profiles.update(user(ADA), TESS, { githubHandle: 'tess-typed' });
    expect(typed).toMatchObject({ githubHandle: 'tess-typed', githubUserId: null, githubVerified: false });
    const [entry] = await h.knex('history').where({ record_kind: 'user-profile', record_id: TESS });
    expect(entry).toMatchObject({ actor_ref: ADA });
    expect(JSON.parse(entry.after)).toMatchObject({ githubHandle: 'tess-typed', githubVerified: false });
    // A Delivery Team Admin is no ADP Admin: the profile of someone else stays theirs.
    h.permissions.setDecide(permission => ({ result: permission === 'adp.userProfile.manage' ? ('DENY' as any) : ('ALLOW' as any) }));
    await expect(h.services.profiles.update(user(PAT), TESS, { githubHandle: 'attacker' })).rejects.toMatchObject({ name: 'NotAllowedError' });

    const proven = await h.services.profiles.linkGithub(user(TESS), TESS, { accessToken: github.oauth.issueToken('tess-typed') });
    expect(proven).toMatchObject({ githubHandle: 'tess-typed', githubUserId: github.accounts.idOf('tess-typed'), githubVerified: true });
  });

  it('keeps handles stored before linking existed, as unverified and without an id', async () => {
    const h = await createHarness(databaseId, dbs);
    const directory = resolvePackagePath('@adp-portal/plugin-adp-backend', 'migrations');
    await h.knex.migrate.down({ directory, name: '20261204120000_github_identity.js' });
    await h.knex('user_profiles').insert({ user_ref: TESS, github_handle: 'tess-technical', apprentice: false });
    await h.knex.migrate.latest({ directory });
    expect(await h.services.profiles.get(user(TESS), TESS)).toMatchObject({ githubHandle: 'tess-technical', githubUserId: null, githubVerified: false });
  });
});
