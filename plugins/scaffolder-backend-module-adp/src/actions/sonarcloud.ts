import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AdpActionClient } from './AdpActionClient';
import { adpCall } from './errors';
import { initiatorToken, projectPrefixes } from './shared';

/** SonarCloud's project key rule: letters, digits, '-', '_', '.', ':', at least one non-digit. */
const SONAR_KEY = /^(?=.*[^0-9])[A-Za-z0-9_.:-]{1,400}$/;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The key pattern of the project's SonarCloud permission template, as provisioning writes it. */
export function sonarKeyPattern(prefixes: string[]): string {
  return prefixes.map(p => `${escapeRegex(p)}.*`).join('|');
}

/**
 * `adp:sonarcloud:register-project`: registers the SonarCloud project of a new service of the
 * delivery project. The key must fall under the project's permission template (key pattern
 * `namespace.*|alias.*`): SonarCloud applies that template when it creates the project, which is
 * what gives the project's technical team its permissions on it. Through the ADP API, which
 * provisions the template first and creates the project unless it exists.
 *
 * @public
 */
export function registerSonarProjectAction(client: AdpActionClient) {
  return createTemplateAction({
    id: 'adp:sonarcloud:register-project',
    description:
      "Creates the SonarCloud project of a new service under the delivery project's permission template (its key must start with the namespace or alias), through the ADP API as the user running the template; fails when the key is not the project's.",
    examples: [
      {
        description:
          'Register the SonarCloud project of the new service before publishing it',
        example: [
          'steps:',
          '  - id: sonarcloud',
          '    action: adp:sonarcloud:register-project',
          '    input:',
          '      projectId: ${{ parameters.project.id }}',
          '      projectKey: ${{ parameters.name }}',
          '      name: ${{ parameters.name }}',
          '      visibility: public',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        projectId: z =>
          z.string().min(1).describe('Id of the delivery project'),
        projectKey: z =>
          z
            .string()
            .min(1)
            .max(400)
            .describe(
              'SonarCloud project key, starting with the namespace or alias',
            ),
        name: z =>
          z
            .string()
            .max(255)
            .optional()
            .describe('Display name in SonarCloud (default: the key)'),
        visibility: z =>
          z
            .enum(['public', 'private'])
            .optional()
            .describe('SonarCloud project visibility (default public)'),
      },
      output: {
        projectKey: z => z.string(),
        keyPattern: z =>
          z
            .string()
            .describe(
              "Key pattern of the project's SonarCloud permission template",
            ),
        created: z =>
          z
            .boolean()
            .describe(
              'Whether the SonarCloud project was created now (false: it existed, SonarCloud provisioning is not configured, or a dry run)',
            ),
        sonarcloudStatus: z =>
          z
            .string()
            .describe(
              "The project's SonarCloud provisioning: in-sync, pending, failed or not-configured",
            ),
      },
    },
    async handler(ctx) {
      const { projectId, projectKey, name, visibility } = ctx.input;
      if (!SONAR_KEY.test(projectKey)) {
        throw new InputError(
          `SonarCloud project key "${projectKey}" is not valid: use letters, digits, "-", "_", "." or ":" (at least one non-digit, at most 400)`,
        );
      }
      const { token } = await initiatorToken(client, ctx);
      const project = await adpCall('Reading the delivery project', () =>
        client.api.getProject(projectId, { token }),
      );
      const prefixes = projectPrefixes(project);
      const keyPattern = sonarKeyPattern(prefixes);
      if (!prefixes.some(p => projectKey.startsWith(p))) {
        throw new InputError(
          `SonarCloud project key "${projectKey}" does not belong to ${
            project.title
          }: it must start with ${prefixes
            .map(p => `"${p}"`)
            .join(
              ' or ',
            )} (the project's permission template applies to keys matching ${keyPattern})`,
        );
      }

      if (ctx.isDryRun) {
        const status = await adpCall(
          "Reading the project's provisioning status",
          () => client.getProvisioningStatus(projectId, { token }),
        );
        const sonarcloudStatus =
          status.systems.find(s => s.system === 'sonarcloud')?.status ??
          'not-configured';
        ctx.logger.info(
          sonarcloudStatus === 'not-configured'
            ? `Dry run: SonarCloud provisioning is not configured in the portal; ${projectKey} matches ${keyPattern}; nothing was created`
            : `Dry run: would create the SonarCloud project ${projectKey} under the permission template of ${project.name} (${keyPattern}), now ${sonarcloudStatus}; nothing was created`,
        );
        ctx.output('projectKey', projectKey);
        ctx.output('keyPattern', keyPattern);
        ctx.output('created', false);
        ctx.output('sonarcloudStatus', sonarcloudStatus);
        return;
      }

      const result = await ctx.checkpoint({
        key: `sonarcloud-project-registered-${projectKey}`,
        fn: async () => {
          const r = await adpCall(
            `Registering the SonarCloud project ${projectKey}`,
            () =>
              client.registerSonarProject(
                projectId,
                { key: projectKey, name, visibility },
                { token },
              ),
          );
          return {
            created: r.created,
            sonarcloudStatus:
              r.systems.find(s => s.system === 'sonarcloud')?.status ??
              'not-configured',
          };
        },
      });
      if (result.sonarcloudStatus === 'not-configured') {
        ctx.logger.warn(
          `SonarCloud provisioning is not configured in the portal: no SonarCloud project was created; ${projectKey} matches ${keyPattern}`,
        );
      } else if (result.created) {
        ctx.logger.info(
          `Created the SonarCloud project ${projectKey} under the permission template of ${project.name} (${keyPattern})`,
        );
      } else {
        ctx.logger.info(
          `The SonarCloud project ${projectKey} exists already and was left as it is`,
        );
      }
      ctx.output('projectKey', projectKey);
      ctx.output('keyPattern', keyPattern);
      ctx.output('created', result.created);
      ctx.output('sonarcloudStatus', result.sonarcloudStatus);
    },
  });
}
