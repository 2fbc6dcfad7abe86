import fs from 'node:fs';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { parse } from 'yaml';
import { Persona, Portal, ref, startPortal } from './__testUtils__/portal';

jest.setTimeout(30_000);

const TEMPLATES = path.resolve(__dirname, '../../../examples/templates');

function readDirectory(
  dir: string,
  prefix = '',
): Array<{ path: string; base64Content: string }> {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory()
        ? readDirectory(path.join(dir, e.name), `${prefix}${e.name}/`)
        : [
            {
              path: `${prefix}${e.name}`,
              base64Content: fs
                .readFileSync(path.join(dir, e.name))
                .toString('base64'),
            },
          ],
    );
}

/**
 * The example templates, dry-run by the real scaffolder with this module, against the real adp
 * plugin and the ADP permission policy (which guards every adp:* step by its `projectId`).
 */
describe('examples/templates through the scaffolder dry run', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal({ scaffolder: true });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  const dryRun = (
    persona: Persona,
    dir: string,
    values: Record<string, unknown>,
  ) =>
    request(portal.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header(ref(persona)))
      .send({
        template: parse(
          fs.readFileSync(path.join(TEMPLATES, dir, 'template.yaml'), 'utf8'),
        ),
        values,
        directoryContents: readDirectory(path.join(TEMPLATES, dir)).filter(
          f => f.path !== 'template.yaml',
        ),
      });

  const file = (body: any, name: string) =>
    Buffer.from(
      body.directoryContents.find((f: { path: string }) => f.path === name)
        .base64Content,
      'base64',
    ).toString('utf8');

  it('are valid v1beta3 templates, listed in the Location, the programme one tagged adp-admin', () => {
    const location = parse(
      fs.readFileSync(path.join(TEMPLATES, 'templates.yaml'), 'utf8'),
    );
    const templates = location.spec.targets.map((t: string) =>
      parse(fs.readFileSync(path.join(TEMPLATES, t), 'utf8')),
    );
    expect(
      templates.map((t: any) => [t.apiVersion, t.kind, t.metadata.title]),
    ).toEqual([
      [
        'scaffolder.backstage.io/v1beta3',
        'Template',
        'New service for a delivery project',
      ],
      ['scaffolder.backstage.io/v1beta3', 'Template', 'New delivery project'],
      ['scaffolder.backstage.io/v1beta3', 'Template', 'New delivery programme'],
    ]);
    const programme = templates[2];
    expect(programme.metadata.tags).toContain('adp-admin');
    for (const part of [
      ...programme.spec.parameters,
      ...programme.spec.steps,
    ]) {
      expect(part['backstage:permissions']).toEqual({ tags: ['adp-admin'] });
    }
    const service = templates[0];
    expect(service.spec.parameters[0].properties.project['ui:field']).toBe(
      'AdpDeliveryProjectPicker',
    );
    expect(service.spec.steps.map((s: any) => s.action)).toEqual([
      'adp:project:get',
      'adp:sonarcloud:register-project',
      'fetch:template',
      'publish:github',
      'adp:project:grant-repository',
      'catalog:register',
    ]);
  });

  it('New service: a technical member gets a component owned by the project Group, and nothing is created', async () => {
    const writes = portal.fakes.github.writes().length;
    const res = await dryRun('tess', 'new-service', {
      project: { id: portal.ids.acd, title: 'picked in the form' },
      name: 'fcp-acd-claims-api',
      description: 'Claims: takes compliance claims.',
      visibility: 'public',
    });
    expect(res.status).toBe(200);
    const catalogInfo = parse(file(res.body, 'catalog-info.yaml'));
    expect(catalogInfo).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'fcp-acd-claims-api',
        description: 'Claims: takes compliance claims.',
        annotations: {
          // The organisation of adp.provisioning.github, from adp:project:get.
          'github.com/project-slug': 'defra/fcp-acd-claims-api',
          'sonarqube.org/project-key': 'fcp-acd-claims-api',
          'adp.io/project-id': portal.ids.acd,
        },
      },
      spec: { type: 'service', owner: 'group:default/fcp-acd' },
    });
    const messages = res.body.log.map((l: any) => l.body.message).join('\n');
    expect(messages).toContain(
      'Dry run: would register the repository fcp-acd-claims-api with Annual Compliance Data (fcp-acd)',
    );
    expect(messages).toContain(
      'Dry run: would create the SonarCloud project fcp-acd-claims-api under the permission template of fcp-acd (fcp-acd.*|ffc-acd.*), now in-sync; nothing was created',
    );
    expect(messages).toContain(
      'Skipping because publish:github does not support dry-run',
    );
    expect(portal.fakes.github.writes().length).toBe(writes);
    expect(portal.fakes.sonarcloud.projects.size).toBe(0);
  });

  it('New service: the project guard stops a technical member in a project that is not theirs', async () => {
    const res = await dryRun('tess', 'new-service', {
      project: { id: portal.ids.flood, title: 'picked in the form' },
      name: 'frm-flood-api',
      description: 'Not tess’s project.',
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      name: 'NotAllowedError',
      message:
        'Unauthorized action: adp:project:get. The action is not allowed.',
    });
  });

  it('New service: a name outside the project prefixes fails before anything is fetched or published', async () => {
    const res = await dryRun('tess', 'new-service', {
      project: { id: portal.ids.acd, title: 'picked in the form' },
      name: 'claims-api',
      description: 'x',
    });
    // The dry run stops at the step and answers with its error; no step after it ran.
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      name: 'InputError',
      message:
        'SonarCloud project key "claims-api" does not belong to Annual Compliance Data: it must start with "fcp-acd" or "ffc-acd" (the project\'s permission template applies to keys matching fcp-acd.*|ffc-acd.*)',
    });
  });

  const log = (body: any) =>
    (body.log ?? []).map((l: any) => l.body.message).join('\n');

  it('New delivery programme: an ADP Admin gets the plan, and nothing is created', async () => {
    const before = (await portal.api('ada').get('/programmes?limit=1')).body
      .totalCount;
    const res = await dryRun('ada', 'new-delivery-programme', {
      alb: 'group:alb/rpa',
      title: 'Template Programme',
      code: 'tpl',
      description: 'From the template.',
      admins: ['user:default/pat'],
    });
    expect(res.status).toBe(200);
    expect(log(res.body)).toContain(
      'Dry run: would create the delivery programme "Template Programme" (code TPL, name template-programme) in Rural Payments Agency with admins user:default/pat; nothing was created',
    );
    expect(res.body.output.links).toEqual([
      {
        title: "The programme's Group in the catalog",
        icon: 'group',
        entityRef: 'group:programme/template-programme',
      },
    ]);
    expect(
      (await portal.api('ada').get('/programmes?limit=1')).body.totalCount,
    ).toBe(before);
  });

  it('New delivery project: the plan names the namespace, optional fields left out, and nothing is created', async () => {
    const before = (
      await portal
        .api('ada')
        .get(`/projects?programmeId=${portal.ids.fcp}&limit=1`)
    ).body.totalCount;
    const res = await dryRun('ada', 'new-delivery-project', {
      programme: 'group:programme/fcp',
      title: 'Template Project',
      description: 'From the template.',
      githubTeamVisibility: 'private',
    });
    expect(res.status).toBe(200);
    expect(log(res.body)).toContain(
      'Dry run: would create the delivery project "Template Project" (namespace fcp-template-project) in Farming and Countryside Programme, with private GitHub teams; nothing was created',
    );
    expect(res.body.output.links).toEqual([
      {
        title: "The project's Group in the catalog",
        icon: 'group',
        entityRef: 'group:default/fcp-template-project',
      },
    ]);
    expect(
      (
        await portal
          .api('ada')
          .get(`/projects?programmeId=${portal.ids.fcp}&limit=1`)
      ).body.totalCount,
    ).toBe(before);
  });
});
