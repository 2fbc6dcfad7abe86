import { adpPermissionsByName } from '@adp-portal/plugin-adp-common';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import adpPlugin from '@adp-portal/plugin-adp-backend';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';

/*
 * Service-to-service calls never reach a permission policy: Backstage decides them from
 * the caller's access restrictions. This proves the ADP Service Account configuration
 * documented in docs/roles.md and the README limits a static token to its permissions.
 */
const SERVICE_ACCOUNT_TOKEN = 'adp-automation-static-token-of-at-least-some-length';
const EXTERNAL_ACCESS = [
  {
    type: 'static',
    options: { token: SERVICE_ACCOUNT_TOKEN, subject: 'adp-automation' },
    accessRestrictions: [
      {
        plugin: 'adp',
        permission: ['adp.alb.read', 'adp.programme.read', 'adp.project.read', 'adp.provisioning.run', 'adp.provisioning.plan'],
      },
    ],
  },
];

/** A plugin that asks the permissions service about the caller, as every adp route does. */
const probe = (pluginId: string) =>
  createBackendPlugin({
    pluginId,
    register(reg) {
      reg.registerInit({
        deps: { router: coreServices.httpRouter, httpAuth: coreServices.httpAuth, permissions: coreServices.permissions },
        async init({ router, httpAuth, permissions }) {
          const r = express.Router();
          r.get('/can/:permission', async (req, res) => {
            const credentials = await httpAuth.credentials(req);
            const permission = adpPermissionsByName.get(req.params.permission)!;
            const [decision] = await permissions.authorizeConditional([{ permission: permission as ResourcePermission }], { credentials });
            res.json(decision);
          });
          router.use(r);
        },
      });
    },
  });

jest.setTimeout(30_000);

describe('ADP Service Account through backend.auth.externalAccess', () => {
  it('lets the static token use exactly its listed permissions, and only on the adp plugin', async () => {
    const backend = await startTestBackend({
      features: [
        probe('adp'),
        probe('catalog'),
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: { permission: { enabled: true }, backend: { auth: { externalAccess: EXTERNAL_ACCESS } } },
        }),
      ],
    });
    const can = (plugin: string, permission: string, token = SERVICE_ACCOUNT_TOKEN) =>
      request(backend.server).get(`/api/${plugin}/can/${permission}`).set('Authorization', `Bearer ${token}`);

    for (const allowed of ['adp.project.read', 'adp.provisioning.run', 'adp.provisioning.plan']) {
      const res = await can('adp', allowed);
      expect({ allowed, status: res.status, body: res.body }).toEqual({ allowed, status: 200, body: { result: 'ALLOW' } });
    }
    for (const denied of ['adp.project.update', 'adp.projectMember.create', 'adp.programmeAdmin.create', 'adp.platformRole.manage']) {
      const res = await can('adp', denied);
      expect({ denied, status: res.status, body: res.body }).toEqual({ denied, status: 200, body: { result: 'DENY' } });
    }
    // The token is not valid for any other plugin.
    expect((await can('catalog', 'adp.project.read')).status).toBe(403);
    expect((await can('adp', 'adp.project.read', 'some-other-token-of-sufficient-length')).status).toBe(401);
    await backend.stop();
  });

  it('never lets an external-access token read the internal role index, restricted or not, nor one named like a plugin start', async () => {
    const tokens = {
      restricted: SERVICE_ACCOUNT_TOKEN,
      unrestricted: 'adp-unrestricted-static-token-of-some-length',
    };
    const start = (externalAccess: object[]) =>
      startTestBackend({
        features: [
          adpPlugin,
          authServiceFactory,
          httpAuthServiceFactory,
          eventsServiceFactory,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({
            data: { permission: { enabled: true }, adp: { demoData: true }, backend: { auth: { externalAccess } } },
          }),
        ],
      });
    const backend = await start([...EXTERNAL_ACCESS, { type: 'static', options: { token: tokens.unrestricted, subject: 'adp-automation-unrestricted' } }]);
    const statuses: Record<string, number[]> = {};
    for (const [name, token] of Object.entries(tokens)) {
      statuses[name] = [];
      for (const path of ['/internal/role-index', '/internal/role-index/changes?since=0', '/internal/catalog-source']) {
        statuses[name].push((await request(backend.server).get(`/api/adp${path}`).set('Authorization', `Bearer ${token}`)).status);
      }
    }
    expect(statuses).toEqual({ restricted: [403, 403, 403], unrestricted: [403, 403, 403] });
    await backend.stop();
    // A static token's subject is taken as it is written: `plugin:permission` would pass for the policy module.
    await expect(
      start([{ type: 'static', options: { token: 'adp-impostor-static-token-of-some-length-too', subject: 'plugin:permission' } }]),
    ).rejects.toThrow(/backend\.auth\.externalAccess\[0\]\.options\.subject: "plugin:permission" would pass for the permission plugin's own credentials/);
  });
});
