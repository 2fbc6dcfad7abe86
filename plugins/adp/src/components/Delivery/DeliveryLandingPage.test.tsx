import { screen, within } from '@testing-library/react';
import { AdpPage } from '../AdpPage/AdpPage';
import { page, renderWithApis } from '../../__testUtils__/renderWithApis';
import { acd, fcp, rpa } from '../../__testUtils__/fixtures';

describe('DeliveryLandingPage', () => {
  it('shows ALBs → programmes → project counts with links to the lists', async () => {
    // The counts come with the programme list: no request per programme.
    const listProjects = jest.fn(async () => page([acd]));
    await renderWithApis(<AdpPage />, {
      api: {
        listAlbs: async () => page([rpa]),
        listProgrammes: async () => page([{ ...fcp, projectCount: 7 }]),
        listProjects,
      },
      routeEntries: ['/'],
    });
    const programmes = await screen.findByRole('list', { name: `Programmes of ${rpa.title}` });
    expect(within(programmes).getByRole('link', { name: fcp.title })).toHaveAttribute(
      'href',
      '/catalog/programme/group/farming-and-countryside-programme',
    );
    expect(within(programmes).getByRole('link', { name: '7 projects' })).toHaveAttribute(
      'href',
      `/adp/projects?programmeId=${fcp.id}`,
    );
    expect(listProjects).not.toHaveBeenCalled();
    expect(screen.getByRole('link', { name: rpa.title })).toHaveAttribute('href', '/catalog/alb/group/rural-payments-agency');
    expect(screen.getByText('1 programme')).toBeInTheDocument();
  });
});
