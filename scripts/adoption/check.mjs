// Checks the scaffolded app with the suite installed (scripts/test-adoption.sh): the ADP API
// answers, the permission matrix is the one the installed packages define, and the ADP policy
// decides, for the scaffold's guest signed in as docs/install.md says.
// Usage: node scripts/adoption/check.mjs <app dir> <baseUrl> <static token>
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

const [appDir, baseUrl, token] = process.argv.slice(2);
// The installed package, as the app resolves it: not this repository's source.
const require = createRequire(
  path.join(appDir, 'packages/backend/package.json'),
);
const {
  buildPermissionMatrix,
  ROLE_IDS,
} = require('@adp-portal/plugin-adp-common');

async function get(urlPath, headers = {}) {
  const res = await fetch(`${baseUrl}${urlPath}`, { headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function guestToken() {
  const session = await get('/api/auth/guest/refresh', {
    'x-requested-with': 'XMLHttpRequest',
  });
  assert.equal(session.status, 200, JSON.stringify(session.body));
  assert.equal(
    session.body.backstageIdentity.identity.userEntityRef,
    'user:default/guest',
  );
  return session.body.backstageIdentity.token;
}

async function authorize(userToken, name, action) {
  const res = await fetch(`${baseUrl}/api/permission/authorize`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${userToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      items: [
        {
          id: '1',
          permission: { type: 'basic', name, attributes: { action } },
        },
      ],
    }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).items[0].result;
}

const checks = [
  [
    'GET /api/adp/health answers ok without credentials',
    async () => {
      const res = await get('/api/adp/health');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: 'ok' });
    },
  ],
  [
    'GET /api/adp/access/matrix refuses an anonymous caller',
    async () => {
      assert.equal((await get('/api/adp/access/matrix')).status, 401);
    },
  ],
  [
    'GET /api/adp/access/matrix answers the roles x permissions table of the installed packages',
    async () => {
      const res = await get('/api/adp/access/matrix', {
        authorization: `Bearer ${token}`,
      });
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body,
        JSON.parse(JSON.stringify(buildPermissionMatrix())),
      );
      assert.deepEqual(
        res.body.roles.map(r => r.id),
        [...ROLE_IDS],
      );
      assert.ok(res.body.rows.length > 20, `only ${res.body.rows.length} rows`);
      const albCreate = res.body.rows.find(r => r.key === 'adp.alb.create');
      assert.ok(albCreate, 'no adp.alb.create row');
      assert.equal(albCreate.grants['adp-admin'], 'platform');
      assert.equal(albCreate.grants['platform-user'], null);
    },
  ],
  [
    'the ADP policy decides: the guest (user:default/guest, a catalog user) reads, and may not create an ALB',
    async () => {
      const userToken = await guestToken();
      assert.equal(
        await authorize(userToken, 'adp.project.read', 'read'),
        'ALLOW',
      );
      // An allow-all policy (the scaffolded app's) would say ALLOW.
      assert.equal(
        await authorize(userToken, 'adp.alb.create', 'create'),
        'DENY',
      );
    },
  ],
  [
    'GET /api/adp/access/me tells the guest they are a Platform User',
    async () => {
      const me = await get('/api/adp/access/me', {
        authorization: `Bearer ${await guestToken()}`,
      });
      assert.equal(me.status, 200);
      assert.deepEqual(
        me.body.assignments.map(a => a.role),
        ['platform-user'],
      );
    },
  ],
];

let failed = 0;
for (const [name, check] of checks) {
  try {
    await check();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(
      `FAIL ${name}\n     ${String(error?.message ?? error)
        .split('\n')
        .join('\n     ')}`,
    );
  }
}
process.exit(failed ? 1 : 0);
