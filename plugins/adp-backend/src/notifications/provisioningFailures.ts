import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { DeliveryDatabase } from '../database/stores';
import { AdpNotifier } from './AdpNotifier';

const SYSTEM_NAMES: Record<string, string> = {
  github: 'GitHub',
  entra: 'Entra ID',
  'azure-devops': 'Azure DevOps',
  sonarcloud: 'SonarCloud',
};

export interface ProvisioningFailureDeps {
  db: DeliveryDatabase;
  notifier: AdpNotifier;
  /** How long a project's provisioning fails before its team admins are told. */
  afterMinutes: number;
}

/**
 * Tells a project's team admins that its provisioning has been failing in a system for longer
 * than `afterMinutes`: once per failure episode (the key names the episode's first failure, which
 * a success clears), however many retries and runs and instances see it. A plain function of
 * `now` so tests own the clock. Returns how many messages this call sent.
 */
export async function notifyLongProvisioningFailures(deps: ProvisioningFailureDeps, now: Date): Promise<number> {
  const before = new Date(now.getTime() - deps.afterMinutes * 60_000).toISOString();
  const rows: Array<{ target_id: string; system: string; last_error: string | null; failing_since: string }> = await deps.db
    .knex('provisioning_status')
    .where({ target_kind: 'project', status: 'failed' })
    .whereNotNull('failing_since')
    .where('failing_since', '<=', before)
    .select('target_id', 'system', 'last_error', 'failing_since');
  let sent = 0;
  for (const row of rows) {
    const project = await deps.db.read.projects.get(row.target_id);
    if (!project || project.archivedAt) continue;
    const admins = (await deps.db.read.teams.listMembers(project.id)).filter(m => m.admin).map(m => m.userRef);
    if (!admins.length) continue;
    const sentNow = await deps.notifier.provisioningFailing(
      {
        admins,
        projectName: project.name,
        projectTitle: project.title,
        system: SYSTEM_NAMES[row.system] ?? row.system,
        since: new Date(row.failing_since),
        error: row.last_error ?? 'unknown',
        once: `provisioning-failing:${project.id}:${row.system}:${row.failing_since}`,
      },
      now,
    );
    if (sentNow) sent++;
  }
  return sent;
}

/** Looks every 5 minutes (a global task: one runner per cluster). */
export async function scheduleProvisioningFailureNotices(
  scheduler: SchedulerService,
  deps: ProvisioningFailureDeps,
  logger: LoggerService,
): Promise<void> {
  await scheduler.scheduleTask({
    id: 'adp-provisioning-failure-notices',
    scope: 'global',
    frequency: { minutes: 5 },
    initialDelay: { minutes: 2 },
    timeout: { minutes: 5 },
    fn: async () => {
      const sent = await notifyLongProvisioningFailures(deps, new Date());
      if (sent) logger.info(`Provisioning: told team admins of ${sent} failure(s) lasting more than ${deps.afterMinutes} minutes`);
    },
  });
}
