import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { contextFor, Portal, ref, startPortal } from '../__testUtils__/portal';

jest.setTimeout(30_000);

describe('adp:project:create and adp:project:get against the real adp plugin', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  const create = () => portal.actions.get('adp:project:create')!;
  const get = () => portal.actions.get('adp:project:get')!;
  const projectsOf = async (programmeId: string) =>
    (
      await portal
        .api('paul')
        .get(
          `/projects?programmeId=${programmeId}&includeArchived=true&limit=200`,
        )
    ).body.items as Array<{
      id: string;
      name: string;
      title: string;
    }>;

  it('lets a programme admin create a project in their programme; the dry run predicted its namespace', async () => {
    const input = {
      programmeId: portal.ids.fcp,
      title: 'Land Grants Portal',
      alias: 'ffc-lgp',
      description: 'Applications for land grants.',
      githubTeamVisibility: 'private' as const,
      serviceCode: 'lgp',
      serviceOwner: 'Owner@Example.com',
    };
    const dry = contextFor('pat', input, { dryRun: true });
    await create().handler(dry);
    expect(dry.outputs).toEqual({
      id: '',
      namespace: 'fcp-land-grants-portal',
      entityRef: 'group:default/fcp-land-grants-portal',
      repositoryPrefixes: ['fcp-land-grants-portal', 'ffc-lgp'],
    });
    expect((await projectsOf(portal.ids.fcp)).map(p => p.title)).not.toContain(
      'Land Grants Portal',
    );

    const ctx = contextFor('pat', input);
    await create().handler(ctx);
    expect(ctx.outputs).toEqual({
      ...dry.outputs,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const stored = await portal.api('paul').get(`/projects/${ctx.outputs.id}`);
    expect(stored.body).toMatchObject({
      programmeId: portal.ids.fcp,
      name: 'fcp-land-grants-portal',
      alias: 'ffc-lgp',
      githubTeamVisibility: 'private',
      teamType: 'delivery',
      serviceCode: 'LGP',
      serviceOwner: 'owner@example.com',
      createdBy: ref('pat'),
    });
  });

  it('is refused (403) in a programme the user does not administer, and creates nothing', async () => {
    const before = await projectsOf(portal.ids.frm);
    const error = await create()
      .handler(
        contextFor('pat', {
          programmeId: portal.ids.frm,
          title: 'Not Pats',
          description: 'x',
        }),
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^Creating the delivery project is not allowed for the user running the template: /,
    );
    expect(await projectsOf(portal.ids.frm)).toEqual(before);
  });

  it('reports a title clash (409) and an unknown programme (400) with the server messages', async () => {
    const clash = await create()
      .handler(
        contextFor('pat', {
          programmeId: portal.ids.fcp,
          title: 'annual compliance data',
          description: 'x',
        }),
      )
      .catch(e => e);
    expect(clash).toBeInstanceOf(ConflictError);
    expect(clash.message).toMatch(
      /^Creating the delivery project failed: .*Annual Compliance Data/,
    );

    const unknown = await create()
      .handler(
        contextFor('ada', {
          programmeId: 'no-such-programme',
          title: 'Orphan',
          description: 'x',
        }),
      )
      .catch(e => e);
    expect(unknown).toBeInstanceOf(InputError);
    expect(unknown.message).toBe(
      'Creating the delivery project was refused by the ADP API: programmeId: No delivery programme with this id',
    );
  });

  it('rejects invalid fields with the shared schema, in a dry run too', async () => {
    const error = await create()
      .handler(
        contextFor(
          'pat',
          {
            programmeId: portal.ids.fcp,
            title: 'Bad',
            description: 'x',
            alias: 'Not A Slug',
            serviceOwner: 'nobody',
          },
          { dryRun: true },
        ),
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'The delivery project is not valid: alias: Alias may only contain lower-case letters, digits and single hyphens; serviceOwner: Business service owner must be an email address',
    );
  });

  it('adp:project:get gives the namespace, the owner Group and the repository prefixes', async () => {
    const ctx = contextFor('tess', { projectId: portal.ids.acd });
    await get().handler(ctx);
    expect(ctx.outputs).toEqual({
      id: portal.ids.acd,
      namespace: 'fcp-acd',
      alias: 'ffc-acd',
      title: 'Annual Compliance Data',
      programmeId: portal.ids.fcp,
      entityRef: 'group:default/fcp-acd',
      repositoryPrefixes: ['fcp-acd', 'ffc-acd'],
      // adp.provisioning.github of the portal: where the template publishes.
      githubHost: 'github.com',
      githubOrganization: 'defra',
    });
    const missing = await get()
      .handler(contextFor('tess', { projectId: 'no-such-project' }))
      .catch(e => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe(
      'Reading the delivery project failed: No delivery project with id no-such-project',
    );
  });
});
