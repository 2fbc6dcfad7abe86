import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { parse } from 'yaml';
import { Persona, Portal, ref, startPortal } from './__testUtils__/portal';

jest.setTimeout(120_000);

const NEW_SERVICE = 'template:default/adp-new-service';
const NEW_PROJECT = 'template:default/adp-new-delivery-project';
const CONTRIBUTORS = 'ADP-fcp-fcp-acd-Contributors';
const ADMINS = 'ADP-fcp-fcp-acd-Admins';

interface TaskEvent {
  type: string;
  body: { message?: string; stepId?: string; status?: string; output?: any };
}

/**
 * examples/templates run as real tasks: the scaffolder plugin with its GitHub module and this
 * module, the real catalog (templates, users, ADP Groups, the registered component), the adp
 * plugin and the permission backend with the ADP policy; New service publishes with
 * isomorphic-git to the fake GitHub's git endpoint. Driven through the scaffolder's HTTP API as
 * the portal's pages drive it.
 */
describe('examples/templates as scaffolder tasks', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal({ scaffolder: true, catalog: 'backend' });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  const scaffolder = (persona: Persona) => {
    const as = mockCredentials.user.header(ref(persona));
    return {
      create: (templateRef: string, values: Record<string, unknown>) =>
        request(portal.server)
          .post('/api/scaffolder/v2/tasks')
          .set('Authorization', as)
          .send({ templateRef, values }),
      get: (taskId: string) =>
        request(portal.server)
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .set('Authorization', as),
      events: (taskId: string) =>
        request(portal.server)
          .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
          .set('Authorization', as),
    };
  };

  /**
   * The policy refused the task's first adp step (adp:project:get), so nothing after it ran and
   * GitHub saw no write since `githubWritesBefore`.
   */
  function expectRefusedAtProjectStep(
    result: Awaited<ReturnType<typeof run>>,
    githubWritesBefore: number,
  ) {
    expect(result.status).toBe('failed');
    expect(result.steps).toMatchObject({
      project: 'failed',
      publish: 'skipped',
    });
    expect(result.log).toContain(
      'Unauthorized action: adp:project:get. The action is not allowed.',
    );
    expect(portal.fakes.github.writes().length).toBe(githubWritesBefore);
  }

  /** Polls the task until it is done; its status, its log and the output of the task. */
  async function run(
    persona: Persona,
    templateRef: string,
    values: Record<string, unknown>,
  ) {
    const created = await scaffolder(persona).create(templateRef, values);
    expect(created.status).toBe(201);
    const taskId: string = created.body.id;
    const deadline = Date.now() + 90_000;
    let task: any;
    for (;;) {
      task = (await scaffolder(persona).get(taskId)).body;
      if (['completed', 'failed', 'cancelled'].includes(task.status)) break;
      if (Date.now() > deadline)
        throw new Error(`Task ${taskId} still ${task.status}`);
      await new Promise(r => setTimeout(r, 200));
    }
    const events = (await scaffolder(persona).events(taskId))
      .body as TaskEvent[];
    const log = events
      .filter(e => e.type === 'log')
      .map(e => e.body.message)
      .join('\n');
    const completion = events.find(e => e.type === 'completion');
    return {
      status: task.status as string,
      log,
      output: completion?.body.output,
      steps: Object.fromEntries(
        events
          .filter(e => e.body.stepId && e.body.status)
          .map(e => [e.body.stepId, e.body.status]),
      ),
    };
  }

  describe('New service for a delivery project', () => {
    it('creates the repository, pushes the skeleton, grants it to the project teams and registers the component for a technical member', async () => {
      const name = 'fcp-acd-claims-api';
      const result = await run('tess', NEW_SERVICE, {
        project: { id: portal.ids.acd, title: 'picked in the form' },
        name,
        description: 'Takes compliance claims.',
        visibility: 'public',
      });
      // A failed task shows its log.
      expect(
        result.status === 'completed'
          ? result.status
          : `${result.status}:\n${result.log}`,
      ).toBe('completed');
      expect(result.steps).toEqual({
        project: 'completed',
        sonarcloud: 'completed',
        fetch: 'completed',
        publish: 'completed',
        grant: 'completed',
        register: 'completed',
      });

      // GitHub: the repository in the portal's organisation, with the namespace topic, the skeleton
      // pushed by isomorphic-git with the integration's token, and main protected.
      const github = portal.fakes.github;
      expect(github.repos.find(r => r.name === name)).toEqual({
        name,
        topics: ['fcp-acd', 'adp'],
        visibility: 'public',
        description: 'Takes compliance claims.',
        defaultBranch: 'main',
      });
      expect(github.pushes).toEqual([
        { repo: name, username: 'x-access-token' },
      ]);
      expect(await github.git.listFiles('defra', name, 'main')).toEqual([
        'README.md',
        'catalog-info.yaml',
      ]);
      const catalogInfo = parse(
        (await github.fileContent(name, 'catalog-info.yaml'))!,
      );
      expect(catalogInfo).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          description: 'Takes compliance claims.',
          annotations: {
            'github.com/project-slug': `defra/${name}`,
            'sonarqube.org/project-key': name,
            'adp.io/project-id': portal.ids.acd,
          },
          tags: ['fcp-acd'],
        },
        spec: {
          type: 'service',
          lifecycle: 'experimental',
          owner: 'group:default/fcp-acd',
        },
      });
      expect(await github.fileContent(name, 'README.md')).toContain(
        'A service of the delivery project **Annual Compliance Data** (`fcp-acd`)',
      );
      expect(github.branchProtections.get(`${name}/main`)).toEqual({
        requiredApprovingReviewCount: 1,
        enforceAdmins: true,
      });

      // The project's teams have the repository: technical members write, team admins admin.
      expect(github.team(CONTRIBUTORS)?.repos.get(name)).toBe('write');
      expect(github.team(ADMINS)?.repos.get(name)).toBe('admin');
      expect(result.log).toContain(
        `Granted ${name} to ${CONTRIBUTORS} (push), ${ADMINS} (admin)`,
      );
      // SonarCloud: the project, created under the project's permission template, so the
      // project's SonarCloud group (its technical members) has its permissions.
      const sonarProject = portal.fakes.sonarcloud.projects.get(name);
      expect(sonarProject).toMatchObject({
        key: name,
        name,
        visibility: 'public',
        template: 'fcp-acd',
      });
      expect([...(sonarProject?.groups.get('fcp-acd') ?? [])].sort()).toEqual([
        'codeviewer',
        'issueadmin',
        'scan',
        'securityhotspotadmin',
        'user',
      ]);

      // The catalog read the component from the fake GitHub; the task links to it.
      const component = await portal.waitForEntity(`component:default/${name}`);
      expect(component.spec.owner).toBe('group:default/fcp-acd');
      expect(result.output.links).toEqual([
        { title: 'Repository', url: `${github.url}/git/defra/${name}.git` },
        {
          title: 'Open in catalog',
          icon: 'catalog',
          entityRef: `component:default/${name}`,
        },
        {
          title: 'Owner (delivery project)',
          icon: 'group',
          entityRef: 'group:default/fcp-acd',
        },
      ]);
    });

    it('refuses a non-technical member of the project before any task exists', async () => {
      const before = portal.fakes.github.writes().length;
      const res = await scaffolder('nora').create(NEW_SERVICE, {
        project: { id: portal.ids.acd, title: 'picked in the form' },
        name: 'fcp-acd-nora-api',
        description: 'Nora is not technical.',
      });
      expect(res.status).toBe(403);
      expect(portal.fakes.github.writes().length).toBe(before);
    });

    it("stops a technical member who names another project's id at the first step, before anything is created", async () => {
      const before = portal.fakes.github.writes().length;
      const result = await run('tess', NEW_SERVICE, {
        project: { id: portal.ids.flood, title: 'picked in the form' },
        name: 'frm-flood-api',
        description: 'Not a project of tess.',
      });
      expectRefusedAtProjectStep(result, before);
      expect(portal.fakes.github.repos.map(r => r.name)).not.toContain(
        'frm-flood-api',
      );
      expect(portal.fakes.sonarcloud.projects.has('frm-flood-api')).toBe(false);
    });
  });

  describe('New delivery project', () => {
    const projectNamed = async (name: string) =>
      (
        (await portal.api('paul').get(`/projects?search=${name}&limit=50`)).body
          .items as Array<{
          id: string;
          name: string;
          programmeId: string;
          createdBy: string;
        }>
      ).find(p => p.name === name);

    it('lets a programme admin who is not technical create a project in their programme', async () => {
      const result = await run('pat', NEW_PROJECT, {
        programme: 'group:programme/fcp',
        title: 'Task Project',
        description: 'Made by a scaffolder task.',
        githubTeamVisibility: 'private',
      });
      expect(
        result.status === 'completed'
          ? result.status
          : `${result.status}:\n${result.log}`,
      ).toBe('completed');
      expect(await projectNamed('fcp-task-project')).toMatchObject({
        programmeId: portal.ids.fcp,
        createdBy: ref('pat'),
      });
      expect(result.output.links).toEqual([
        {
          title: "The project's Group in the catalog",
          icon: 'group',
          entityRef: 'group:default/fcp-task-project',
        },
      ]);
      // The ADP catalog module hears of the new project and adds its Group.
      await portal.waitForEntity('group:default/fcp-task-project');
    });

    it('is refused by the ADP API in a programme the admin does not administer', async () => {
      const result = await run('pat', NEW_PROJECT, {
        programme: 'group:programme/frm',
        title: 'Not Pats Project',
        description: 'frm is not a programme of pat.',
      });
      expect(result.status).toBe('failed');
      expect(result.steps).toEqual({
        programme: 'completed',
        project: 'failed',
      });
      expect(result.log).toContain(
        'Creating the delivery project is not allowed for the user running the template',
      );
      expect(await projectNamed('frm-not-pats-project')).toBeUndefined();
    });

    it('does not let a programme admin who is not technical publish a service', async () => {
      const before = portal.fakes.github.writes().length;
      const result = await run('pat', NEW_SERVICE, {
        project: { id: portal.ids.acd, title: 'picked in the form' },
        name: 'fcp-acd-pat-api',
        description: 'Pat is not technical.',
      });
      expectRefusedAtProjectStep(result, before);
    });

    it('refuses a team admin who administers no programme and is not technical', async () => {
      const res = await scaffolder('dee').create(NEW_PROJECT, {
        programme: 'group:programme/fcp',
        title: 'Dee Project',
        description: 'Dee is a team admin only.',
      });
      expect(res.status).toBe(403);
      expect(await projectNamed('fcp-dee-project')).toBeUndefined();
    });
  });
});
