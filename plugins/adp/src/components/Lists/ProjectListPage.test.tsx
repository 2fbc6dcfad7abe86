import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AdpPage } from '../AdpPage/AdpPage';
import { page, renderWithApis } from '../../__testUtils__/renderWithApis';
import { acd, fcp, rpa } from '../../__testUtils__/fixtures';

const api = {
  listProjects: jest.fn(async () => page([acd])),
  listAlbs: async () => page([rpa]),
  listProgrammes: async () => page([{ ...fcp, projectCount: 2 }]),
  getProgramme: async () => fcp,
};

describe('ProjectListPage', () => {
  it('filters by the programme in the URL and offers create when permitted on that programme', async () => {
    await renderWithApis(<AdpPage />, {
      api,
      grants: [`adp.project.create@${fcp.id}`, `adp.project.update@${acd.id}`],
      routeEntries: [`/projects?programmeId=${fcp.id}`],
    });
    expect(await screen.findByRole('link', { name: acd.title })).toHaveAttribute(
      'href',
      '/catalog/default/group/fcp-annual-compliance-data',
    );
    expect(api.listProjects).toHaveBeenCalledWith(expect.objectContaining({ programmeId: fcp.id }));
    expect(await screen.findByRole('button', { name: `Edit ${acd.title}` })).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: `Create project in ${fcp.title}` }));
    const dialog = await screen.findByRole('dialog', { name: `Create delivery project in ${fcp.title}` });
    expect(within(dialog).getByLabelText(/^Title/)).toBeInTheDocument();
  });

  it('offers no create without permission on the programme', async () => {
    await renderWithApis(<AdpPage />, {
      api,
      grants: ['adp.project.create@some-other-programme'],
      routeEntries: [`/projects?programmeId=${fcp.id}`],
    });
    await screen.findByRole('link', { name: acd.title });
    expect(screen.queryByRole('button', { name: `Create project in ${fcp.title}` })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: `Edit ${acd.title}` })).not.toBeInTheDocument();
  });

  it('filters to my projects and archived ones with the toggles', async () => {
    await renderWithApis(<AdpPage />, { api, routeEntries: ['/projects'] });
    await screen.findByRole('link', { name: acd.title });
    fireEvent.click(screen.getByLabelText('Only mine'));
    fireEvent.click(screen.getByLabelText('Include archived'));
    await screen.findByRole('link', { name: acd.title });
    expect(api.listProjects).toHaveBeenLastCalledWith(
      expect.objectContaining({ mine: true, includeArchived: true, offset: 0 }),
    );
  });

  it('asks for the filter options only once the first page has answered', async () => {
    type ProjectPage = ReturnType<typeof page<typeof acd>>;
    let answer: (value: ProjectPage) => void = () => {};
    const listAlbs = jest.fn(async () => page([rpa]));
    const listProgrammes = jest.fn(async () => page([{ ...fcp, projectCount: 2 }]));
    const listProjects = jest.fn(() => new Promise<ProjectPage>(resolve => (answer = resolve)));
    await renderWithApis(<AdpPage />, {
      api: { ...api, listProjects, listAlbs, listProgrammes },
      routeEntries: ['/projects'],
    });
    await waitFor(() => expect(listProjects).toHaveBeenCalled());
    expect(listAlbs).not.toHaveBeenCalled();
    expect(listProgrammes).not.toHaveBeenCalled();

    answer(page([acd]));
    await screen.findByRole('link', { name: acd.title });
    await waitFor(() => expect(listProgrammes).toHaveBeenCalled());
    expect(listAlbs).toHaveBeenCalled();
    fireEvent.mouseDown(screen.getByLabelText('Programme'));
    expect(await screen.findByRole('option', { name: fcp.title })).toBeInTheDocument();
  });
});
