import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AdpActionClient } from './AdpActionClient';
import { adpCall } from './errors';
import { initiatorToken, projectPrefixes } from './shared';

/**
 * `adp:project:grant-repository`: registers a new repository with the project, so its GitHub
 * teams (Contributors: push, Admins: admin) get it now rather than at the next provisioning pass.
 *
 * @public
 */
export function grantRepositoryAction(client: AdpActionClient) {
  return createTemplateAction({
    id: 'adp:project:grant-repository',
    description:
      "Registers a repository with a delivery project and grants it to the project's GitHub teams, through the ADP API as the user running the template (adp.project.createService on the project).",
    examples: [
      {
        description: 'Grant the repository the template just published',
        example: [
          'steps:',
          '  - id: grant',
          '    action: adp:project:grant-repository',
          '    input:',
          '      projectId: ${{ parameters.project.id }}',
          '      repository: ${{ parameters.name }}',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        projectId: z =>
          z.string().min(1).describe('Id of the delivery project'),
        repository: z =>
          z
            .string()
            .min(1)
            .max(100)
            .describe('Name of the repository in the GitHub organisation'),
      },
      output: {
        repository: z => z.string(),
        granted: z =>
          z
            .array(z.object({ team: z.string(), permission: z.string() }))
            .describe(
              'Team grants made now; empty when the teams already had the repository (or in a dry run)',
            ),
        githubStatus: z =>
          z
            .string()
            .describe(
              "The project's GitHub provisioning after the grant: in-sync, pending (other changes still queued), not-configured; dry-run in a dry run",
            ),
      },
    },
    async handler(ctx) {
      const { projectId, repository } = ctx.input;
      const { token } = await initiatorToken(client, ctx);

      if (ctx.isDryRun) {
        const project = await adpCall('Reading the delivery project', () =>
          client.api.getProject(projectId, { token }),
        );
        const prefixes = projectPrefixes(project);
        const named = prefixes.some(
          p =>
            repository.toLowerCase() === p ||
            repository.toLowerCase().startsWith(`${p}-`),
        );
        ctx.logger.info(
          `Dry run: would register the repository ${repository} with ${
            project.title
          } (${project.name}) and grant it to the project's GitHub teams${
            named
              ? ''
              : `; its name does not start with ${prefixes.join(
                  ' or ',
                )}, so it must carry the topic ${project.name}`
          }; nothing was changed`,
        );
        ctx.output('repository', repository);
        ctx.output('granted', []);
        ctx.output('githubStatus', 'dry-run');
        return;
      }

      const result = await ctx.checkpoint({
        key: `repository-registered-${repository}`,
        fn: async () => {
          const r = await adpCall(
            `Registering the repository ${repository} with the project`,
            () => client.registerRepository(projectId, repository, { token }),
          );
          const github = r.systems.find(s => s.system === 'github');
          if (github?.status === 'failed') {
            // Thrown inside the checkpoint, so a retried task asks again.
            throw new Error(
              `GitHub did not take the grant of ${repository}: ${
                github.lastError ?? 'unknown error'
              }. The portal keeps retrying; run the step again to wait for it.`,
            );
          }
          return {
            // Only the documented fields, in arrays of this realm: the scaffolder copies step
            // outputs into the template context and refuses arrays with another prototype
            // (as the JSON of fetch has under Jest's VM).
            granted: Array.from(r.granted, g => ({
              team: g.team,
              permission: g.permission,
            })),
            githubStatus: github?.status ?? 'not-configured',
          };
        },
      });
      if (result.githubStatus === 'not-configured') {
        ctx.logger.warn(
          `GitHub provisioning is not configured in the portal: ${repository} was registered but no team was granted it`,
        );
      } else if (result.granted.length) {
        ctx.logger.info(
          `Granted ${repository} to ${result.granted
            .map(g => `${g.team} (${g.permission})`)
            .join(', ')}`,
        );
      } else {
        ctx.logger.info(`The project's GitHub teams already had ${repository}`);
      }
      ctx.output('repository', repository);
      ctx.output('granted', result.granted);
      ctx.output('githubStatus', result.githubStatus);
    },
  });
}
