// The upgrade test's data (scripts/test-adoption.sh, docs/install.md "Upgrading"): writes records
// through the API of the previous release, and after the upgrade checks that every one of them
// is still there, unchanged, and that the installed release's migrations all ran.
//
//   node scripts/adoption/upgrade-data.mjs write  <app dir> <baseUrl> <static token> <state.json> <adp sqlite file>
//   node scripts/adoption/upgrade-data.mjs verify <app dir> <baseUrl> <static token> <state.json> <adp sqlite file>
//
// `write` creates an ALB, a programme with the guest as its admin, a project with the guest as
// a technical team admin, and the guest's Production Deploy request; then it keeps what the API
// answers for each, and every list, in <state.json>. `verify` reads them all again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [mode, appDir, baseUrl, token, stateFile, dbFile] = process.argv.slice(2);
if (!['write', 'verify'].includes(mode) || !dbFile) {
  console.error(
    'usage: node scripts/adoption/upgrade-data.mjs write|verify <app dir> <baseUrl> <token> <state.json> <adp sqlite file>',
  );
  process.exit(2);
}
// The app's own packages: the installed release, not this repository's source.
const appRequire = createRequire(
  path.join(appDir, 'packages/backend/package.json'),
);
const installed = path.dirname(
  appRequire.resolve('@adp-portal/plugin-adp-backend/package.json'),
);
const installedVersion = JSON.parse(
  fs.readFileSync(path.join(installed, 'package.json'), 'utf8'),
).version;

const service = { authorization: `Bearer ${token}` };

