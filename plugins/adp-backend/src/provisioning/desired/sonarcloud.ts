import { NamingTemplates, renderName } from '@adp-portal/plugin-adp-common';
import { DeliverySnapshot, UserIdentity } from '../types';
import { projectPrefixes, projectVariables } from './naming';

export const PROJECT_GROUP_PERMISSIONS = ['codeviewer', 'issueadmin', 'securityhotspotadmin', 'scan', 'user'];
export const PLATFORM_GROUP_PERMISSIONS = [...PROJECT_GROUP_PERMISSIONS, 'admin'];

export interface SonarGroupSpec {
  name: string;
  description: string;
  /** SonarCloud logins: GitHub accounts, `{handle}@github`. */
  members: string[];
}

export interface SonarTemplateSpec {
  name: string;
  /** SonarCloud project keys this template applies to, e.g. `fcp-acd.*|ffc-acd.*`. */
  projectKeyPattern: string;
  groups: Array<{ group: string; permissions: string[] }>;
}

export function sonarLogin(u: UserIdentity): string | null {
  return u.githubHandle ? `${u.githubHandle.toLowerCase()}@github` : null;
}

const logins = (users: UserIdentity[]) => [
  ...new Set(users.flatMap(u => (sonarLogin(u) ? [sonarLogin(u)!] : []))),
];

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A user group and a permission template per project, plus the platform group. */
export function desiredSonarCloud(
  s: DeliverySnapshot,
  naming: NamingTemplates,
): { groups: SonarGroupSpec[]; templates: SonarTemplateSpec[] } {
  const platformGroup = renderName(naming['sonarcloud.platformGroup'], {});
  const groups: SonarGroupSpec[] = [];
  const templates: SonarTemplateSpec[] = [];
  for (const project of s.projects) {
    const name = renderName(naming['sonarcloud.projectGroup'], projectVariables(project));
    groups.push({
      name,
      description: `Technical team members of ${project.title}`,
      members: project.archived ? [] : logins(project.members.filter(m => m.technical).map(m => m.user)),
    });
    templates.push({
      name,
      projectKeyPattern: projectPrefixes(project).map(p => `${escapeRegex(p)}.*`).join('|'),
      groups: [
        { group: name, permissions: PROJECT_GROUP_PERMISSIONS },
        { group: platformGroup, permissions: PLATFORM_GROUP_PERMISSIONS },
      ],
    });
  }
  if (s.platform) {
    groups.push({ name: platformGroup, description: 'ADP Admins', members: logins(s.platform.admins) });
  }
  return { groups, templates };
}
