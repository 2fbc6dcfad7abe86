/*
 * Provisioning benchmark: converge N delivery projects (default 1,000, 10 members each) from
 * empty against the loopback fakes, then change 1% of the memberships and converge again, then
 * run one steady-state full pass (nothing changed) and extrapolate each system's calls per hour
 * at the configured full-pass schedule. Real clients (Octokit, Graph client, fetch), real SQLite.
 *
 *   yarn tsx bench/provisioning.ts                 # 1,000 projects, 10,000 memberships
 *   yarn tsx bench/provisioning.ts --projects=200  # a quicker run (or BENCH_PROJECTS=200)
 *   BENCH_MEMBERS_PER_PROJECT=5                    # members per project (default 10)
 *   yarn tsx bench/provisioning.ts --before        # as before #20: no ETags, no delta, one hourly full pass
 *   --systems=github,entra                          # configure only these systems
 */
import knexFactory from 'knex';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { readProvisioningConfig } from '../plugins/adp-backend/src/provisioning/config';
import { createReconcilers } from '../plugins/adp-backend/src/provisioning/createReconcilers';
import { DeliveryReader } from '../plugins/adp-backend/src/provisioning/delivery/DeliveryReader';
import { OutboxQueue } from '../plugins/adp-backend/src/provisioning/queue/OutboxQueue';
import { TargetLeases } from '../plugins/adp-backend/src/provisioning/queue/TargetLeases';
import { StatusStore } from '../plugins/adp-backend/src/provisioning/status/StatusStore';
import { ProvisioningEngine } from '../plugins/adp-backend/src/provisioning/engine/ProvisioningEngine';
import { fakeTokenCredential, startProvisioningFakes } from '../plugins/adp-backend/src/provisioning/fakes';
import { EtagStore } from '../plugins/adp-backend/src/provisioning/systems/github/EtagStore';
import { DeltaLinks } from '../plugins/adp-backend/src/provisioning/systems/DeltaLinks';

const flag = (name: string) => process.argv.find(a => a.startsWith(`--${name}=`))?.split('=')[1];
const PROJECTS = Number(flag('projects') ?? process.env.BENCH_PROJECTS ?? 1000);
/** The code before #20's budget work: no ETags, no delta, every system's full pass hourly. */
const BEFORE = process.argv.includes('--before');
const MEMBERS_PER_PROJECT = Number(flag('members-per-project') ?? process.env.BENCH_MEMBERS_PER_PROJECT ?? 10);
const USERS = PROJECTS * 2;

const logger: LoggerService = {
  info() {},
  debug() {},
  warn(message) {
    if (process.env.BENCH_VERBOSE) console.warn(message);
  },
  error: m => console.error(m),
  child() {
    return logger;
  },
};

const stamp = () => {
  const now = new Date().toISOString();
  return { created_at: now, created_by: 'bench', updated_at: now, updated_by: 'bench' };
};

function printCounts(title: string, fakes: Awaited<ReturnType<typeof startProvisioningFakes>>) {
  console.log(`\n${title}`);
  let total = 0;
  for (const fake of fakes.all()) {
    const counts = Object.entries(fake.countsByEndpoint()).sort((a, b) => b[1] - a[1]);
    for (const [endpoint, n] of counts) {
      console.log(`  ${fake.constructor.name.padEnd(16)} ${endpoint.padEnd(64)} ${String(n).padStart(7)}`);
      total += n;
    }
  }
  const writes = fakes.all().reduce((n, f) => n + f.writes().length, 0);
  console.log(`  total calls ${total}, of which writes ${writes}`);
  return { total, writes };
}

const SYSTEM_OF: Record<string, string> = {
  FakeGithub: 'GitHub',
  FakeGraph: 'Microsoft Graph',
  FakeAzureDevOps: 'Azure DevOps',
  FakeSonarCloud: 'SonarCloud',
};

/**
 * Calls per system in the run just counted; a 304 (GitHub's answer to a conditional request
 * whose ETag still matches) is listed apart, as GitHub does not count it against the rate limit.
 */
function countsBySystem(fakes: Awaited<ReturnType<typeof startProvisioningFakes>>) {
  const out: Record<string, { calls: number; notModified: number; writes: number }> = {};
  for (const fake of fakes.all()) {
    const name = SYSTEM_OF[fake.constructor.name] ?? fake.constructor.name;
    out[name] = {
      calls: fake.calls.filter(c => c.status !== 304).length,
      notModified: fake.calls.filter(c => c.status === 304).length,
      writes: fake.writes().length,
    };
  }
  return out;
}

