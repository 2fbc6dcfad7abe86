import { LoggerService } from '@backstage/backend-plugin-api';
import { EventParams } from '@backstage/plugin-events-node';
import { isProjectRepository } from '../desired/github';
import { ProvisioningEngine } from '../engine/ProvisioningEngine';
import { DeliveryReader } from '../delivery/DeliveryReader';
import { OutboxQueue } from '../queue/OutboxQueue';
import { GithubReconciler, githubTeamSlug } from '../systems/github/GithubReconciler';
import { ProvisioningTarget, targetKey } from '../types';

/** The organisation webhooks that can mean drift, as the events backend's GitHub router names their topics. */
export const GITHUB_WEBHOOK_TOPICS = ['membership', 'team', 'team_add', 'member', 'repository', 'organization'].map(e => `github.${e}`);

interface Payload {
  organization?: { login?: string };
  team?: { slug?: string; name?: string };
  repository?: { name?: string; topics?: string[] };
  changes?: { repository?: { name?: { from?: string } } };
  member?: { login?: string };
  membership?: { user?: { login?: string } };
}

/** What an event concerns: a team, repositories, or a person. */
function concerns(topic: string, p: Payload): { teams: string[]; repos: Array<{ name: string; topics?: string[] }>; logins: string[] } {
  const event = topic.replace(/^github\./, '');
  const teams = p.team?.slug ? [p.team.slug] : p.team?.name ? [githubTeamSlug(p.team.name)] : [];
  const repos: Array<{ name: string; topics?: string[] }> = p.repository?.name ? [{ name: p.repository.name, topics: p.repository.topics }] : [];
  const renamedFrom = p.changes?.repository?.name?.from;
  if (renamedFrom) repos.push({ name: renamedFrom });
  const login = event === 'organization' ? p.membership?.user?.login : event === 'member' ? p.member?.login : undefined;
  // A team event names the team: its repositories are that team's business, not every team's.
  return { teams, repos: teams.length ? [] : repos, logins: login ? [login.toLowerCase()] : [] };
}

/**
 * GitHub organisation webhooks, received through Backstage's events backend (its GitHub module
 * checks X-Hub-Signature-256 against `events.modules.github.webhookSecret`), each turned into a
 * GitHub reconcile of the targets it concerns: the team's, the repository's (by the project
 * repository rule, and the platform's), the person's. Drift made by hand is repaired within
 * seconds instead of at the next full pass. The portal's own changes come back as events too;
 * their reconcile finds nothing to do (mostly 304s). A target that fails or is busy goes to
 * the outbox, whose drain retries it.
 */
export class GithubWebhooks {
  constructor(
    private readonly o: {
      engine: ProvisioningEngine;
      reader: DeliveryReader;
      queue: OutboxQueue;
      github: GithubReconciler;
      organization: string;
      logger: LoggerService;
    },
  ) {}

  /** The targets an event concerns (database reads only). */
  async targetsOf(topic: string, payload: Payload): Promise<ProvisioningTarget[]> {
    const org = payload.organization?.login;
    if (org && org.toLowerCase() !== this.o.organization.toLowerCase()) return [];
    const c = concerns(topic, payload);
    if (!c.teams.length && !c.repos.length && !c.logins.length) return [];
    const found: ProvisioningTarget[] = [];
    for (const target of await this.o.reader.allTargets()) {
      const teams = this.o.github.teamsOf(await this.o.reader.snapshot(target));
      const hit = teams.some(
        t =>
          c.teams.includes(githubTeamSlug(t.name)) ||
          c.logins.some(l => t.members.some(m => m.login === l)) ||
          c.repos.some(r => isProjectRepository(r, t.repositoryPrefixes) || (t.repositoryTopics ?? []).some(x => (r.topics ?? []).includes(x))) ||
          // A repository's topics may have just changed: the platform team looks at every repository.
          (c.repos.length > 0 && (t.repositoryTopics ?? []).length > 0),
      );
      if (hit) found.push(target);
    }
    return found;
  }

  async onEvent(params: EventParams): Promise<void> {
    const payload = (params.eventPayload ?? {}) as Payload;
    const targets = await this.targetsOf(params.topic, payload);
    if (!targets.length) return;
    // A repository created or renamed seconds ago must be seen now.
    if (params.topic === 'github.repository') this.o.github.forgetRepositories();
    for (const target of targets) {
      try {
        const r = await this.o.engine.reconcile(target, { systems: ['github'] });
        if (!r.ok || r.leaseLost) await this.o.queue.enqueueRetry(target, 'github-webhook-failed');
      } catch (e) {
        this.o.logger.warn(`GitHub webhook ${params.topic}: ${targetKey(target)} left to the drain: ${e}`);
        await this.o.queue.enqueueRetry(target, 'github-webhook-failed');
      }
    }
  }
}
