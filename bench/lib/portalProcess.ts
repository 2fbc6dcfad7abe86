/*
 * One ADP backend process for the load, instances and fault runs (bench/load.ts,
 * bench/instances.ts, bench/faults.ts). Started by bench/lib/portalHarness.ts as
 *
 *   node --import tsx bench/lib/portalProcess.ts --config <generated app-config>
 *
 * It is createBackend() from @backstage/backend-defaults with the real default services
 * (auth with JWT user and plugin tokens, httpAuth, database manager, scheduler, discovery,
 * logger) and the portal's ADP features as packages/backend/src/index.ts adds them: the auth
 * backend with the adp-demo sign-in provider (real user tokens), the catalog, the permission
 * backend with the ADP policy, the events backend and the adp plugin. Left out: the app
 * backend (no built frontend is needed), the scaffolder and the msgraph provider, which play
 * no part in these runs. ADP_BENCH_CATALOG_MODULE=1 adds the ADP catalog module.
 *
 * One addition for the instances run: with ADP_BENCH_RUNS_FILE set, the scheduler is the
 * default one with every task function wrapped to append a line
 * {instance, plugin, task, scope, startedAt, endedAt, ok} to that file, so that runs can be counted
 * across processes. Scheduling, claiming and locking are untouched.
 */
import { createBackend } from '@backstage/backend-defaults';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
  SchedulerService,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { appendFileSync } from 'node:fs';

const RUNS_FILE = process.env.ADP_BENCH_RUNS_FILE;
const INSTANCE = process.env.ADP_BENCH_INSTANCE ?? String(process.pid);

function recorded(
  plugin: string,
  task: string,
  scope: string,
  fn: SchedulerServiceTaskFunction,
): SchedulerServiceTaskFunction {
  return async signal => {
    const startedAt = new Date().toISOString();
    let ok = false;
    try {
      await fn(signal);
      ok = true;
    } finally {
      appendFileSync(
        RUNS_FILE!,
        `${JSON.stringify({
          instance: INSTANCE,
          plugin,
          task,
          scope,
          startedAt,
          endedAt: new Date().toISOString(),
          ok,
        })}\n`,
      );
    }
  };
}

const recordingScheduler = createServiceFactory({
  service: coreServices.scheduler,
  deps: {
    database: coreServices.database,
    logger: coreServices.logger,
    rootLifecycle: coreServices.rootLifecycle,
    httpRouter: coreServices.httpRouter,
    pluginMetadata: coreServices.pluginMetadata,
    metrics: metricsServiceRef,
  },
  async factory(deps): Promise<SchedulerService> {
    const inner = DefaultSchedulerService.create(deps);
    const plugin = deps.pluginMetadata.getId();
    return {
      triggerTask: id => inner.triggerTask(id),
      cancelTask: id => inner.cancelTask(id),
      getScheduledTasks: () => inner.getScheduledTasks(),
      scheduleTask: task =>
        inner.scheduleTask({
          ...task,
          fn: recorded(plugin, task.id, task.scope ?? 'global', task.fn),
        }),
      createScheduledTaskRunner(schedule) {
        const runner = inner.createScheduledTaskRunner(schedule);
        return {
          run: task =>
            runner.run({
              ...task,
              fn: recorded(plugin, task.id, schedule.scope ?? 'global', task.fn),
            }),
        };
      },
    };
  },
});

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@adp-portal/plugin-auth-backend-module-adp-demo-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
if (process.env.ADP_BENCH_CATALOG_MODULE === '1') {
  backend.add(import('@adp-portal/plugin-catalog-backend-module-adp'));
}
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@adp-portal/plugin-permission-backend-module-adp-policy'));
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@adp-portal/plugin-adp-backend'));
if (RUNS_FILE) backend.add(recordingScheduler);

backend.start().catch(error => {
  console.error(error);
  process.exit(1);
});
