import { LoggerService } from '@backstage/backend-plugin-api';
import { DeliveryReader } from '../delivery/DeliveryReader';
import { OutboxItem, OutboxQueue } from '../queue/OutboxQueue';
import { BackoffOptions, nextDelayMs } from '../queue/backoff';
import { StatusStore } from '../status/StatusStore';
import { ExternalSystemError } from '../systems/ExternalSystemError';
import {
  PlannedChange,
  ProvisioningSystem,
  ProvisioningTarget,
  SystemReconciler,
  targetKey,
} from '../types';
import { targetsOf } from './targets';

export interface SystemRunResult {
  system: ProvisioningSystem;
  configured: boolean;
  changes: PlannedChange[];
  warnings: string[];
  error?: string;
  retryAfterMs?: number;
}

export interface TargetRunResult {
  target: ProvisioningTarget;
  ok: boolean;
  systems: SystemRunResult[];
}

export interface DrainResult {
  completed: Array<string | number>;
  rescheduled: Array<string | number>;
  targets: number;
}

export interface ProvisioningEngineOptions {
  reader: DeliveryReader;
  queue: OutboxQueue;
  status: StatusStore;
  reconcilers: SystemReconciler[];
  logger: LoggerService;
  backoff: BackoffOptions;
  batchSize: number;
  leaseMs: number;
}

/** Drains the outbox into reconciles, runs full passes and answers plans. */
export class ProvisioningEngine {
  constructor(private readonly o: ProvisioningEngineOptions) {}

  get systems(): SystemReconciler[] {
    return this.o.reconcilers;
  }

  /** Reconciles one target in every system (or one); a dry run only plans. */
  async reconcile(
    target: ProvisioningTarget,
    options: { dryRun?: boolean; systems?: ProvisioningSystem[] } = {},
  ): Promise<TargetRunResult> {
    const snapshot = await this.o.reader.snapshot(target);
    const results: SystemRunResult[] = [];
    for (const r of this.o.reconcilers) {
      if (options.systems && !options.systems.includes(r.system)) continue;
      if (!r.isConfigured()) {
        if (!options.dryRun)
          await this.o.status.record(target, r.system, {
            status: 'not-configured',
          });
        results.push({
          system: r.system,
          configured: false,
          changes: [],
          warnings: [],
        });
        continue;
      }
      try {
        const plan = await r.plan(snapshot);
        if (!options.dryRun && plan.changes.length) await r.apply(plan.changes);
        if (!options.dryRun)
          await this.o.status.record(target, r.system, {
            status: 'in-sync',
            warnings: plan.warnings,
          });
        results.push({
          system: r.system,
          configured: true,
          changes: plan.changes,
          warnings: plan.warnings,
        });
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        this.o.logger.warn(
          `Provisioning ${targetKey(target)} in ${r.system} failed: ${error}`,
        );
        if (!options.dryRun)
          await this.o.status.record(target, r.system, {
            status: 'failed',
            error,
          });
        results.push({
          system: r.system,
          configured: true,
          changes: [],
          warnings: [],
          error,
          retryAfterMs:
            e instanceof ExternalSystemError ? e.retryAfterMs : undefined,
        });
      }
    }
    return { target, ok: results.every(s => !s.error), systems: results };
  }

  /**
   * One batch: claims due items, reconciles each target they touch once, completes the items
   * whose targets all succeeded and reschedules the others with backoff.
   */
  async drainBatch(
    now = () => new Date(),
  ): Promise<DrainResult & { claimed: number }> {
    const items = await this.o.queue.claim({
      limit: this.o.batchSize,
      leaseMs: this.o.leaseMs,
      now: now(),
    });
    const targetsByItem = new Map<OutboxItem, string[]>();
    const targets = new Map<string, ProvisioningTarget>();
    for (const item of items) {
      const ts = await targetsOf(item, this.o.reader);
      targetsByItem.set(item, ts.map(targetKey));
      for (const t of ts) targets.set(targetKey(t), t);
    }
    const outcomes = new Map<string, TargetRunResult>();
    for (const [key, target] of targets)
      outcomes.set(key, await this.reconcile(target));
    const done: OutboxItem[] = [];
    const rescheduled: Array<string | number> = [];
    for (const [item, keys] of targetsByItem) {
      const failed = keys.map(k => outcomes.get(k)!).filter(o => !o.ok);
      if (!failed.length) {
        done.push(item);
        continue;
      }
      const errors = failed.flatMap(o => o.systems.filter(s => s.error));
      const retryAfter = Math.max(0, ...errors.map(s => s.retryAfterMs ?? 0));
      const delay = nextDelayMs(
        item.attempts + 1,
        this.o.backoff,
        retryAfter || undefined,
      );
      const back = await this.o.queue.reschedule(
        item,
        new Date(now().getTime() + delay),
        errors.map(s => `${s.system}: ${s.error}`).join('; '),
      );
      if (back) rescheduled.push(item.id);
    }
    const completed = await this.o.queue.complete(done, now());
    return {
      claimed: items.length,
      completed,
      rescheduled,
      targets: targets.size,
    };
  }

  /** Batches until nothing is due or the time budget is spent (the scheduled task's run). */
  async drain(budgetMs = 60_000): Promise<DrainResult> {
    const started = Date.now();
    const total: DrainResult = { completed: [], rescheduled: [], targets: 0 };
    for (;;) {
      const r = await this.drainBatch();
      total.completed.push(...r.completed);
      total.rescheduled.push(...r.rescheduled);
      total.targets += r.targets;
      if (r.claimed < this.o.batchSize || Date.now() - started > budgetMs)
        return total;
    }
  }

  /**
   * Reconciles every target: repairs drift made by hand and anything a lost event missed. A
   * target that fails is handed to the outbox (unless an item already waits for it), so the
   * drain retries it with backoff instead of leaving it failed until the next pass.
   */
  async fullPass(): Promise<{
    targets: number;
    failed: number;
    changes: number;
  }> {
    const targets = await this.o.reader.allTargets();
    let failed = 0;
    let changes = 0;
    for (const t of targets) {
      const r = await this.reconcile(t);
      if (!r.ok) {
        failed++;
        await this.o.queue.enqueueRetry(t, 'full-pass-failed');
      }
      changes += r.systems.reduce((n, s) => n + s.changes.length, 0);
    }
    this.o.logger.info(
      `Provisioning full pass: ${targets.length} targets, ${changes} changes, ${failed} failed`,
    );
    return { targets: targets.length, failed, changes };
  }
}
