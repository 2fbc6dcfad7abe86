/*
 * Four ADP backend processes on one PostgreSQL database under concurrent load (issue #18):
 * the real-process form of plugins/adp-backend/src/provisioning/severalInstances.test.ts.
 * Run from the repository root:
 *
 *   yarn tsx bench/backends.ts                   # 60 s of load (scripts/prove.sh)
 *   BENCH_SECONDS=180 yarn tsx bench/backends.ts # scripts/prove.sh --full
 *
 *   BENCH_BACKENDS   how many backend processes (default 4)
 *   BENCH_PG=postgresql://postgres@127.0.0.1:5432   server; databases adp_back_<random>_<plugin>
 *                    are created by the backends and dropped at the end
 *
 * Each backend is bench/lib/portalProcess.ts (createBackend() with the real default services:
 * scheduler, events bus, auth, catalog + the ADP catalog module, permission + the ADP policy,
 * adp), all on the same databases, provisioning to the same loopback fakes with short
 * schedules (drain 2 s, full pass and absence revocation 6 s, the catalog's full mutation only every 30 min, so
 * the catalog converges through change deltas).
 * For BENCH_SECONDS, eight writers change the teams of every demo project through the HTTP API
 * of a backend picked at random each time (add a member, make one technical or admin, remove
 * one), and GitHub fails one request a second. Then, once the outbox has drained:
 *   - no answer was a 5xx or no answer at all (404, 409 and 400 are what a person is told
 *     when two changes meet);
 *   - every outbox item was completed exactly once (a trigger records each completion);
 *   - no two runs of a global scheduled task overlapped, across the four processes;
 *   - every provisioning status row is in sync with no failure counted, and each project's
 *     GitHub Contributors team holds exactly its technical members;
 *   - each project's catalog entity names exactly its stored technical members (every
 *     backend's catalog module applied mutations from its own reads);
 *   - each absent holder's grant was revoked once (one revoked row, one history row).
 */
import { startProvisioningFakes } from '../plugins/adp-backend/src/provisioning/fakes';
import { api, ApiResult } from './lib/adpApi';
import {
  dropPrefixedDatabases,
  limitRunTime,
  makeWorkDir,
  onAbort,
  pluginKnex,
  PortalProcess,
  readRuns,
  signIn,
  sleep,
  startPortal,
  uniquePrefix,
  waitFor,
} from './lib/portalHarness';
import { insertAbsentHolders } from '../plugins/adp-backend/src/provisioning/__testUtils__/absentHolders';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BACKENDS = Number(process.env.BENCH_BACKENDS ?? 4);
const WRITERS = 8;
const ADA = 'user:default/ada';
const STRESS_USERS = Array.from({ length: 10 }, (_, i) => `user:default/stress-${i}`);
const ABSENT = ['user:default/absent-0', 'user:default/absent-1', 'user:default/absent-2'];
const USERS = [
  { ref: ADA, groups: ['group:default/adp-platform-engineers'] },
  ...['pat', 'dee', 'tess', 'nora', 'paul'].map(n => ({ ref: `user:default/${n}` })),
  ...STRESS_USERS.map(ref => ({ ref })),
];
/** What a person is told when two changes meet; anything else (5xx, no answer) is a fault. */
const TOLD = new Set([200, 201, 204, 400, 404, 409]);

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

export interface BackendsResult {
  backends: number;
  seconds: number;
  answers: Record<string, number>;
  outboxItems: number;
  completions: number;
  taskRuns: Record<string, number[]>;
  failures: string[];
}

