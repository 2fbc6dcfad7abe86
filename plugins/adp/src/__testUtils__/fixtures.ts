import {
  ArmsLengthBody,
  DeliveryProgramme,
  DeliveryProject,
  ProjectMember,
} from '@adp-portal/plugin-adp-common';

const stamp = {
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'user:default/ada',
  updatedAt: '2026-01-02T00:00:00.000Z',
  updatedBy: 'user:default/ada',
};

export const rpa: ArmsLengthBody = {
  id: 'alb-rpa',
  name: 'rural-payments-agency',
  title: 'Rural Payments Agency',
  alias: 'rpa',
  description: 'Pays farmers',
  url: null,
  ...stamp,
};

export const fcp: DeliveryProgramme = {
  id: 'prog-fcp',
  albId: rpa.id,
  name: 'farming-and-countryside-programme',
  title: 'Farming and Countryside Programme',
  code: 'FCP',
  alias: null,
  description: 'Farming',
  url: null,
  archivedAt: null,
  ...stamp,
};

export const acd: DeliveryProject = {
  id: 'proj-acd',
  programmeId: fcp.id,
  name: 'fcp-annual-compliance-data',
  title: 'Annual Compliance Data',
  alias: 'acd',
  description: 'Compliance data',
  adoProject: null,
  githubTeamVisibility: 'public',
  teamType: 'delivery',
  serviceCode: null,
  costCentre: null,
  serviceOwner: null,
  archivedAt: null,
  ...stamp,
};

export const tess: ProjectMember = {
  id: 'mem-tess',
  projectId: acd.id,
  userRef: 'user:default/tess',
  technical: true,
  admin: false,
  endsAt: null,
  user: { userRef: 'user:default/tess', displayName: 'Tess Technical', email: 'tess@example.gov.uk', githubHandle: 'tess-technical' },
  ...stamp,
};

export const nora: ProjectMember = {
  id: 'mem-nora',
  projectId: acd.id,
  userRef: 'user:default/nora',
  technical: false,
  admin: false,
  endsAt: null,
  user: { userRef: 'user:default/nora', displayName: 'Nora Member', email: 'nora@example.gov.uk', githubHandle: null },
  ...stamp,
};
