/*
 * Faults, on a real backend process and real PostgreSQL. Run from the repository root:
 *
 *   yarn tsx bench/faults.ts                           # both parts, short outages
 *   yarn tsx bench/faults.ts --part db --db-outage-seconds 10
 *   yarn tsx bench/faults.ts --part provisioning --target-down-seconds 300   # "minutes"
 *
 * (a) PostgreSQL goes away during a burst of team changes. The backend reaches PostgreSQL
 *     through a loopback TCP proxy (bench/lib/portalHarness.ts, PgProxy); the outage is what a
 *     server restart looks like to it: new connections are refused, the server terminates
 *     every session of the backend's databases (pg_terminate_backend: FATAL 57P01, as on a
 *     fast shutdown), connections still open through the proxy are cut, and after
 *     --db-outage-seconds connections are accepted again. The cluster itself is shared and is
 *     not restarted. Eight clients keep adding members (then making them technical, removing
 *     every third) as an ADP Admin through it all. Checked: every failed answer during the
 *     outage is a 503 ServiceUnavailableError with a JSON error body (any other 5xx fails the
 *     run) and comes within the client's patience (no hang), the backend process stays up,
 *     every failed change succeeds when retried afterwards, and in the database: one row per
 *     user per project, per member an unbroken history chain (created, then each before = the
 *     previous after, deleted last) matching the stored row, one outbox row per history row,
 *     a role change row per revision of a membership change.
 * (b) A provisioning target is down. The backend provisions to the loopback fakes (GitHub,
 *     Azure DevOps, SonarCloud) with the default drain interval and backoff; GitHub answers
 *     503 for --target-down-seconds while an ADP Admin keeps changing teams. Checked: every
 *     write succeeds, the outbox items wait with GitHub's error and growing attempts and
 *     delays (sampled every 2 s), the project's provisioning status shows the failure; when
 *     GitHub is back the outbox drains and every project's GitHub team holds exactly the
 *     technical members stored. Reported: time to catch up after the target returned.
 */
import { isDeepStrictEqual } from 'node:util';
import { startProvisioningFakes } from '../plugins/adp-backend/src/provisioning/fakes';
import { api, ApiResult, expectStatus } from './lib/adpApi';
import {
  arg,
  dropPrefixedDatabases,
  limitRunTime,
  makeWorkDir,
  onAbort,
  percentile,
  PgProxy,
  pluginKnex,
  signIn,
  sleep,
  startPortal,
  uniquePrefix,
  waitFor,
} from './lib/portalHarness';

const PART = arg('part', 'both');
const DB_OUTAGE_S = Number(arg('db-outage-seconds', '10'));
const TARGET_DOWN_S = Number(arg('target-down-seconds', '20'));
/** A client gives up after this long; an answer that has not come by then is a hang. */
const PATIENCE_MS = 30_000;
const WORKERS = 8;

const ADA = 'user:default/ada';
const USERS = [{ ref: ADA, groups: ['group:default/adp-platform-engineers'] }, { ref: 'user:default/paul' }];

const clean = (s: string) => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}').replace(/\d+/g, 'N').slice(0, 160);

// ---------------------------------------------------------------------------------------
// (a) PostgreSQL outage

interface Plan {
  userRef: string;
  projectId: string;
  remove: boolean;
  memberId?: string;
  /** Steps still to do: add, technical, remove. */
  steps: Array<'add' | 'technical' | 'remove'>;
}

interface Call {
  step: string;
  at: number;
  res: ApiResult;
  phase: 'before' | 'outage' | 'after';
}

