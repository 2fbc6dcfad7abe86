import { NamingTemplates } from '@adp-portal/plugin-adp-common';
import {
  DeliverySnapshot,
  PlanResult,
  PlannedChange,
  SystemReconciler,
  UserIdentity,
} from '../../types';
import { desiredAzureDevOpsGroups } from '../../desired/azureDevOps';
import { ExternalSystemError } from '../ExternalSystemError';
import { HttpJson } from '../httpJson';

export interface AzureDevOpsSettings {
  http: HttpJson;
  /** e.g. https://dev.azure.com/{organization} */
  baseUrl: string;
  /** e.g. https://vssps.dev.azure.com/{organization} */
  graphBaseUrl: string;
  naming: NamingTemplates;
}

const CORE = 'api-version=7.1';
const GRAPH = 'api-version=7.1-preview.1';

interface GraphGroup {
  displayName: string;
  descriptor: string;
  principalName?: string;
}

/** The project's built-in Contributors group: `[{project}]\Contributors`. */
function isProjectContributors(g: GraphGroup, adoProject: string): boolean {
  if (g.principalName)
    return (
      g.principalName.toLowerCase() ===
      `[${adoProject}]\\contributors`.toLowerCase()
    );
  return g.displayName === 'Contributors';
}

/**
 * Contributors groups in each delivery project's Azure DevOps project (Graph REST API), each a
 * member of the project's built-in Contributors group so its members can push.
 */
export class AzureDevOpsReconciler implements SystemReconciler {
  readonly system = 'azure-devops' as const;
  private readonly groupDescriptors = new Map<string, string>();

  constructor(private readonly settings: AzureDevOpsSettings | undefined) {}

  isConfigured(): boolean {
    return this.settings !== undefined;
  }

  private get s(): AzureDevOpsSettings {
    if (!this.settings)
      throw new Error('Azure DevOps provisioning is not configured');
    return this.settings;
  }

  private key(adoProject: string, name: string) {
    return `${adoProject}/${name}`;
  }

  /** Every group of a scope: the list comes in pages, the next one named by `x-ms-continuationtoken`. */
  private async groupsOf(scope: string): Promise<GraphGroup[]> {
    const { http, graphBaseUrl } = this.s;
    const groups: GraphGroup[] = [];
    let token: string | null = null;
    do {
      const continuation: string = token
        ? `&continuationToken=${encodeURIComponent(token)}`
        : '';
      const page = await http.response<{ value: GraphGroup[] }>(
        'GET',
        `${graphBaseUrl}/_apis/graph/groups?scopeDescriptor=${encodeURIComponent(
          scope,
        )}${continuation}&${GRAPH}`,
      );
      groups.push(...page.body.value);
      token = page.headers.get('x-ms-continuationtoken');
    } while (token);
    return groups;
  }

  private async memberships(
    descriptor: string,
    direction: 'up' | 'down',
  ): Promise<string[]> {
    const { http, graphBaseUrl } = this.s;
    const res = await http.request<{
      value: Array<{ memberDescriptor: string; containerDescriptor: string }>;
    }>(
      'GET',
      `${graphBaseUrl}/_apis/graph/Memberships/${descriptor}?direction=${direction}&${GRAPH}`,
    );
    return res.value.map(m =>
      direction === 'down' ? m.memberDescriptor : m.containerDescriptor,
    );
  }

