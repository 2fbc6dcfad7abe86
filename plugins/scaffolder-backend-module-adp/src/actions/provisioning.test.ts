import { InputError, NotFoundError } from '@backstage/errors';
import { contextFor, Persona, Portal, ref, startPortal } from '../__testUtils__/portal';

jest.setTimeout(30_000);

const CONTRIBUTORS = 'ADP-fcp-fcp-acd-Contributors';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function until(condition: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('adp:project:await-provisioning against the real adp plugin and the fakes', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  const action = () => portal.actions.get('adp:project:await-provisioning')!;
  const addTechnicalMember = async (persona: Persona, githubHandle: string) => {
    // The person links their own GitHub account; the team admin only adds them.
    const linked = await portal
      .api(persona)
      .patch(`/profiles/${encodeURIComponent(ref(persona))}`, { githubHandle });
    expect(linked.status).toBe(200);
    const res = await portal
      .api('dee')
      .post(`/projects/${portal.ids.acd}/members`, {
        userRef: ref(persona),
        technical: true,
      });
    expect(res.status).toBe(201);
  };
  const githubStatus = async () =>
    (
      await portal.api('dee').get(`/projects/${portal.ids.acd}/provisioning`)
    ).body.systems.find((s: { system: string }) => s.system === 'github')
      .status;

  it('waits, for a technical member who may not retry, until the queue has provisioned the project', async () => {
    await addTechnicalMember('paul', 'paul-platform');
    expect(await githubStatus()).toBe('pending');

    const ctx = contextFor('tess', {
      projectId: portal.ids.acd,
      timeoutSeconds: 20,
    });
    let finished = false;
    const run = action()
      .handler(ctx)
      .finally(() => {
        finished = true;
      });
    await sleep(300);
    // Still waiting: tess may not retry, so nothing happened until the queue runs.
    expect(finished).toBe(false);
    expect(portal.fakes.github.membersOf(CONTRIBUTORS)).not.toContain(
      'paul-platform',
    );
    await portal.scheduler.triggerTask('adp-provisioning-drain');
    await run;

    expect(ctx.outputs.systems).toEqual([
      { system: 'github', status: 'in-sync' },
      { system: 'entra', status: 'not-configured' },
      { system: 'azure-devops', status: 'not-configured' },
      { system: 'sonarcloud', status: 'in-sync' },
    ]);
    expect(portal.fakes.github.membersOf(CONTRIBUTORS)).toContain(
      'paul-platform',
    );
  });

  it('fails with the last errors when the bounded wait ends, then succeeds once GitHub is back', async () => {
    portal.fakes.github.goDown(503);
    await addTechnicalMember('cara', 'cara-ccoe');
    const started = Date.now();
    const error = await action()
      .handler(
        contextFor('dee', { projectId: portal.ids.acd, timeoutSeconds: 1 }),
      )
      .catch(e => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.message).toMatch(
      new RegExp(
        `^Provisioning of project ${portal.ids.acd} did not finish within 1 s: github: failed \\(GitHub answered 503: fake 503\\); sonarcloud: pending\\. The portal keeps retrying`,
      ),
    );
    // Systems that are done (Entra ID and Azure DevOps are not configured) are not blamed.
    expect(error.message).not.toMatch(/entra|azure-devops/);

    portal.fakes.github.recover();
    const ctx = contextFor('dee', {
      projectId: portal.ids.acd,
      timeoutSeconds: 20,
    });
    const run = action().handler(ctx);
    // dee is a team admin: the retry provisions GitHub at once, before the queue runs.
    await until(() =>
      portal.fakes.github.membersOf(CONTRIBUTORS).includes('cara-ccoe'),
    );
    // The retry holds the project's provisioning lease until every system is done; a drain
    // meanwhile leaves the item for its next run, so run it as the schedule would.
    let finished = false;
    const done = run.finally(() => {
      finished = true;
    });
    while (!finished) {
      await portal.scheduler.triggerTask('adp-provisioning-drain');
      await sleep(200);
    }
    await done;
    expect((ctx.outputs.systems as unknown[])[0]).toEqual({
      system: 'github',
      status: 'in-sync',
    });
  });

  it('calls nothing in a dry run', async () => {
    await addTechnicalMember('pat', 'pat-programme');
    const calls = portal.fakes.github.calls.length;
    const ctx = contextFor(
      'dee',
      { projectId: portal.ids.acd },
      { dryRun: true },
    );
    await action().handler(ctx);
    expect(ctx.outputs).toEqual({ systems: [] });
    expect(portal.fakes.github.calls.length).toBe(calls);
    expect(await githubStatus()).toBe('pending');
  });

  it('bounds the wait and reports an unknown project', async () => {
    for (const timeoutSeconds of [0, 601, 1.5]) {
      const error = await action()
        .handler(
          contextFor('dee', { projectId: portal.ids.acd, timeoutSeconds }),
        )
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        `timeoutSeconds must be a whole number from 1 to 600, got ${timeoutSeconds}`,
      );
    }
    const missing = await action()
      .handler(
        contextFor('dee', { projectId: 'no-such-project', timeoutSeconds: 1 }),
      )
      .catch(e => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toBe(
      'Retrying provisioning of the project failed: No delivery project with id no-such-project',
    );
  });
});