export async function dbOutage(log = console.log) {
  const prefix = uniquePrefix('fault');
  const forget = onAbort(() => dropPrefixedDatabases(prefix));
  const workDir = makeWorkDir('faults-db');
  const proxy = await PgProxy.start();
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  log(`(a) PostgreSQL outage of ${DB_OUTAGE_S} s during a write burst; databases ${prefix}* through the proxy on 127.0.0.1:${proxy.port}; logs in ${workDir}`);
  const portal = await startPortal({
    name: 'db',
    workDir,
    database: { client: 'pg', prefix, port: proxy.port },
    users: USERS,
    adp: { demoData: true },
  });
  try {
    const token = await signIn(portal.baseUrl, ADA);
    const projects = expectStatus(await api(portal.baseUrl, token, 'GET', '/api/adp/projects?limit=100'), [200], 'list').body.items;
    const plans: Plan[] = [];
    let next = 0;
    const newPlan = (): Plan => {
      const k = next++;
      const remove = k % 3 === 0;
      return {
        userRef: `user:default/burst-${k}`,
        projectId: projects[k % projects.length].id,
        remove,
        steps: remove ? ['add', 'technical', 'remove'] : ['add', 'technical'],
      };
    };
    const calls: Call[] = [];
    let phase: Call['phase'] = 'before';
    const doStep = async (p: Plan): Promise<ApiResult> => {
      const step = p.steps[0];
      let res: ApiResult;
      if (step === 'add') {
        res = await api(portal.baseUrl, token, 'POST', `/api/adp/projects/${p.projectId}/members`, { userRef: p.userRef, technical: false, admin: false }, PATIENCE_MS);
        if (res.status === 201) p.memberId = res.body.id;
      } else if (step === 'technical') {
        res = await api(portal.baseUrl, token, 'PATCH', `/api/adp/projects/${p.projectId}/members/${p.memberId}`, { technical: true }, PATIENCE_MS);
      } else {
        res = await api(portal.baseUrl, token, 'DELETE', `/api/adp/projects/${p.projectId}/members/${p.memberId}`, undefined, PATIENCE_MS);
      }
      calls.push({ step, at: Date.now(), res, phase });
      if (res.status >= 200 && res.status < 300) p.steps.shift();
      return res;
    };

    // The burst: each worker carries out one plan after another, retrying a failed step every
    // 250 ms as a client would. A retried add that answers 409 had been committed before its
    // answer was lost (the member is looked up); a retried removal that answers 404 likewise.
    let stop = false;
    const resolved: Call[] = [];
    const complete = async (p: Plan) => {
      let retrying = false;
      while (p.steps.length) {
        const res = await doStep(p);
        if (res.status >= 200 && res.status < 300) {
          retrying = false;
          continue;
        }
        if (retrying && p.steps[0] === 'add' && res.status === 409) {
          resolved.push(calls[calls.length - 1]);
          const members = await api(portal.baseUrl, token, 'GET', `/api/adp/projects/${p.projectId}/members`);
          const found = members.status === 200 ? members.body.find((m: any) => m.userRef === p.userRef) : undefined;
          if (found) {
            p.memberId = found.id;
            p.steps.shift();
            retrying = false;
          }
          continue;
        }
        if (retrying && p.steps[0] === 'remove' && res.status === 404) {
          resolved.push(calls[calls.length - 1]);
          p.steps.shift();
          continue;
        }
        retrying = true;
        await sleep(250);
      }
    };
    const workers = Array.from({ length: WORKERS }, async () => {
      while (!stop) {
        const p = newPlan();
        plans.push(p);
        await complete(p);
      }
    });
    await sleep(3000);
    phase = 'outage';
    const outageStart = Date.now();
    const { terminated, cut } = await proxy.outage(prefix, DB_OUTAGE_S * 1000);
    const outageEnd = Date.now();
    phase = 'after';
    log(`  outage ${((outageEnd - outageStart) / 1000).toFixed(1)} s: ${terminated} server sessions terminated, ${cut} proxied connections cut, new connections refused`);
    await sleep(5000);
    stop = true;
    const finished = await Promise.race([Promise.all(workers).then(() => true), sleep(120_000).then(() => false)]);
    if (!finished) throw new Error('the clients could not finish their changes within 2 minutes of the outage');
    // Answers.
    const byPhase = (ph: Call['phase']) => calls.filter(c => c.phase === ph);
    const failed = calls.filter(c => (c.res.status < 200 || c.res.status >= 300) && !resolved.includes(c));
    const answerKinds = new Map<string, number>();
    for (const c of failed) {
      const body = c.res.body?.error ? `${c.res.body.error.name}: ${clean(c.res.body.error.message ?? '')}` : c.res.error ?? JSON.stringify(c.res.body)?.slice(0, 100);
      const key = `${c.res.status} ${body}`;
      answerKinds.set(key, (answerKinds.get(key) ?? 0) + 1);
    }
    const latencies = calls.map(c => c.res.ms).sort((x, y) => x - y);
    const outageLatencies = calls.filter(c => c.phase === 'outage').map(c => c.res.ms).sort((x, y) => x - y);
    const afterLatencies = byPhase('after').map(c => c.res.ms).sort((x, y) => x - y);
    const firstSuccess = calls.find(c => c.at > outageEnd && c.res.status >= 200 && c.res.status < 300);
    const lastFailure = [...calls].reverse().find(c => c.res.status < 200 || c.res.status >= 300);
    for (const c of failed) {
      // A lost database is always a 503 the client may retry; any other answer (a 500 naming
      // the connection, say) fails the run.
      check(
        c.res.status === 503 && c.res.body?.error?.name === 'ServiceUnavailableError',
        `${c.step} answered ${c.res.status || c.res.error} ${c.res.body?.error?.message ?? ''} (not a 503 ServiceUnavailableError)`,
      );
      check(typeof c.res.body?.error?.message === 'string', `${c.step} ${c.res.status}: no JSON error body`);
    }
    check(latencies[latencies.length - 1] < PATIENCE_MS, `a request took ${latencies[latencies.length - 1]} ms`);
    check(!portal.exited, `the backend exited (${portal.exitCode})`);
    const health = await api(portal.baseUrl, token, 'GET', '/.backstage/health/v1/readiness');
    check(health.status === 200, `readiness ${health.status}`);
    check(failed.length > 0, 'no request failed: the outage was not noticed');

    // The database afterwards, straight to the server.
    const knex = await pluginKnex(prefix, 'adp');
    let dbReport: Record<string, number> = {};
    try {
      const members = await knex('project_members').whereLike('user_ref', 'user:default/burst-%');
      const history = await knex('history').where({ record_kind: 'project-member' }).whereIn('record_id', knex('history').select('record_id').whereLike('after', '%burst-%').orWhereLike('before', '%burst-%')).orderBy('id');
      const outbox = await knex('provisioning_outbox').where({ record_kind: 'project-member' }).select('record_id');
      const duplicates = await knex('project_members').select('project_id', 'user_ref').count({ n: '*' }).groupBy('project_id', 'user_ref').havingRaw('count(*) > 1');
      const orphans = await knex('project_members').leftJoin('projects', 'projects.id', 'project_members.project_id').whereNull('projects.id').count({ n: '*' });
      const revisions = await knex('role_changes').distinct('revision');
      const revision = Number((await knex('revision').first()).revision);
      check(duplicates.length === 0, `${duplicates.length} duplicate (project, user) rows`);
      check(Number(orphans[0].n) === 0, `${orphans[0].n} members of missing projects`);
      const outboxByRecord = new Map<string, number>();
      for (const o of outbox) outboxByRecord.set(o.record_id, (outboxByRecord.get(o.record_id) ?? 0) + 1);
      const historyByRecord = new Map<string, any[]>();
      for (const h of history) historyByRecord.set(h.record_id, [...(historyByRecord.get(h.record_id) ?? []), h]);
      const stored = new Map(members.map(m => [m.id, m]));
      let chains = 0;
      for (const [recordId, entries] of historyByRecord) {
        chains++;
        check(entries[0].action === 'created' && entries[0].before === null, `${recordId}: history does not start with created`);
        for (let i = 1; i < entries.length; i++) {
          check(isDeepStrictEqual(JSON.parse(entries[i].before), JSON.parse(entries[i - 1].after)), `${recordId}: history entry ${i} does not follow the previous one`);
          check(entries[i - 1].action !== 'deleted', `${recordId}: history continues after deleted`);
        }
        const last = entries[entries.length - 1];
        const row = stored.get(recordId);
        if (last.action === 'deleted') check(!row, `${recordId}: deleted in history but still stored`);
        else {
          const after = JSON.parse(last.after);
          check(!!row && !!row.technical === !!after.technical && !!row.admin === !!after.admin, `${recordId}: stored row differs from the last history entry`);
        }
        check(outboxByRecord.get(recordId) === entries.length, `${recordId}: ${entries.length} history rows, ${outboxByRecord.get(recordId) ?? 0} outbox rows`);
      }
      for (const m of members) check(historyByRecord.has(m.id), `member ${m.id} has no history`);
      // Each plan's intended end state.
      for (const p of plans) {
        const row = members.find(m => m.user_ref === p.userRef);
        if (p.remove) check(!row, `${p.userRef} should have been removed`);
        else check(!!row && !!row.technical, `${p.userRef} should be a technical member`);
      }
      check(revisions.every(r => Number(r.revision) <= revision), 'a role change beyond the current revision');
      dbReport = { users: plans.length, members: members.length, historyRows: history.length, chains, outboxRows: outbox.filter(o => historyByRecord.has(o.record_id)).length, revision };
    } finally {
      await knex.destroy();
    }

    return {
      outageSeconds: (outageEnd - outageStart) / 1000,
      terminated,
      cut,
      requests: calls.length,
      before: byPhase('before').length,
      during: byPhase('outage').length,
      after: byPhase('after').length,
      failed: failed.length,
      unavailable503: failed.filter(c => c.res.status === 503 && c.res.body?.error?.name === 'ServiceUnavailableError').length,
      committedThoughFailed: resolved.length,
      plans: plans.length,
      answerKinds: [...answerKinds.entries()].sort((x, y) => y[1] - x[1]),
      p50: percentile(latencies, 50),
      maxMs: latencies[latencies.length - 1],
      outageP50: percentile(outageLatencies, 50),
      outageMax: outageLatencies[outageLatencies.length - 1],
      afterP50: percentile(afterLatencies, 50),
      afterMax: afterLatencies[afterLatencies.length - 1],
      firstSuccessAfterMs: firstSuccess ? firstSuccess.at - firstSuccess.res.ms - outageEnd : NaN,
      lastFailureAfterMs: lastFailure ? lastFailure.at - outageEnd : NaN,
      db: dbReport,
      failures,
    };
  } finally {
    await portal.stop();
    await proxy.stop();
    forget();
    await dropPrefixedDatabases(prefix);
  }
}

