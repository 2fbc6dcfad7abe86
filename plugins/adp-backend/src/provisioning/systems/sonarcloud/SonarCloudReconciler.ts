import { NamingTemplates } from '@adp-portal/plugin-adp-common';
import { DeliverySnapshot, PlanResult, PlannedChange, SystemReconciler } from '../../types';
import { SonarGroupSpec, SonarTemplateSpec, desiredSonarCloud } from '../../desired/sonarcloud';
import { HttpJson } from '../httpJson';
import { CredentialCheckOutcome } from '../../checks/CredentialCheck';

export interface SonarCloudSettings {
  http: HttpJson;
  /** e.g. https://sonarcloud.io */
  baseUrl: string;
  organization: string;
  naming: NamingTemplates;
}

/** User groups, their members and per-project permission templates in a SonarCloud organisation. */
export class SonarCloudReconciler implements SystemReconciler {
  readonly system = 'sonarcloud' as const;
  private readonly templateIds = new Map<string, string>();

  constructor(private readonly settings: SonarCloudSettings | undefined) {}

  isConfigured(): boolean {
    return this.settings !== undefined;
  }

  /** Reading permission templates needs Administer Organization, as every change here does. */
  async checkAccess(): Promise<CredentialCheckOutcome> {
    try {
      await this.get('permissions/search_templates', { q: '' });
      return { missing: [], notes: [], checked: true };
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 401 || status === 403) {
        return {
          missing: [`SonarCloud: the token lacks Administer Organization on ${this.s.organization} (answered ${status})`],
          notes: [],
          checked: true,
        };
      }
      // Not an answer about the token (SonarCloud down): the check is unknown, not failed.
      throw e;
    }
  }

  private get s(): SonarCloudSettings {
    if (!this.settings) throw new Error('SonarCloud provisioning is not configured');
    return this.settings;
  }

  private get(path: string, params: Record<string, string>) {
    const q = new URLSearchParams({ organization: this.s.organization, ...params });
    return this.s.http.request<any>('GET', `${this.s.baseUrl}/api/${path}?${q}`);
  }

  private post(path: string, params: Record<string, string>) {
    return this.s.http.request<any>('POST', `${this.s.baseUrl}/api/${path}`, { organization: this.s.organization, ...params }, true);
  }

  /** Every item of a paged list: `p` from 1 until `total` (in `paging`, or at the top level). */
  private async all<T>(path: string, params: Record<string, string>, key: string): Promise<T[]> {
    const items: T[] = [];
    for (let p = 1; ; p++) {
      const res = await this.get(path, { ...params, p: String(p), ps: '500' });
      const page = (res[key] ?? []) as T[];
      items.push(...page);
      const total = Number(res.paging?.total ?? res.total ?? items.length);
      if (!page.length || items.length >= total) return items;
    }
  }

  private async groupExists(name: string): Promise<boolean> {
    const groups = await this.all<{ name: string }>('user_groups/search', { q: name }, 'groups');
    return groups.some(g => g.name === name);
  }

  /**
   * Whether a login is a member of the organisation: SonarCloud refuses to put anyone else in a
   * group, and members join by hand or by GitHub member synchronisation, never through the API.
   */
  private async isOrganisationMember(login: string, cache: Map<string, boolean>): Promise<boolean> {
    if (!cache.has(login)) {
      const found = await this.all<{ login: string }>('organizations/search_members', { q: login }, 'users');
      cache.set(login, found.some(u => u.login.toLowerCase() === login));
    }
    return cache.get(login)!;
  }

  async plan(snapshot: DeliverySnapshot): Promise<PlanResult> {
    const { groups, templates } = desiredSonarCloud(snapshot, this.s.naming);
    const changes: PlannedChange[] = [];
    const warnings = new Set<string>();
    const members = new Map<string, boolean>();
    for (const g of groups) {
      for (const change of await this.planGroup(g)) {
        if (change.action === 'add-member' && !(await this.isOrganisationMember(change.subject!, members))) {
          warnings.add(
            `${change.subject} is not a member of the SonarCloud organisation ${this.s.organization}: an organisation admin must add them (or enable GitHub member synchronisation)`,
          );
          continue;
        }
        changes.push(change);
      }
    }
    // Templates name groups (the platform group) that may be outside this target: they must exist.
    const covered = new Set(groups.map(g => g.name));
    for (const name of new Set(templates.flatMap(t => t.groups.map(g => g.group)))) {
      if (!covered.has(name) && !(await this.groupExists(name))) {
        changes.push({ system: 'sonarcloud', action: 'create-group', resource: name, detail: { description: 'ADP Admins' } });
      }
    }
    for (const t of templates) changes.push(...(await this.planTemplate(t)));
    return { changes, warnings: [...warnings] };
  }

  private async planGroup(g: SonarGroupSpec): Promise<PlannedChange[]> {
    const change = (action: string, subject?: string, detail?: Record<string, string>): PlannedChange => ({
      system: 'sonarcloud',
      action,
      resource: g.name,
      ...(subject !== undefined ? { subject } : {}),
      ...(detail ? { detail } : {}),
    });
    if (!(await this.groupExists(g.name))) {
      return [change('create-group', undefined, { description: g.description }), ...g.members.map(m => change('add-member', m))];
    }
    const users = await this.all<{ login: string }>('user_groups/users', { name: g.name }, 'users');
    const actual = new Set(users.map(u => u.login.toLowerCase()));
    const desired = new Set(g.members);
    return [
      ...g.members.filter(m => !actual.has(m)).map(m => change('add-member', m)),
      ...[...actual].filter(m => !desired.has(m)).map(m => change('remove-member', m)),
    ];
  }

  private async planTemplate(t: SonarTemplateSpec): Promise<PlannedChange[]> {
    const resource = `template:${t.name}`;
    const change = (action: string, subject?: string, detail?: Record<string, string>): PlannedChange => ({
      system: 'sonarcloud',
      action,
      resource,
      ...(subject !== undefined ? { subject } : {}),
      ...(detail ? { detail } : {}),
    });
    const grants = (have: Map<string, Set<string>>) =>
      t.groups.flatMap(g =>
        g.permissions
          .filter(p => !have.get(g.group)?.has(p))
          .map(p => change('add-group-permission', g.group, { permission: p })),
      );
    const found = (await this.get('permissions/search_templates', { q: t.name })).permissionTemplates as Array<{
      id: string;
      name: string;
      projectKeyPattern?: string;
    }>;
    const existing = found.find(x => x.name === t.name);
    if (!existing) {
      return [change('create-template', undefined, { projectKeyPattern: t.projectKeyPattern }), ...grants(new Map())];
    }
    this.templateIds.set(t.name, existing.id);
    const changes: PlannedChange[] = [];
    if (existing.projectKeyPattern !== t.projectKeyPattern) {
      changes.push(change('set-pattern', undefined, { projectKeyPattern: t.projectKeyPattern }));
    }
    const templateGroups = await this.all<{ name: string; permissions: string[] }>('permissions/template_groups', { templateId: existing.id }, 'groups');
    const have = new Map<string, Set<string>>(templateGroups.map(g => [g.name, new Set(g.permissions)]));
    changes.push(...grants(have));
    const wanted = new Map(t.groups.map(g => [g.group, new Set(g.permissions)]));
    for (const [group, perms] of have) {
      for (const p of perms) {
        if (!wanted.get(group)?.has(p)) changes.push(change('remove-group-permission', group, { permission: p }));
      }
    }
    return changes;
  }

  /**
   * Creates a SonarCloud project unless one with the key exists. SonarCloud applies the permission
   * template whose key pattern matches at creation, so the project's template must be in place
   * first (the caller reconciles it).
   */
  async ensureProject(project: { key: string; name: string; visibility: 'public' | 'private' }): Promise<{ created: boolean }> {
    const found = await this.get('projects/search', { projects: project.key, ps: '1' });
    if ((found.components as Array<{ key: string }>).some(c => c.key === project.key)) return { created: false };
    await this.post('projects/create', { project: project.key, name: project.name, visibility: project.visibility });
    return { created: true };
  }

  async apply(changes: PlannedChange[]): Promise<void> {
    for (const c of changes) {
      const template = c.resource.replace(/^template:/, '');
      switch (c.action) {
        case 'create-group':
          await this.post('user_groups/create', { name: c.resource, description: c.detail?.description ?? '' });
          break;
        case 'add-member':
          await this.post('user_groups/add_user', { name: c.resource, login: c.subject! });
          break;
        case 'remove-member':
          await this.post('user_groups/remove_user', { name: c.resource, login: c.subject! });
          break;
        case 'create-template': {
          const res = await this.post('permissions/create_template', { name: template, projectKeyPattern: c.detail!.projectKeyPattern });
          this.templateIds.set(template, res.permissionTemplate.id);
          break;
        }
        case 'set-pattern': {
          const id = this.templateIds.get(template);
          if (!id) throw new Error(`SonarCloud template ${template} has not been read`);
          await this.post('permissions/update_template', { id, projectKeyPattern: c.detail!.projectKeyPattern });
          break;
        }
        case 'add-group-permission':
          await this.post('permissions/add_group_to_template', { templateName: template, groupName: c.subject!, permission: c.detail!.permission });
          break;
        case 'remove-group-permission':
          await this.post('permissions/remove_group_from_template', { templateName: template, groupName: c.subject!, permission: c.detail!.permission });
          break;
        default:
          throw new Error(`Unknown SonarCloud change ${c.action}`);
      }
    }
  }
}