export async function runBackends(log: (line: string) => void = console.log): Promise<BackendsResult> {
  const prefix = uniquePrefix('back');
  const workDir = makeWorkDir('backends');
  const runsFile = `${workDir}/task-runs.jsonl`;
  // The demo personas' GitHub accounts exist, as in the demo: Tess's link reaches her team.
  const fakes = await startProvisioningFakes({ demoAccounts: true });
  const { entra: _entra, ...provisioningSystems } = fakes.config.adp.provisioning;
  const portals: PortalProcess[] = [];
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  const forget = onAbort(() => dropPrefixedDatabases(prefix));
  log(`work dir ${workDir}, databases ${prefix}*`);
  try {
    const options = (name: string) => ({
      name,
      workDir,
      database: { client: 'pg' as const, prefix },
      users: USERS,
      catalogModule: true,
      runsFile,
      config: { integrations: fakes.config.integrations },
      adp: {
        demoData: true,
        provisioning: {
          enabled: true,
          drainIntervalSeconds: 2,
          fullPassIntervalMinutes: 0.1,
          backoff: { baseMilliseconds: 1000, capMilliseconds: 10_000 },
          ...provisioningSystems,
        },
        productionAccess: { revocationIntervalMinutes: 0.1 },
        // Rare full mutations: the catalog must converge through each backend's change deltas.
        catalog: { schedule: { frequency: { minutes: 30 }, timeout: { seconds: 60 } } },
      },
    });
    const started = Date.now();
    // The first creates the databases and runs the migrations; the others join it.
    portals.push(await startPortal(options('A')));
    const names = Array.from({ length: BACKENDS - 1 }, (_, i) => String.fromCharCode(66 + i));
    portals.push(...(await Promise.all(names.map(n => startPortal(options(n))))));
    log(`${portals.length} backends ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const tokens = await Promise.all(portals.map(p => signIn(p.baseUrl, ADA)));

    const adp = await pluginKnex(prefix, 'adp');
    try {
      const projects: Array<{ id: string; name: string; programme: string }> = await adp('projects')
        .join('programmes', 'programmes.id', 'projects.programme_id')
        .whereNull('projects.archived_at')
        .select('projects.id', 'projects.name', 'programmes.name as programme');
      for (const [i, userRef] of STRESS_USERS.entries()) {
        await adp('user_profiles')
          .insert({ user_ref: userRef, github_handle: `gh-stress-${i}` })
          .onConflict('user_ref')
          .merge(['github_handle']);
      }
      const acd = projects.find(p => p.name === 'fcp-acd') ?? projects[0];
      await insertAbsentHolders(adp, acd.id, ABSENT, 'bench: absent holder');
      await adp.raw(`create table bench_completions (item_id bigint not null, at timestamptz not null default now())`);
      await adp.raw(`create function bench_completed() returns trigger language plpgsql as $$
        begin insert into bench_completions (item_id) values (new.id); return new; end $$`);
      await adp.raw(`create trigger bench_completed after update on provisioning_outbox for each row
        when (new.processed_at is not null and new.processed_at is distinct from old.processed_at) execute function bench_completed()`);
      // Items the backends completed before the trigger existed (the demo data's) are left out.
      const recorded = await adp('bench_completions').pluck('item_id');
      const doneBefore = new Set(
        (await adp('provisioning_outbox').whereNotNull('processed_at').whereNotIn('id', recorded).select('id')).map(r => Number(r.id)),
      );

      // The load.
      const answers: Record<string, number> = {};
      const count = (r: ApiResult, what: string) => {
        const key = r.error ? `no answer (${r.error})` : String(r.status);
        answers[key] = (answers[key] ?? 0) + 1;
        if (r.error || !TOLD.has(r.status)) {
          check(false, `${what}: ${key} ${JSON.stringify(r.body)?.slice(0, 200)}`);
        }
      };
      const deadline = Date.now() + SECONDS * 1000;
      const writer = async () => {
        while (Date.now() < deadline) {
          const i = Math.floor(Math.random() * portals.length);
          const [on, token] = [portals[i], tokens[i]];
          const p = pick(projects);
          const members = await adp('project_members').where('project_id', p.id).whereIn('user_ref', STRESS_USERS);
          const op = Math.random();
          if (op < 0.4 || !members.length) {
            const body = { userRef: pick(STRESS_USERS), technical: Math.random() < 0.7, admin: false };
            count(await api(on.baseUrl, token, 'POST', `/api/adp/projects/${p.id}/members`, body), `add on ${on.name}`);
          } else if (op < 0.8) {
            const m = pick(members);
            const body = Math.random() < 0.5 ? { technical: !m.technical } : { admin: !m.admin };
            count(await api(on.baseUrl, token, 'PATCH', `/api/adp/projects/${p.id}/members/${m.id}`, body), `change on ${on.name}`);
          } else {
            const m = pick(members);
            count(await api(on.baseUrl, token, 'DELETE', `/api/adp/projects/${p.id}/members/${m.id}`), `remove on ${on.name}`);
          }
        }
      };
      const flaky = async () => {
        while (Date.now() < deadline) {
          fakes.github.failNext(1, 503);
          await sleep(1000);
        }
      };
      log(`${WRITERS} writers on ${projects.length} projects through ${portals.length} backends for ${SECONDS} s`);
      await Promise.all([...Array.from({ length: WRITERS }, writer), flaky()]);
      const loadEnded = new Date();
      log(`load over: ${JSON.stringify(answers)}`);

      // Quiet: the backends drain what is left on their own schedules.
      const pending = async () =>
        Number((await adp('provisioning_outbox').whereNull('processed_at').count({ n: '*' }))[0].n);
      await waitFor('the outbox to drain', async () => (await pending()) === 0, 180_000, 1000).catch(() => undefined);
      check((await pending()) === 0, `${await pending()} outbox items still pending 180 s after the load`);

      // Each outbox item completed exactly once.
      const items = (await adp('provisioning_outbox').select('id')).map(r => Number(r.id)).filter(id => !doneBefore.has(id));
      const completions = (await adp('bench_completions').select('item_id')).map(r => Number(r.item_id));
      check(completions.length === items.length, `${completions.length} completions for ${items.length} outbox items`);
      check(new Set(completions).size === completions.length, `${completions.length - new Set(completions).size} items completed twice`);

      // The world converges: statuses in sync once a full pass has run after the load, GitHub teams and catalog entities equal the store.
      const technicalOf = async (projectId: string) =>
        (await adp('project_members')
          .leftJoin('user_profiles', 'user_profiles.user_ref', 'project_members.user_ref')
          .where({ project_id: projectId, technical: true })
          .select('project_members.user_ref', 'user_profiles.github_handle')) as Array<{ user_ref: string; github_handle: string | null }>;
      const mismatches = async () => {
        const found: string[] = [];
        const statuses = await adp('provisioning_status');
        for (const s of statuses) {
          if ((s.status !== 'in-sync' && s.status !== 'not-configured') || Number(s.attempts) !== 0) {
            found.push(`status ${s.target_kind}/${s.target_id} ${s.system}: ${s.status}, ${s.attempts} attempts`);
          }
        }
        for (const p of projects) {
          const technical = await technicalOf(p.id);
          const handles = technical.filter(t => t.github_handle).map(t => t.github_handle!.toLowerCase()).sort();
          const team = fakes.github.membersOf(`ADP-${p.programme}-${p.name}-Contributors`);
          if (JSON.stringify(team) !== JSON.stringify(handles)) {
            found.push(`GitHub ${p.name}: team ${team.join(',')} but technical ${handles.join(',')}`);
          }
          const entity = await api(portals[0].baseUrl, tokens[0], 'GET', `/api/catalog/entities/by-name/group/default/${p.name}`);
          const annotation: string =
            entity.status === 200 ? entity.body.metadata.annotations?.['adp.io/technical-members'] ?? '' : `<${entity.status || entity.error}>`;
          const inCatalog = annotation.split(',').filter(Boolean).sort();
          const stored = technical.map(t => t.user_ref).sort();
          if (JSON.stringify(inCatalog) !== JSON.stringify(stored)) {
            found.push(`catalog ${p.name}: ${inCatalog.join(',')} but stored ${stored.join(',')}`);
          }
        }
        return found;
      };
      let last: string[] = [];
      const converged = await waitFor(
        'every system to equal the store',
        async () => {
          last = await mismatches();
          return last.length === 0;
        },
        120_000,
        2000,
      ).then(
        () => true,
        () => false,
      );
      check(converged, `not converged 120 s after the drain:\n    ${last.join('\n    ')}`);

      // Global scheduled tasks never overlapped across the processes.
      const runs = readRuns(runsFile);
      const taskRuns: Record<string, number[]> = {};
      for (const task of [...new Set(runs.map(r => `${r.plugin}/${r.task}`))].sort()) {
        const all = runs.filter(r => `${r.plugin}/${r.task}` === task).sort((x, y) => x.startedAt.localeCompare(y.startedAt));
        taskRuns[task] = portals.map(p => all.filter(r => r.instance === p.name).length);
        if (all[0].scope !== 'global') continue;
        let overlaps = 0;
        for (let i = 1; i < all.length; i++) if (all[i].startedAt < all[i - 1].endedAt) overlaps++;
        check(overlaps === 0, `${task}: ${overlaps} overlapping runs across the backends`);
      }

      // Each absent holder's grant revoked once.
      const revoked = await adp('production_access_requests').whereIn('user_ref', ABSENT).where({ status: 'revoked' });
      const history = await adp('history').where('record_kind', 'production-access').whereIn('record_id', revoked.map(r => r.id));
      check(revoked.length === ABSENT.length, `${revoked.length} of ${ABSENT.length} absent grants revoked`);
      check(history.length === ABSENT.length, `${history.length} revocation history rows for ${ABSENT.length} grants`);
      check(portals.every(p => !p.exited), 'a backend exited during the run');
      log(`converged ${((Date.now() - loadEnded.getTime()) / 1000).toFixed(0)} s after the load`);

      return { backends: portals.length, seconds: SECONDS, answers, outboxItems: items.length, completions: completions.length, taskRuns, failures };
    } finally {
      await adp.destroy();
    }
  } finally {
    await Promise.all(portals.map(p => p.stop()));
    await fakes.stop();
    forget();
    const dropped = await dropPrefixedDatabases(prefix);
    log(`dropped ${dropped.length} databases (${prefix}*); logs and run records in ${workDir}`);
  }
}

function report(r: BackendsResult) {
  console.log(`\n${r.backends} backend processes, ${r.seconds} s of load. Answers by status: ${JSON.stringify(r.answers)}`);
  console.log(`Outbox: ${r.outboxItems} items, ${r.completions} completions.`);
  console.log('Scheduled task runs by backend:');
  console.table(Object.fromEntries(Object.entries(r.taskRuns).map(([task, n]) => [task, Object.fromEntries(n.map((x, i) => [String.fromCharCode(65 + i), x]))])));
  console.log(r.failures.length ? `\nFAILED:\n  ${r.failures.join('\n  ')}` : '\nAll checks passed.');
}

if (require.main === module) {
  limitRunTime(20, 'The backends run');
  runBackends().then(
    r => {
      report(r);
      process.exit(r.failures.length ? 1 : 0);
    },
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
