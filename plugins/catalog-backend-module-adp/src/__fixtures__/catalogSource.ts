import { CatalogSource } from '@adp-portal/plugin-adp-common';

const stamp = {
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'user:default/ada',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'user:default/ada',
};

/** A small delivery tree: RPA → FCP → fcp-acd (+ one archived project). */
export function catalogSourceFixture(): CatalogSource {
  return {
    revision: 7,
    albs: [
      {
        ...stamp,
        id: 'alb-1',
        name: 'rpa',
        title: 'Rural Payments Agency',
        alias: null,
        description: 'Pays farmers',
        url: 'https://www.gov.uk/government/organisations/rural-payments-agency',
      },
    ],
    programmes: [
      {
        ...stamp,
        id: 'prog-1',
        albId: 'alb-1',
        name: 'fcp',
        title: 'Farming and Countryside Programme',
        code: 'FCP',
        alias: null,
        description: 'Farming payments',
        url: null,
        archivedAt: null,
        admins: [
          { id: 'pa-1', programmeId: 'prog-1', userRef: 'user:default/pat', createdAt: stamp.createdAt, createdBy: stamp.createdBy },
        ],
      },
    ],
    projects: [
      {
        ...stamp,
        id: 'proj-1',
        programmeId: 'prog-1',
        name: 'fcp-acd',
        title: 'Annual Compliance Data',
        alias: 'ffc-acd',
        description: 'Compliance data service',
        adoProject: 'DEFRA-FFC',
        githubTeamVisibility: 'public',
        teamType: 'delivery',
        serviceCode: 'ACD',
        costCentre: null,
        serviceOwner: 'owner@defra.gov.uk',
        archivedAt: null,
        members: [
          { ...stamp, id: 'm-1', projectId: 'proj-1', userRef: 'user:default/dee', technical: false, admin: true },
          { ...stamp, id: 'm-2', projectId: 'proj-1', userRef: 'user:default/tess', technical: true, admin: false },
          { ...stamp, id: 'm-3', projectId: 'proj-1', userRef: 'user:default/nora', technical: false, admin: false },
        ],
      },
      {
        ...stamp,
        id: 'proj-2',
        programmeId: 'prog-1',
        name: 'fcp-old',
        title: 'Old',
        alias: null,
        description: '',
        adoProject: null,
        githubTeamVisibility: 'private',
        teamType: 'delivery',
        serviceCode: null,
        costCentre: null,
        serviceOwner: null,
        archivedAt: '2026-02-01T00:00:00.000Z',
        members: [],
      },
    ],
  };
}
