import { NamingTemplates } from '@adp-portal/plugin-adp-common';
import { DeliveryReader } from '../provisioning/delivery/DeliveryReader';
import { desiredAzureDevOpsGroups } from '../provisioning/desired/azureDevOps';
import { desiredEntraGroups } from '../provisioning/desired/entra';
import { desiredGithubTeams } from '../provisioning/desired/github';
import { desiredSonarCloud, sonarLogin } from '../provisioning/desired/sonarcloud';
import { TeamAccessLines } from './AdpNotifier';

const list = (names: string[], none: string) => (names.length ? `${names.join(', ')}.` : none);

/**
 * What a project's team gives one person in each external system, told in a team change's
 * notification. Derived from the very functions the reconcilers provision from (the desired
 * state of the project as stored now, with the configured naming), so the message can never
 * promise what provisioning does not do.
 */
export class TeamAccess {
  constructor(
    private readonly reader: DeliveryReader,
    private readonly settings: { naming: NamingTemplates; environments: string[]; productionEnvironments: string[] },
  ) {}

  async of(projectId: string, userRef: string): Promise<TeamAccessLines> {
    const snapshot = await this.reader.snapshot({ kind: 'project', id: projectId });
    const project = snapshot.projects[0];
    const member = project?.members.find(m => m.user.userRef === userRef);
    const handle = member?.user.githubHandle ?? null;

    const github = desiredGithubTeams(snapshot, this.settings.naming)
      .filter(t => handle !== null && t.members.some(m => m.login === handle.toLowerCase()))
      .map(t => `${t.name} (${t.permission} on ${t.repositoryPrefixes.map(p => `${p}-*`).join(', ')})`);
    const entra = desiredEntraGroups(snapshot, this.settings)
      .filter(g => g.manageMembers && g.members.some(m => m.userRef === userRef))
      .map(g => g.name);
    const ado = desiredAzureDevOpsGroups(snapshot, this.settings.naming)
      .groups.filter(g => g.members.some(m => m.userRef === userRef))
      .map(g => `${g.name} in ${g.adoProject}`);
    const login = member ? sonarLogin(member.user) : null;
    const sonar = desiredSonarCloud(snapshot, this.settings.naming)
      .groups.filter(g => login !== null && g.members.includes(login))
      .map(g => g.name);

    const technicalWithoutGithub = member?.technical && !handle;
    return {
      github: list(
        github,
        technicalWithoutGithub ? 'none until you link your GitHub account on My access.' : 'no team (only technical team members get GitHub access).',
      ),
      entra: list(entra, 'no group.'),
      azureDevOps: list(ado, member?.technical && !project?.adoProject ? 'none (the project names no Azure DevOps project).' : 'no group.'),
      sonarCloud: list(sonar, technicalWithoutGithub ? 'none until you link your GitHub account.' : 'no group.'),
    };
  }
}