// ---------------------------------------------------------------------------------------
// (b) A provisioning target down

export async function targetDown(log = console.log) {
  const prefix = uniquePrefix('fault');
  const forget = onAbort(() => dropPrefixedDatabases(prefix));
  const workDir = makeWorkDir('faults-target');
  const fakes = await startProvisioningFakes();
  const { entra: _entra, ...systems } = fakes.config.adp.provisioning;
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) failures.push(what);
  };
  log(`(b) GitHub down for ${TARGET_DOWN_S} s; default drain interval (5 s) and backoff (5 s base, 15 min cap); logs in ${workDir}`);
  const portal = await startPortal({
    name: 'target',
    workDir,
    database: { client: 'pg', prefix },
    users: USERS,
    config: { integrations: fakes.config.integrations },
    adp: { demoData: true, provisioning: { enabled: true, ...systems } },
  });
  const knex = await pluginKnex(prefix, 'adp');
  try {
    const token = await signIn(portal.baseUrl, ADA);
    const projects = expectStatus(await api(portal.baseUrl, token, 'GET', '/api/adp/projects?limit=100'), [200], 'list').body.items;
    const pending = async () => Number((await knex('provisioning_outbox').whereNull('processed_at').count({ n: '*' }))[0].n);
    await waitFor('the demo data to be provisioned', async () => (await pending()) === 0, 120_000, 1000);

    const statusBefore = new Map(
      (await knex('provisioning_status').where({ system: 'github' })).map(r => [`${r.target_kind}:${r.target_id}`, `${r.status} ${r.last_error ?? ''}`.trim()]),
    );
    fakes.github.goDown(503);
    const downAt = Date.now();
    const writes: ApiResult[] = [];
    const samples: Array<{ t: number; pending: number; maxAttempts: number; error: string }> = [];
    const added: Array<{ projectId: string; handle: string; memberId: string }> = [];
    let k = 0;
    let statusSeen: any;
    while (Date.now() - downAt < TARGET_DOWN_S * 1000) {
      const project = projects[k % projects.length];
      const handle = `gh-down-${k}`;
      // The account is the person's to link; an ADP Admin records it here (unverified).
      await api(portal.baseUrl, token, 'PATCH', `/api/adp/profiles/${encodeURIComponent(`user:default/down-${k}`)}`, { githubHandle: handle });
      const add = await api(portal.baseUrl, token, 'POST', `/api/adp/projects/${project.id}/members`, { userRef: `user:default/down-${k}`, technical: true, admin: false });
      writes.push(add);
      if (add.status === 201) added.push({ projectId: project.id, handle, memberId: add.body.id });
      if (k % 4 === 3 && added.length > 1) {
        const gone = added.splice(0, 1)[0];
        writes.push(await api(portal.baseUrl, token, 'DELETE', `/api/adp/projects/${gone.projectId}/members/${gone.memberId}`));
      }
      k++;
      const rows = await knex('provisioning_outbox').whereNull('processed_at');
      samples.push({
        t: (Date.now() - downAt) / 1000,
        pending: rows.length,
        maxAttempts: Math.max(0, ...rows.map(r => Number(r.attempts))),
        error: rows.find(r => r.last_error)?.last_error ?? '',
      });
      if (!statusSeen) {
        const status = await api(portal.baseUrl, token, 'GET', `/api/adp/projects/${project.id}/provisioning`);
        const github = status.body?.systems?.find((s: any) => s.system === 'github');
        if (github?.status === 'failed') statusSeen = github;
      }
      await sleep(2000);
    }
    // One item's attempts, to show the backoff.
    const waiting = await knex('provisioning_outbox').whereNull('processed_at').orderBy('id');
    fakes.github.recover();
    const upAt = Date.now();
    await waitFor('the outbox to drain after GitHub came back', async () => (await pending()) === 0, 20 * 60_000, 500).catch(() => undefined);
    const catchUpMs = Date.now() - upAt;
    const left = await pending();

    const notOk = writes.filter(w => w.status < 200 || w.status >= 300);
    check(notOk.length === 0, `${notOk.length} writes failed while GitHub was down: ${notOk.map(w => w.status).join(', ')}`);
    check(samples.some(s => /github/i.test(s.error) && /503/.test(s.error)), "no waiting outbox item named GitHub's 503");
    check(samples[samples.length - 1].maxAttempts >= 2, 'attempts did not grow');
    check(!!statusSeen, 'the project provisioning status never showed github failed');
    check(left === 0, `${left} outbox items still pending ${(catchUpMs / 1000).toFixed(0)} s after GitHub returned`);
    const statuses = await knex('provisioning_status').where({ system: 'github' });
    const notInSync = statuses.filter(s => s.status !== 'in-sync');
    check(
      notInSync.length === 0,
      `github status not in-sync for ${notInSync.map(s => `${s.target_kind} ${s.target_id}: ${s.status} ${s.last_error ?? ''} (before the outage: ${statusBefore.get(`${s.target_kind}:${s.target_id}`) ?? 'none'})`).join('; ')}`,
    );
    // GitHub holds exactly the stored technical members with a handle, per project team.
    const allHandles = new Set(Array.from({ length: k }, (_, i) => `gh-down-${i}`));
    const inGithub = new Set([...fakes.github.teams.values()].flatMap(t => [...t.members]).filter(h => allHandles.has(h)));
    const stored = new Set(added.map(a => a.handle));
    check([...stored].every(h => inGithub.has(h)), `stored members missing from GitHub: ${[...stored].filter(h => !inGithub.has(h)).join(', ')}`);
    check([...inGithub].every(h => stored.has(h)), `removed members still in GitHub: ${[...inGithub].filter(h => !stored.has(h)).join(', ')}`);
    return {
      downSeconds: (upAt - downAt) / 1000,
      writes: writes.length,
      writeStatuses: [...new Set(writes.map(w => w.status))],
      samples,
      waitingAtRecovery: waiting.map(r => ({ id: r.id, attempts: Number(r.attempts), nextAttemptIn: r.next_attempt_at ? (Date.parse(r.next_attempt_at) - upAt) / 1000 : 0, error: String(r.last_error).slice(0, 120) })),
      statusSeen: statusSeen ? { status: statusSeen.status, error: String(statusSeen.error ?? statusSeen.lastError ?? '').slice(0, 120) } : undefined,
      catchUpMs,
      fullPassRetries: waiting.filter(r => r.record_kind === 'provisioning-target').length,
      stored: stored.size,
      inGithub: inGithub.size,
      failures,
    };
  } finally {
    await knex.destroy();
    await portal.stop();
    await fakes.stop();
    forget();
    await dropPrefixedDatabases(prefix);
  }
}

