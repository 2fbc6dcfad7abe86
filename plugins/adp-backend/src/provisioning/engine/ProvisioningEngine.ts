import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { DeliveryReader } from '../delivery/DeliveryReader';
import { OutboxItem, OutboxQueue } from '../queue/OutboxQueue';
import { BackoffOptions, nextDelayMs } from '../queue/backoff';
import { StatusStore } from '../status/StatusStore';
import { TargetLease, TargetLeases } from '../queue/TargetLeases';
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
  /** Another instance took the target over (this one's lease ran out): it was not finished. */
  leaseLost?: boolean;
  systems: SystemRunResult[];
}

export interface DrainResult {
  completed: Array<string | number>;
  rescheduled: Array<string | number>;
  targets: number;
}

export interface PassResult {
  targets: number;
  failed: number;
  changes: number;
}

export interface ProvisioningEngineOptions {
  reader: DeliveryReader;
  queue: OutboxQueue;
  status: StatusStore;
  leases: TargetLeases;
  reconcilers: SystemReconciler[];
  logger: LoggerService;
  backoff: BackoffOptions;
  batchSize: number;
  leaseMs: number;
  /** How long an interactive reconcile waits for another instance to finish the target. */
  leaseWaitMs?: number;
}

const LEASE_POLL_MS = 200;
/** A target another instance is reconciling is rarely free sooner; retrying earlier only spins. */
const BUSY_RETRY_MS = 1000;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Drains the outbox into reconciles, runs full passes and answers plans. */
export class ProvisioningEngine {
  constructor(private readonly o: ProvisioningEngineOptions) {}

  get systems(): SystemReconciler[] {
    return this.o.reconcilers;
  }

  /**
   * Reconciles one target in every system (or one); a dry run only plans. A real run holds
   * the target's lease, so no other instance reconciles it meanwhile; while another holds it
   * this waits (up to leaseWaitMs), then answers 409.
   */
  async reconcile(
    target: ProvisioningTarget,
    options: { dryRun?: boolean; systems?: ProvisioningSystem[] } = {},
  ): Promise<TargetRunResult> {
    if (options.dryRun) return this.run(target, options);
    const waitUntil = Date.now() + (this.o.leaseWaitMs ?? 30_000);
    for (;;) {
      const r = await this.tryReconcile(target, options);
      if (r) return r;
      if (Date.now() >= waitUntil) {
        throw new ConflictError(
          `Another backend instance is provisioning ${targetKey(
            target,
          )} right now; try again in a moment`,
        );
      }
      await sleep(LEASE_POLL_MS);
    }
  }

  /** Reconciles under the target's lease, or answers undefined while another instance holds it. */
  private async tryReconcile(
    target: ProvisioningTarget,
    options: { systems?: ProvisioningSystem[] } = {},
  ): Promise<TargetRunResult | undefined> {
    const lease = await this.o.leases.acquire(targetKey(target));
    if (!lease) return undefined;
    try {
      return await this.run(target, options, lease);
    } finally {
      await this.o.leases.release(lease);
    }
  }

  private async run(
    target: ProvisioningTarget,
    options: { dryRun?: boolean; systems?: ProvisioningSystem[] },
    lease?: TargetLease,
  ): Promise<TargetRunResult> {
    // Read after taking the lease: it sees every change committed before this run began.
    const snapshot = await this.o.reader.snapshot(target);
    const results: SystemRunResult[] = [];
    for (const r of this.o.reconcilers) {
      if (options.systems && !options.systems.includes(r.system)) continue;
      if (lease && !(await this.o.leases.renew(lease))) {
        this.o.logger.warn(
          `Provisioning ${targetKey(
            target,
          )}: the lease ran out and another instance took the target over`,
        );
        return { target, ok: false, leaseLost: true, systems: results };
      }
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
    // A target another instance is reconciling has no outcome: its items wait, uncounted.
    const outcomes = new Map<string, TargetRunResult | undefined>();
    for (const [key, target] of targets)
      outcomes.set(key, await this.tryReconcile(target));
    const done: OutboxItem[] = [];
    const rescheduled: Array<string | number> = [];
    for (const [item, keys] of targetsByItem) {
      const runs = keys.map(k => outcomes.get(k));
      const busy = keys.filter((_, i) => !runs[i] || runs[i]!.leaseLost);
      if (busy.length) {
        const back = await this.o.queue.reschedule(
          item,
          new Date(
            now().getTime() +
              Math.max(BUSY_RETRY_MS, nextDelayMs(1, this.o.backoff)),
          ),
          `waiting for another instance reconciling ${busy.join(', ')}`,
          { countAttempt: false },
        );
        if (back) rescheduled.push(item.id);
        continue;
      }
      const failed = runs.filter(o => !o!.ok) as TargetRunResult[];
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
   * Reconciles every target (in every system, or in `systems`): repairs drift made by hand and
   * anything a lost event missed. A target that fails, or that another instance is
   * reconciling, is handed to the outbox (unless an item already waits for it), so the drain
   * retries it with backoff instead of leaving it failed until the next pass.
   */
  async fullPass(options: { systems?: ProvisioningSystem[] } = {}): Promise<PassResult> {
    return this.pass(await this.o.reader.allTargets(), options.systems, 'full pass');
  }

  /**
   * Drift through a system's change feed (Graph's delta query): only the targets whose
   * resources changed since the last round are reconciled, in that system. The round is
   * committed after the pass, whose failures the outbox retries; a feed that cannot say what
   * changed (a first round) makes it a full pass of the system.
   */
  async changedPass(system: ProvisioningSystem): Promise<PassResult & { all: boolean }> {
    const r = this.o.reconcilers.find(x => x.system === system);
    const feed = r?.isConfigured() ? r.changeFeed : undefined;
    if (!feed) return { ...(await this.fullPass({ systems: [system] })), all: true };
    const changed = await feed.changes();
    let targets = await this.o.reader.allTargets();
    if (!changed.all) {
      const touched: ProvisioningTarget[] = [];
      for (const t of targets) {
        if (feed.resourcesOf(await this.o.reader.snapshot(t)).some(n => changed.names.has(n))) touched.push(t);
      }
      targets = touched;
    }
    const result = await this.pass(targets, [system], `${system} changes`);
    await changed.commit();
    return { ...result, all: changed.all };
  }

  private async pass(targets: ProvisioningTarget[], systems: ProvisioningSystem[] | undefined, what: string): Promise<PassResult> {
    let failed = 0;
    let changes = 0;
    let busy = 0;
    for (const t of targets) {
      const r = await this.tryReconcile(t, { systems });
      // Another instance is reconciling it: the drain looks at it again once it is free.
      if (!r || r.leaseLost) {
        busy++;
        await this.o.queue.enqueueRetry(t, 'full-pass-busy');
      } else if (!r.ok) {
        failed++;
        await this.o.queue.enqueueRetry(t, 'full-pass-failed');
      }
      changes += r ? r.systems.reduce((n, s) => n + s.changes.length, 0) : 0;
    }
    this.o.logger.info(
      `Provisioning ${what}${systems ? ` (${systems.join(', ')})` : ''}: ${targets.length} targets, ${changes} changes, ${failed} failed, ${busy} left to the drain (another instance had them)`,
    );
    return { targets: targets.length, failed, changes };
  }
}
