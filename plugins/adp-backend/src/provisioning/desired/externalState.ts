import { NamingTemplates, resolveNamingTemplates } from '@adp-portal/plugin-adp-common';
import { Knex } from 'knex';
import { DEFAULT_ENVIRONMENTS } from '../config';
import { DeliveryReader } from '../delivery/DeliveryReader';
import { desiredAzureDevOpsGroups } from './azureDevOps';
import { desiredEntraGroups } from './entra';
import { desiredGithubTeams } from './github';
import { desiredSonarCloud } from './sonarcloud';

/**
 * One membership the desired state gives: who (as the external system knows them) is in which
 * group or team of which target.
 *
 * @public
 */
export interface ExternalMembership {
  /** `platform`, `programme:<id>` or `project:<id>`. */
  target: string;
  /** The external system. */
  system: 'entra' | 'github' | 'azure-devops' | 'sonarcloud';
  /** The group or team, as named in that system (Azure DevOps: `{project}/{group}`). */
  group: string;
  /** The member as reconcilers send it: an identity (ref, email, Entra id, GitHub account) or a login. */
  member: string;
  /** The person, where the member names one. */
  userRef: string | null;
}

/**
 * Every external membership the desired-state builders derive from the stored delivery data, for
 * every provisioning target: what a full provisioning pass would make true in Entra ID, GitHub,
 * Azure DevOps and SonarCloud. The adversarial suite compares it before and after each attack.
 *
 * @public
 */
export async function desiredExternalMemberships(
  knex: Knex,
  options: { naming?: NamingTemplates; environments?: string[]; productionEnvironments?: string[] } = {},
): Promise<ExternalMembership[]> {
  const naming = options.naming ?? resolveNamingTemplates();
  const environments = options.environments ?? DEFAULT_ENVIRONMENTS;
  const productionEnvironments = options.productionEnvironments ?? environments.filter(e => e === 'prd');
  const reader = new DeliveryReader(knex, {});
  const out: ExternalMembership[] = [];
  for (const t of await reader.allTargets()) {
    const target = t.kind === 'platform' ? 'platform' : `${t.kind}:${t.id}`;
    const s = await reader.snapshot(t);
    // GitHub and SonarCloud members are accounts: mapped back to the people whose identity names them.
    const people = [...s.projects.flatMap(p => [...p.members.map(m => m.user), ...p.programme.admins]), ...s.programmes.flatMap(p => p.admins), ...(s.platform?.admins ?? [])];
    const byLogin = new Map(people.flatMap(u => (u.githubHandle ? [[u.githubHandle.toLowerCase(), u.userRef] as const] : [])));
    const identity = (u: { userRef: string; email: string | null; entraObjectId: string | null; githubHandle: string | null }) => JSON.stringify(u);
    const account = (m: unknown) => {
      const login = typeof m === 'string' ? m.replace(/@github$/, '') : String((m as { login?: string }).login ?? '');
      return { member: typeof m === 'string' ? m : JSON.stringify(m), userRef: byLogin.get(login.toLowerCase()) ?? null };
    };
    for (const g of desiredEntraGroups(s, { naming, environments, productionEnvironments })) {
      for (const u of g.members) out.push({ target, system: 'entra', group: g.name, member: identity(u), userRef: u.userRef });
    }
    for (const g of desiredGithubTeams(s, naming, productionEnvironments[0])) {
      for (const m of g.members as unknown[]) out.push({ target, system: 'github', group: g.name, ...account(m) });
    }
    for (const g of desiredAzureDevOpsGroups(s, naming).groups) {
      for (const u of g.members) out.push({ target, system: 'azure-devops', group: `${g.adoProject}/${g.name}`, member: identity(u), userRef: u.userRef });
    }
    for (const g of desiredSonarCloud(s, naming).groups) {
      for (const m of g.members) out.push({ target, system: 'sonarcloud', group: g.name, ...account(m) });
    }
  }
  return out;
}