async function main() {
  const fakes = await startProvisioningFakes();
  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  await db.migrate.latest({ directory: path.resolve(__dirname, '../plugins/adp-backend/migrations') });

  // Seed: 10 programmes, N projects, 5 members each (2 technical, 1 admin), 2 repositories per project.
  const users = Array.from({ length: USERS }, (_, i) => `user:default/u${i}`);
  for (let i = 0; i < USERS; i += 500) {
    await db('user_profiles').insert(
      users.slice(i, i + 500).map((ref, j) => ({ user_ref: ref, email: `u${i + j}@defra.gov.uk`, github_handle: `gh-u${i + j}`, apprentice: false })),
    );
  }
  users.forEach((_, i) => {
    fakes.graph.addUser(`u${i}@defra.gov.uk`);
    fakes.azureDevOps.addUser(`u${i}@defra.gov.uk`);
  });
  fakes.azureDevOps.addProject('DEFRA-ADP');
  const albId = randomUUID();
  await db('albs').insert({ id: albId, name: 'rpa', title: 'RPA', title_key: 'rpa', description: 'x', ...stamp() });
  const programmes = Array.from({ length: 10 }, (_, i) => ({ id: randomUUID(), name: `prog${i}`, code: `PR${String.fromCharCode(65 + i)}` }));
  await db('programmes').insert(programmes.map(p => ({ id: p.id, alb_id: albId, name: p.name, code: p.code, title: p.name, title_key: p.name, description: 'x', ...stamp() })));
  const projects: Array<{ id: string; members: Array<{ user: string; technical: boolean; admin: boolean }> }> = [];
  const outbox: object[] = [];
  const enqueued_at = new Date().toISOString();
  for (let i = 0; i < PROJECTS; i++) {
    const programme = programmes[i % programmes.length];
    const id = randomUUID();
    const name = `${programme.code.toLowerCase()}-svc${i}`;
    await db('projects').insert({ id, programme_id: programme.id, name, title: name, title_key: name, description: 'x', ado_project: 'DEFRA-ADP', github_team_visibility: 'public', team_type: 'delivery', ...stamp() });
    fakes.github.addRepo(`${name}-frontend`);
    fakes.github.addRepo(`${name}-backend`);
    const members = Array.from({ length: MEMBERS_PER_PROJECT }, (_, k) => ({
      user: users[(i * 3 + k) % USERS],
      technical: k < 2,
      admin: k === 0 || k === 4,
    }));
    await db('project_members').insert(members.map(m => ({ id: randomUUID(), project_id: id, user_ref: m.user, technical: m.technical, admin: m.admin, ...stamp() })));
    projects.push({ id, members });
    outbox.push({ record_kind: 'project', record_id: id, project_id: id, programme_id: programme.id, reason: 'created', enqueued_at });
    for (const m of members) outbox.push({ record_kind: 'project-member', record_id: m.user, project_id: id, programme_id: null, reason: 'created', enqueued_at });
  }
  for (let i = 0; i < outbox.length; i += 500) await db('provisioning_outbox').insert(outbox.slice(i, i + 500));

  const provisioning: Record<string, any> = { ...fakes.config.adp.provisioning, batchSize: 200, github: { organization: 'defra', repositoryCacheSeconds: 600 } };
  // --systems=github,entra: only those configured (a 1,000-project run in reasonable time).
  const only = flag('systems')?.split(',');
  const KEYS: Record<string, string> = { github: 'github', entra: 'entra', 'azure-devops': 'azureDevOps', sonarcloud: 'sonarcloud' };
  if (only) for (const [system, key] of Object.entries(KEYS)) if (!only.includes(system)) delete provisioning[key];
  const root = new ConfigReader({ ...fakes.config, adp: { provisioning } } as any);
  const config = readProvisioningConfig(root);
  const engine = new ProvisioningEngine({
    reader: new DeliveryReader(db, {}),
    queue: new OutboxQueue(db),
    status: new StatusStore(db),
    leases: new TargetLeases(db),
    reconcilers: createReconcilers(root, config, {
      entraCredential: fakeTokenCredential,
      ...(BEFORE ? {} : { etags: new EtagStore(db), deltaLinks: new DeltaLinks(db) }),
    }),
    logger,
    backoff: config.backoff,
    batchSize: config.batchSize,
    leaseMs: config.leaseSeconds * 1000,
  });

  console.log(`Provisioning benchmark: ${PROJECTS} projects, ${PROJECTS * MEMBERS_PER_PROJECT} memberships, ${outbox.length} outbox items, environments ${config.environments.join('/')}`);
  let t = Date.now();
  const first = await engine.drain(Number.POSITIVE_INFINITY);
  const firstMs = Date.now() - t;
  console.log(`\n1) Converge from empty: ${(firstMs / 1000).toFixed(1)} s, ${first.completed.length} items, ${first.rescheduled.length} rescheduled, ${first.targets} target reconciles`);
  printCounts('Calls by endpoint (from empty):', fakes);

  // 1% of the memberships change: a third removed, a third become technical, a third added.
  for (const f of fakes.all()) f.resetCalls();
  const changes = Math.max(3, Math.round((PROJECTS * MEMBERS_PER_PROJECT) / 100));
  const changed: object[] = [];
  for (let c = 0; c < changes; c++) {
    const p = projects[(c * 37) % projects.length];
    const kind = c % 3;
    if (kind === 0) {
      await db('project_members').where({ project_id: p.id, user_ref: p.members[1].user }).delete();
      changed.push({ record_kind: 'project-member', record_id: p.members[1].user, project_id: p.id, programme_id: null, reason: 'deleted', enqueued_at: new Date().toISOString() });
    } else if (kind === 1) {
      await db('project_members').where({ project_id: p.id, user_ref: p.members[3].user }).update({ technical: true });
      changed.push({ record_kind: 'project-member', record_id: p.members[3].user, project_id: p.id, programme_id: null, reason: 'updated', enqueued_at: new Date().toISOString() });
    } else {
      const user = users[(c * 7919) % USERS];
      await db('project_members').insert({ id: randomUUID(), project_id: p.id, user_ref: user, technical: false, admin: false, ...stamp() }).onConflict(['project_id', 'user_ref']).ignore();
      changed.push({ record_kind: 'project-member', record_id: user, project_id: p.id, programme_id: null, reason: 'created', enqueued_at: new Date().toISOString() });
    }
  }
  await db('provisioning_outbox').insert(changed);
  t = Date.now();
  const second = await engine.drain(Number.POSITIVE_INFINITY);
  const secondMs = Date.now() - t;
  console.log(`\n2) After ${changes} membership changes (1%): ${(secondMs / 1000).toFixed(2)} s, ${second.completed.length} items, ${second.targets} target reconciles`);
  printCounts('Calls by endpoint (1% changed):', fakes);

  for (const f of fakes.all()) f.resetCalls();
  t = Date.now();
  const idle = await engine.drain();
  console.log(`\n3) Nothing changed: ${Date.now() - t} ms, ${idle.completed.length} items, ${fakes.all().reduce((n, f) => n + f.calls.length, 0)} calls`);


  // Steady state: the scheduled full pass with nothing changed, per system, and per hour at the
  // configured schedule (the drain costs nothing when nothing waits).
  // The seed queues no programme targets: a first pass creates their programme admin groups
  // (and, with conditional requests, stores GitHub's ETags).
  const settle = await engine.fullPass();
  console.log(`\n4) First full pass (creates what the seed never queued): ${settle.changes} changes`);
  if (!BEFORE) {
    const round = await engine.changedPass('entra');
    console.log(`   Entra delta, first round (every group once): ${round.targets} targets`);
  }

  // Steady state: each scheduled pass with nothing changed, counted on its own, and per hour at
  // its configured interval (the drain costs nothing when nothing waits).
  const hourlyPass = async () => {
    await engine.fullPass({ systems: ['github'] });
    await engine.changedPass('entra');
  };
  const schedule = BEFORE
    ? [{ name: 'full pass, every system (before #20)', minutes: config.fullPassIntervalMinutes, run: () => engine.fullPass() }]
    : [
        { name: 'hourly: GitHub full pass (conditional) + Entra changes (delta)', minutes: config.fullPassIntervalMinutes, run: hourlyPass },
        ...(config.azureDevOps
          ? [{ name: 'Azure DevOps full pass', minutes: config.azureDevOps.fullPassIntervalMinutes, run: () => engine.fullPass({ systems: ['azure-devops'] }) }]
          : []),
        ...(config.sonarcloud
          ? [{ name: 'SonarCloud full pass', minutes: config.sonarcloud.fullPassIntervalMinutes, run: () => engine.fullPass({ systems: ['sonarcloud'] }) }]
          : []),
      ];
  const perHour: Record<string, { calls: number; notModified: number; writes: number }> = {};
  console.log(`\n5) Scheduled passes, nothing changed${BEFORE ? ' (--before: no ETags, no delta, one full pass)' : ''}:`);
  for (const task of schedule) {
    for (const f of fakes.all()) f.resetCalls();
    t = Date.now();
    await task.run();
    const ms = Date.now() - t;
    const counts = countsBySystem(fakes);
    const summary = Object.entries(counts)
      .filter(([, c]) => c.calls + c.notModified)
      .map(([system, c]) => `${system} ${c.calls}${c.notModified ? ` (+${c.notModified} 304s)` : ''}${c.writes ? `, ${c.writes} writes` : ''}`)
      .join('; ');
    console.log(`  ${task.name}, every ${task.minutes} min: ${(ms / 1000).toFixed(1)} s; ${summary}`);
    if (process.env.BENCH_VERBOSE) printCounts(`Calls by endpoint (${task.name}):`, fakes);
    for (const [system, c] of Object.entries(counts)) {
      const h = (perHour[system] ??= { calls: 0, notModified: 0, writes: 0 });
      h.calls += (c.calls * 60) / task.minutes;
      h.notModified += (c.notModified * 60) / task.minutes;
      h.writes += c.writes;
    }
  }
  const goal: Record<string, string> = { GitHub: '500', 'Microsoft Graph': '1,000' };
  console.log(`\nSteady state per system, per hour (${PROJECTS} projects, ${PROJECTS * MEMBERS_PER_PROJECT} memberships):`);
  console.log(`  ${'system'.padEnd(16)} ${'calls/hour'.padStart(11)} ${'304s/hour'.padStart(10)} ${'writes'.padStart(7)} ${'per project/hour'.padStart(17)} ${'goal at 1,000'.padStart(14)}`);
  for (const [system, h] of Object.entries(perHour)) {
    console.log(
      `  ${system.padEnd(16)} ${String(Math.round(h.calls)).padStart(11)} ${String(Math.round(h.notModified)).padStart(10)} ${String(h.writes).padStart(7)} ${(h.calls / PROJECTS).toFixed(2).padStart(17)} ${(goal[system] ?? '-').padStart(14)}`,
    );
  }

  // Drift made by hand in one project (a GitHub team member removed, a stranger added to an
  // Entra group), repaired by the next hourly pass.
  if (!BEFORE) {
    const p0 = await db('projects').join('programmes', 'programmes.id', 'projects.programme_id').select('projects.name as project', 'programmes.name as programme').orderBy('projects.name').first();
    const team = fakes.github.team(`ADP-${p0.programme}-${p0.project}-Contributors`);
    const group = fakes.graph.groupByName(`AAG-Users-ADP-${p0.programme}-${p0.project}_TechUser`);
    if (!team || !group) throw new Error(`no team or group for ${p0.project}`);
    const removed = [...team.members][0];
    team.members.delete(removed);
    const stranger = fakes.graph.addUser('stranger@defra.gov.uk');
    group.members.add(stranger.id);
    for (const f of fakes.all()) f.resetCalls();
    t = Date.now();
    await hourlyPass();
    const repairMs = Date.now() - t;
    const repaired = team.members.has(removed) && !group.members.has(stranger.id);
    const counts = countsBySystem(fakes);
    console.log(
      `\n6) Hand-made drift (GitHub member removed, Entra member added) ${repaired ? 'repaired' : 'NOT repaired'} by the hourly pass in ${(repairMs / 1000).toFixed(1)} s ` +
        `(GitHub ${counts.GitHub.calls} calls + ${counts.GitHub.notModified} 304s, Graph ${counts['Microsoft Graph'].calls} calls): at most ${config.fullPassIntervalMinutes} min + ${(repairMs / 1000).toFixed(0)} s after the change`,
    );
  }

  await fakes.stop();
  await db.destroy();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
