import { NamingTemplates, renderName } from '@adp-portal/plugin-adp-common';
import { DeliverySnapshot, UserIdentity } from '../types';
import { programmeVariables, projectVariables } from './naming';

export interface EntraGroupSpec {
  name: string;
  description: string;
  members: UserIdentity[];
  /**
   * False for groups whose membership belongs to someone else (database Reader groups of
   * non-production environments, left to ADP Admins): created, never emptied.
   */
  manageMembers: boolean;
  /**
   * A group the tenant also fills (the ADP Admins' group): the portal removes only members it
   * added itself, never people put there outside its knowledge.
   */
  removeOnlyAdded?: boolean;
}

export interface EntraDesiredOptions {
  naming: NamingTemplates;
  environments: string[];
  productionEnvironments: string[];
}

/** Entra ID security groups for the targets in the snapshot. */
export function desiredEntraGroups(s: DeliverySnapshot, o: EntraDesiredOptions): EntraGroupSpec[] {
  const groups: EntraGroupSpec[] = [];
  for (const project of s.projects) {
    const vars = projectVariables(project);
    const members = project.archived ? [] : project.members;
    const production = project.archived ? { deploy: [], admin: [] } : project.production;
    const label = `delivery project ${project.title} (${project.name})`;
    groups.push(
      {
        name: renderName(o.naming['entra.projectNonTech'], vars),
        description: `Non-technical team members of ${label}`,
        members: members.filter(m => !m.technical).map(m => m.user),
        manageMembers: true,
      },
      {
        name: renderName(o.naming['entra.projectTech'], vars),
        description: `Technical team members of ${label}`,
        members: members.filter(m => m.technical).map(m => m.user),
        manageMembers: true,
      },
      {
        name: renderName(o.naming['entra.projectAdmin'], vars),
        description: `Team admins of ${label}`,
        members: members.filter(m => m.admin).map(m => m.user),
        manageMembers: true,
      },
      {
        name: renderName(o.naming['entra.productionDeploy'], vars),
        description: `Production Deploy holders of ${label}`,
        members: production.deploy,
        manageMembers: true,
      },
      {
        name: renderName(o.naming['entra.productionAdmin'], vars),
        description: `Production Admin holders of ${label}`,
        members: production.admin,
        manageMembers: true,
      },
    );
    for (const environment of o.environments) {
      const envVars = { ...vars, environment };
      const isProduction = o.productionEnvironments.includes(environment);
      // Production databases only through production access: Deploy reads, Admin writes.
      groups.push(
        {
          name: renderName(o.naming['entra.dbReader'], envVars),
          description: `PostgreSQL readers of ${label} in ${environment}`,
          members: isProduction ? production.deploy : [],
          manageMembers: isProduction,
        },
        {
          name: renderName(o.naming['entra.dbWriter'], envVars),
          description: `PostgreSQL writers of ${label} in ${environment}`,
          members: isProduction ? production.admin : members.filter(m => m.technical).map(m => m.user),
          manageMembers: true,
        },
      );
    }
  }
  for (const programme of s.programmes) {
    groups.push({
      name: renderName(o.naming['entra.programmeAdmin'], programmeVariables(programme)),
      description: `Delivery programme admins of ${programme.name}`,
      members: programme.archived ? [] : programme.admins,
      manageMembers: true,
    });
  }
  if (s.platform) {
    groups.push({
      name: renderName(o.naming['entra.platformEngineers'], {}),
      description: 'ADP platform engineers (ADP Admins)',
      members: s.platform.admins,
      manageMembers: true,
      removeOnlyAdded: true,
    });
  }
  return groups;
}
