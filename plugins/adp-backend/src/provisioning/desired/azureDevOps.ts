import { NamingTemplates, renderName } from '@adp-portal/plugin-adp-common';
import { DeliverySnapshot, UserIdentity } from '../types';
import { projectVariables } from './naming';

export interface AzureDevOpsGroupSpec {
  /** The Azure DevOps project holding the group. */
  adoProject: string;
  name: string;
  description: string;
  members: UserIdentity[];
}

/** One Contributors group per delivery project that names an Azure DevOps project. */
export function desiredAzureDevOpsGroups(
  s: DeliverySnapshot,
  naming: NamingTemplates,
): { groups: AzureDevOpsGroupSpec[]; warnings: string[] } {
  const groups: AzureDevOpsGroupSpec[] = [];
  const warnings: string[] = [];
  for (const project of s.projects) {
    if (!project.adoProject) {
      warnings.push(`${project.name} has no Azure DevOps project: nothing to provision there`);
      continue;
    }
    groups.push({
      adoProject: project.adoProject,
      name: renderName(naming['azureDevOps.contributors'], projectVariables(project)),
      description: `Technical team members of ${project.title} (${project.name})`,
      members: project.archived ? [] : project.members.filter(m => m.technical).map(m => m.user),
    });
  }
  return { groups, warnings };
}
