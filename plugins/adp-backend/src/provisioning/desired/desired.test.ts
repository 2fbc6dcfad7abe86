import { resolveNamingTemplates } from '@adp-portal/plugin-adp-common';
import { DeliverySnapshot, ProjectState } from '../types';
import { desiredGithubEnvironments, desiredGithubTeams, isProjectRepository } from './github';
import { desiredEntraGroups } from './entra';
import { desiredSonarCloud } from './sonarcloud';
import { desiredAzureDevOpsGroups } from './azureDevOps';

const naming = resolveNamingTemplates();
const user = (name: string, github: string | null = null) => ({
  userRef: `user:default/${name}`,
  email: `${name}@defra.gov.uk`,
  entraObjectId: null,
  githubHandle: github,
});
const programme = { id: 'p', name: 'fcp', code: 'FCP', albName: 'rpa', archived: false, admins: [user('pat')] };
const project = (over: Partial<ProjectState> = {}): ProjectState => ({
  id: 'x',
  name: 'fcp-acd',
  alias: 'ffc-acd',
  title: 'Annual Compliance Data',
  archived: false,
  adoProject: null,
  githubTeamVisibility: 'private',
  programme,
  members: [
    { user: user('tess', 'Tess-Technical'), technical: true, admin: true },
    { user: user('dee', 'dee-gh'), technical: false, admin: true },
    { user: user('tom'), technical: true, admin: false },
  ],
  production: { deploy: [], admin: [] },
  ...over,
});
const snap = (p: ProjectState): DeliverySnapshot => ({ projects: [p], programmes: [], platform: null });

