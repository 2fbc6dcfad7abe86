import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  LEARNING_OBJECTIVES,
  MyProductionAccess,
  PRODUCTION_LEVELS,
  ProductionAccessQueue,
  ProductionAccessRequest,
  ProductionAccessReview,
  UserProfile,
} from '@adp-portal/plugin-adp-common';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AdpPage } from '../AdpPage/AdpPage';
import {
  Grants,
  renderWithApis,
  responseError,
} from '../../__testUtils__/renderWithApis';

const acd = {
  id: 'proj-acd',
  name: 'fcp-acd',
  title: 'Annual Compliance Data',
};

const record = (
  over: Partial<ProductionAccessRequest> = {},
): ProductionAccessRequest => ({
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
  user: {
    userRef: 'user:default/tess',
    displayName: 'Tess Technical',
    email: null,
    githubHandle: 'tess-technical',
  },
  project: acd,
  ...over,
});

const mine = (over: Partial<MyProductionAccess> = {}): MyProductionAccess => ({
  requests: [],
  eligibleProjects: [acd],
  profile: {
    apprentice: false,
    lineManagerRef: null,
    employment: 'contractor',
  },
  ...over,
});
const emptyQueue: ProductionAccessQueue = { sponsor: [], lineManager: [] };

const userEntity = (name: string, displayName: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName, email: `${name}@example.gov.uk` } },
});
/** The catalog's users: their names replace the refs records keep. */
const people = () =>
  catalogApiMock({
    entities: [
      userEntity('tess', 'Tess Technical'),
      userEntity('dee', 'Dee Delivery'),
      userEntity('liz', 'Liz Lead'),
    ],
  });

function render(
  api: Record<string, unknown>,
  options: {
    grants?: Grants;
    catalogApi?: ReturnType<typeof catalogApiMock>;
  } = {},
) {
  return renderWithApis(<AdpPage />, {
    ...options,
    api: {
      getMyProductionAccess: async () => mine(),
      getProductionAccessQueue: async () => emptyQueue,
      getProductionAccessReviews: async () => [],
      ...api,
    },
    routeEntries: ['/production-access'],
  });
}

const choose = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label, { exact: false }), {
    target: { value },
  });

