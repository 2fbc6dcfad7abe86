import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AlbListPage } from './AlbListPage';
import { page, renderWithApis } from '../../__testUtils__/renderWithApis';
import { rpa } from '../../__testUtils__/fixtures';

const manyAlbs = Array.from({ length: 25 }, (_, i) => ({ ...rpa, id: `alb-${i}`, name: `alb-${i}`, title: `ALB ${i}` }));

describe('AlbListPage', () => {
  it('renders a page of ALBs linking to their catalog Groups, and pages on the server', async () => {
    const listAlbs = jest.fn(async (q: any) =>
      q.offset === 0 ? page(manyAlbs, 30, 0, 25) : page([{ ...rpa, title: 'Page two ALB' }], 30, 25, 25),
    );
    await renderWithApis(<AlbListPage />, { api: { listAlbs } });
    const link = await screen.findByRole('link', { name: 'ALB 3' });
    expect(link).toHaveAttribute('href', '/catalog/alb/group/alb-3');
    expect(screen.getByText('1-25 of 30')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('Page two ALB')).toBeInTheDocument();
    expect(listAlbs).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 25, limit: 25 }));
  });

  it('searches after the user stops typing', async () => {
    const listAlbs = jest.fn(async () => page([rpa]));
    await renderWithApis(<AlbListPage />, { api: { listAlbs } });
    await screen.findByText('Rural Payments Agency');
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'rural' } });
    await waitFor(() =>
      expect(listAlbs).toHaveBeenLastCalledWith(expect.objectContaining({ search: 'rural', offset: 0 })),
    );
  });

  it('hides create and edit without permission', async () => {
    await renderWithApis(<AlbListPage />, { api: { listAlbs: async () => page([rpa]) } });
    await screen.findByText('Rural Payments Agency');
    expect(screen.queryByRole('button', { name: 'Create Arms Length Body' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit Rural Payments Agency' })).not.toBeInTheDocument();
  });

  it('shows create and edit when permitted and opens the edit dialog', async () => {
    await renderWithApis(<AlbListPage />, {
      api: { listAlbs: async () => page([rpa]) },
      grants: ['adp.alb.create', `adp.alb.update@${rpa.id}`],
    });
    expect(await screen.findByRole('button', { name: 'Create Arms Length Body' })).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Rural Payments Agency' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Rural Payments Agency' });
    expect(within(dialog).getByLabelText(/^Title/)).toHaveValue('Rural Payments Agency');
  });
});
