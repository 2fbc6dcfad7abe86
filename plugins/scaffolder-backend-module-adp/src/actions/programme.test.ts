import { InputError, NotAllowedError } from '@backstage/errors';
import { contextFor, Portal, ref, startPortal } from '../__testUtils__/portal';

jest.setTimeout(30_000);

describe('adp:programme:create against the real adp plugin', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  const action = () => portal.actions.get('adp:programme:create')!;
  const programmeCount = async () =>
    (await portal.api('ada').get('/programmes?limit=1&includeArchived=true'))
      .body.totalCount as number;

  it('creates the programme as an ADP Admin, with its admins, and outputs its catalog Group', async () => {
    const ctx = contextFor('ada', {
      albId: portal.ids.rpa,
      title: 'Sustainable Farming Incentive',
      code: 'sfi',
      description: 'Pays farmers for sustainable actions.',
      website: 'https://sfi.example',
      admins: ['user:default/pat'],
    });
    await action().handler(ctx);

    expect(ctx.outputs).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'sustainable-farming-incentive',
      code: 'SFI',
      entityRef: 'group:programme/sustainable-farming-incentive',
    });
    const stored = await portal
      .api('paul')
      .get(`/programmes/${ctx.outputs.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      albId: portal.ids.rpa,
      code: 'SFI',
      url: 'https://sfi.example',
      createdBy: ref('ada'),
    });
    const admins = await portal
      .api('paul')
      .get(`/programmes/${ctx.outputs.id}/admins`);
    expect(admins.body.map((a: { userRef: string }) => a.userRef)).toEqual([
      ref('pat'),
    ]);
  });

  it('plans in a dry run and creates nothing', async () => {
    const before = await programmeCount();
    const ctx = contextFor(
      'ada',
      {
        albId: portal.ids.rpa,
        title: 'Dry Programme',
        code: 'DRY',
        description: 'Only planned.',
      },
      { dryRun: true },
    );
    await action().handler(ctx);
    expect(ctx.outputs).toEqual({
      id: '',
      name: 'dry-programme',
      code: 'DRY',
      entityRef: 'group:programme/dry-programme',
    });
    expect(await programmeCount()).toBe(before);
    const search = await portal
      .api('ada')
      .get('/programmes?search=Dry%20Programme');
    expect(search.body.items).toEqual([]);
  });

  it('does not create the programme twice when a resumed task replays the step', async () => {
    const checkpoints = new Map<string, unknown>();
    const input = {
      albId: portal.ids.rpa,
      title: 'Resumed Programme',
      code: 'RSM',
      description: 'Created once.',
    };
    const first = contextFor('ada', input, { checkpoints });
    await action().handler(first);
    const before = await programmeCount();
    // Same task state: the checkpoint answers, the API is not asked again (it would say 409).
    const replay = contextFor('ada', input, { checkpoints });
    await action().handler(replay);
    expect(replay.outputs).toEqual(first.outputs);
    expect(await programmeCount()).toBe(before);
  });

  it("turns the server's 403 into a NotAllowedError for a technical member, and creates nothing", async () => {
    const before = await programmeCount();
    const ctx = contextFor('tess', {
      albId: portal.ids.rpa,
      title: 'Not Mine',
      code: 'NTM',
      description: 'x',
    });
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /^Creating the delivery programme is not allowed for the user running the template: /,
    );
    expect(await programmeCount()).toBe(before);
  });

  it("turns the server's field errors (400) and clashes (409) into clear errors", async () => {
    const unknownAlb = await action()
      .handler(
        contextFor('ada', {
          albId: 'no-such-alb',
          title: 'Orphan',
          code: 'ORP',
          description: 'x',
        }),
      )
      .catch(e => e);
    expect(unknownAlb).toBeInstanceOf(InputError);
    expect(unknownAlb.message).toBe(
      'Creating the delivery programme was refused by the ADP API: albId: No Arms Length Body with this id',
    );

    const clash = await action()
      .handler(
        contextFor('ada', {
          albId: portal.ids.rpa,
          title: 'Another FCP',
          code: 'FCP',
          description: 'x',
        }),
      )
      .catch(e => e);
    expect(clash.name).toBe('ConflictError');
    expect(clash.message).toMatch(
      /^Creating the delivery programme failed: The programme code FCP is already used by /,
    );
  });

  it('rejects invalid input with the shared schema before calling the API', async () => {
    const before = await programmeCount();
    const error = await action()
      .handler(
        contextFor('ada', {
          albId: portal.ids.rpa,
          title: 'Bad Code',
          code: 'TOOLONG',
          description: 'x',
          website: 'ftp://x',
        }),
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'The delivery programme is not valid: code: Programme code must be 3 or 4 letters; url: Website must be an http(s) URL',
    );
    expect(await programmeCount()).toBe(before);
  });
});