describe('ProductionAccessPage', () => {
  it('is one of the Delivery sections and lists my levels and requests', async () => {
    await render({
      getMyProductionAccess: async () =>
        mine({
          requests: [
            record({
              id: 'a',
              status: 'active',
              grantedAt: '2026-03-03T10:00:00.000Z',
              decidedBy: 'user:default/dee',
            }),
            record({
              id: 'b',
              level: 'production-admin',
              status: 'revoked',
              endedAt: '2026-04-20T10:00:00.000Z',
              endReason: 'inactivity',
            }),
          ],
        }),
    });
    expect(
      screen.getByRole('tab', { name: 'Production access' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Production access', level: 2 }),
    ).toBeInTheDocument();
    const table = await screen.findByRole('table', {
      name: 'My production access',
    });
    const granted = within(table).getByText('Granted').closest('tr')!;
    expect(granted).toHaveTextContent('Production Deploy');
    expect(granted).toHaveTextContent('Granted 2026-03-03 by dee');
    expect(within(table).getByText('Revoked').closest('tr')).toHaveTextContent(
      '2026-04-20: more than six weeks without activity',
    );
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
    expect(
      screen.getByRole('list', { name: 'What Production Deploy gives' }),
    ).toHaveTextContent(
      'Merge pull requests in continuously deployed repositories',
    );
    expect(screen.queryByText(/Learning checklist/)).not.toBeInTheDocument();
    choose('Why do you need it?', 'Releasing the claims API');
    fireEvent.click(screen.getByRole('button', { name: 'Request' }));
    await waitFor(() =>
      expect(requestProductionAccess).toHaveBeenCalledWith({
        projectId: acd.id,
        level: 'production-deploy',
        justification: 'Releasing the claims API',
      }),
    );
    expect(
      await screen.findByText(
        /Requested Production Deploy on Annual Compliance Data/,
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(getMyProductionAccess).toHaveBeenCalledTimes(2));
  });

  it('asks for the learning checklist with Production Admin and shows the server’s refusal', async () => {
    const refusal = await responseError(409, {
      name: 'ConflictError',
      message:
        'Production Admin requires Production Deploy on Annual Compliance Data first',
    });
    const requestProductionAccess = jest.fn(async () =>
      Promise.reject(refusal),
    );
    await render({
      requestProductionAccess,
      getMyProductionAccess: async () =>
        mine({
          profile: {
            apprentice: true,
            lineManagerRef: 'user:default/liz',
            employment: null,
          },
        }),
    });
    await screen.findByRole('form', { name: 'Request production access' });
    choose('Project', acd.id);
    choose('Level', 'production-admin');
    expect(
      screen.getByText(/your line manager \(liz\) must approve/),
    ).toBeInTheDocument();
    const stack = screen.getByRole('group', {
      name: LEARNING_OBJECTIVES[0].title,
    });
    fireEvent.click(within(stack).getByRole('checkbox'));
    fireEvent.change(within(stack).getByLabelText('Done on'), {
      target: { value: '2026-02-10' },
    });
    fireEvent.change(within(stack).getByLabelText('Note'), {
      target: { value: 'Architecture session' },
    });
    choose('Why do you need it?', 'Second line');
    fireEvent.click(screen.getByRole('button', { name: 'Request' }));
    await waitFor(() =>
      expect(requestProductionAccess).toHaveBeenCalledWith({
        projectId: acd.id,
        level: 'production-admin',
        justification: 'Second line',
        checklist: [
          {
            objective: 'technical-stack',
            completedOn: '2026-02-10',
            note: 'Architecture session',
            evidenceUrl: null,
          },
        ],
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Production Admin requires Production Deploy on Annual Compliance Data first',
    );
  });

  it('lets a sponsor approve only after confirming every check, and refuse only with a reason', async () => {
    const decideProductionAccess = jest.fn(async () =>
      record({ status: 'active' }),
    );
    await render({
      getProductionAccessQueue: async () => ({
        sponsor: [record()],
        lineManager: [],
      }),
      decideProductionAccess,
    });
    const card = await screen.findByRole('region', {
      name: 'Tess Technical asks for Production Deploy on Annual Compliance Data',
    });
    const approve = within(card).getByRole('button', { name: 'Approve' });
    const refuse = within(card).getByRole('button', { name: 'Refuse' });
    expect(approve).toBeDisabled();
    expect(refuse).toBeDisabled();
    const checks = PRODUCTION_LEVELS['production-deploy'].sponsorShouldEnsure;
    for (const c of checks.slice(0, -1))
      fireEvent.click(within(card).getByLabelText(c.text));
    expect(approve).toBeDisabled();
    fireEvent.click(
      within(card).getByLabelText(checks[checks.length - 1].text),
    );
    expect(approve).toBeEnabled();
    fireEvent.click(approve);
    await waitFor(() =>
      expect(decideProductionAccess).toHaveBeenCalledWith('req-1', {
        decision: 'approve',
        confirmations: checks.map(c => c.id),
        note: null,
      }),
    );
    fireEvent.change(
      within(card).getByLabelText(/Note \(a reason is needed to refuse\)/),
      { target: { value: 'Not yet' } },
    );
    expect(refuse).toBeEnabled();
    fireEvent.click(refuse);
    await waitFor(() =>
      expect(decideProductionAccess).toHaveBeenLastCalledWith('req-1', {
        decision: 'refuse',
        note: 'Not yet',
      }),
    );
  });

  it('shows a Production Admin request’s checklist to the sponsor and waits for an apprentice’s line manager', async () => {
    const checklist = LEARNING_OBJECTIVES.slice(0, 3).map(o => ({
      objective: o.id,
      completedOn: '2026-02-10',
      note: `did ${o.id}`,
      evidenceUrl: null,
      confirmedAt: null,
      confirmedBy: null,
    }));
    await render({
      getProductionAccessQueue: async () => ({
        sponsor: [
          record({
            level: 'production-admin',
            checklist,
            apprentice: true,
            lineManagerRef: 'user:default/liz',
          }),
        ],
        lineManager: [
          record({
            id: 'req-2',
            level: 'production-admin',
            apprentice: true,
            user: {
              userRef: 'user:default/tom',
              displayName: 'Tom Apprentice',
              email: null,
              githubHandle: null,
            },
          }),
        ],
      }),
      approveProductionAccessAsLineManager: jest.fn(async () => record()),
    });
    const card = await screen.findByRole('region', {
      name: 'Tess Technical asks for Production Admin on Annual Compliance Data',
    });
    expect(
      within(card).getByText(/their line manager \(liz\) must approve first/),
    ).toBeInTheDocument();
    expect(
      within(card).getByText(`Not done yet: ${LEARNING_OBJECTIVES[3].title}`),
    ).toBeInTheDocument();
    expect(
      within(card).getByText(/did deployment-pipeline/),
    ).toBeInTheDocument();
    for (const c of PRODUCTION_LEVELS['production-admin'].sponsorShouldEnsure)
      fireEvent.click(within(card).getByLabelText(c.text));
    for (const o of LEARNING_OBJECTIVES.slice(0, 3))
      fireEvent.click(within(card).getByLabelText(`Checked: ${o.title}`));
    expect(
      within(card).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('list', {
        name: 'Apprentice requests awaiting your approval',
      }),
    ).toHaveTextContent(
      'Tom Apprentice (apprentice) asks for Production Admin',
    );
  });

  it('shows reviews with last activity, recertifies, and revokes with a reason', async () => {
    const review: ProductionAccessReview = {
      ...record({
        status: 'active',
        grantedAt: '2026-01-01T09:00:00.000Z',
        decidedBy: 'user:default/dee',
      }),
      lastActiveAt: '2026-03-20T08:00:00.000Z',
      revokeForAbsenceAt: '2026-05-01T08:00:00.000Z',
      recertifyBy: '2026-04-01T09:00:00.000Z',
      recertificationDue: true,
    };
    const recertifyProductionAccess = jest.fn(async () => record());
    const revokeProductionAccess = jest.fn(async () => record());
    await render({
      getProductionAccessReviews: async () => [review],
      recertifyProductionAccess,
      revokeProductionAccess,
    });
    const table = await screen.findByRole('table', {
      name: 'Production access you sponsor',
    });
    const row = within(table).getByText('Tess Technical').closest('tr')!;
    expect(row).toHaveTextContent('2026-03-20');
    expect(row).toHaveTextContent('2026-05-01');
    expect(within(row).getByText('Due')).toBeInTheDocument();
    fireEvent.click(
      within(row).getByRole('button', {
        name: 'Recertify Production Deploy of Tess Technical',
      }),
    );
    await waitFor(() =>
      expect(recertifyProductionAccess).toHaveBeenCalledWith('req-1', {}),
    );
    fireEvent.click(
      within(row).getByRole('button', {
        name: 'Revoke Production Deploy of Tess Technical',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'Moved team' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await waitFor(() =>
      expect(revokeProductionAccess).toHaveBeenCalledWith('req-1', {
        reason: 'Moved team',
      }),
    );
  });

  it('names people rather than their refs, and puts what awaits a sponsor first', async () => {
    await render(
      {
        getMyProductionAccess: async () =>
          mine({
            requests: [
              record({
                id: 'a',
                status: 'active',
                grantedAt: '2026-03-03T10:00:00.000Z',
                decidedBy: 'user:default/dee',
              }),
              record({
                id: 'b',
                project: {
                  id: 'p2',
                  name: 'fcp-sfi',
                  title: 'Sustainable Farming',
                },
                status: 'refused',
                decidedAt: '2026-03-04T10:00:00.000Z',
                decidedBy: 'user:default/dee',
                decisionNote: 'Not yet',
              }),
            ],
            profile: {
              apprentice: true,
              lineManagerRef: 'user:default/liz',
              employment: 'civil-servant',
            },
          }),
        getProductionAccessQueue: async () => ({
          sponsor: [
            record({
              id: 'c',
              level: 'production-admin',
              apprentice: true,
              lineManagerRef: 'user:default/liz',
              user: {
                userRef: 'user:default/tom',
                displayName: 'Tom Apprentice',
                email: null,
                githubHandle: null,
              },
            }),
          ],
          lineManager: [],
        }),
      },
      { catalogApi: people() },
    );
    const table = await screen.findByRole('table', {
      name: 'My production access',
    });
    await waitFor(() =>
      expect(
        within(table).getByText('Granted').closest('tr'),
      ).toHaveTextContent('Granted 2026-03-03 by Dee Delivery'),
    );
    expect(within(table).getByText('Refused').closest('tr')).toHaveTextContent(
      'Refused 2026-03-04 by Dee Delivery: Not yet',
    );
    const card = screen.getByRole('region', {
      name: 'Tom Apprentice asks for Production Admin on Annual Compliance Data',
    });
    expect(
      within(card).getByText(
        /their line manager \(Liz Lead\) must approve first/,
      ),
    ).toBeInTheDocument();
    choose('Level', 'production-admin');
    expect(
      screen.getByText(/your line manager \(Liz Lead\) must approve/),
    ).toBeInTheDocument();
    // Dee's queue is the first thing on her page, before her own (here: someone's) requests.
    const queue = screen.getByText('Awaiting your decision');
    const own = screen.getByText('My levels and requests');
    expect(
      queue.compareDocumentPosition(own) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('keeps the queue after my own requests when nothing awaits me', async () => {
    await render({});
    const own = await screen.findByText('My levels and requests');
    const queue = screen.getByText('Awaiting your decision');
    expect(
      own.compareDocumentPosition(queue) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.getByText(/Nothing awaits you/)).toBeInTheDocument();
  });

  it('lets an apprentice’s line manager record their approval with a note, and shows a refusal', async () => {
    const tom = {
      userRef: 'user:default/tom',
      displayName: 'Tom Apprentice',
      email: null,
      githubHandle: null,
    };
    const refusal = await responseError(403, {
      name: 'NotAllowedError',
      message: "Only Tom Apprentice's line manager can approve this request",
    });
    const approveProductionAccessAsLineManager = jest
      .fn()
      .mockImplementationOnce(async () => Promise.reject(refusal))
      .mockImplementationOnce(async () =>
        record({
          id: 'req-2',
          lineManagerApprovedAt: '2026-03-05T10:00:00.000Z',
        }),
      );
    const getProductionAccessQueue = jest.fn(async () => ({
      sponsor: [],
      lineManager: [
        record({
          id: 'req-2',
          level: 'production-admin',
          apprentice: true,
          lineManagerRef: 'user:default/liz',
          justification: 'Second line shift',
          user: tom,
        }),
      ],
    }));
    await render({
      getProductionAccessQueue,
      approveProductionAccessAsLineManager,
    });
    const list = await screen.findByRole('list', {
      name: 'Apprentice requests awaiting your approval',
    });
    fireEvent.click(
      within(list).getByRole('button', {
        name: 'Approve as line manager: Tom Apprentice',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: "Approve Tom Apprentice's Production Admin request as their line manager",
    });
    expect(dialog).toHaveTextContent('“Second line shift”');
    fireEvent.change(within(dialog).getByLabelText('Note for the sponsor'), {
      target: { value: 'Ready for a Secondary shift' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Only Tom Apprentice's line manager can approve this request",
    );
    expect(getProductionAccessQueue).toHaveBeenCalledTimes(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(approveProductionAccessAsLineManager).toHaveBeenCalledTimes(2);
    expect(approveProductionAccessAsLineManager).toHaveBeenLastCalledWith(
      'req-2',
      { note: 'Ready for a Secondary shift' },
    );
    await waitFor(() =>
      expect(getProductionAccessQueue).toHaveBeenCalledTimes(2),
    );
  });
});

describe('ProductionAccessPage: production access profiles', () => {
  const profile = (
    userRef: string,
    displayName: string,
    over: Partial<UserProfile> = {},
  ): UserProfile => ({
    userRef,
    displayName,
    email: `${userRef.split('/')[1]}@example.gov.uk`,
    entraObjectId: null,
    githubHandle: null,
    githubUserId: null,
    githubVerified: false,
    employment: null,
    apprentice: false,
    lineManagerRef: null,
    lastActiveAt: null,
    ...over,
  });
  const profiles: Record<string, UserProfile> = {
    'user:default/tess': profile('user:default/tess', 'Tess Technical', {
      employment: 'civil-servant',
      githubHandle: 'tess-technical',
      lastActiveAt: '2026-03-20T08:00:00.000Z',
    }),
    'user:default/dee': profile('user:default/dee', 'Dee Delivery', {
      employment: 'contractor',
      apprentice: true,
      lineManagerRef: 'user:default/liz',
    }),
    'user:default/liz': profile('user:default/liz', 'Liz Lead', {
      employment: 'civil-servant',
    }),
  };
  const getUserProfile = async (ref: string) => profiles[ref];

  /** Picks a user in a picker the way a person does: types, then chooses the suggestion. */
  async function pick(label: RegExp, term: string, option: string) {
    fireEvent.change(screen.getByLabelText(label), { target: { value: term } });
    fireEvent.click(await screen.findByText(option));
  }

  it('is not there for someone who may not manage profiles', async () => {
    const getUserProfileSpy = jest.fn(getUserProfile);
    await render(
      { getUserProfile: getUserProfileSpy },
      { catalogApi: people() },
    );
    await screen.findByRole('form', { name: 'Request production access' });
    await screen.findByText('Access reviews');
    expect(
      screen.queryByText('Production access profiles'),
    ).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Line manager/)).not.toBeInTheDocument();
    expect(getUserProfileSpy).not.toHaveBeenCalled();
  });

  it('lets an ADP Admin record a user’s employment, apprenticeship and line manager', async () => {
    const updateUserProfile = jest.fn(
      async (ref: string, body: Partial<UserProfile>) => ({
        ...profiles[ref],
        ...body,
      }),
    );
    const getMyProductionAccess = jest.fn(async () => mine());
    await render(
      { getUserProfile, updateUserProfile, getMyProductionAccess },
      { grants: ['adp.userProfile.manage'], catalogApi: people() },
    );
    await screen.findByText('Production access profiles');
    await pick(/^User/, 'tess', 'Tess Technical (tess@example.gov.uk)');

    const form = await screen.findByRole('form', {
      name: 'Production access profile of Tess Technical',
    });
    expect(form).toHaveTextContent(
      'GitHub: tess-technical · Last active: 2026-03-20',
    );
    expect(within(form).getByLabelText('Employment')).toHaveValue(
      'civil-servant',
    );
    expect(
      within(form).getByRole('checkbox', { name: 'Technologist apprentice' }),
    ).not.toBeChecked();
    expect(within(form).getByLabelText(/^Line manager/)).toHaveValue('');

    fireEvent.change(within(form).getByLabelText('Employment'), {
      target: { value: 'contractor' },
    });
    fireEvent.click(
      within(form).getByRole('checkbox', { name: 'Technologist apprentice' }),
    );
    expect(form).toHaveTextContent(
      'An apprentice needs a line manager to ask for Production Admin',
    );
    await pick(/^Line manager/, 'liz', 'Liz Lead (liz@example.gov.uk)');
    fireEvent.click(within(form).getByRole('button', { name: 'Save profile' }));

    await waitFor(() =>
      expect(updateUserProfile).toHaveBeenCalledWith('user:default/tess', {
        employment: 'contractor',
        apprentice: true,
        lineManagerRef: 'user:default/liz',
      }),
    );
    expect(await within(form).findByRole('status')).toHaveTextContent(
      'Saved the production access profile of Tess Technical.',
    );
    // The page reloads: the admin's own queue may have changed (e.g. they became a line manager).
    await waitFor(() => expect(getMyProductionAccess).toHaveBeenCalledTimes(2));
    expect(within(form).getByLabelText('Employment')).toHaveValue('contractor');
  });

  it('shows what is recorded, clears it, and puts the server’s refusal on the field it concerns', async () => {
    const ownManager = await responseError(400, {
      name: 'InputError',
      message: 'lineManagerRef: Nobody is their own line manager',
      details: [
        { path: 'lineManagerRef', message: 'Nobody is their own line manager' },
      ],
    });
    const forbidden = await responseError(403, {
      name: 'NotAllowedError',
      message:
        'Only ADP Admins can record employment, apprenticeship and line managers',
    });
    const updateUserProfile = jest
      .fn()
      .mockImplementationOnce(async () => Promise.reject(ownManager))
      .mockImplementationOnce(async () => Promise.reject(forbidden))
      .mockImplementationOnce(
        async (ref: string, body: Partial<UserProfile>) => ({
          ...profiles[ref],
          ...body,
        }),
      );
    await render(
      { getUserProfile, updateUserProfile },
      { grants: ['adp.userProfile.manage'], catalogApi: people() },
    );
    await screen.findByText('Production access profiles');
    await pick(/^User/, 'dee', 'Dee Delivery (dee@example.gov.uk)');

    const form = await screen.findByRole('form', {
      name: 'Production access profile of Dee Delivery',
    });
    expect(within(form).getByLabelText('Employment')).toHaveValue('contractor');
    expect(
      within(form).getByRole('checkbox', { name: 'Technologist apprentice' }),
    ).toBeChecked();
    expect(within(form).getByLabelText(/^Line manager/)).toHaveValue(
      'Liz Lead (liz@example.gov.uk)',
    );

    await pick(/^Line manager/, 'dee', 'Dee Delivery (dee@example.gov.uk)');
    fireEvent.click(within(form).getByRole('button', { name: 'Save profile' }));
    await waitFor(() =>
      expect(
        within(form).getByLabelText(/^Line manager/),
      ).toHaveAccessibleDescription('Nobody is their own line manager'),
    );
    expect(updateUserProfile).toHaveBeenLastCalledWith('user:default/dee', {
      employment: 'contractor',
      apprentice: true,
      lineManagerRef: 'user:default/dee',
    });
    expect(within(form).queryByRole('status')).not.toBeInTheDocument();

    fireEvent.change(within(form).getByLabelText('Employment'), {
      target: { value: '' },
    });
    fireEvent.click(
      within(form).getByRole('checkbox', { name: 'Technologist apprentice' }),
    );
    // The picker's clear button shows while it has the focus (a style jsdom does not apply).
    fireEvent.focus(within(form).getByLabelText(/^Line manager/));
    fireEvent.click(within(form).getByTitle('Clear'));
    expect(within(form).getByLabelText(/^Line manager/)).toHaveValue('');
    fireEvent.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Only ADP Admins can record employment, apprenticeship and line managers',
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(updateUserProfile).toHaveBeenCalledTimes(3));
    expect(updateUserProfile).toHaveBeenLastCalledWith('user:default/dee', {
      employment: null,
      apprentice: false,
      lineManagerRef: null,
    });
    expect(await within(form).findByRole('status')).toHaveTextContent(
      'Saved the production access profile of Dee Delivery.',
    );
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
  });
});
