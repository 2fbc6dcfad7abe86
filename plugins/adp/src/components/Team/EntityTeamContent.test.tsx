import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityTeamContent } from './EntityTeamContent';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { fcp } from '../../__testUtils__/fixtures';

const programmeGroup: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: fcp.name, annotations: { 'adp.io/programme-id': fcp.id } },
  spec: { type: 'delivery-programme', children: [] },
};

describe('EntityTeamContent', () => {
  it('shows the admins of a programme Group with add and remove when permitted', async () => {
    await renderWithApis(
      <EntityProvider entity={programmeGroup}>
        <EntityTeamContent />
      </EntityProvider>,
      {
        api: {
          getProgramme: async () => fcp,
          listProgrammeAdmins: async () => [
            {
              id: 'adm-pat',
              programmeId: fcp.id,
              userRef: 'user:default/pat',
              createdAt: '',
              createdBy: '',
              user: { userRef: 'user:default/pat', displayName: 'Pat Programme', email: 'pat@example.gov.uk', githubHandle: null },
            },
          ],
        },
        grants: [`adp.programmeAdmin.create@${fcp.id}`, 'adp.programmeAdmin.delete@adm-pat'],
      },
    );
    expect(await screen.findByText('Pat Programme')).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Add programme admin' })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: `Remove Pat Programme from ${fcp.title}` })).toBeInTheDocument();
  });

  it('explains when the entity is not an ADP programme or project', async () => {
    await renderWithApis(
      <EntityProvider entity={{ ...programmeGroup, metadata: { name: 'plain' }, spec: { type: 'team' } }}>
        <EntityTeamContent />
      </EntityProvider>,
      { api: {} },
    );
    expect(await screen.findByText(/Not an ADP programme or project/)).toBeInTheDocument();
  });
});
