import { fireEvent, screen } from '@testing-library/react';
import { HistoryEntry } from '@adp-portal/plugin-adp-common';
import { HistoryTable } from './HistoryTable';
import { page, renderWithApis } from '../../__testUtils__/renderWithApis';

const entry = (id: number, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id,
  recordKind: 'project',
  recordId: 'proj-acd',
  programmeId: 'prog-fcp',
  projectId: 'proj-acd',
  action: 'updated',
  actorRef: 'user:default/dee',
  at: '2026-11-20T10:00:00.000Z',
  before: { title: 'ACD' },
  after: { title: 'Annual Compliance Data' },
  ...over,
});

describe('HistoryTable', () => {
  it('shows who changed what, with before → after, and pages on the server', async () => {
    const getHistory = jest.fn(
      async (
        _kind: string,
        _id: string,
        q: { offset?: number; limit?: number } = {},
      ) =>
        q.offset === 0
          ? page(
              Array.from({ length: 25 }, (_, i) => entry(i + 1)),
              26,
              0,
              25,
            )
          : page(
              [
                entry(26, {
                  recordKind: 'project-member',
                  action: 'created',
                  before: null,
                  after: { technical: true },
                }),
              ],
              26,
              25,
              25,
            ),
    );
    await renderWithApis(<HistoryTable kind="projects" id="proj-acd" />, {
      api: { getHistory },
    });
    expect(
      (await screen.findAllByText('title: ACD → Annual Compliance Data'))
        .length,
    ).toBe(25);
    expect(screen.getAllByRole('link', { name: 'dee' })[0]).toHaveAttribute(
      'href',
      '/catalog/default/user/dee',
    );
    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('Created team member')).toBeInTheDocument();
    expect(screen.getByText('technical: (none) → true')).toBeInTheDocument();
    expect(getHistory).toHaveBeenLastCalledWith('projects', 'proj-acd', {
      offset: 25,
      limit: 25,
    });
  });

  it('names a service that made a change without linking it: it has no catalog page', async () => {
    const getHistory = jest.fn(async () =>
      page(
        [
          entry(1, { actorRef: 'plugin:adp/demo-data' }),
          entry(2, { actorRef: 'external:ci-bot' }),
        ],
        2,
        0,
        25,
      ),
    );
    await renderWithApis(<HistoryTable kind="projects" id="proj-acd" />, {
      api: { getHistory },
    });
    expect(
      await screen.findByText('the portal (adp/demo-data)'),
    ).toBeInTheDocument();
    expect(screen.getByText('service account ci-bot')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /demo-data|ci-bot/ })).toBeNull();
  });
});
