import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AdpActionClient, SystemStatus } from './AdpActionClient';
import { adpCall, toActionError } from './errors';
import { initiatorToken } from './shared';

export const DEFAULT_TIMEOUT_SECONDS = 120;
export const MAX_TIMEOUT_SECONDS = 600;

const done = (s: SystemStatus) =>
  s.status === 'in-sync' || s.status === 'not-configured';

const describe = (systems: SystemStatus[]) =>
  systems
    .filter(s => !done(s))
    .map(
      s => `${s.system}: ${s.status}${s.lastError ? ` (${s.lastError})` : ''}`,
    )
    .join('; ');

/** @public */
export interface AwaitProvisioningOptions {
  /** Between two status reads. Default 5000. */
  pollIntervalMs?: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    timer = setTimeout(wake, ms);
    signal?.addEventListener('abort', wake);
  });
}

/**
 * `adp:project:await-provisioning`: asks the portal to provision the project now (when the user
 * may), then waits, bounded, until GitHub, Entra ID, Azure DevOps and SonarCloud are in sync.
 *
 * @public
 */
export function awaitProvisioningAction(
  client: AdpActionClient,
  options: AwaitProvisioningOptions = {},
) {
  const pollIntervalMs = options.pollIntervalMs ?? 5000;
  return createTemplateAction({
    id: 'adp:project:await-provisioning',
    description:
      "Retries the project's provisioning (when the user may) and waits until every configured external system is in sync, or fails with the systems' last errors when the wait ends.",
    examples: [
      {
        description: 'Wait up to five minutes',
        example: [
          'steps:',
          '  - id: provisioned',
          '    action: adp:project:await-provisioning',
          '    input:',
          '      projectId: ${{ steps.project.output.id }}',
          '      timeoutSeconds: 300',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        projectId: z =>
          z.string().min(1).describe('Id of the delivery project'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(MAX_TIMEOUT_SECONDS)
            .optional()
            .describe(
              `How long to wait, in seconds (default ${DEFAULT_TIMEOUT_SECONDS}, at most ${MAX_TIMEOUT_SECONDS})`,
            ),
      },
      output: {
        systems: z =>
          z
            .array(z.object({ system: z.string(), status: z.string() }))
            .describe(
              'Each external system and its final status (empty in a dry run)',
            ),
      },
    },
    async handler(ctx) {
      const { projectId } = ctx.input;
      const timeoutSeconds =
        ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
      if (
        !Number.isInteger(timeoutSeconds) ||
        timeoutSeconds < 1 ||
        timeoutSeconds > MAX_TIMEOUT_SECONDS
      ) {
        throw new InputError(
          `timeoutSeconds must be a whole number from 1 to ${MAX_TIMEOUT_SECONDS}, got ${timeoutSeconds}`,
        );
      }

      if (ctx.isDryRun) {
        // The project may only exist in this dry run (an id from adp:project:create): call nothing.
        ctx.logger.info(
          `Dry run: would retry provisioning of project ${
            projectId || '(created by this template)'
          } and wait up to ${timeoutSeconds} s for every configured system to be in sync`,
        );
        ctx.output('systems', []);
        return;
      }

      const { token } = await initiatorToken(client, ctx);
      await ctx.checkpoint({
        key: 'provisioning-retried',
        fn: async () => {
          try {
            await client.retryProvisioning(projectId, { token });
            ctx.logger.info(
              `Asked the portal to provision project ${projectId} now`,
            );
            return { retried: true };
          } catch (error) {
            if (ResponseError.is(error) && error.statusCode === 403) {
              // Retrying is for team admins; everyone else waits for the provisioning queue.
              ctx.logger.info(
                'Not allowed to retry provisioning; waiting for the portal to provision the project',
              );
              return { retried: false };
            }
            throw toActionError('Retrying provisioning of the project', error);
          }
        },
      });

      const deadline = Date.now() + timeoutSeconds * 1000;
      let last: SystemStatus[] = [];
      for (;;) {
        last = (
          await adpCall("Reading the project's provisioning status", () =>
            client.getProvisioningStatus(projectId, { token }),
          )
        ).systems;
        if (last.every(done)) break;
        if (ctx.signal?.aborted)
          throw new Error(
            `Stopped waiting for provisioning of project ${projectId}: the task was cancelled`,
          );
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(
            `Provisioning of project ${projectId} did not finish within ${timeoutSeconds} s: ${describe(
              last,
            )}. The portal keeps retrying in the background.`,
          );
        }
        await sleep(Math.min(pollIntervalMs, left), ctx.signal);
      }
      ctx.logger.info(
        `Project ${projectId} is provisioned: ${last
          .map(s => `${s.system} ${s.status}`)
          .join(', ')}`,
      );
      // An array of this realm (see adp:project:grant-repository): `last` is fetch's JSON.
      ctx.output(
        'systems',
        Array.from(last, s => ({ system: s.system, status: s.status })),
      );
    },
  });
}
