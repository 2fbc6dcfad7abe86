import { AuditorService, LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { RevocationDeps, revokeAbsentHolders } from './revokeAbsentHolders';

/**
 * Runs the absence rule every hour (`adp.productionAccess.revocationIntervalMinutes`) as a
 * global task (one runner per cluster). Hourly is plenty for a six-week limit; the logic lives
 * in revokeAbsentHolders so tests own the clock. Each revocation is an audit event, like the
 * ones people make through the API. The first run waits two minutes, or one interval if shorter.
 */
export async function scheduleRevocation(
  scheduler: SchedulerService,
  deps: RevocationDeps,
  logger: LoggerService,
  auditor: AuditorService,
  intervalMinutes = 60,
): Promise<void> {
  await scheduler.scheduleTask({
    id: 'adp-production-access-revocation',
    scope: 'global',
    frequency: { minutes: intervalMinutes },
    initialDelay: { minutes: Math.min(2, intervalMinutes) },
    timeout: { minutes: 15 },
    fn: async () => {
      const ended = await revokeAbsentHolders(deps, new Date());
      for (const r of ended) {
        const event = await auditor.createEvent({
          eventId: 'production-access-revoke-absent',
          severityLevel: 'medium',
          meta: { id: r.id, projectId: r.projectId, userRef: r.userRef, level: r.level, reason: r.endReason ?? '' },
        });
        await event.success();
      }
      if (ended.length) {
        logger.info(`Production access: revoked ${ended.length} grant(s) after more than six weeks without activity`);
      }
    },
  });
}
