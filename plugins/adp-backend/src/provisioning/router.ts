import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import {
  projectCreateServicePermission,
  projectReadPermission,
  provisioningPlanPermission,
  provisioningRetryPermission,
  provisioningRunPermission,
} from '@adp-portal/plugin-adp-common';
import { ProvisioningEngine } from './engine/ProvisioningEngine';
import { rejectNulCharacters } from '../router/input';
import { OutboxQueue } from './queue/OutboxQueue';
import { StatusStore } from './status/StatusStore';
import { DeliveryReader } from './delivery/DeliveryReader';
import { isProjectRepository } from './desired/github';
import { projectPrefixes } from './desired/naming';
import { ExternalSystemError } from './systems/ExternalSystemError';
import { GithubReconciler } from './systems/github/GithubReconciler';
import { SonarCloudReconciler } from './systems/sonarcloud/SonarCloudReconciler';
import { CredentialChecks } from './checks/CredentialChecks';
import { ProvisioningCredentialChecks } from './checks/CredentialCheck';
import {
  PROVISIONING_SYSTEMS,
  ProjectProvisioningPlan,
  ProjectProvisioningStatus,
  ProvisioningTarget,
  SystemStatus,
} from './types';

export interface ProvisioningRouterOptions {
  engine: ProvisioningEngine;
  /** What each configured system's credential lacks (GET /projects/:id/provisioning/checks). */
  checks: CredentialChecks;
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

const repositoryBody = z
  .object({
    repository: z
      .string({ required_error: 'repository is required' })
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, 'repository must be a GitHub repository name: 1–100 letters, digits, ".", "-" or "_"'),
  })
  .strict();

const sonarProjectBody = z
  .object({
    // SonarCloud's rule for keys: letters, digits, '-', '_', '.', ':', at least one non-digit.
    key: z
      .string({ required_error: 'key is required' })
      .regex(/^(?=.*[^0-9])[A-Za-z0-9_.:-]{1,400}$/, 'key must be a SonarCloud project key: 1–400 letters, digits, "-", "_", "." or ":", not only digits'),
    name: z.string().trim().min(1).max(255).optional(),
    visibility: z.enum(['public', 'private']).optional(),
  })
  .strict();

