import knexFactory, { Knex } from 'knex';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ProvisioningFakes, startProvisioningFakes } from '../fakes';
import { DeliveryFixture, migrate } from '../__testUtils__/fixture';
import { createTestProvisioning } from '../__testUtils__/engineHarness';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id => databases.supports(id));

const TESS = 'user:default/tess';
const DEE = 'user:default/dee';
const NORA = 'user:default/nora';
const ADA = 'user:default/ada';
const PAT = 'user:default/pat';

const CONTRIBUTORS = 'ADP-fcp-fcp-acd-Contributors';
const ADMINS = 'ADP-fcp-fcp-acd-Admins';
const PLATFORM = 'ADP-Platform-Admins';
const TECH = 'AAG-Users-ADP-fcp-fcp-acd_TechUser';
const NONTECH = 'AAG-Users-ADP-fcp-fcp-acd_NonTechUser';
const ADMIN = 'AAG-Users-ADP-fcp-fcp-acd_Admin';
const WRITER_DEV = 'AAG-Azure-ADP-fcp-fcp-acd-dev-PostgressDB_Writer';
const WRITER_PRD = 'AAG-Azure-ADP-fcp-fcp-acd-prd-PostgressDB_Writer';
const READER_DEV = 'AAG-Azure-ADP-fcp-fcp-acd-dev-PostgressDB_Reader';
const ADO_GROUP = 'ADP-rpa-fcp-fcp-acd-Contributors';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(ids)('provisioning engine on %s', databaseId => {
  let db: Knex;
  let fakes: ProvisioningFakes;
  let f: DeliveryFixture;
  let projectId: string;
  let programmeId: string;

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await migrate(db);
    fakes = await startProvisioningFakes();
    f = new DeliveryFixture(db);
    for (const email of ['tess', 'dee', 'nora', 'ada', 'pat']) fakes.graph.addUser(`${email}@defra.gov.uk`);
    fakes.azureDevOps.addUser('tess@defra.gov.uk');
    fakes.azureDevOps.addUser('nora@defra.gov.uk');
    fakes.azureDevOps.addProject('FCP-ADO');
    fakes.sonarcloud.addMember('tess-technical@github', 'nora-n@github', 'ada-admin@github');
    fakes.github.addRepo('fcp-acd-frontend');
    fakes.github.addRepo('ffc-acd-backend');
    fakes.github.addRepo('claims-api', ['fcp-acd']);
    fakes.github.addRepo('other-service');

    await f.profile(TESS, { email: 'tess@defra.gov.uk', github: 'tess-technical' });
    await f.profile(DEE, { email: 'dee@defra.gov.uk' });
    await f.profile(NORA, { email: 'nora@defra.gov.uk' });
    await f.profile(ADA, { email: 'ada@defra.gov.uk', github: 'ada-admin' });
    await f.profile(PAT, { email: 'pat@defra.gov.uk' });
    const alb = await f.alb();
    programmeId = await f.programme(alb, 'fcp', 'FCP');
    projectId = await f.project(programmeId, 'fcp-acd', { alias: 'ffc-acd', adoProject: 'FCP-ADO' });
    await f.member(projectId, TESS, { technical: true });
    await f.member(projectId, DEE, { admin: true });
    await f.member(projectId, NORA);
    await f.programmeAdmin(programmeId, PAT);
    await f.platformAdmin(ADA);
  });

  afterEach(async () => {
    await fakes.stop();
    await db.destroy();
  });

  async function expectConvergedInitialState() {
    const gh = fakes.github;
    expect(gh.membersOf(CONTRIBUTORS)).toEqual(['tess-technical']);
    expect(gh.team(CONTRIBUTORS)!.privacy).toBe('closed');
    expect(Object.fromEntries(gh.team(CONTRIBUTORS)!.repos)).toEqual({ 'fcp-acd-frontend': 'write', 'ffc-acd-backend': 'write', 'claims-api': 'write' });
    expect(gh.membersOf(ADMINS)).toEqual([]);
    expect(Object.fromEntries(gh.team(ADMINS)!.repos)).toEqual({ 'fcp-acd-frontend': 'admin', 'ffc-acd-backend': 'admin', 'claims-api': 'admin' });
    expect(gh.membersOf(PLATFORM)).toEqual(['ada-admin']);
    expect([...gh.team(PLATFORM)!.repos.keys()].sort()).toEqual(['claims-api', 'fcp-acd-frontend', 'ffc-acd-backend']);

    const g = fakes.graph;
    expect(g.memberEmails(NONTECH)).toEqual(['dee@defra.gov.uk', 'nora@defra.gov.uk']);
    expect(g.memberEmails(TECH)).toEqual(['tess@defra.gov.uk']);
    expect(g.memberEmails(ADMIN)).toEqual(['dee@defra.gov.uk']);
    expect(g.memberEmails('AAG-Users-ADP-fcp_Admin')).toEqual(['pat@defra.gov.uk']);
    expect(g.memberEmails('AAG-User-ADP-PlatformEngineers')).toEqual(['ada@defra.gov.uk']);
    expect(g.memberEmails(WRITER_DEV)).toEqual(['tess@defra.gov.uk']);
    expect(g.groupByName(WRITER_PRD)).toBeDefined();
    expect(g.memberEmails(WRITER_PRD)).toEqual([]);
    expect(g.groupByName('AAG-Azure-ADP-fcp-fcp-acd-dev-PostgressDB_Reader')).toBeDefined();

    expect(fakes.azureDevOps.memberEmails(ADO_GROUP)).toEqual(['tess@defra.gov.uk']);

    const s = fakes.sonarcloud;
    expect(s.membersOf('fcp-acd')).toEqual(['tess-technical@github']);
    expect(s.membersOf('ADP')).toEqual(['ada-admin@github']);
    const tpl = s.templates.get('fcp-acd')!;
    expect(tpl.projectKeyPattern).toBe('fcp-acd.*|ffc-acd.*');
    expect([...tpl.groups.get('fcp-acd')!].sort()).toEqual(['codeviewer', 'issueadmin', 'scan', 'securityhotspotadmin', 'user']);
    expect([...tpl.groups.get('ADP')!].sort()).toEqual(['admin', 'codeviewer', 'issueadmin', 'scan', 'securityhotspotadmin', 'user']);
  }

  it('creates everything on the first sync, then a second run and a dry run change nothing', async () => {
    const p = createTestProvisioning(db, fakes);
    const drained = await p.engine.drain();
    expect(drained.rescheduled).toEqual([]);
    expect(await f.pendingOutbox()).toBe(0);
    await expectConvergedInitialState();

    for (const fake of fakes.all()) fake.resetCalls();
    const plan = await p.engine.reconcile({ kind: 'project', id: projectId }, { dryRun: true });
    expect(plan.systems.flatMap(s => s.changes)).toEqual([]);
    const pass = await p.engine.fullPass();
    expect(pass).toEqual({ targets: 3, failed: 0, changes: 0 });
    for (const fake of fakes.all()) expect(fake.writes()).toEqual([]);
  });

  it('a dry run plans the changes without making them', async () => {
    const p = createTestProvisioning(db, fakes);
    const plan = await p.engine.reconcile({ kind: 'project', id: projectId }, { dryRun: true });
    const github = plan.systems.find(s => s.system === 'github')!;
    expect(github.changes).toEqual(
      expect.arrayContaining([
        { system: 'github', action: 'create-team', resource: CONTRIBUTORS, detail: expect.objectContaining({ privacy: 'closed' }) },
        { system: 'github', action: 'add-member', resource: CONTRIBUTORS, subject: 'tess-technical' },
      ]),
    );
    for (const fake of fakes.all()) expect(fake.writes()).toEqual([]);
    expect(fakes.github.teams.size).toBe(0);
    expect(await f.pendingOutbox()).toBeGreaterThan(0);
  });

  it('converges membership and role changes, and a removed user loses access everywhere', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();

    await f.updateMember(projectId, TESS, { admin: true });
    await f.profile(NORA, { email: 'nora@defra.gov.uk', github: 'nora-n' });
    await f.updateMember(projectId, NORA, { technical: true });
    await p.engine.drain();
    expect(fakes.github.membersOf(ADMINS)).toEqual(['tess-technical']);
    expect(fakes.github.membersOf(CONTRIBUTORS)).toEqual(['nora-n', 'tess-technical']);
    expect(fakes.graph.memberEmails(NONTECH)).toEqual(['dee@defra.gov.uk']);
    expect(fakes.graph.memberEmails(TECH)).toEqual(['nora@defra.gov.uk', 'tess@defra.gov.uk']);
    expect(fakes.azureDevOps.memberEmails(ADO_GROUP)).toEqual(['nora@defra.gov.uk', 'tess@defra.gov.uk']);
    expect(fakes.sonarcloud.membersOf('fcp-acd')).toEqual(['nora-n@github', 'tess-technical@github']);

    await f.removeMember(projectId, TESS);
    await p.engine.drain();
    expect(fakes.github.membersOf(CONTRIBUTORS)).toEqual(['nora-n']);
    expect(fakes.github.membersOf(ADMINS)).toEqual([]);
    for (const g of [TECH, ADMIN, WRITER_DEV, NONTECH]) {
      expect(fakes.graph.memberEmails(g)).not.toContain('tess@defra.gov.uk');
    }
    expect(fakes.azureDevOps.memberEmails(ADO_GROUP)).toEqual(['nora@defra.gov.uk']);
    expect(fakes.sonarcloud.membersOf('fcp-acd')).toEqual(['nora-n@github']);
    expect(await f.pendingOutbox()).toBe(0);
  });

  it('empties the groups of an archived project but keeps them', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    await f.archiveProject(projectId);
    await p.engine.drain();
    expect(fakes.github.membersOf(CONTRIBUTORS)).toEqual([]);
    expect(fakes.graph.memberEmails(TECH)).toEqual([]);
    expect(fakes.graph.groupByName(TECH)).toBeDefined();
    // An archived project's repositories are still ADP repositories: ADP Admins keep admin on them.
    expect(fakes.github.team(PLATFORM)!.repos.size).toBe(3);
  });

  it('repairs hand-made changes on the full pass', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    fakes.github.team(CONTRIBUTORS)!.members.add('intruder');
    fakes.github.team(CONTRIBUTORS)!.repos.delete('claims-api');
    fakes.github.team(ADMINS)!.privacy = 'secret';
    const stranger = fakes.graph.addUser('stranger@example.com');
    fakes.graph.groupByName(TECH)!.members.add(stranger.id);
    fakes.graph.groupByName(READER_DEV)!.members.add(stranger.id); // not managed: left alone
    fakes.sonarcloud.groups.get('fcp-acd')!.members.delete('tess-technical@github');
    fakes.sonarcloud.templates.get('fcp-acd')!.projectKeyPattern = '.*';
    fakes.azureDevOps.groupByName(ADO_GROUP)!.members.clear();

    const pass = await p.engine.fullPass();
    expect(pass.failed).toBe(0);
    expect(pass.changes).toBe(7);
    await expectConvergedInitialState();
    expect(fakes.graph.memberEmails(READER_DEV)).toEqual(['stranger@example.com']);
  });

  it('loses nothing while a system is down or throttling, and converges when it is back', async () => {
    const p = createTestProvisioning(db, fakes);
    fakes.graph.goDown(503);
    fakes.github.failNext(2, 500);
    const first = await p.engine.drain();
    // Every target has Entra groups: nothing completes, everything waits...
    expect(first.completed).toEqual([]);
    expect(first.rescheduled.length).toBe(12); // 12 outbox items written by the fixture
    // ...while the healthy systems are already provisioned.
    expect(fakes.sonarcloud.membersOf('fcp-acd')).toEqual(['tess-technical@github']);
    const waiting = await db('provisioning_outbox').whereNull('processed_at');
    expect(waiting.every(r => r.attempts === 1 && r.next_attempt_at && /entra|github/.test(r.last_error))).toBe(true);
    const status = await p.engine.reconcile({ kind: 'project', id: projectId }, { dryRun: true });
    expect(status.systems.find(s => s.system === 'entra')!.error).toMatch(/503/);

    // Still down: the items stay and their attempts grow.
    await sleep(50);
    await p.engine.drain();
    await sleep(250);
    await p.engine.drain();
    const still = await db('provisioning_outbox').whereNull('processed_at');
    expect(still.length).toBe(waiting.length);
    expect(Math.max(...still.map(r => r.attempts))).toBeGreaterThanOrEqual(2);

    fakes.graph.recover();
    await sleep(250);
    await p.engine.drain();
    expect(await f.pendingOutbox()).toBe(0);
    await expectConvergedInitialState();
  });

  it('hands a target that failed in a full pass to the outbox, so it is retried once the system is back', async () => {
    // Found with bench/faults.ts: GitHub was down during the hourly full pass, and a project
    // with no change waiting stayed "failed" (and any drift unrepaired) until the next pass.
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    expect(await f.pendingOutbox()).toBe(0);
    fakes.github.goDown(503);
    const pass = await p.engine.fullPass();
    expect(pass.failed).toBeGreaterThan(0);
    const waiting = await db('provisioning_outbox').whereNull('processed_at');
    expect(waiting).toHaveLength(pass.failed);
    expect(waiting.every(r => r.record_kind === 'provisioning-target' && r.reason === 'full-pass-failed')).toBe(true);
    expect(waiting.map(r => r.record_id)).toContain(`project:${projectId}`);
    // Still down: another pass adds nothing, and the drain keeps the items with the error.
    await p.engine.fullPass();
    expect(await f.pendingOutbox()).toBe(pass.failed);
    await p.engine.drain();
    const rescheduled = await db('provisioning_outbox').whereNull('processed_at');
    expect(rescheduled.every(r => r.attempts === 1 && /github: .*503/.test(r.last_error))).toBe(true);
    expect((await db('provisioning_status').where({ system: 'github', target_kind: 'project', target_id: projectId }).first()).status).toBe('failed');

    fakes.github.recover();
    await sleep(250);
    await p.engine.drain();
    expect(await f.pendingOutbox()).toBe(0);
    const github = await db('provisioning_status').where({ system: 'github' });
    expect(github.map(r => r.status)).toEqual(github.map(() => 'in-sync'));
    await expectConvergedInitialState();
  });

  it('two backends on one database drain each outbox item exactly once', async () => {
    // A second backend has its own connection pool (on SQLite in memory the one database
    // only exists behind the first connection, so both engines share it there).
    const secondDb = databaseId === 'POSTGRES_15' ? knexFactory(db.client.config) : db;
    try {
      // More work than one batch, so both engines claim while the other is working; no more
      // than that, since every item is real reconciles against the fakes (a busy machine).
      for (let i = 0; i < 12; i++) {
        const extra = await f.project(programmeId, `fcp-x${i}`);
        await f.member(extra, TESS, { technical: true });
      }
      const waiting = (await db('provisioning_outbox').whereNull('processed_at')).map(r => String(r.id));
      expect(waiting.length).toBeGreaterThan(20);

      const one = createTestProvisioning(db, fakes, { adp: { provisioning: { batchSize: 4 } } });
      const two = createTestProvisioning(secondDb, fakes, { adp: { provisioning: { batchSize: 4 } } });
      const doneByA: string[] = [];
      const doneByB: string[] = [];
      // Both engines touch shared groups (the platform team), so a write may clash with the
      // other engine's and be rescheduled: it is retried, never lost, and never done twice.
      for (let round = 0; round < 20 && (await f.pendingOutbox()) > 0; round++) {
        const [a, b] = await Promise.all([one.engine.drain(), two.engine.drain()]);
        doneByA.push(...a.completed.map(String));
        doneByB.push(...b.completed.map(String));
        await sleep(250);
      }
      expect(doneByA.length).toBeGreaterThan(0);
      expect(doneByB.length).toBeGreaterThan(0);
      expect(doneByA.filter(id => doneByB.includes(id))).toEqual([]);
      expect([...doneByA, ...doneByB].sort()).toEqual([...waiting].sort());
      expect(await f.pendingOutbox()).toBe(0);
      await expectConvergedInitialState();
    } finally {
      if (secondDb !== db) await secondDb.destroy();
    }
  }, 180_000);

  it('honours Retry-After on 429', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    await f.updateMember(projectId, TESS, { admin: true });
    fakes.sonarcloud.failNext(1, 429, 30);
    const before = Date.now();
    const r = await p.engine.drain();
    expect(r.rescheduled).toHaveLength(1);
    const [item] = await db('provisioning_outbox').whereNull('processed_at');
    expect(Date.parse(item.next_attempt_at) - before).toBeGreaterThanOrEqual(29_000);
    expect(item.last_error).toMatch(/sonarcloud: .*429/);
    // Not due yet: another drain leaves it alone.
    expect((await p.engine.drain()).completed).toEqual([]);
    await db('provisioning_outbox').where('id', item.id).update({ next_attempt_at: new Date().toISOString() });
    expect((await p.engine.drain()).completed).toEqual([item.id]);
    expect(fakes.github.membersOf(ADMINS)).toEqual(['tess-technical']);
  });

  it('reports systems that are not configured, and users Entra does not know', async () => {
    const p = createTestProvisioning(db, fakes, {}, ['sonarcloud', 'azureDevOps']);
    await f.profile('user:default/ghost', { email: 'ghost@defra.gov.uk' });
    await f.member(projectId, 'user:default/ghost');
    await p.engine.drain();
    expect(await f.pendingOutbox()).toBe(0);
    const rows = await db('provisioning_status').where({ target_kind: 'project', target_id: projectId });
    const bySystem = Object.fromEntries(rows.map(r => [r.system, r]));
    expect(bySystem.sonarcloud.status).toBe('not-configured');
    expect(bySystem['azure-devops'].status).toBe('not-configured');
    expect(bySystem.github.status).toBe('in-sync');
    expect(bySystem.entra.status).toBe('in-sync');
    expect(JSON.parse(bySystem.entra.warnings)).toEqual([
      'user:default/ghost (ghost@defra.gov.uk) was not found in Entra ID',
    ]);
    expect(fakes.sonarcloud.calls).toEqual([]);
    expect(fakes.azureDevOps.calls).toEqual([]);
  });

  it('treats an Entra change someone made between plan and apply as done', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    await f.updateMember(projectId, NORA, { technical: true });
    await f.removeMember(projectId, DEE);
    const planned = await p.engine.reconcile({ kind: 'project', id: projectId }, { dryRun: true, systems: ['entra'] });
    const changes = planned.systems[0].changes;
    expect(changes.map(c => c.action).sort()).toEqual(expect.arrayContaining(['add-member', 'remove-member']));
    const nora = fakes.graph.users.find(u => u.mail === 'nora@defra.gov.uk')!;
    const dee = fakes.graph.users.find(u => u.mail === 'dee@defra.gov.uk')!;
    fakes.graph.groupByName(TECH)!.members.add(nora.id);
    fakes.graph.groupByName(ADMIN)!.members.delete(dee.id);
    await expect(p.engine.systems.find(s => s.system === 'entra')!.apply(changes)).resolves.toBeUndefined();
    expect(fakes.graph.memberEmails(TECH)).toEqual(['nora@defra.gov.uk', 'tess@defra.gov.uk']);
    expect(fakes.graph.memberEmails(ADMIN)).toEqual([]);
  });

  it('finds a group again when the one it knew was deleted by hand', async () => {
    const p = createTestProvisioning(db, fakes);
    await p.engine.drain();
    fakes.graph.groups.delete(fakes.graph.groupByName(TECH)!.id);
    const pass = await p.engine.fullPass();
    expect(pass.failed).toBe(0);
    expect(fakes.graph.memberEmails(TECH)).toEqual(['tess@defra.gov.uk']);
  });

  // SQLite has one writer and one process here: nothing to race.
  (databaseId === 'POSTGRES_15' ? describe : describe.skip)('on a shared database', () => {
    it('lets two engines on one database drain each item exactly once', async () => {
      const extra = { adp: { provisioning: { batchSize: 3 } } };
      const a = createTestProvisioning(db, fakes, extra);
      const b = createTestProvisioning(db, fakes, extra);
      for (let i = 0; i < 12; i++) {
        const pid = await f.project(programmeId, `fcp-p${i}`);
        await f.member(pid, TESS, { technical: true });
      }
      const all = (await db('provisioning_outbox').whereNull('processed_at').pluck('id')).map(Number);
      const done = { a: [] as number[], b: [] as number[] };
      const loop = async (engine: typeof a.engine, into: number[]) => {
        for (;;) {
          const r = await engine.drainBatch();
          into.push(...r.completed.map(Number));
          if (!r.claimed) return;
        }
      };
      // Items of a target the other engine held wait for a later run: run again, as the
      // schedule would, with them due at once.
      for (let round = 0; round < 20 && (await f.pendingOutbox()) > 0; round++) {
        await Promise.all([loop(a.engine, done.a), loop(b.engine, done.b)]);
        await db('provisioning_outbox').whereNull('processed_at').update({ next_attempt_at: null });
      }
      expect(done.a.length).toBeGreaterThan(0);
      expect(done.b.length).toBeGreaterThan(0);
      expect(done.a.filter(id => done.b.includes(id))).toEqual([]);
      expect([...done.a, ...done.b].sort((x, y) => x - y)).toEqual(all.sort((x, y) => x - y));
      expect(fakes.github.membersOf('ADP-fcp-fcp-p11-Contributors')).toEqual(['tess-technical']);
    });
  });
});