async function call(method, urlPath, headers, body) {
  const res = await fetch(`${baseUrl}/api/adp${urlPath}`, {
    method,
    headers: {
      ...headers,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function ok(method, urlPath, headers, body, status = 200) {
  const res = await call(method, urlPath, headers, body);
  assert.equal(
    res.status,
    status,
    `${method} ${urlPath}: ${JSON.stringify(res.body)}`,
  );
  return res.body;
}

async function guestToken() {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  assert.equal(res.status, 200, await res.clone().text());
  return {
    authorization: `Bearer ${(await res.json()).backstageIdentity.token}`,
  };
}

/** The names in knex_migrations of the adp plugin's database. */
function appliedMigrations() {
  const Database = appRequire('better-sqlite3');
  const db = new Database(dbFile, { readonly: true });
  try {
    return db
      .prepare('select name from knex_migrations order by id')
      .all()
      .map(r => r.name);
  } finally {
    db.close();
  }
}

function packagedMigrations() {
  return fs
    .readdirSync(path.join(installed, 'migrations'))
    .filter(f => /\.(js|cjs|mjs|ts)$/.test(f))
    .sort();
}

/** Everything the records' reads answer, as one object to compare. */
async function snapshot(ids, guest) {
  const all = async kind =>
    (await ok('GET', `/${kind}?limit=200&includeArchived=true`, service)).items
      .map(r => r.id)
      .sort();
  return {
    alb: await ok('GET', `/albs/${ids.alb}`, service),
    programme: await ok('GET', `/programmes/${ids.programme}`, service),
    admins: await ok('GET', `/programmes/${ids.programme}/admins`, service),
    project: await ok('GET', `/projects/${ids.project}`, service),
    members: await ok('GET', `/projects/${ids.project}/members`, service),
    request: await ok(
      'GET',
      `/production-access/requests/${ids.request}`,
      guest,
    ),
    projectHistory: await ok(
      'GET',
      `/projects/${ids.project}/history`,
      service,
    ),
    albIds: await all('albs'),
    programmeIds: await all('programmes'),
    projectIds: await all('projects'),
  };
}

/** Every field `before` has is in `after` with the same value (a release may add fields). */
function assertKept(before, after, at = '') {
  if (before && typeof before === 'object') {
    assert.ok(
      after && typeof after === 'object',
      `${at || 'the record'} is gone after the upgrade`,
    );
    if (Array.isArray(before)) {
      assert.equal(after.length, before.length, `${at}: length changed`);
    }
    for (const [k, v] of Object.entries(before)) {
      assertKept(v, after[k], `${at}.${k}`);
    }
  } else {
    assert.deepEqual(after, before, `${at} changed in the upgrade`);
  }
}

/** Waits until the catalog holds the guest, so that team rows name them from the start. */
async function catalogHasGuest() {
  for (let i = 0; i < 120; i++) {
    const res = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/user/default/guest`,
      { headers: service },
    );
    if (res.status === 200) return;
    await new Promise(r => setTimeout(r, 1000));
  }
  assert.fail('the catalog has no user:default/guest after 120 s');
}

async function write() {
  await catalogHasGuest();
  const guest = await guestToken();
  const alb = await ok(
    'POST',
    '/albs',
    service,
    { title: 'Upgrade Check Body', description: 'Written before the upgrade' },
    201,
  );
  const programme = await ok(
    'POST',
    '/programmes',
    service,
    {
      albId: alb.id,
      title: 'Upgrade Check Programme',
      code: 'UPG',
      description: 'Written before the upgrade',
    },
    201,
  );
  await ok(
    'POST',
    `/programmes/${programme.id}/admins`,
    service,
    { userRef: 'user:default/guest' },
    201,
  );
  const project = await ok(
    'POST',
    '/projects',
    service,
    {
      programmeId: programme.id,
      title: 'Upgrade Check Project',
      description: 'Written before the upgrade',
      serviceOwner: 'owner@example.org',
    },
    201,
  );
  await ok(
    'POST',
    `/projects/${project.id}/members`,
    service,
    { userRef: 'user:default/guest', technical: true, admin: true },
    201,
  );
  // The policy learns the new membership from the role index's next change (events or polling).
  let request;
  for (let i = 0; i < 60 && !request; i++) {
    const res = await call('POST', '/production-access/requests', guest, {
      projectId: project.id,
      level: 'production-deploy',
      justification: 'Deploys the service the upgrade check stands for',
    });
    if (res.status === 201) request = res.body;
    else if (res.status === 403) await new Promise(r => setTimeout(r, 1000));
    else
      assert.fail(
        `production access request: ${res.status} ${JSON.stringify(res.body)}`,
      );
  }
  assert.ok(
    request,
    'the guest was still refused the production access request after 60 s',
  );
  const ids = {
    alb: alb.id,
    programme: programme.id,
    project: project.id,
    request: request.id,
  };
  const migrations = appliedMigrations();
  assert.deepEqual(
    migrations,
    packagedMigrations(),
    `the migrations applied are those of ${installedVersion}`,
  );
  fs.writeFileSync(
    stateFile,
    JSON.stringify(
      {
        version: installedVersion,
        ids,
        migrations,
        snapshot: await snapshot(ids, guest),
      },
      null,
      2,
    ),
  );
  console.log(
    `ok   wrote with ${installedVersion}: an ALB, a programme with an admin, a project with a technical team admin, a production access request (${migrations.length} migrations applied)`,
  );
}

async function verify() {
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  assert.notEqual(
    installedVersion,
    state.version,
    `the app still has ${state.version}: nothing was upgraded`,
  );
  const migrations = appliedMigrations();
  assert.deepEqual(
    migrations.slice(0, state.migrations.length),
    state.migrations,
    'the migrations applied before the upgrade are still recorded, in order',
  );
  assert.deepEqual(
    [...migrations].sort(),
    packagedMigrations(),
    `every migration of ${installedVersion} ran, and no other`,
  );
  console.log(
    `ok   after the upgrade ${state.version} -> ${installedVersion}: ${
      migrations.length
    } migrations applied (${migrations.length - state.migrations.length} new)`,
  );
  const after = await snapshot(state.ids, await guestToken());
  for (const [key, before] of Object.entries(state.snapshot)) {
    if (key.endsWith('Ids')) {
      // The demo data of a newer release may add records; none may go.
      const lost = before.filter(id => !after[key].includes(id));
      assert.deepEqual(lost, [], `${key}: records lost in the upgrade`);
    } else {
      assertKept(before, after[key], key);
    }
    console.log(`ok   ${key} kept`);
  }
}

try {
  await (mode === 'write' ? write() : verify());
} catch (e) {
  console.log(`FAIL ${e.message}`);
  process.exit(1);
}
