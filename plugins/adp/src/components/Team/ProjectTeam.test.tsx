import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ProjectTeam } from './ProjectTeam';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { acd, nora, tess } from '../../__testUtils__/fixtures';

const baseApi = () => ({
  getProject: jest.fn(async () => acd),
  listProjectMembers: jest.fn(async () => [tess, nora]),
  removeProjectMember: jest.fn(async () => undefined),
  updateProjectMember: jest.fn(async () => ({ ...nora, technical: true })),
});

describe('ProjectTeam', () => {
  it('lists members with their roles as text and GitHub handles', async () => {
    await renderWithApis(<ProjectTeam projectId={acd.id} />, {
      api: baseApi(),
    });
    const table = await screen.findByRole('table', {
      name: `Team members of ${acd.title}`,
    });
    const tessRow = within(table).getByText('Tess Technical').closest('tr')!;
    expect(within(tessRow).getByText('Member')).toBeInTheDocument();
    expect(within(tessRow).getByText('Technical')).toBeInTheDocument();
    expect(within(tessRow).queryByText('Admin')).not.toBeInTheDocument();
    expect(within(tessRow).getByText('tess-technical')).toBeInTheDocument();
  });

  it('hides add, change and remove without permission', async () => {
    await renderWithApis(<ProjectTeam projectId={acd.id} />, {
      api: baseApi(),
    });
    await screen.findByText('Tess Technical');
    expect(
      screen.queryByRole('button', { name: 'Add team member' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Remove / }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Change role/ }),
    ).not.toBeInTheDocument();
  });

  it('shows each control only where permitted, per member', async () => {
    await renderWithApis(<ProjectTeam projectId={acd.id} />, {
      api: baseApi(),
      grants: [
        `adp.projectMember.create@${acd.id}`,
        `adp.projectMember.delete@${tess.id}`,
      ],
    });
    expect(
      await screen.findByRole('button', { name: 'Add team member' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', {
        name: 'Remove Tess Technical from Annual Compliance Data',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', {
        name: 'Remove Nora Member from Annual Compliance Data',
      }),
    ).not.toBeInTheDocument();
  });

  it('asks for confirmation before removing', async () => {
    const api = baseApi();
    await renderWithApis(<ProjectTeam projectId={acd.id} />, {
      api,
      grants: ['adp.projectMember.delete'],
    });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Remove Tess Technical from Annual Compliance Data',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Remove team member',
    });
    expect(dialog).toHaveTextContent(
      'Remove Tess Technical from Annual Compliance Data?',
    );
    expect(api.removeProjectMember).not.toHaveBeenCalled();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.removeProjectMember).not.toHaveBeenCalled();

    fireEvent.click(
      screen.getByRole('button', {
        name: 'Remove Tess Technical from Annual Compliance Data',
      }),
    );
    fireEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Remove',
      }),
    );
    await waitFor(() =>
      expect(api.removeProjectMember).toHaveBeenCalledWith(acd.id, tess.id),
    );
    await waitFor(() =>
      expect(api.listProjectMembers).toHaveBeenCalledTimes(2),
    );
  });

  it('makes a member technical without asking for their GitHub account, which they link themselves', async () => {
    const api = baseApi();
    await renderWithApis(<ProjectTeam projectId={acd.id} />, {
      api,
      grants: ['adp.projectMember.update'],
    });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Change role of Nora Member in Annual Compliance Data',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Change role of Nora Member in Annual Compliance Data',
    });
    expect(within(dialog).queryByRole('textbox', { name: /GitHub/ })).not.toBeInTheDocument();
    fireEvent.click(within(dialog).getByLabelText(/Technical team member/));
    expect(
      within(dialog).getByText(
        /GitHub access follows once the person has linked their GitHub account/,
      ),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateProjectMember).toHaveBeenCalledWith(acd.id, nora.id, {
        technical: true,
        admin: false,
      }),
    );
  });

  it('shows a technical member without a linked account as waiting for one', async () => {
    const api = {
      ...baseApi(),
      listProjectMembers: jest.fn(async () => [
        { ...tess, user: { ...tess.user!, githubHandle: null } },
        nora,
      ]),
    };
    await renderWithApis(<ProjectTeam projectId={acd.id} />, { api });
    const table = await screen.findByRole('table', {
      name: `Team members of ${acd.title}`,
    });
    const tessRow = within(table).getByText('Tess Technical').closest('tr')!;
    expect(
      within(tessRow).getByText('waiting for a GitHub account'),
    ).toBeInTheDocument();
    const noraRow = within(table).getByText('Nora Member').closest('tr')!;
    expect(
      within(noraRow).queryByText('waiting for a GitHub account'),
    ).not.toBeInTheDocument();
  });
});
