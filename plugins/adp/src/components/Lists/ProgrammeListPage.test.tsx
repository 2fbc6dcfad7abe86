import { screen } from '@testing-library/react';
import { ProgrammeListPage } from './ProgrammeListPage';
import { page, renderWithApis } from '../../__testUtils__/renderWithApis';
import { fcp } from '../../__testUtils__/fixtures';

describe('ProgrammeListPage', () => {
  it('shows how many projects each programme has, linking to them, without a request per programme', async () => {
    const listProjects = jest.fn();
    await renderWithApis(<ProgrammeListPage />, {
      api: { listProgrammes: async () => page([{ ...fcp, projectCount: 12 }]), listProjects },
    });
    const count = await screen.findByRole('link', { name: `12 projects of ${fcp.title}` });
    expect(count).toHaveTextContent('12');
    expect(count).toHaveAttribute('href', `/adp/projects?programmeId=${fcp.id}`);
    expect(screen.getByRole('link', { name: fcp.title })).toHaveAttribute(
      'href',
      `/catalog/programme/group/${fcp.name}`,
    );
    expect(listProjects).not.toHaveBeenCalled();
  });

  it('hides create and edit without permission', async () => {
    await renderWithApis(<ProgrammeListPage />, { api: { listProgrammes: async () => page([{ ...fcp, projectCount: 0 }]) } });
    await screen.findByRole('link', { name: fcp.title });
    expect(screen.queryByRole('button', { name: 'Create delivery programme' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: `Edit ${fcp.title}` })).not.toBeInTheDocument();
  });
});
