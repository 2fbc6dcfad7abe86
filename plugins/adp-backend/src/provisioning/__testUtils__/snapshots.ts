import { resolveNamingTemplates } from '@adp-portal/plugin-adp-common';
import { DeliverySnapshot, ProjectState, UserIdentity } from '../types';

/** Snapshots for reconciler tests that need no database: one project of programme fcp in ALB rpa. */
export const naming = resolveNamingTemplates();

export const user = (
  name: string,
  github: string | null = null,
): UserIdentity => ({
  userRef: `user:default/${name}`,
  email: `${name}@defra.gov.uk`,
  entraObjectId: null,
  githubHandle: github,
});

export const programme = {
  id: 'p',
  name: 'fcp',
  code: 'FCP',
  albName: 'rpa',
  archived: false,
  admins: [],
};

export const project = (over: Partial<ProjectState> = {}): ProjectState => ({
  id: 'x',
  name: 'fcp-acd',
  alias: 'ffc-acd',
  title: 'Annual Compliance Data',
  archived: false,
  adoProject: 'FCP-ADO',
  githubTeamVisibility: 'public',
  programme,
  members: [
    { user: user('tess', 'tess-technical'), technical: true, admin: false },
    { user: user('nora', 'nora-n'), technical: false, admin: false },
  ],
  production: { deploy: [], admin: [] },
  ...over,
});

export const projectSnapshot = (
  p: ProjectState = project(),
): DeliverySnapshot => ({ projects: [p], programmes: [], platform: null });

export const platformSnapshot = (
  admins: UserIdentity[],
  repositoryPrefixes: string[] = [],
): DeliverySnapshot => ({
  projects: [],
  programmes: [],
  platform: { admins, repositoryPrefixes },
});
