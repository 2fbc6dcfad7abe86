import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { buildPermissionMatrix } from '@adp-portal/plugin-adp-common';
import { PermissionMatrixPage } from './PermissionMatrixPage';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

describe('PermissionMatrixPage', () => {
  afterEach(() => jest.restoreAllMocks());

  it('renders roles × permissions with the scope in each cell, portal and external grouped', async () => {
    await renderWithApis(<PermissionMatrixPage />, {
      api: { getPermissionMatrix: async () => buildPermissionMatrix() },
    });
    const table = await screen.findByRole('table', {
      name: 'Permission matrix',
    });
    expect(
      within(table).getByRole('columnheader', {
        name: 'Delivery Programme Admin',
      }),
    ).toBeInTheDocument();
    // Grouped by what they act on, each group a row header spanning the table.
    for (const group of [
      'Delivery projects and their teams',
      'Production access',
      'Access in GitHub',
      'Access in Entra ID',
    ]) {
      expect(
        within(table).getByRole('rowheader', { name: group }),
      ).toBeInTheDocument();
    }
    const row = within(table)
      .getByText('Create delivery projects in a programme')
      .closest('tr')!;
    const cells = within(row)
      .getAllByRole('cell')
      .map(c => c.textContent);
    const roles = buildPermissionMatrix().roles.map(r => r.id);
    expect(cells[roles.indexOf('delivery-programme-admin')]).toBe('Programme');
    expect(cells[roles.indexOf('adp-admin')]).toBe('Platform');
    expect(cells[roles.indexOf('platform-user')]).toBe('—');
  });

  it('shows the production levels as columns and what each gives as rows', async () => {
    await renderWithApis(<PermissionMatrixPage />, {
      api: { getPermissionMatrix: async () => buildPermissionMatrix() },
    });
    const table = await screen.findByRole('table', {
      name: 'Permission matrix',
    });
    expect(
      within(table).getByRole('columnheader', { name: 'Production Admin' }),
    ).toBeInTheDocument();
    expect(
      within(table).getByRole('rowheader', {
        name: 'Production Admin (production access level)',
      }),
    ).toBeInTheDocument();
    const roles = buildPermissionMatrix().roles.length;
    const row = within(table)
      .getByText("Deploy the project's services to production")
      .closest('tr')!;
    const cells = within(row)
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(cells.slice(0, roles).every(c => c === '—')).toBe(true);
    expect(cells.slice(roles)).toEqual(['Project', '—']);
    const sponsor = within(table)
      .getByText(/^Sponsor production access/)
      .closest('tr')!;
    const sponsorCells = within(sponsor)
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(
      sponsorCells[
        buildPermissionMatrix().roles.findIndex(
          r => r.id === 'delivery-team-admin',
        )
      ],
    ).toBe('Project');
  });

  it('downloads the CSV fetched with the user token as a file', async () => {
    const blob = new Blob(['permission,kind\n'], { type: 'text/csv' });
    const downloadPermissionMatrixCsv = jest.fn(async () => blob);
    (URL as any).createObjectURL = jest.fn(() => 'blob:matrix');
    (URL as any).revokeObjectURL = jest.fn();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function checkDownloadLink(this: HTMLAnchorElement) {
        expect(this.download).toBe('adp-permission-matrix.csv');
        expect(this.href).toBe('blob:matrix');
      });
    await renderWithApis(<PermissionMatrixPage />, {
      api: {
        getPermissionMatrix: async () => buildPermissionMatrix(),
        downloadPermissionMatrixCsv,
      },
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Download CSV' }),
    );
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(URL.createObjectURL).toHaveBeenCalledWith(blob);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:matrix');
  });
});
