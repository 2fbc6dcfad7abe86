import {
  ADP_CHANGES_TOPIC,
  adpPermissions,
  AdpChangeEvent,
  RoleIndexSnapshot,
} from '@adp-portal/plugin-adp-common';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import express from 'express';
import request from 'supertest';
import policyModule from './index';
import { IDS, OWNERSHIP, Persona, PERSONAS, ref, SNAPSHOT } from './__testUtils__/personas';

/**
 * Stands in for the adp plugin's internal role-index endpoints (the AdpClient contract),
 * so that the module's wiring is tested on its own; the persona sweep over the real adp
 * plugin is in adpBackend.integration.test.ts.
 */
function roleIndexContractPlugin(state: { snapshot: RoleIndexSnapshot; available: boolean; requests: string[] }) {
  return createBackendPlugin({
    pluginId: 'adp',
    register(reg) {
      reg.registerInit({
        deps: { router: coreServices.httpRouter, httpAuth: coreServices.httpAuth },
        async init({ router, httpAuth }) {
          const r = express.Router();
          r.use(async (req, res, next) => {
            if (!state.available) return void res.status(503).json({ error: { message: 'starting' } });
            // Only service principals may read the index.
            await httpAuth.credentials(req, { allow: ['service'] });
            state.requests.push(req.url);
            return next();
          });
          r.get('/internal/role-index', (req, res) => {
            const only = typeof req.query.userRefs === 'string' ? req.query.userRefs.split(',') : undefined;
            res.json({ ...state.snapshot, users: state.snapshot.users.filter(u => !only || only.includes(u.userRef)) });
          });
          r.get('/internal/role-index/changes', (_req, res) => {
            res.json({ revision: state.snapshot.revision, userRefs: [] });
          });
          router.use(r);
        },
      });
    },
  });
}

/** The ownership refs catalog sign-in would put in each persona's token. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const userEntityRef = (credentials.principal as { userEntityRef: string }).userEntityRef;
      const persona = userEntityRef.replace('user:default/', '') as Persona;
      return { userEntityRef, ownershipEntityRefs: OWNERSHIP[persona] ?? [userEntityRef] };
    },
  }),
});

jest.setTimeout(30_000);

describe('permission module adp-policy in a backend', () => {
  async function start(available = true) {
    const state = { snapshot: structuredClone(SNAPSHOT), available, requests: [] as string[] };
    const scheduler = mockServices.scheduler() as ReturnType<typeof mockServices.scheduler> & {
      triggerTask(id: string): Promise<void>;
      factory(): ReturnType<typeof mockServices.scheduler.factory>;
    };
    const events = mockServices.events();
    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        policyModule,
        roleIndexContractPlugin(state),
        userInfoFactory,
        scheduler.factory(),
        createServiceFactory({ service: eventsServiceRef, deps: {}, factory: () => events }),
        catalogServiceMock.factory({
          entities: PERSONAS.map(name => ({ apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name, namespace: 'default' } })),
        }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            adp: {
              platformRoles: {
                adpAdminGroups: ['group:default/adp-platform-engineers'],
                ccoeEngineerGroups: ['group:default/ccoe-engineers'],
              },
            },
          },
        }),
      ],
    });
    const authorize = async (persona: Persona | 'stranger', permission: (typeof adpPermissions)[number] | { name: string; type: 'basic'; attributes: {} }) => {
      const res = await request(backend.server)
        .post('/api/permission/authorize')
        // As the adp plugin asks: a user token obtained on the user's behalf (the actor).
        .set('Authorization', `Bearer ${mockCredentials.user.token(ref(persona), { actor: { subject: 'plugin:adp' } })}`)
        .send({ items: [{ id: '1', permission }] });
      expect({ status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ status: 200, body: undefined });
      return res.body.items[0];
    };
    return { backend, state, scheduler, events, authorize };
  }

  const find = (name: string) => adpPermissions.find(p => p.name === name)!;

  it('decides from the role index loaded over the adp plugin’s internal API', async () => {
    const { backend, state, authorize } = await start();
    expect(state.requests).toContain('/internal/role-index');
    await expect(authorize('dee', find('adp.project.update'))).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { rule: 'IS_IN_PROJECT', params: { projectIds: [IDS.acd] } },
    });
    await expect(authorize('ada', find('adp.alb.create'))).resolves.toMatchObject({ result: AuthorizeResult.ALLOW });
    await expect(authorize('paul', find('adp.project.update'))).resolves.toMatchObject({ result: AuthorizeResult.DENY });
    await expect(authorize('stranger', find('adp.project.read'))).resolves.toMatchObject({ result: AuthorizeResult.DENY });
    await backend.stop();
  });

  it('decides correctly from a freshly started portal’s first request, before the catalog users have loaded', async () => {
    const { backend, scheduler, authorize } = await start();
    // The scheduled load of the catalog users has not run: each user is asked about.
    await expect(authorize('paul', find('adp.project.read'))).resolves.toMatchObject({ result: AuthorizeResult.ALLOW });
    await expect(authorize('ada', find('adp.alb.create'))).resolves.toMatchObject({ result: AuthorizeResult.ALLOW });
    await expect(authorize('stranger', find('adp.project.read'))).resolves.toMatchObject({ result: AuthorizeResult.DENY });
    await scheduler.triggerTask('adp-policy-catalog-users-refresh');
    await expect(authorize('paul', find('adp.project.read'))).resolves.toMatchObject({ result: AuthorizeResult.ALLOW });
    await expect(authorize('stranger', find('adp.project.read'))).resolves.toMatchObject({ result: AuthorizeResult.DENY });
    await backend.stop();
  });

  it('drops and reloads a user’s roles on an adp.changes event', async () => {
    const { backend, state, events, authorize } = await start();
    await expect(authorize('paul', find('adp.projectMember.create'))).resolves.toMatchObject({ result: AuthorizeResult.DENY });
    state.snapshot.revision += 1;
    state.snapshot.users.push({
      userRef: ref('paul'),
      platformRoles: [],
      programmeAdminOf: [],
      projectMemberships: [{ projectId: IDS.sfi, programmeId: IDS.fcp, technical: false, admin: true }],
    });
    const event: AdpChangeEvent = { revision: state.snapshot.revision, changes: [], userRefs: [ref('paul')] };
    await events.publish({ topic: ADP_CHANGES_TOPIC, eventPayload: event });
    expect(state.requests).toContain(`/internal/role-index?userRefs=${encodeURIComponent(ref('paul'))}`);
    await expect(authorize('paul', find('adp.projectMember.create'))).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { projectIds: [IDS.sfi] } },
    });
    await backend.stop();
  });

  it('starts while the adp plugin is unavailable, failing closed on stored roles until it answers', async () => {
    const { backend, state, scheduler, authorize } = await start(false);
    await expect(authorize('dee', find('adp.project.update'))).resolves.toMatchObject({ result: AuthorizeResult.DENY });
    await expect(authorize('dee', find('adp.project.read'))).resolves.toMatchObject({ result: AuthorizeResult.ALLOW });
    state.available = true;
    // Past the first backoff step, the scheduled refresh loads the index.
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_000);
    await scheduler.triggerTask('adp-policy-role-index-refresh');
    jest.restoreAllMocks();
    await expect(authorize('dee', find('adp.project.update'))).resolves.toMatchObject({ result: AuthorizeResult.CONDITIONAL });
    await backend.stop();
  });
});
