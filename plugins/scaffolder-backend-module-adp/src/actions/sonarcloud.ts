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
 * `adp:sonarcloud:register-project`: checks that a SonarCloud project key falls under the
 * project's permission template (key pattern `namespace.*|alias.*`), which is what gives the
 * project's technical team its SonarCloud permissions when SonarCloud creates the project on the
 * first analysis, and reports whether that template is provisioned.
 */
export function registerSonarProjectAction(client: AdpActionClient) {
  return createTemplateAction({
    id: 'adp:sonarcloud:register-project',
    description:
      "Checks a SonarCloud project key against the delivery project's permission template (namespace or alias prefix) and reports the template's provisioning; fails when the key is not the project's.",
    examples: [
      {
        description: 'Check the key of the new service before publishing it',
        example: [
          'steps:',
          '  - id: sonarcloud',
          '    action: adp:sonarcloud:register-project',
          '    input:',
          '      projectId: ${{ parameters.projectId }}',
          '      projectKey: ${{ parameters.name }}',
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
      },
      output: {
        projectKey: z => z.string(),
        keyPattern: z =>
          z
            .string()
            .describe(
              "Key pattern of the project's SonarCloud permission template",
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
      const { projectId, projectKey } = ctx.input;
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
      const status = await adpCall(
        "Reading the project's provisioning status",
        () => client.getProvisioningStatus(projectId, { token }),
      );
      const sonar = status.systems.find(s => s.system === 'sonarcloud');
      const sonarcloudStatus = sonar?.status ?? 'not-configured';
      const prefix = ctx.isDryRun ? 'Dry run: ' : '';
      if (sonarcloudStatus === 'in-sync') {
        ctx.logger.info(
          `${prefix}SonarCloud key ${projectKey} is covered by the permission template of ${project.name} (${keyPattern})`,
        );
      } else if (sonarcloudStatus === 'not-configured') {
        ctx.logger.warn(
          `${prefix}SonarCloud provisioning is not configured in the portal; ${projectKey} matches ${keyPattern}`,
        );
      } else {
        ctx.logger.warn(
          `${prefix}SonarCloud key ${projectKey} matches ${keyPattern}, but the project's SonarCloud template is ${sonarcloudStatus}${
            sonar?.lastError ? ` (${sonar.lastError})` : ''
          }: the team gets its permissions on this project once it is in sync`,
        );
      }
      ctx.output('projectKey', projectKey);
      ctx.output('keyPattern', keyPattern);
      ctx.output('sonarcloudStatus', sonarcloudStatus);
    },
  });
}
