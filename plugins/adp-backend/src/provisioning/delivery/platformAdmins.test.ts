import { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { TestDatabaseId, TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createProvisioning } from '../index';
import { ProvisioningFakes, fakeTokenCredential, startProvisioningFakes } from '../fakes';
import { DeliveryFixture, migrate } from '../__testUtils__/fixture';
import { recordingAuditor } from '../__testUtils__/engineHarness';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id => databases.supports(id));

const ADMIN_GROUP = 'group:default/adp-platform-engineers';
const ENTRA_GROUP = 'AAG-User-ADP-PlatformEngineers';
const PLATFORM_TEAM = 'ADP-Platform-Admins';
const PLATFORM = { kind: 'platform', id: 'platform' } as const;

const catalogUser = (name: string, email: string, groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { email }, memberOf: groups },
  relations: groups.map(g => ({ type: 'memberOf', targetRef: g })),
});

describe.each(ids)('ADP Admins fill the platform groups from one source, on %s', databaseId => {
  let db: Knex;
  let fakes: ProvisioningFakes;
  let f: DeliveryFixture;

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
    fakes = await startProvisioningFakes();
    f = new DeliveryFixture(db);
    for (const name of ['ada', 'gus', 'cara', 'ted']) fakes.graph.addUser(`${name}@defra.gov.uk`);
    // Ada holds the role by a stored assignment; Gus and Cara by the catalog group (Cara has no profile).
    await f.profile('user:default/ada', { email: 'ada@defra.gov.uk', github: 'ada-admin' });
    await f.profile('user:default/gus', { email: 'gus@defra.gov.uk', github: 'gus-gh' });
    await f.platformAdmin('user:default/ada');
    fakes.sonarcloud.addMember('ada-admin@github', 'gus-gh@github');
  });

  afterEach(async () => {
    await fakes.stop();
    await db.destroy();
  });

  const provisioning = (catalog: CatalogService) =>
    createProvisioning({
      config: new ConfigReader(fakes.config),
      logger: mockServices.rootLogger(),
      database: db,
      scheduler: mockServices.scheduler(),
      permissions: mockServices.permissions(),
      httpAuth: mockServices.httpAuth(),
      auditor: recordingAuditor(),
      overrides: { entraCredential: fakeTokenCredential },
      catalog,
      auth: mockServices.auth(),
      adpAdminGroups: [ADMIN_GROUP],
    });

  const catalogWith = (...entities: Entity[]) => catalogServiceMock({ entities });

  it('puts ADP Admins by group and by assignment in the Entra group and the GitHub team', async () => {
    const p = provisioning(
      catalogWith(
        catalogUser('gus', 'gus@defra.gov.uk', [ADMIN_GROUP]),
        catalogUser('cara', 'cara@defra.gov.uk', [ADMIN_GROUP]),
        catalogUser('paul', 'paul@defra.gov.uk', ['group:default/someone-else']),
      ),
    );
    await p.engine.reconcile(PLATFORM);
    expect(fakes.graph.memberEmails(ENTRA_GROUP)).toEqual(['ada@defra.gov.uk', 'cara@defra.gov.uk', 'gus@defra.gov.uk']);
    expect(fakes.github.membersOf(PLATFORM_TEAM)).toEqual(['ada-admin', 'gus-gh']);
    expect(fakes.sonarcloud.membersOf('ADP')).toEqual(['ada-admin@github', 'gus-gh@github']);
  });

  it('removes from the Entra group only the members the portal added, never those the tenant put there', async () => {
    const ted = fakes.graph.users.find(u => u.mail === 'ted@defra.gov.uk')!;
    const gus = fakes.graph.users.find(u => u.mail === 'gus@defra.gov.uk')!;
    const before = provisioning(catalogWith(catalogUser('gus', 'gus@defra.gov.uk', [ADMIN_GROUP])));
    await before.engine.reconcile(PLATFORM);
    fakes.graph.groupByName(ENTRA_GROUP)!.members.add(ted.id); // by the tenant, outside the portal

    // Gus leaves the group: the portal added him, so it removes him; Ted stays.
    const after = provisioning(catalogWith(catalogUser('gus', 'gus@defra.gov.uk', [])));
    const plan = await after.engine.reconcile(PLATFORM, { dryRun: true });
    expect(plan.systems.find(s => s.system === 'entra')!.changes).toEqual([
      expect.objectContaining({ action: 'remove-member', resource: ENTRA_GROUP, subject: gus.id }),
    ]);
    await after.engine.reconcile(PLATFORM);
    expect(fakes.graph.memberEmails(ENTRA_GROUP)).toEqual(['ada@defra.gov.uk', 'ted@defra.gov.uk']);
    expect(fakes.github.membersOf(PLATFORM_TEAM)).toEqual(['ada-admin']);

    await after.engine.fullPass();
    expect(fakes.graph.memberEmails(ENTRA_GROUP)).toEqual(['ada@defra.gov.uk', 'ted@defra.gov.uk']);
  });

  it('changes nothing when the catalog cannot be read, rather than treating the group as empty', async () => {
    const p = provisioning(catalogWith(catalogUser('gus', 'gus@defra.gov.uk', [ADMIN_GROUP])));
    await p.engine.reconcile(PLATFORM);
    const broken = catalogWith();
    broken.getEntities = async () => {
      throw new Error('catalog unavailable');
    };
    const q = provisioning(broken);
    for (const fake of fakes.all()) fake.resetCalls();
    await expect(q.engine.reconcile(PLATFORM)).rejects.toThrow('catalog unavailable');
    expect(fakes.graph.memberEmails(ENTRA_GROUP)).toEqual(['ada@defra.gov.uk', 'gus@defra.gov.uk']);
    for (const fake of fakes.all()) expect(fake.writes()).toEqual([]);
  });
});
