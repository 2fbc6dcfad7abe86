import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { PRODUCTION_DEMO_ERROR } from './config';
import { authModuleAdpDemoProvider } from './module';

const tess: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'tess', namespace: 'default' },
  spec: {
    profile: { displayName: 'Tess Technical', email: 'tess@adp-demo.example' },
    memberOf: ['adp-platform-engineers'],
  },
  relations: [
    { type: 'memberOf', targetRef: 'group:default/adp-platform-engineers' },
  ],
};

const paul: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'paul', namespace: 'default' },
  spec: { profile: { displayName: 'Paul Platform' }, memberOf: [] },
};

function demoConfig(adp: object) {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    auth: { providers: { 'adp-demo': {} } },
    adp,
  };
}

const personas = [
  {
    userRef: 'user:default/tess',
    title: 'Technical Team Member',
    description: 'Scaffolds services',
  },
];

async function startAuth(config: object) {
  return startTestBackend({
    features: [
      authPlugin,
      authModuleAdpDemoProvider,
      // paul is in the catalog but not a persona: being a user is not enough.
      catalogServiceMock.factory({ entities: [tess, paul] }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
}

function refresh(server: Parameters<typeof request>[0], persona?: string) {
  const req = request(server)
    .get('/api/auth/adp-demo/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');
  return persona ? req.set('x-adp-demo-persona', persona) : req;
}

function tokenSubject(token: string): string {
  const payload = token.split('.')[1];
  return JSON.parse(Buffer.from(payload, 'base64url').toString()).sub;
}

describe('adp-demo auth provider', () => {
  describe('with demo enabled', () => {
    let server: Parameters<typeof request>[0];
    let stop: () => Promise<void>;

    beforeAll(async () => {
      const backend = await startAuth(
        demoConfig({ demo: { enabled: true, personas } }),
      );
      server = backend.server;
      stop = () => backend.stop();
    });

    afterAll(() => stop());

    it('signs in a listed persona as that catalog user, with their groups', async () => {
      const res = await refresh(server, 'user:default/tess');

      expect(res.status).toBe(200);
      const { identity, token } = res.body.backstageIdentity;
      expect(identity.userEntityRef).toBe('user:default/tess');
      expect(identity.ownershipEntityRefs).toEqual(
        expect.arrayContaining([
          'user:default/tess',
          'group:default/adp-platform-engineers',
        ]),
      );
      expect(tokenSubject(token)).toBe('user:default/tess');
      expect(res.body.profile).toMatchObject({
        displayName: 'Tess Technical',
        email: 'tess@adp-demo.example',
      });
    });

    it('accepts the short form of a listed ref', async () => {
      const res = await refresh(server, 'tess');
      expect(res.status).toBe(200);
      expect(res.body.backstageIdentity.identity.userEntityRef).toBe(
        'user:default/tess',
      );
    });

    it('refuses a catalog user who is not a persona', async () => {
      const res = await refresh(server, 'user:default/paul');
      expect(res.status).toBe(401);
      expect(res.body.error.message).toContain('not a demo persona');
    });

    it('refuses a request without the persona header', async () => {
      const res = await refresh(server);
      expect(res.status).toBe(400);
    });

    it('refuses a ref that is not a user', async () => {
      const res = await refresh(server, 'group:default/adp-platform-engineers');
      expect(res.status).toBe(400);
    });
  });

  it('registers no provider when demo is not enabled', async () => {
    const backend = await startAuth(demoConfig({}));
    try {
      const res = await refresh(backend.server, 'user:default/tess');
      expect(res.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });

  it('fails startup when demo is enabled in production config', async () => {
    await expect(
      startAuth(
        demoConfig({
          environment: 'production',
          demo: { enabled: true, personas },
        }),
      ),
    ).rejects.toThrow(PRODUCTION_DEMO_ERROR);
  });
});
