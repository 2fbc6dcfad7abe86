import { Client } from '@microsoft/microsoft-graph-client';
import { NamingTemplates } from '@adp-portal/plugin-adp-common';
import { ChangeFeed, DeliverySnapshot, PlanResult, PlannedChange, SystemReconciler, UserIdentity } from '../../types';
import { EntraGroupSpec, desiredEntraGroups } from '../../desired/entra';
import { ExternalSystemError, parseRetryAfter } from '../ExternalSystemError';
import { AddedMembers } from '../AddedMembers';
import { DeltaLinks } from '../DeltaLinks';
import { EntraGroupDelta } from './EntraGroupDelta';
import { graphRolesOutcome } from '../accessChecks';
import { CredentialCheckOutcome } from '../../checks/CredentialCheck';

export interface EntraSettings {
  client: Client;
  /** Graph base URL, e.g. https://graph.microsoft.com, used for member @odata.id references. */
  graphBaseUrl: string;
  naming: NamingTemplates;
  environments: string[];
  productionEnvironments: string[];
  /** An access token for Graph, to read its roles at startup. */
  token?: () => Promise<string | undefined>;
  /** Waits between retries of a member add to a group created in the same run (replication). */
  replicationRetryDelaysMs?: number[];
  /** Remembers whom the portal added to groups it shares with the tenant; without it, such groups lose nobody. */
  addedMembers?: AddedMembers;
  /** Where Graph's delta link for groups is kept; with it, drift is found through `/groups/delta`. */
  deltaLinks?: DeltaLinks;
}

function wrap(e: unknown): never {
  const err = e as { statusCode?: number; code?: string; message?: string; headers?: Headers };
  const status = err.statusCode && err.statusCode > 0 ? err.statusCode : undefined;
  // Graph errors often carry an empty message: name the status and code so people can act.
  const what = [err.code, err.message].filter(Boolean).join(': ') || String(e);
  throw new ExternalSystemError(
    'entra',
    `Entra ID ${status ? `answered ${status}` : 'failed'}: ${what}`,
    status,
    parseRetryAfter(err.headers?.get?.('retry-after')),
  );
}

