import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import scaffolderModuleAdp, { createAdpActions } from './index';

jest.setTimeout(30_000);

/** Actions that act on a delivery project: the policy only lets a user run them on their technical projects. */
const PROJECT_ACTIONS = [
  'adp:project:get',
  'adp:project:grant-repository',
  'adp:sonarcloud:register-project',
  'adp:project:await-provisioning',
];
/** Actions that create a record above a project; the adp API authorizes them on the parent. */
const OTHER_ACTIONS = ['adp:programme:create', 'adp:project:create'];

describe('scaffolder module adp', () => {
  it('builds every action dry-run capable', () => {
    const actions = createAdpActions({
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
    });
    expect(actions.map(a => a.id).sort()).toEqual(
      [...PROJECT_ACTIONS, ...OTHER_ACTIONS].sort(),
    );
    expect(
      actions.filter(a => a.supportsDryRun !== true).map(a => a.id),
    ).toEqual([]);
  });

  it('registers every adp:* action with the scaffolder, each project action keyed by projectId', async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleAdp,
        catalogServiceMock.factory(),
      ],
    });
    try {
      const res = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header('user:default/tess'));
      expect(res.status).toBe(200);
      const adp = (
        res.body as Array<{ id: string; schema?: { input?: any } }>
      ).filter(a => a.id.startsWith('adp:'));
      expect(adp.map(a => a.id).sort()).toEqual(
        [...PROJECT_ACTIONS, ...OTHER_ACTIONS].sort(),
      );

      for (const id of PROJECT_ACTIONS) {
        const input = adp.find(a => a.id === id)!.schema!.input;
        // Exactly `projectId`, a required string: what the policy's HAS_STRING_PROPERTY rule reads.
        expect({
          id,
          type: input.properties.projectId?.type,
          required: input.required?.includes('projectId'),
        }).toEqual({
          id,
          type: 'string',
          required: true,
        });
      }
      for (const id of OTHER_ACTIONS) {
        const input = adp.find(a => a.id === id)!.schema!.input;
        expect({ id, projectId: input.properties.projectId }).toEqual({
          id,
          projectId: undefined,
        });
      }
      const awaitInput = adp.find(
        a => a.id === 'adp:project:await-provisioning',
      )!.schema!.input;
      expect(awaitInput.properties.timeoutSeconds).toMatchObject({
        type: 'integer',
        minimum: 1,
        maximum: 600,
      });
    } finally {
      await backend.stop();
    }
  });
});
