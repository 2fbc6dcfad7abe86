import { AuditorService, LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { endDueMemberships, MembershipEndDeps, warnEndingMemberships } from './membershipEnds';

/**
 * Ends memberships on their end date and warns a week before, hourly, as a global task (one
 * runner per cluster). Each ending is an audit event, like a removal made through the API.
 */
export async function scheduleMembershipEnds(
  scheduler: SchedulerService,
  deps: MembershipEndDeps,
  logger: LoggerService,
  auditor: AuditorService,
  intervalMinutes = 60,
): Promise<void> {
  await scheduler.scheduleTask({
    id: 'adp-membership-end',
    scope: 'global',
    frequency: { minutes: intervalMinutes },
    initialDelay: { minutes: Math.min(2, intervalMinutes) },
    timeout: { minutes: 15 },
    fn: async () => {
      const now = new Date();
      await warnEndingMemberships(deps, now);
      const ended = await endDueMemberships(deps, now);
      for (const m of ended) {
        const event = await auditor.createEvent({
          eventId: 'project-member-end',
          severityLevel: 'medium',
          meta: { projectId: m.projectId, memberId: m.id, userRef: m.userRef, endsAt: m.endsAt ?? '' },
        });
        await event.success();
      }
      if (ended.length) logger.info(`Teams: ${ended.length} membership(s) reached their end date and were removed`);
    },
  });
}
