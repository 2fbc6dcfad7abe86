import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import {
  projectReadPermission,
  provisioningPlanPermission,
  provisioningRetryPermission,
  provisioningRunPermission,
} from '@adp-portal/plugin-adp-common';
import { ProvisioningEngine } from './engine/ProvisioningEngine';
import { OutboxQueue } from './queue/OutboxQueue';
import { StatusStore } from './status/StatusStore';
import { DeliveryReader } from './delivery/DeliveryReader';
import {
  PROVISIONING_SYSTEMS,
  ProjectProvisioningPlan,
  ProjectProvisioningStatus,
  ProvisioningTarget,
  SystemStatus,
} from './types';

export interface ProvisioningRouterOptions {
  engine: ProvisioningEngine;
  queue: OutboxQueue;
  status: StatusStore;
  reader: DeliveryReader;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

const retryBody = z
  .object({ system: z.enum(PROVISIONING_SYSTEMS as [string, ...string[]]).optional() })
  .strict();

/** The provisioning endpoints, mounted by the plugin under /api/adp. Every one is permission-checked. */
export function createProvisioningRouter(o: ProvisioningRouterOptions): express.Router {
  const router = Router();
  router.use(express.json());

  async function authorize(req: express.Request, permission: BasicPermission | ResourcePermission, resourceRef?: string) {
    const credentials = await o.httpAuth.credentials(req);
    const [decision] = await o.permissions.authorize(
      [resourceRef ? { permission: permission as ResourcePermission, resourceRef } : { permission: permission as BasicPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}${resourceRef ? ` on project ${resourceRef}` : ''}`);
    }
  }

  /** Loads the project from the database before authorizing: a missing one is a 404. */
  async function projectTarget(id: string): Promise<ProvisioningTarget> {
    if (!(await o.reader.projectExists(id))) throw new NotFoundError(`No delivery project with id ${id}`);
    return { kind: 'project', id };
  }

  async function statusOf(target: ProvisioningTarget): Promise<ProjectProvisioningStatus> {
    const stored = await o.status.forTarget(target);
    const pending = (await o.queue.pendingProjectIds([target.id])).has(target.id);
    const systems: SystemStatus[] = o.engine.systems.map(r => {
      if (!r.isConfigured()) return { system: r.system, status: 'not-configured' };
      const s = stored.get(r.system);
      if (!s || s.status === 'not-configured') return { system: r.system, status: 'pending' };
      return pending && s.status !== 'failed' ? { ...s, status: 'pending' } : s;
    });
    return { systems };
  }

  router.get('/projects/:id/provisioning', async (req, res) => {
    const target = await projectTarget(req.params.id);
    await authorize(req, projectReadPermission, target.id);
    res.json(await statusOf(target));
  });

  router.get('/projects/:id/provisioning/plan', async (req, res) => {
    const target = await projectTarget(req.params.id);
    await authorize(req, provisioningPlanPermission, target.id);
    const run = await o.engine.reconcile(target, { dryRun: true });
    const body: ProjectProvisioningPlan = {
      systems: run.systems.map(s => ({
        system: s.system,
        configured: s.configured,
        changes: s.changes,
        warnings: s.warnings,
        ...(s.error ? { error: s.error } : {}),
      })),
    };
    res.json(body);
  });

  router.post('/projects/:id/provisioning/retry', async (req, res) => {
    const parsed = retryBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    const target = await projectTarget(req.params.id);
    await authorize(req, provisioningRetryPermission, target.id);
    const audit = await o.auditor.createEvent({
      eventId: 'provisioning-retry',
      severityLevel: 'medium',
      request: req,
      meta: { projectId: target.id, system: parsed.data.system ?? 'all' },
    });
    try {
      const systems = parsed.data.system ? [parsed.data.system as (typeof PROVISIONING_SYSTEMS)[number]] : undefined;
      const run = await o.engine.reconcile(target, { systems });
      if (!run.ok) {
        // Still failing: make sure the queue keeps trying, with backoff, until it works.
        if ((await o.queue.makeDueNow(target.id)) === 0) {
          await o.queue.enqueue({ recordKind: 'project', recordId: target.id, projectId: target.id, programmeId: null, reason: 'retry' });
        }
      }
      await audit.success({ meta: { ok: run.ok } });
      res.json(await statusOf(target));
    } catch (e) {
      await audit.fail({ error: e as Error });
      throw e;
    }
  });

  router.post('/provisioning/run', async (req, res) => {
    await authorize(req, provisioningRunPermission);
    const audit = await o.auditor.createEvent({ eventId: 'provisioning-run', severityLevel: 'medium', request: req });
    try {
      const drained = await o.engine.drain();
      const pass = await o.engine.fullPass();
      await audit.success({ meta: { ...pass, drained: drained.completed.length } });
      res.json({ ...pass, drained: drained.completed.length });
    } catch (e) {
      await audit.fail({ error: e as Error });
      throw e;
    }
  });

  return router;
}
