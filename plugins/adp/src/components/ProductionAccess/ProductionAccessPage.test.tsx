import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  LEARNING_OBJECTIVES,
  MyProductionAccess,
  PRODUCTION_LEVELS,
  ProductionAccessQueue,
  ProductionAccessRequest,
  ProductionAccessReview,
} from '@adp-portal/plugin-adp-common';
import { AdpPage } from '../AdpPage/AdpPage';
import { renderWithApis, responseError } from '../../__testUtils__/renderWithApis';

const acd = { id: 'proj-acd', name: 'fcp-acd', title: 'Annual Compliance Data' };

const record = (over: Partial<ProductionAccessRequest> = {}): ProductionAccessRequest => ({
  id: 'req-1',
  projectId: acd.id,
  userRef: 'user:default/tess',
  level: 'production-deploy',
  justification: 'Releasing the claims API',
  status: 'pending',
  checklist: [],
  apprentice: false,
  lineManagerRef: null,
  lineManagerApprovedAt: null,
  lineManagerNote: null,
  sponsorConfirmations: [],
  decidedAt: null,
  decidedBy: null,
  decisionNote: null,
  grantedAt: null,
  lastRecertifiedAt: null,
  lastRecertifiedBy: null,
  endedAt: null,
  endedBy: null,
  endReason: null,
  endNote: null,
  createdAt: '2026-03-02T09:00:00.000Z',
  createdBy: 'user:default/tess',
  updatedAt: '2026-03-02T09:00:00.000Z',
  updatedBy: 'user:default/tess',
  user: { userRef: 'user:default/tess', displayName: 'Tess Technical', email: null, githubHandle: 'tess-technical' },
  project: acd,
  ...over,
});

const mine = (over: Partial<MyProductionAccess> = {}): MyProductionAccess => ({
  requests: [],
  eligibleProjects: [acd],
  profile: { apprentice: false, lineManagerRef: null, employment: 'contractor' },
  ...over,
});
const emptyQueue: ProductionAccessQueue = { sponsor: [], lineManager: [] };

function render(api: Record<string, unknown>) {
  return renderWithApis(<AdpPage />, {
    api: {
      getMyProductionAccess: async () => mine(),
      getProductionAccessQueue: async () => emptyQueue,
      getProductionAccessReviews: async () => [],
      ...api,
    },
    routeEntries: ['/production-access'],
  });
}

const choose = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label, { exact: false }), { target: { value } });