async function main() {
  let failed = 0;
  if (PART === 'db' || PART === 'both') {
    const r = await dbOutage();
    console.log(
      `  ${r.plans} users added by ${WORKERS} clients in ${r.requests} requests (${r.before} before, ${r.during} during, ${r.after} after the outage); ` +
        `${r.failed} failed (${r.unavailable503} of them 503 ServiceUnavailableError) and were retried until they succeeded; ${r.committedThoughFailed} changes had been saved although their answer was an error (a retry found them done: 409 on add, 404 on remove); ` +
        `latency p50 ${r.p50.toFixed(0)} ms, max ${r.maxMs.toFixed(0)} ms; during the outage p50 ${r.outageP50?.toFixed(0)} ms, max ${r.outageMax?.toFixed(0)} ms; ` +
        `in the 5 s after it p50 ${r.afterP50?.toFixed(0)} ms, max ${r.afterMax?.toFixed(0)} ms; first success ${r.firstSuccessAfterMs.toFixed(0)} ms after connections were accepted again, last failure ${r.lastFailureAfterMs.toFixed(0)} ms after`,
    );
    console.log('  answers other than 2xx:');
    for (const [kind, n] of r.answerKinds) console.log(`    ${String(n).padStart(4)} × ${kind}`);
    console.log(`  database afterwards: ${JSON.stringify(r.db)}`);
    console.log(r.failures.length ? `  FAILED:\n    ${r.failures.slice(0, 30).join('\n    ')}` : '  All checks passed.');
    failed += r.failures.length;
  }
  if (PART === 'provisioning' || PART === 'both') {
    const r = await targetDown();
    console.log(`  GitHub down ${r.downSeconds.toFixed(0)} s: ${r.writes} team changes, statuses ${r.writeStatuses.join(', ')}`);
    console.log('  outbox while down (t s: pending, max attempts):', r.samples.filter((_, i) => i % Math.max(1, Math.floor(r.samples.length / 10)) === 0).map(s => `${s.t.toFixed(0)}: ${s.pending}, ${s.maxAttempts}`).join(' | '));
    console.log(`  a waiting item's error: ${r.samples.find(s => s.error)?.error.slice(0, 160)}`);
    console.log(`  provisioning status shown for a project: ${JSON.stringify(r.statusSeen)}`);
    console.log(`  at recovery ${r.waitingAtRecovery.length} items waiting; attempts ${[...new Set(r.waitingAtRecovery.map(w => w.attempts))].join('/')}, next attempt in ${Math.min(...r.waitingAtRecovery.map(w => w.nextAttemptIn)).toFixed(0)}–${Math.max(...r.waitingAtRecovery.map(w => w.nextAttemptIn)).toFixed(0)} s`);
    const latest = Math.max(0, ...r.waitingAtRecovery.map(w => w.nextAttemptIn));
    console.log(
      `  caught up ${(r.catchUpMs / 1000).toFixed(1)} s after GitHub returned (bound: the latest next attempt, ${latest.toFixed(0)} s, + the 5 s drain interval + the drain); ` +
        `${r.fullPassRetries} of the waiting items were targets a full pass failed on; ${r.stored} technical members stored, ${r.inGithub} in GitHub`,
    );
    console.log(r.failures.length ? `  FAILED:\n    ${r.failures.join('\n    ')}` : '  All checks passed.');
    failed += r.failures.length;
  }
  return failed;
}

if (require.main === module) {
  limitRunTime(30 + (TARGET_DOWN_S * 2) / 60, 'The fault run');
  main().then(
    failed => process.exit(failed ? 1 : 0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