describe('desired state', () => {
  it('GitHub: only technical members with a handle; admins team needs technical and admin; private → secret', () => {
    const [contributors, admins] = desiredGithubTeams(snap(project()), naming);
    expect(contributors).toEqual(expect.objectContaining({ name: 'ADP-fcp-fcp-acd-Contributors', privacy: 'secret', members: [{ login: 'tess-technical', id: null }], permission: 'push' }));
    expect(admins).toEqual(expect.objectContaining({ name: 'ADP-fcp-fcp-acd-Admins', members: [{ login: 'tess-technical', id: null }], permission: 'admin' }));
    expect(desiredGithubTeams(snap(project({ githubTeamVisibility: 'public' })), naming)[0].privacy).toBe('closed');
  });

  it('matches project repositories by namespace, alias or topic, not by a shared prefix', () => {
    const prefixes = ['fcp-acd', 'ffc-acd'];
    expect(isProjectRepository({ name: 'fcp-acd-frontend' }, prefixes)).toBe(true);
    expect(isProjectRepository({ name: 'ffc-acd' }, prefixes)).toBe(true);
    expect(isProjectRepository({ name: 'claims', topics: ['fcp-acd'] }, prefixes)).toBe(true);
    expect(isProjectRepository({ name: 'fcp-acdc-api' }, prefixes)).toBe(false);
  });

  it('Entra: writers only in non-production environments, archived projects emptied', () => {
    const groups = desiredEntraGroups(snap(project()), { naming, environments: ['dev', 'prd'], productionEnvironments: ['prd'] });
    const byName = Object.fromEntries(groups.map(g => [g.name, g]));
    expect(byName['AAG-Users-ADP-fcp-fcp-acd_NonTechUser'].members.map(u => u.userRef)).toEqual(['user:default/dee']);
    expect(byName['AAG-Azure-ADP-fcp-fcp-acd-dev-PostgressDB_Writer'].members).toHaveLength(2);
    expect(byName['AAG-Azure-ADP-fcp-fcp-acd-prd-PostgressDB_Writer']).toEqual(expect.objectContaining({ members: [], manageMembers: true }));
    expect(byName['AAG-Azure-ADP-fcp-fcp-acd-dev-PostgressDB_Reader']).toEqual(expect.objectContaining({ members: [], manageMembers: false }));
    const archived = desiredEntraGroups(snap(project({ archived: true })), { naming, environments: ['dev'], productionEnvironments: [] });
    expect(archived.every(g => g.members.length === 0)).toBe(true);
  });

  it('Entra: production levels get their own groups and the production database groups, nothing else does', () => {
    const tess = user('tess', 'Tess-Technical');
    const tom = user('tom');
    const p = project({ production: { deploy: [tess, tom], admin: [tess] } });
    const byName = Object.fromEntries(
      desiredEntraGroups(snap(p), { naming, environments: ['dev', 'prd'], productionEnvironments: ['prd'] }).map(g => [g.name, g]),
    );
    const refs = (name: string) => byName[name].members.map(u => u.userRef);
    expect(refs('AAG-Users-ADP-fcp-fcp-acd_ProductionDeploy')).toEqual(['user:default/tess', 'user:default/tom']);
    expect(refs('AAG-Users-ADP-fcp-fcp-acd_ProductionAdmin')).toEqual(['user:default/tess']);
    expect(refs('AAG-Azure-ADP-fcp-fcp-acd-prd-PostgressDB_Reader')).toEqual(['user:default/tess', 'user:default/tom']);
    expect(byName['AAG-Azure-ADP-fcp-fcp-acd-prd-PostgressDB_Reader'].manageMembers).toBe(true);
    expect(refs('AAG-Azure-ADP-fcp-fcp-acd-prd-PostgressDB_Writer')).toEqual(['user:default/tess']);
    // Non-production databases follow the Technical Team Member flag, as before.
    expect(refs('AAG-Azure-ADP-fcp-fcp-acd-dev-PostgressDB_Writer')).toEqual(['user:default/tess', 'user:default/tom']);
    const archived = desiredEntraGroups(snap({ ...p, archived: true }), { naming, environments: ['prd'], productionEnvironments: ['prd'] });
    expect(archived.every(g => g.members.length === 0)).toBe(true);
  });

  it('GitHub: production teams per level, and production environment reviewers only where configured', () => {
    const p = project({ production: { deploy: [user('tess', 'Tess-Technical'), user('tom')], admin: [] } });
    const teams = Object.fromEntries(desiredGithubTeams(snap(p), naming).map(t => [t.name, t]));
    expect(teams['ADP-fcp-fcp-acd-ProductionDeploy']).toEqual(expect.objectContaining({ members: [{ login: 'tess-technical', id: null }], repositoryPrefixes: [] }));
    expect(teams['ADP-fcp-fcp-acd-ProductionAdmin'].members).toEqual([]);
    // Read access to the project's repositories only where the team reviews deployments.
    const reviewing = desiredGithubTeams(snap(p), naming, 'production').find(t => t.name === 'ADP-fcp-fcp-acd-ProductionDeploy')!;
    expect(reviewing).toEqual(expect.objectContaining({ repositoryPrefixes: ['fcp-acd', 'ffc-acd'], permission: 'pull' }));
    const repos = [{ name: 'fcp-acd-api' }, { name: 'other' }];
    expect(desiredGithubEnvironments(snap(p), naming, undefined, repos)).toEqual([]);
    expect(desiredGithubEnvironments(snap(p), naming, 'production', repos)).toEqual([
      { repository: 'fcp-acd-api', environment: 'production', reviewerTeams: ['ADP-fcp-fcp-acd-ProductionDeploy'] },
    ]);
  });

  it('SonarCloud: a template matching namespace or alias, with the platform group as admin', () => {
    const { groups, templates } = desiredSonarCloud(snap(project()), naming);
    expect(groups).toEqual([expect.objectContaining({ name: 'fcp-acd', members: ['tess-technical@github'] })]);
    expect(templates[0].projectKeyPattern).toBe('fcp-acd.*|ffc-acd.*');
    expect(templates[0].groups[1]).toEqual({ group: 'ADP', permissions: expect.arrayContaining(['admin', 'scan']) });
  });

  it('Azure DevOps: skips, with a warning, a project without an Azure DevOps project', () => {
    expect(desiredAzureDevOpsGroups(snap(project()), naming)).toEqual({ groups: [], warnings: [expect.stringContaining('fcp-acd has no Azure DevOps project')] });
    const { groups } = desiredAzureDevOpsGroups(snap(project({ adoProject: 'FCP' })), naming);
    expect(groups[0]).toEqual(expect.objectContaining({ adoProject: 'FCP', name: 'ADP-rpa-fcp-fcp-acd-Contributors' }));
    expect(groups[0].members.map(u => u.userRef)).toEqual(['user:default/tess', 'user:default/tom']);
  });
});
