import { generateKeyPairSync } from 'node:crypto';
import { FakeGithub } from '../../fakes';
import { GithubAccessCheck, GithubAccessCheckSettings } from './GithubAccessCheck';

/** What the GitHub credential may do, read from the fake GitHub as from GitHub. */
describe('GithubAccessCheck', () => {
  let github: FakeGithub;
  afterEach(() => github.stop());

  async function start(options: ConstructorParameters<typeof FakeGithub>[1]) {
    github = new FakeGithub('defra', options);
    await github.start();
  }
  const check = (s: Partial<GithubAccessCheckSettings>) =>
    new GithubAccessCheck({ apiBaseUrl: github.url, organization: 'defra', apps: [], ...s }).check();
  const app = () => [{ appId: github.app!.appId, privateKey: github.app!.privateKey }];

  it("a GitHub App: compares its installation's permissions with what provisioning needs, naming each gap", async () => {
    await start({ app: true });
    expect(await check({ apps: app() })).toEqual({ missing: [], notes: [], checked: true });
    github.app!.permissions = { members: 'write', administration: 'read' };
    expect((await check({ apps: app(), productionEnvironment: 'production' })).missing).toEqual([
      `GitHub: the GitHub App ${github.app!.appId} lacks Repository › Administration (read and write) on defra (has read)`,
      `GitHub: the GitHub App ${github.app!.appId} lacks Repository › Metadata (read) on defra (not granted)`,
      `GitHub: the GitHub App ${github.app!.appId} lacks Repository › Actions (read) on defra (not granted)`,
    ]);
  });

  it('a GitHub App: a suspended installation, or one limited to selected repositories, is said', async () => {
    await start({ app: true });
    github.app!.suspended = true;
    github.app!.repositorySelection = 'selected';
    const outcome = await check({ apps: app() });
    expect(outcome.missing).toEqual([`GitHub: the GitHub App ${github.app!.appId} is suspended on defra: it can do nothing until an owner unsuspends it`]);
    expect(outcome.notes).toEqual([`GitHub: the GitHub App ${github.app!.appId} sees only the repositories selected for it on defra: teams get no access to the others`]);
  });

  it('a GitHub App: a wrong private key is refused by GitHub and named; an app not installed on the organisation is named', async () => {
    await start({ app: true });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect((await check({ apps: [{ appId: github.app!.appId, privateKey: other }] })).missing).toEqual([
      `GitHub: GitHub refused the JWT of the GitHub App ${github.app!.appId} (401 A JSON web token could not be decoded): check its appId and privateKey`,
    ]);
    const elsewhere = await new GithubAccessCheck({ apiBaseUrl: github.url, organization: 'other-org', apps: app() }).check();
    expect(elsewhere.missing).toEqual([`GitHub: no GitHub App of the integration (${github.app!.appId}) is installed on the other-org organisation`]);
    // An app restricted to other owners is not the one used for this organisation.
    expect((await check({ apps: [{ ...app()[0], allowedInstallationOwners: ['someone-else'] }], token: undefined })).missing).toEqual([
      'GitHub: the integration has neither a GitHub App nor a token for this host',
    ]);
  });

  it('a classic token: its scopes, as GitHub sends them in x-oauth-scopes', async () => {
    await start({ token: 't', tokenScopes: ['repo', 'read:org'] });
    expect(await check({ token: 't' })).toEqual({
      missing: ["GitHub: the integration's token lacks the scope admin:org (it has repo, read:org)"],
      notes: [],
      checked: true,
    });
    github.tokenScopes = ['admin:org', 'repo', 'workflow'];
    expect(await check({ token: 't' })).toEqual({ missing: [], notes: [], checked: true });
  });

  it('a fine-grained token: GitHub does not say what it may do, and the check says so instead of passing it', async () => {
    await start({ token: 't' });
    const outcome = await check({ token: 't' });
    expect(outcome.checked).toBe(false);
    expect(outcome.missing).toEqual([]);
    expect(outcome.notes[0]).toMatch(/could not be checked: it needs Organization › Members \(read and write\), Repository › Administration/);
  });
});