const quote = (s: string) => s.replace(/'/g, "''");

/** Security groups and their members in Entra ID, through Microsoft Graph. */
export class EntraReconciler implements SystemReconciler {
  readonly system = 'entra' as const;
  /** Group ids by display name: filled by plan, used by apply. */
  private readonly groupIds = new Map<string, string>();

  readonly changeFeed?: ChangeFeed;

  constructor(private readonly settings: EntraSettings | undefined) {
    const links = settings?.deltaLinks;
    if (settings && links) {
      const delta = new EntraGroupDelta({
        get: path => settings.client.api(path).get().catch(wrap),
        apiBase: `${settings.graphBaseUrl.replace(/\/$/, '')}/v1.0`,
        links,
        knownName: id => [...this.groupIds].find(([, gid]) => gid === id)?.[0],
      });
      this.changeFeed = {
        changes: () => delta.changes(),
        resourcesOf: snapshot => desiredEntraGroups(snapshot, settings).map(g => g.name),
      };
    }
  }

  isConfigured(): boolean {
    return this.settings !== undefined;
  }

  /** The Graph application permissions the token lacks (read from its `roles` claim). */
  async checkAccess(): Promise<CredentialCheckOutcome> {
    const token = await this.s.token?.();
    return token ? graphRolesOutcome(token) : { missing: [], notes: ['Entra ID: no token to check'], checked: false };
  }

  private get s(): EntraSettings {
    if (!this.settings) throw new Error('Entra ID provisioning is not configured');
    return this.settings;
  }

  private async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next) {
      const page: { value: T[]; '@odata.nextLink'?: string } = await this.s.client.api(next).get().catch(wrap);
      items.push(...page.value);
      // The link is absolute; the client is given a path, as it knows its own base URL and version.
      const link = page['@odata.nextLink'];
      const base = `${this.s.graphBaseUrl.replace(/\/$/, '')}/v1.0`;
      next = link?.startsWith(base) ? link.slice(base.length) : link;
    }
    return items;
  }

  async plan(snapshot: DeliverySnapshot): Promise<PlanResult> {
    const groups = desiredEntraGroups(snapshot, this.s);
    const resolved = new Map<string, string | null>();
    const warnings = new Set<string>();
    const changes: PlannedChange[] = [];
    for (const group of groups) {
      const members: Array<{ id: string; userRef: string }> = [];
      for (const user of group.members) {
        const id = await this.resolveUser(user, resolved);
        if (id) members.push({ id, userRef: user.userRef });
        else warnings.add(`${user.userRef} (${user.email ?? 'no email'}) was not found in Entra ID`);
      }
      changes.push(...(await this.planGroup(group, members)));
    }
    return { changes, warnings: [...warnings] };
  }

  private async resolveUser(user: UserIdentity, cache: Map<string, string | null>): Promise<string | null> {
    if (user.entraObjectId) return user.entraObjectId;
    if (!user.email) return null;
    const email = user.email.toLowerCase();
    if (!cache.has(email)) {
      const found = await this.all<{ id: string }>(
        `/users?$filter=mail eq '${quote(email)}' or userPrincipalName eq '${quote(email)}'&$select=id`,
      );
      cache.set(email, found[0]?.id ?? null);
    }
    return cache.get(email)!;
  }

  private async planGroup(group: EntraGroupSpec, members: Array<{ id: string; userRef: string }>): Promise<PlannedChange[]> {
    const change = (action: string, subject?: string, detail?: Record<string, string>): PlannedChange => ({
      system: 'entra',
      action,
      resource: group.name,
      ...(subject !== undefined ? { subject } : {}),
      ...(detail ? { detail } : {}),
    });
    // In a shared group, the portal records whom it adds: those are the only ones it removes.
    const shared: Record<string, string> = group.removeOnlyAdded ? { record: 'true' } : {};
    const add = (m: { id: string; userRef: string }) => change('add-member', m.id, { userRef: m.userRef, ...shared });
    // Group ids never change: look a name up once, unless the group was deleted since.
    let actualIds: string[] | undefined;
    const cached = this.groupIds.get(group.name);
    if (cached) {
      actualIds = await this.all<{ id: string }>(`/groups/${cached}/members?$select=id`).then(
        ms => ms.map(m => m.id),
        e => {
          if (e instanceof ExternalSystemError && e.status === 404) return undefined;
          throw e;
        },
      );
      if (!actualIds) this.groupIds.delete(group.name);
    }
    if (!actualIds) {
      const found = await this.all<{ id: string }>(
        `/groups?$filter=displayName eq '${quote(group.name)}'&$select=id,displayName`,
      );
      if (!found.length) {
        return [change('create-group', undefined, { description: group.description }), ...members.map(add)];
      }
      this.groupIds.set(group.name, found[0].id);
      actualIds = (await this.all<{ id: string }>(`/groups/${found[0].id}/members?$select=id`)).map(m => m.id);
    }
    const actual = new Set(actualIds);
    const changes = members.filter(m => !actual.has(m.id)).map(add);
    if (group.manageMembers) {
      const desired = new Set(members.map(m => m.id));
      const removable = group.removeOnlyAdded
        ? ((await this.s.addedMembers?.of('entra', group.name)) ?? new Set<string>())
        : actual;
      for (const id of actual) {
        if (!desired.has(id) && removable.has(id)) changes.push(change('remove-member', id, { ...shared }));
      }
    }
    return changes;
  }

  /**
   * Adds a member; a group created moments ago may not have replicated yet, which Graph answers
   * with 404 and Microsoft says to retry, so a new group gets a few short retries.
   */
  private async addMember(groupId: string, memberId: string, newGroup: boolean): Promise<void> {
    const { client, graphBaseUrl } = this.s;
    const delays = newGroup ? (this.s.replicationRetryDelaysMs ?? [250, 500, 1000, 2000, 4000]) : [];
    for (let attempt = 0; ; attempt++) {
      try {
        await client.api(`/groups/${groupId}/members/$ref`).post({ '@odata.id': `${graphBaseUrl.replace(/\/$/, '')}/v1.0/directoryObjects/${memberId}` });
        return;
      } catch (e: any) {
        if (e.statusCode === 400 && /already exist/i.test(e.message ?? '')) return;
        if (e.statusCode !== 404 || attempt >= delays.length) wrap(e);
        await new Promise(resolve => setTimeout(resolve, delays[attempt]));
      }
    }
  }

  async apply(changes: PlannedChange[]): Promise<void> {
    const { client } = this.s;
    const created = new Set<string>();
    for (const c of changes) {
      if (c.action === 'create-group') {
        const group = await client
          .api('/groups')
          .post({
            displayName: c.resource,
            description: c.detail?.description,
            mailEnabled: false,
            mailNickname: c.resource.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64),
            securityEnabled: true,
          })
          .catch(wrap);
        this.groupIds.set(c.resource, group.id);
        created.add(group.id);
        continue;
      }
      const groupId = this.groupIds.get(c.resource);
      if (!groupId) throw new Error(`Entra group ${c.resource} has not been read or created`);
      // Someone made the same change between plan and apply: the goal is reached, not an error.
      if (c.action === 'add-member') {
        await this.addMember(groupId, c.subject!, created.has(groupId));
        if (c.detail?.record) await this.s.addedMembers?.record('entra', c.resource, c.subject!);
      } else if (c.action === 'remove-member') {
        await client
          .api(`/groups/${groupId}/members/${c.subject}/$ref`)
          .delete()
          .catch(e => (e.statusCode === 404 ? undefined : wrap(e)));
        if (c.detail?.record) await this.s.addedMembers?.forget('entra', c.resource, c.subject!);
      } else {
        throw new Error(`Unknown Entra change ${c.action}`);
      }
    }
  }
}
