import { screen, within } from '@testing-library/react';
import { AdpPage } from '../AdpPage/AdpPage';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

describe('MyAccessPage', () => {
  it('lists every role the signed-in user holds and where', async () => {
    await renderWithApis(<AdpPage />, {
      api: {
        getMyAccess: async () => ({
          userRef: 'user:default/pat',
          assignments: [
            {
              role: 'platform-user',
              scope: { kind: 'platform' },
              roleTitle: 'Platform User',
              scopeTitle: 'the whole platform',
              source: 'identity',
            },
            {
              role: 'delivery-programme-admin',
              scope: { kind: 'programme', programmeId: 'prog-fcp' },
              roleTitle: 'Delivery Programme Admin',
              scopeTitle: 'programme Farming and Countryside Programme (FCP)',
              source: 'programme-admin',
            },
          ],
        }),
      },
      routeEntries: ['/my-access'],
    });
    const table = await screen.findByRole('table', { name: 'Your roles' });
    const row = within(table)
      .getByText('Delivery Programme Admin')
      .closest('tr')!;
    expect(
      within(row).getByText(
        'programme Farming and Countryside Programme (FCP)',
      ),
    ).toBeInTheDocument();
    expect(within(row).getByText('Programme admin')).toBeInTheDocument();
    expect(within(table).getByText('Platform User')).toBeInTheDocument();
    // A name, never the entity ref (the app's presentation API shows the profile's display name).
    expect(screen.getByText(/Signed in as/)).toHaveTextContent(
      /^Signed in as pat\. You hold/,
    );
    expect(screen.queryByText(/user:default/)).not.toBeInTheDocument();
  });

  it('tells a signed-in user the catalog does not know that they hold no role', async () => {
    await renderWithApis(<AdpPage />, {
      api: {
        getMyAccess: async () => ({
          userRef: 'user:development/guest',
          assignments: [],
        }),
      },
      routeEntries: ['/my-access'],
    });
    expect(
      await screen.findByText(
        /Signed in as guest, who is not a user in the catalog: you hold no role/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Your roles' }),
    ).not.toBeInTheDocument();
  });
});