describe('ProductionAccessPage', () => {
  it('is one of the Delivery sections and lists my levels and requests', async () => {
    await render({
      getMyProductionAccess: async () =>
        mine({
          requests: [
            record({ id: 'a', status: 'active', grantedAt: '2026-03-03T10:00:00.000Z', decidedBy: 'user:default/dee' }),
            record({ id: 'b', level: 'production-admin', status: 'revoked', endedAt: '2026-04-20T10:00:00.000Z', endReason: 'inactivity' }),
          ],
        }),
    });
    expect(screen.getByRole('navigation', { name: 'Delivery sections' })).toHaveTextContent('Production access');
    const table = await screen.findByRole('table', { name: 'My production access' });
    const granted = within(table).getByText('Granted').closest('tr')!;
    expect(granted).toHaveTextContent('Production Deploy');
    expect(granted).toHaveTextContent('Granted 2026-03-03 by user:default/dee');
    expect(within(table).getByText('Revoked').closest('tr')).toHaveTextContent('2026-04-20: more than six weeks without activity');
  });

  it('requests Production Deploy with a justification and reloads', async () => {
    const requestProductionAccess = jest.fn(async () => record());
    const getMyProductionAccess = jest.fn(async () => mine());
    await render({ requestProductionAccess, getMyProductionAccess });
    await screen.findByRole('form', { name: 'Request production access' });
    fireEvent.click(screen.getByRole('button', { name: 'Request' }));
    expect(await screen.findByText('Project is required')).toBeInTheDocument();
    expect(requestProductionAccess).not.toHaveBeenCalled();

    choose('Project', acd.id);
    choose('Level', 'production-deploy');
    expect(screen.getByRole('list', { name: 'What Production Deploy gives' })).toHaveTextContent('Merge pull requests in continuously deployed repositories');
    expect(screen.queryByText(/Learning checklist/)).not.toBeInTheDocument();
    choose('Why do you need it?', 'Releasing the claims API');
    fireEvent.click(screen.getByRole('button', { name: 'Request' }));
    await waitFor(() =>
      expect(requestProductionAccess).toHaveBeenCalledWith({ projectId: acd.id, level: 'production-deploy', justification: 'Releasing the claims API' }),
    );
    expect(await screen.findByText(/Requested Production Deploy on Annual Compliance Data/)).toBeInTheDocument();
    await waitFor(() => expect(getMyProductionAccess).toHaveBeenCalledTimes(2));
  });

  it('asks for the learning checklist with Production Admin and shows the server’s refusal', async () => {
    const refusal = await responseError(409, { name: 'ConflictError', message: 'Production Admin requires Production Deploy on Annual Compliance Data first' });
    const requestProductionAccess = jest.fn(async () => Promise.reject(refusal));
    await render({ requestProductionAccess, getMyProductionAccess: async () => mine({ profile: { apprentice: true, lineManagerRef: 'user:default/liz', employment: null } }) });
    await screen.findByRole('form', { name: 'Request production access' });
    choose('Project', acd.id);
    choose('Level', 'production-admin');
    expect(screen.getByText(/your line manager \(user:default\/liz\) must approve/)).toBeInTheDocument();
    const stack = screen.getByRole('group', { name: LEARNING_OBJECTIVES[0].title });
    fireEvent.click(within(stack).getByRole('checkbox'));
    fireEvent.change(within(stack).getByLabelText('Done on'), { target: { value: '2026-02-10' } });
    fireEvent.change(within(stack).getByLabelText('Note'), { target: { value: 'Architecture session' } });
    choose('Why do you need it?', 'Second line');
    fireEvent.click(screen.getByRole('button', { name: 'Request' }));
    await waitFor(() =>
      expect(requestProductionAccess).toHaveBeenCalledWith({
        projectId: acd.id,
        level: 'production-admin',
        justification: 'Second line',
        checklist: [{ objective: 'technical-stack', completedOn: '2026-02-10', note: 'Architecture session', evidenceUrl: null }],
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Production Admin requires Production Deploy on Annual Compliance Data first');
  });

  it('lets a sponsor approve only after confirming every check, and refuse only with a reason', async () => {
    const decideProductionAccess = jest.fn(async () => record({ status: 'active' }));
    await render({ getProductionAccessQueue: async () => ({ sponsor: [record()], lineManager: [] }), decideProductionAccess });
    const card = await screen.findByRole('region', { name: 'Tess Technical asks for Production Deploy on Annual Compliance Data' });
    const approve = within(card).getByRole('button', { name: 'Approve' });
    const refuse = within(card).getByRole('button', { name: 'Refuse' });
    expect(approve).toBeDisabled();
    expect(refuse).toBeDisabled();
    const checks = PRODUCTION_LEVELS['production-deploy'].sponsorShouldEnsure;
    for (const c of checks.slice(0, -1)) fireEvent.click(within(card).getByLabelText(c.text));
    expect(approve).toBeDisabled();
    fireEvent.click(within(card).getByLabelText(checks[checks.length - 1].text));
    expect(approve).toBeEnabled();
    fireEvent.click(approve);
    await waitFor(() =>
      expect(decideProductionAccess).toHaveBeenCalledWith('req-1', { decision: 'approve', confirmations: checks.map(c => c.id), note: null }),
    );
    fireEvent.change(within(card).getByLabelText(/Note \(a reason is needed to refuse\)/), { target: { value: 'Not yet' } });
    expect(refuse).toBeEnabled();
    fireEvent.click(refuse);
    await waitFor(() => expect(decideProductionAccess).toHaveBeenLastCalledWith('req-1', { decision: 'refuse', note: 'Not yet' }));
  });

  it('shows a Production Admin request’s checklist to the sponsor and waits for an apprentice’s line manager', async () => {
    const checklist = LEARNING_OBJECTIVES.slice(0, 3).map(o => ({ objective: o.id, completedOn: '2026-02-10', note: `did ${o.id}`, evidenceUrl: null, confirmedAt: null, confirmedBy: null }));
    await render({
      getProductionAccessQueue: async () => ({
        sponsor: [record({ level: 'production-admin', checklist, apprentice: true, lineManagerRef: 'user:default/liz' })],
        lineManager: [record({ id: 'req-2', level: 'production-admin', apprentice: true, user: { userRef: 'user:default/tom', displayName: 'Tom Apprentice', email: null, githubHandle: null } })],
      }),
      approveProductionAccessAsLineManager: jest.fn(async () => record()),
    });
    const card = await screen.findByRole('region', { name: 'Tess Technical asks for Production Admin on Annual Compliance Data' });
    expect(within(card).getByText(/their line manager \(user:default\/liz\) must approve first/)).toBeInTheDocument();
    expect(within(card).getByText(`Not done yet: ${LEARNING_OBJECTIVES[3].title}`)).toBeInTheDocument();
    expect(within(card).getByText(/did deployment-pipeline/)).toBeInTheDocument();
    for (const c of PRODUCTION_LEVELS['production-admin'].sponsorShouldEnsure) fireEvent.click(within(card).getByLabelText(c.text));
    for (const o of LEARNING_OBJECTIVES.slice(0, 3)) fireEvent.click(within(card).getByLabelText(`Checked: ${o.title}`));
    expect(within(card).getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByRole('list', { name: 'Apprentice requests awaiting your approval' })).toHaveTextContent('Tom Apprentice (apprentice) asks for Production Admin');
  });

  it('shows reviews with last activity, recertifies, and revokes with a reason', async () => {
    const review: ProductionAccessReview = {
      ...record({ status: 'active', grantedAt: '2026-01-01T09:00:00.000Z', decidedBy: 'user:default/dee' }),
      lastActiveAt: '2026-03-20T08:00:00.000Z',
      revokeForAbsenceAt: '2026-05-01T08:00:00.000Z',
      recertifyBy: '2026-04-01T09:00:00.000Z',
      recertificationDue: true,
    };
    const recertifyProductionAccess = jest.fn(async () => record());
    const revokeProductionAccess = jest.fn(async () => record());
    await render({ getProductionAccessReviews: async () => [review], recertifyProductionAccess, revokeProductionAccess });
    const table = await screen.findByRole('table', { name: 'Production access you sponsor' });
    const row = within(table).getByText('Tess Technical').closest('tr')!;
    expect(row).toHaveTextContent('2026-03-20');
    expect(row).toHaveTextContent('2026-05-01');
    expect(within(row).getByText('Due')).toBeInTheDocument();
    fireEvent.click(within(row).getByRole('button', { name: 'Recertify Production Deploy of Tess Technical' }));
    await waitFor(() => expect(recertifyProductionAccess).toHaveBeenCalledWith('req-1', {}));
    fireEvent.click(within(row).getByRole('button', { name: 'Revoke Production Deploy of Tess Technical' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Reason/), { target: { value: 'Moved team' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(revokeProductionAccess).toHaveBeenCalledWith('req-1', { reason: 'Moved team' }));
  });
});