/** The provisioning endpoints, mounted by the plugin under /api/adp. Every one is permission-checked. */
export function createProvisioningRouter(o: ProvisioningRouterOptions): express.Router {
  const router = Router();
  router.use(express.json());
  router.use(rejectNulCharacters);

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

  /**
   * What the provisioning credentials lack, beside the project's status and authorized as it is
   * (the project loaded first, then read permission on it): a missing permission is why a
   * system's status would fail, and the checks name nothing secret.
   */
  router.get('/projects/:id/provisioning/checks', async (req, res) => {
    const target = await projectTarget(req.params.id);
    await authorize(req, projectReadPermission, target.id);
    const body: ProvisioningCredentialChecks = { checks: await o.checks.current() };
    res.json(body);
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

  /** Still failing: make sure the queue keeps trying, with backoff, until it works. */
  async function keepTrying(target: ProvisioningTarget, reason: string) {
    if ((await o.queue.makeDueNow(target.id)) === 0) {
      await o.queue.enqueue({ recordKind: 'project', recordId: target.id, projectId: target.id, programmeId: null, reason });
    }
  }

  /**
   * Registers a repository (usually just published by the scaffolder) with a project: checks it
   * is the project's by the reconciler's rule (named after the namespace or alias, or carrying the
   * namespace as a topic) and grants it to the project's GitHub teams now, not at the next pass.
   */
  router.post('/projects/:id/provisioning/repositories', async (req, res) => {
    const parsed = repositoryBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    const target = await projectTarget(req.params.id);
    await authorize(req, projectCreateServicePermission, target.id);
    const { repository } = parsed.data;
    const audit = await o.auditor.createEvent({
      eventId: 'provisioning-repository-register',
      severityLevel: 'medium',
      request: req,
      meta: { projectId: target.id, repository },
    });
    try {
      const project = (await o.reader.snapshot(target)).projects[0];
      if (!project) throw new NotFoundError(`No delivery project with id ${target.id}`);
      if (project.archived) throw new ConflictError(`The delivery project ${project.name} is archived; its teams get no repositories`);
      const github = o.engine.systems.find((r): r is GithubReconciler => r instanceof GithubReconciler);
      let granted: Array<{ team: string; permission: string }> = [];
      if (github?.isConfigured()) {
        github.forgetRepositories();
        // A dry run reads the organisation's repositories and the teams, and changes nothing.
        const check = (await o.engine.reconcile(target, { systems: ['github'], dryRun: true })).systems[0];
        if (check.error) {
          await keepTrying(target, 'repository');
          throw new ServiceUnavailableError(`GitHub could not be read: ${check.error}. The portal keeps retrying the project's GitHub teams.`);
        }
        const repo = github.knownRepository(repository);
        if (!repo) throw new NotFoundError(`No repository ${repository} in the GitHub organisation`);
        const prefixes = projectPrefixes(project);
        if (!isProjectRepository(repo, prefixes)) {
          throw new InputError(
            `Repository ${repository} is not the project's: name it ${prefixes.map(p => `${p} or ${p}-*`).join(', or ')}, or give it the topic ${project.name}`,
          );
        }
        const run = (await o.engine.reconcile(target, { systems: ['github'] })).systems[0];
        if (run.error) await keepTrying(target, 'repository');
        granted = run.changes
          .filter(c => c.action === 'grant-repository' && c.subject?.toLowerCase() === repository.toLowerCase())
          .map(c => ({ team: c.resource, permission: c.detail?.permission ?? '' }));
      }
      const status = await statusOf(target);
      await audit.success({ meta: { granted: granted.map(g => `${g.team}:${g.permission}`).join(',') } });
      res.json({ repository, granted, systems: status.systems });
    } catch (e) {
      await audit.fail({ error: e as Error });
      throw e;
    }
  });

  /**
   * Registers a SonarCloud project for a new service of the project (the scaffolder's
   * adp:sonarcloud:register-project): the key must start with the namespace or alias, so the
   * project's permission template (key pattern `namespace.*|alias.*`) applies. The template is
   * reconciled first, because SonarCloud applies templates only when it creates a project.
   */
  router.post('/projects/:id/provisioning/sonarcloud-projects', async (req, res) => {
    const parsed = sonarProjectBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    const target = await projectTarget(req.params.id);
    await authorize(req, projectCreateServicePermission, target.id);
    const { key, visibility = 'public' } = parsed.data;
    const name = parsed.data.name ?? key;
    const audit = await o.auditor.createEvent({
      eventId: 'provisioning-sonarcloud-project-register',
      severityLevel: 'medium',
      request: req,
      meta: { projectId: target.id, key },
    });
    try {
      const project = (await o.reader.snapshot(target)).projects[0];
      if (!project) throw new NotFoundError(`No delivery project with id ${target.id}`);
      if (project.archived) throw new ConflictError(`The delivery project ${project.name} is archived; it gets no new SonarCloud projects`);
      const prefixes = projectPrefixes(project);
      if (!prefixes.some(p => key.startsWith(p))) {
        throw new InputError(
          `SonarCloud project key ${key} is not the project's: it must start with ${prefixes.join(' or ')}, the key pattern of its permission template`,
        );
      }
      const sonar = o.engine.systems.find((r): r is SonarCloudReconciler => r instanceof SonarCloudReconciler);
      let created = false;
      if (sonar?.isConfigured()) {
        const run = (await o.engine.reconcile(target, { systems: ['sonarcloud'] })).systems[0];
        if (run.error) {
          await keepTrying(target, 'sonarcloud-project');
          throw new ServiceUnavailableError(
            `The project's SonarCloud permission template could not be provisioned: ${run.error}. The portal keeps retrying; create the SonarCloud project once it is in sync.`,
          );
        }
        try {
          created = (await sonar.ensureProject({ key, name, visibility })).created;
        } catch (e) {
          if (e instanceof ExternalSystemError) throw new ServiceUnavailableError(`SonarCloud did not create project ${key}: ${e.message}`);
          throw e;
        }
      }
      const status = await statusOf(target);
      await audit.success({ meta: { created } });
      res.json({ key, created, systems: status.systems });
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