  async plan(snapshot: DeliverySnapshot): Promise<PlanResult> {
    const { http, baseUrl, graphBaseUrl } = this.s;
    const { groups, warnings } = desiredAzureDevOpsGroups(
      snapshot,
      this.s.naming,
    );
    const changes: PlannedChange[] = [];
    const users = new Map<string, string | null>();
    for (const group of groups) {
      let projectId: string;
      try {
        projectId = (
          await http.request<{ id: string }>(
            'GET',
            `${baseUrl}/_apis/projects/${encodeURIComponent(
              group.adoProject,
            )}?${CORE}`,
          )
        ).id;
      } catch (e) {
        if (e instanceof ExternalSystemError && e.status === 404) {
          warnings.push(
            `Azure DevOps project ${group.adoProject} does not exist`,
          );
          continue;
        }
        throw e;
      }
      const scope = (
        await http.request<{ value: string }>(
          'GET',
          `${graphBaseUrl}/_apis/graph/descriptors/${projectId}?${GRAPH}`,
        )
      ).value;
      const scopeGroups = await this.groupsOf(scope);
      const existing = scopeGroups.find(g => g.displayName === group.name);
      // Write access comes from the project's own Contributors group (Git: contribute, create
      // branch, read...), so the ADP group is nested in it rather than granted ACLs of its own.
      const contributors = scopeGroups.find(g =>
        isProjectContributors(g, group.adoProject),
      );
      const change = (
        action: string,
        subject?: string,
        detail?: Record<string, string>,
      ): PlannedChange => ({
        system: 'azure-devops',
        action,
        resource: this.key(group.adoProject, group.name),
        ...(subject !== undefined ? { subject } : {}),
        ...(detail ? { detail } : {}),
      });
      const nest = () =>
        contributors
          ? [
              change('nest-in-contributors', contributors.descriptor, {
                container: `[${group.adoProject}]\\Contributors`,
              }),
            ]
          : [];
      if (!contributors) {
        warnings.push(
          `Azure DevOps project ${group.adoProject} has no Contributors group: ${group.name} gets no write access`,
        );
      }
      const members: Array<{ descriptor: string; userRef: string }> = [];
      for (const u of group.members) {
        const d = await this.resolveUser(u, users);
        if (d) members.push({ descriptor: d, userRef: u.userRef });
        else
          warnings.push(
            `${u.userRef} (${
              u.email ?? 'no email'
            }) was not found in Azure DevOps`,
          );
      }
      const add = (m: { descriptor: string; userRef: string }) =>
        change('add-member', m.descriptor, { userRef: m.userRef });
      if (!existing) {
        changes.push(
          change('create-group', undefined, {
            scopeDescriptor: scope,
            displayName: group.name,
            description: group.description,
          }),
          ...nest(),
          ...members.map(add),
        );
        continue;
      }
      this.groupDescriptors.set(
        this.key(group.adoProject, group.name),
        existing.descriptor,
      );
      if (
        contributors &&
        !(await this.memberships(existing.descriptor, 'up')).includes(
          contributors.descriptor,
        )
      ) {
        changes.push(...nest());
      }
      const actual = new Set(
        await this.memberships(existing.descriptor, 'down'),
      );
      const desired = new Set(members.map(m => m.descriptor));
      changes.push(...members.filter(m => !actual.has(m.descriptor)).map(add));
      for (const d of actual)
        if (!desired.has(d)) changes.push(change('remove-member', d));
    }
    return { changes, warnings };
  }

  private async resolveUser(
    u: UserIdentity,
    cache: Map<string, string | null>,
  ): Promise<string | null> {
    if (!u.email) return null;
    const email = u.email.toLowerCase();
    if (!cache.has(email)) {
      const found = await this.s.http.request<{
        value: Array<{
          descriptor: string;
          mailAddress?: string;
          principalName?: string;
        }>;
      }>('POST', `${this.s.graphBaseUrl}/_apis/graph/subjectquery?${GRAPH}`, {
        query: email,
        subjectKind: ['User'],
      });
      const match = found.value.find(
        s =>
          s.mailAddress?.toLowerCase() === email ||
          s.principalName?.toLowerCase() === email,
      );
      cache.set(email, match?.descriptor ?? null);
    }
    return cache.get(email)!;
  }

  async apply(changes: PlannedChange[]): Promise<void> {
    const { http, graphBaseUrl } = this.s;
    for (const c of changes) {
      if (c.action === 'create-group') {
        const created = await http.request<{ descriptor: string }>(
          'POST',
          `${graphBaseUrl}/_apis/graph/groups?scopeDescriptor=${encodeURIComponent(
            c.detail!.scopeDescriptor,
          )}&${GRAPH}`,
          {
            displayName: c.detail!.displayName,
            description: c.detail!.description,
          },
        );
        this.groupDescriptors.set(c.resource, created.descriptor);
        continue;
      }
      const group = this.groupDescriptors.get(c.resource);
      if (!group)
        throw new Error(
          `Azure DevOps group ${c.resource} has not been read or created`,
        );
      if (c.action === 'nest-in-contributors') {
        await http.request(
          'PUT',
          `${graphBaseUrl}/_apis/graph/memberships/${group}/${c.subject}?${GRAPH}`,
        );
        continue;
      }
      const url = `${graphBaseUrl}/_apis/graph/memberships/${c.subject}/${group}?${GRAPH}`;
      if (c.action === 'add-member') await http.request('PUT', url);
      else if (c.action === 'remove-member') await http.request('DELETE', url);
      else throw new Error(`Unknown Azure DevOps change ${c.action}`);
    }
  }
}
