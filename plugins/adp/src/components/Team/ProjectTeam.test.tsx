import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ProjectTeam } from './ProjectTeam';
import { renderWithApis, responseError } from '../../__testUtils__/renderWithApis';
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

  it("shows when a member's access ends, and sets, shows server refusals of, and clears the end date", async () => {
    const cara = { ...nora, id: 'mem-cara', userRef: 'user:default/cara', endsAt: '2026-04-01', user: { ...nora.user!, userRef: 'user:default/cara', displayName: 'Cara Contractor' } };
    const refusal = await responseError(400, {
      name: 'InputError',
      message: 'endsAt: End date must be after today; to end the membership now, remove the member',
      details: [{ path: 'endsAt', message: 'End date must be after today; to end the membership now, remove the member' }],
    });
    const api = {
      ...baseApi(),
      listProjectMembers: jest.fn(async () => [tess, cara]),
      updateProjectMember: jest.fn().mockRejectedValueOnce(refusal).mockResolvedValue({ ...tess, endsAt: '2026-06-30' }),
    };
    await renderWithApis(<ProjectTeam projectId={acd.id} />, { api, grants: ['adp.projectMember.update'] });
    const table = await screen.findByRole('table', { name: `Team members of ${acd.title}` });
    expect(within(within(table).getByText('Cara Contractor').closest('tr')!).getByText('Access ends on 2026-04-01')).toBeInTheDocument();
    expect(within(within(table).getByText('Tess Technical').closest('tr')!).queryByText(/Access ends on/)).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Change role of Tess Technical in Annual Compliance Data' }));
    let dialog = await screen.findByRole('dialog', { name: 'Change role of Tess Technical in Annual Compliance Data' });
    const date = within(dialog).getByLabelText('Access ends on (optional)');
    expect(date).toHaveValue('');
    fireEvent.change(date, { target: { value: '2026-01-01' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('End date must be after today; to end the membership now, remove the member')).toBeInTheDocument();
    fireEvent.change(date, { target: { value: '2026-06-30' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateProjectMember).toHaveBeenLastCalledWith(acd.id, tess.id, { technical: true, admin: false, endsAt: '2026-06-30' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    // Clearing Cara's date sends null: no end.
    fireEvent.click(screen.getByRole('button', { name: 'Change role of Cara Contractor in Annual Compliance Data' }));
    dialog = await screen.findByRole('dialog', { name: 'Change role of Cara Contractor in Annual Compliance Data' });
    expect(within(dialog).getByLabelText('Access ends on (optional)')).toHaveValue('2026-04-01');
    fireEvent.change(within(dialog).getByLabelText('Access ends on (optional)'), { target: { value: '' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateProjectMember).toHaveBeenLastCalledWith(acd.id, 'mem-cara', { technical: false, admin: false, endsAt: null }));
  });
});
