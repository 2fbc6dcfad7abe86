import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { contextFor, Portal, startPortal } from '../__testUtils__/portal';

jest.setTimeout(30_000);

const CONTRIBUTORS = 'ADP-fcp-fcp-acd-Contributors';
const ADMINS = 'ADP-fcp-fcp-acd-Admins';

describe('the new-service actions against the real adp plugin and the GitHub and SonarCloud fakes', () => {
  let portal: Portal;
  beforeAll(async () => {
    // A long repository cache, as in production: a repository created seconds ago must still be seen.
    portal = await startPortal({ repositoryCacheSeconds: 3600 });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  describe('adp:sonarcloud:register-project', () => {
    const action = () => portal.actions.get('adp:sonarcloud:register-project')!;

    it("creates the project under the namespace or alias, where the project's permission template gives the team its permissions", async () => {
      const sonar = portal.fakes.sonarcloud;
      const dry = contextFor(
        'tess',
        { projectId: portal.ids.acd, projectKey: 'fcp-acd-claims' },
        { dryRun: true },
      );
      await action().handler(dry);
      expect(dry.outputs).toEqual({
        projectKey: 'fcp-acd-claims',
        keyPattern: 'fcp-acd.*|ffc-acd.*',
        created: false,
        sonarcloudStatus: 'in-sync',
      });
      expect(sonar.projects.size).toBe(0);

      for (const projectKey of ['fcp-acd-claims', 'ffc-acd-api']) {
        const ctx = contextFor('tess', {
          projectId: portal.ids.acd,
          projectKey,
          name: `${projectKey} service`,
          visibility: 'private',
        });
        await action().handler(ctx);
        expect(ctx.outputs).toEqual({
          projectKey,
          keyPattern: 'fcp-acd.*|ffc-acd.*',
          created: true,
          sonarcloudStatus: 'in-sync',
        });
      }
      expect(sonar.templates.get('fcp-acd')?.projectKeyPattern).toBe(
        'fcp-acd.*|ffc-acd.*',
      );
      const created = sonar.projects.get('fcp-acd-claims')!;
      expect({
        name: created.name,
        visibility: created.visibility,
        template: created.template,
      }).toEqual({
        name: 'fcp-acd-claims service',
        visibility: 'private',
        template: 'fcp-acd',
      });
      // The project's SonarCloud group (its technical members) got the template's permissions.
      expect([...(created.groups.get('fcp-acd') ?? [])].sort()).toEqual([
        'codeviewer',
        'issueadmin',
        'scan',
        'securityhotspotadmin',
        'user',
      ]);
      expect(sonar.projects.get('ffc-acd-api')?.template).toBe('fcp-acd');

      // Running the step again (a retried task) finds the project and changes nothing.
      const writes = sonar.writes().length;
      const again = contextFor('tess', {
        projectId: portal.ids.acd,
        projectKey: 'fcp-acd-claims',
      });
      await action().handler(again);
      expect(again.outputs.created).toBe(false);
      expect(sonar.writes().length).toBe(writes);
    });

    it('is refused for members who are not technical in the project, and creates nothing', async () => {
      const flood = (
        await portal.api('paul').get(`/projects/${portal.ids.flood}`)
      ).body.name;
      for (const [persona, projectId, projectKey] of [
        ['nora', portal.ids.acd, 'fcp-acd-nora'],
        ['tess', portal.ids.flood, `${flood}-tess`],
      ] as const) {
        const error = await action()
          .handler(contextFor(persona, { projectId, projectKey }))
          .catch(e => e);
        expect(error).toBeInstanceOf(NotAllowedError);
        expect(error.message).toBe(
          `Registering the SonarCloud project ${projectKey} is not allowed for the user running the template: You are not allowed to adp.project.createService on project ${projectId}`,
        );
        expect(portal.fakes.sonarcloud.projects.has(projectKey)).toBe(false);
      }
    });

    it('is checked by the ADP API too: a key outside the project prefixes or a stray field is a 400', async () => {
      const post = (body: object) =>
        portal
          .api('tess')
          .post(
            `/projects/${portal.ids.acd}/provisioning/sonarcloud-projects`,
            body,
          );
      const foreign = await post({ key: 'frm-flood-api' });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.message).toBe(
        "SonarCloud project key frm-flood-api is not the project's: it must start with fcp-acd or ffc-acd, the key pattern of its permission template",
      );
      expect((await post({ key: 'fcp-acd-x', owner: 'me' })).status).toBe(400);
      expect((await post({ key: '1234' })).status).toBe(400);
      expect(portal.fakes.sonarcloud.projects.has('frm-flood-api')).toBe(false);
    });

    it("refuses a key that is not the project's, or not a SonarCloud key, with an InputError", async () => {
      const other = await action()
        .handler(
          contextFor('tess', {
            projectId: portal.ids.acd,
            projectKey: 'frm-flood-api',
          }),
        )
        .catch(e => e);
      expect(other).toBeInstanceOf(InputError);
      expect(other.message).toBe(
        'SonarCloud project key "frm-flood-api" does not belong to Annual Compliance Data: it must start with "fcp-acd" or "ffc-acd" (the project\'s permission template applies to keys matching fcp-acd.*|ffc-acd.*)',
      );
      const invalid = await action()
        .handler(
          contextFor('tess', {
            projectId: portal.ids.acd,
            projectKey: '12345',
          }),
        )
        .catch(e => e);
      expect(invalid).toBeInstanceOf(InputError);
      expect(invalid.message).toMatch(
        /^SonarCloud project key "12345" is not valid/,
      );
    });
  });

  describe('adp:project:grant-repository', () => {
    const action = () => portal.actions.get('adp:project:grant-repository')!;
    const teamRepo = (team: string, repo: string) =>
      portal.fakes.github.team(team)?.repos.get(repo);

    it("grants a just-published repository to the project's teams for a technical member", async () => {
      // The organisation's repositories are read (and cached) before the repository exists.
      await portal.scheduler.triggerTask('adp-provisioning-full-pass');
      expect(portal.fakes.github.team(CONTRIBUTORS)?.members).toEqual(
        new Set(['tess-technical']),
      );
      portal.fakes.github.addRepo('fcp-acd-claims');

      const ctx = contextFor('tess', {
        projectId: portal.ids.acd,
        repository: 'fcp-acd-claims',
      });
      await action().handler(ctx);

      expect(ctx.outputs).toEqual({
        repository: 'fcp-acd-claims',
        granted: expect.arrayContaining([
          { team: CONTRIBUTORS, permission: 'push' },
          { team: ADMINS, permission: 'admin' },
        ]),
        githubStatus: 'in-sync',
      });
      expect(ctx.outputs.granted).toHaveLength(2);
      expect(teamRepo(CONTRIBUTORS, 'fcp-acd-claims')).toBe('write');
      expect(teamRepo(ADMINS, 'fcp-acd-claims')).toBe('admin');

      // Running the step again finds the grants in place.
      const again = contextFor('tess', {
        projectId: portal.ids.acd,
        repository: 'fcp-acd-claims',
      });
      await action().handler(again);
      expect(again.outputs).toEqual({
        repository: 'fcp-acd-claims',
        granted: [],
        githubStatus: 'in-sync',
      });
    });

    it('recognises a repository by the namespace topic the template sets', async () => {
      portal.fakes.github.addRepo('claims-api', ['fcp-acd']);
      const ctx = contextFor('tess', {
        projectId: portal.ids.acd,
        repository: 'claims-api',
      });
      await action().handler(ctx);
      expect(ctx.outputs.granted).toHaveLength(2);
      expect(teamRepo(CONTRIBUTORS, 'claims-api')).toBe('write');
    });

    it('changes nothing in a dry run', async () => {
      portal.fakes.github.addRepo('fcp-acd-dry');
      const writes = portal.fakes.github.writes().length;
      const ctx = contextFor(
        'tess',
        { projectId: portal.ids.acd, repository: 'fcp-acd-dry' },
        { dryRun: true },
      );
      await action().handler(ctx);
      expect(ctx.outputs).toEqual({
        repository: 'fcp-acd-dry',
        granted: [],
        githubStatus: 'dry-run',
      });
      expect(portal.fakes.github.writes().length).toBe(writes);
      expect(teamRepo(CONTRIBUTORS, 'fcp-acd-dry')).toBeUndefined();
    });

    it("refuses a repository that is not the project's, or does not exist, and grants nothing", async () => {
      portal.fakes.github.addRepo('ea-flood-map');
      const writes = portal.fakes.github.writes().length;
      const foreign = await action()
        .handler(
          contextFor('tess', {
            projectId: portal.ids.acd,
            repository: 'ea-flood-map',
          }),
        )
        .catch(e => e);
      expect(foreign).toBeInstanceOf(InputError);
      expect(foreign.message).toBe(
        "Registering the repository ea-flood-map with the project was refused by the ADP API: Repository ea-flood-map is not the project's: name it fcp-acd or fcp-acd-*, or ffc-acd or ffc-acd-*, or give it the topic fcp-acd",
      );
      const missing = await action()
        .handler(
          contextFor('tess', {
            projectId: portal.ids.acd,
            repository: 'fcp-acd-ghost',
          }),
        )
        .catch(e => e);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing.message).toBe(
        'Registering the repository fcp-acd-ghost with the project failed: No repository fcp-acd-ghost in the GitHub organisation',
      );
      expect(portal.fakes.github.writes().length).toBe(writes);
    });

    it('is refused for members who are not technical in the project', async () => {
      portal.fakes.github.addRepo('fcp-acd-nora');
      for (const [persona, projectId] of [
        ['nora', portal.ids.acd],
        ['tess', portal.ids.flood],
      ] as const) {
        const error = await action()
          .handler(
            contextFor(persona, { projectId, repository: 'fcp-acd-nora' }),
          )
          .catch(e => e);
        expect(error).toBeInstanceOf(NotAllowedError);
        expect(error.message).toBe(
          `Registering the repository fcp-acd-nora with the project is not allowed for the user running the template: You are not allowed to adp.project.createService on project ${projectId}`,
        );
      }
      expect(teamRepo(CONTRIBUTORS, 'fcp-acd-nora')).toBeUndefined();
    });

    it('fails clearly while GitHub is down, and the portal keeps the project queued', async () => {
      portal.fakes.github.addRepo('fcp-acd-later');
      portal.fakes.github.goDown(503);
      try {
        const error = await action()
          .handler(
            contextFor('tess', {
              projectId: portal.ids.acd,
              repository: 'fcp-acd-later',
            }),
          )
          .catch(e => e);
        expect(error.name).toBe('ServiceUnavailableError');
        expect(error.message).toMatch(
          /^Registering the repository fcp-acd-later with the project failed: GitHub could not be read: GitHub answered 503.*The portal keeps retrying/,
        );
      } finally {
        portal.fakes.github.recover();
      }
      const status = await portal
        .api('tess')
        .get(`/projects/${portal.ids.acd}/provisioning`);
      expect(
        status.body.systems.find(
          (s: { system: string }) => s.system === 'github',
        ).status,
      ).toBe('pending');
      // The queue grants it once GitHub is back.
      await portal.scheduler.triggerTask('adp-provisioning-drain');
      expect(teamRepo(CONTRIBUTORS, 'fcp-acd-later')).toBe('write');
    });
  });
});
