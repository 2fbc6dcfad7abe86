import {
  createProjectSchema,
  CreateProjectRequest,
  projectEntityRef,
  projectNamespace,
} from '@adp-portal/plugin-adp-common';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AdpActionClient } from './AdpActionClient';
import { adpCall } from './errors';
import {
  AdpGithubTarget,
  defined,
  initiatorToken,
  projectPrefixes,
  validate,
} from './shared';

/**
 * `adp:project:create`: a delivery project in a programme (programme admins, ADP Admins).
 *
 * @public
 */
export function createProjectAction(client: AdpActionClient) {
  return createTemplateAction({
    id: 'adp:project:create',
    description:
      'Creates a delivery project in a programme through the ADP API, as the user running the template (the API authorizes against the stored programme).',
    examples: [
      {
        description: 'A project with an alias and an Azure DevOps project',
        example: [
          'steps:',
          '  - id: project',
          '    action: adp:project:create',
          '    input:',
          '      programmeId: ${{ steps.programme.output.entity.metadata.annotations["adp.io/programme-id"] }}',
          '      title: Annual Compliance Data',
          '      alias: ffc-acd',
          '      description: Collects annual compliance data from farms.',
          '      adoProject: DEFRA-FFC',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        programmeId: z =>
          z
            .string()
            .min(1)
            .describe('Id of the delivery programme that holds the project'),
        title: z =>
          z.string().min(1).max(100).describe('Title, unique in the programme'),
        alias: z =>
          z
            .string()
            .optional()
            .describe(
              'Alias (e.g. a historical namespace): lower-case letters, digits and single hyphens',
            ),
        description: z =>
          z.string().min(1).max(2000).describe('What the project delivers'),
        adoProject: z => z.string().optional().describe('Azure DevOps project'),
        githubTeamVisibility: z =>
          z
            .enum(['public', 'private'])
            .optional()
            .describe('Visibility of the GitHub teams (default public)'),
        teamType: z =>
          z
            .enum(['delivery', 'platform'])
            .optional()
            .describe('Team type (default delivery)'),
        serviceCode: z =>
          z
            .string()
            .optional()
            .describe('Service code: 2–10 letters or digits'),
        costCentre: z => z.string().optional().describe('Finance cost centre'),
        serviceOwner: z =>
          z.string().optional().describe("Business service owner's email"),
      },
      output: {
        id: z =>
          z.string().describe('Id of the new project (empty in a dry run)'),
        namespace: z =>
          z
            .string()
            .describe(
              'Namespace of the project: names its groups, teams and repositories',
            ),
        entityRef: z =>
          z
            .string()
            .describe(
              'Catalog Group of the project, the owner of its components',
            ),
        repositoryPrefixes: z =>
          z
            .array(z.string())
            .describe('Prefixes of its repositories and SonarCloud keys'),
      },
    },
    async handler(ctx) {
      const {
        programmeId,
        title,
        alias,
        description,
        adoProject,
        githubTeamVisibility,
        teamType,
        serviceCode,
        costCentre,
        serviceOwner,
      } = ctx.input;
      const body: CreateProjectRequest = defined({
        programmeId,
        title,
        alias,
        description,
        adoProject,
        githubTeamVisibility,
        teamType,
        serviceCode,
        costCentre,
        serviceOwner,
      }) as CreateProjectRequest;
      const parsed = validate(
        createProjectSchema,
        body,
        'The delivery project',
      );
      const { token } = await initiatorToken(client, ctx);

      if (ctx.isDryRun) {
        const programme = await adpCall('Reading the delivery programme', () =>
          client.api.getProgramme(parsed.programmeId, { token }),
        );
        const namespace = projectNamespace(programme.code, parsed.title);
        ctx.logger.info(
          `Dry run: would create the delivery project "${
            parsed.title
          }" (namespace ${namespace}${
            parsed.alias ? `, alias ${parsed.alias}` : ''
          }) in ${programme.title}, with ${
            parsed.githubTeamVisibility
          } GitHub teams; nothing was created`,
        );
        ctx.output('id', '');
        ctx.output('namespace', namespace);
        ctx.output('entityRef', projectEntityRef(namespace));
        ctx.output(
          'repositoryPrefixes',
          projectPrefixes({ name: namespace, alias: parsed.alias }),
        );
        return;
      }

      const project = await ctx.checkpoint({
        key: 'project-created',
        fn: async () => {
          const p = await adpCall('Creating the delivery project', () =>
            client.api.createProject(body, { token }),
          );
          return { id: p.id, name: p.name, alias: p.alias, title: p.title };
        },
      });
      ctx.logger.info(
        `Created the delivery project "${project.title}" (namespace ${project.name}), id ${project.id}`,
      );
      ctx.output('id', project.id);
      ctx.output('namespace', project.name);
      ctx.output('entityRef', projectEntityRef(project.name));
      ctx.output('repositoryPrefixes', projectPrefixes(project));
    },
  });
}

/**
 * `adp:project:get`: reads a project, for the steps that need its namespace (the owner of new
 * components) and the GitHub organisation its repositories live in.
 *
 * @public
 */
export function getProjectAction(
  client: AdpActionClient,
  options: { github?: AdpGithubTarget } = {},
) {
  return createTemplateAction({
    id: 'adp:project:get',
    description:
      "Reads a delivery project through the ADP API: its namespace names the owner Group of new components and prefixes the project's repositories.",
    examples: [
      {
        description: 'Resolve the project chosen in the form',
        example: [
          'steps:',
          '  - id: project',
          '    action: adp:project:get',
          '    input:',
          '      projectId: ${{ parameters.project.id }}',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        projectId: z =>
          z.string().min(1).describe('Id of the delivery project'),
      },
      output: {
        id: z => z.string(),
        namespace: z => z.string().describe('Namespace of the project'),
        alias: z => z.string().describe('Alias of the project, or empty'),
        title: z => z.string(),
        programmeId: z => z.string(),
        entityRef: z =>
          z
            .string()
            .describe(
              'Catalog Group of the project, the owner of its components',
            ),
        repositoryPrefixes: z =>
          z
            .array(z.string())
            .describe('Prefixes of its repositories and SonarCloud keys'),
        githubHost: z =>
          z
            .string()
            .describe(
              'GitHub host of the project repositories (adp.provisioning.github.host, default github.com)',
            ),
        githubOrganization: z =>
          z
            .string()
            .describe(
              "GitHub organisation of the project's repositories and teams (adp.provisioning.github.organization); empty when GitHub provisioning is not configured",
            ),
      },
    },
    async handler(ctx) {
      const { token } = await initiatorToken(client, ctx);
      const project = await adpCall('Reading the delivery project', () =>
        client.api.getProject(ctx.input.projectId, { token }),
      );
      if (project.archivedAt) {
        throw new ConflictError(
          `The delivery project ${project.title} (${project.name}) is archived; restore it before adding services`,
        );
      }
      ctx.output('id', project.id);
      ctx.output('namespace', project.name);
      ctx.output('alias', project.alias ?? '');
      ctx.output('title', project.title);
      ctx.output('programmeId', project.programmeId);
      ctx.output('entityRef', projectEntityRef(project.name));
      ctx.output('repositoryPrefixes', projectPrefixes(project));
      if (!options.github) {
        ctx.logger.warn(
          'GitHub provisioning is not configured in the portal (adp.provisioning.github.organization): there is no organisation for the project repositories',
        );
      }
      ctx.output('githubHost', options.github?.host ?? 'github.com');
      ctx.output('githubOrganization', options.github?.organization ?? '');
    },
  });
}
