import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { TeamJoinRequest } from '@adp-portal/plugin-adp-common';
import { ProjectTeam } from './ProjectTeam';
import { renderWithApis, responseError } from '../../__testUtils__/renderWithApis';
import { acd, nora, tess } from '../../__testUtils__/fixtures';

const PAUL = 'user:default/paul';
const stamp = { createdAt: '2026-03-02T09:00:00.000Z', createdBy: PAUL, updatedAt: '2026-03-02T09:00:00.000Z', updatedBy: PAUL };
const pauls: TeamJoinRequest = {
  id: 'jr-1', projectId: acd.id, userRef: PAUL, reason: 'Testing the claims API', status: 'pending',
  decidedBy: null, decidedAt: null, decisionNote: null, user: { userRef: PAUL, displayName: 'Paul Platform', email: null, githubHandle: null }, ...stamp,
};

const api = (requests: TeamJoinRequest[]) => ({
  getProject: jest.fn(async () => acd),
  listProjectMembers: jest.fn(async () => [tess, nora]),
  listJoinRequests: jest.fn(async () => requests),
  askToJoin: jest.fn(async () => pauls),
  decideJoinRequest: jest.fn(async () => ({ ...pauls, status: 'approved' as const })),
});

describe('Join requests on the Team tab', () => {
  it('lets someone not on the team ask with a reason, showing a missing reason from the server on the field', async () => {
    const a = api([]);
    a.askToJoin.mockRejectedValueOnce(await responseError(400, { name: 'InputError', message: 'reason: Reason is required', details: [{ path: 'reason', message: 'Reason is required' }] }));
    await renderWithApis(<ProjectTeam projectId={acd.id} />, { api: a, userRef: PAUL });
    fireEvent.click(await screen.findByRole('button', { name: 'Ask to join this team' }));
    const dialog = await screen.findByRole('dialog', { name: `Ask to join ${acd.title}` });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ask' }));
    expect(await within(dialog).findByText('Reason is required')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText(/Why you want to join/), { target: { value: 'Testing the claims API' } });
    a.listJoinRequests.mockResolvedValue([pauls]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ask' }));
    await waitFor(() => expect(a.askToJoin).toHaveBeenLastCalledWith(acd.id, { reason: 'Testing the claims API' }));
    expect(await screen.findByText(/You asked to join on 2026-03-02; the team admins have not answered yet/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Ask to join this team' })).not.toBeInTheDocument();
  });

  it('offers nothing to a member, and no answers to someone who may not add members', async () => {
    await renderWithApis(<ProjectTeam projectId={acd.id} />, { api: api([pauls]), userRef: tess.userRef });
    await screen.findByText('Tess Technical');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Ask to join this team' })).not.toBeInTheDocument());
    expect(screen.queryByRole('table', { name: `Requests to join ${acd.title}` })).not.toBeInTheDocument();
  });

  it('shows a team admin what waits, and approves, refreshing the team', async () => {
    const a = api([pauls]);
    await renderWithApis(<ProjectTeam projectId={acd.id} />, { api: a, userRef: 'user:default/dee', grants: [`adp.projectMember.create@${acd.id}`] });
    const table = await screen.findByRole('table', { name: `Requests to join ${acd.title}` });
    expect(within(table).getByText('Testing the claims API')).toBeInTheDocument();
    fireEvent.click(within(table).getByRole('button', { name: 'Approve Paul Platform' }));
    await waitFor(() => expect(a.decideJoinRequest).toHaveBeenCalledWith('jr-1', { decision: 'approve' }));
    await waitFor(() => expect(a.listProjectMembers).toHaveBeenCalledTimes(2));
  });

  it('shows a refusal from the server (another admin answered first)', async () => {
    const a = api([pauls]);
    a.decideJoinRequest.mockRejectedValueOnce(await responseError(409, { name: 'ConflictError', message: 'This request was already approved' }));
    await renderWithApis(<ProjectTeam projectId={acd.id} />, { api: a, userRef: 'user:default/dee', grants: [`adp.projectMember.create@${acd.id}`] });
    fireEvent.click(await screen.findByRole('button', { name: 'Refuse Paul Platform' }));
    expect(await screen.findByText('This request was already approved')).toBeInTheDocument();
  });
});
