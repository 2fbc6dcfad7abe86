import { screen, waitFor } from '@testing-library/react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ProductionAccessCard } from './ProductionAccessCard';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

const grant = (
  userRef: string,
  displayName: string,
  level: 'production-deploy' | 'production-admin',
) => ({
  id: `${userRef}-${level}`,
  projectId: 'p1',
  userRef,
  level,
  status: 'active',
  grantedAt: '2026-03-02T09:00:00.000Z',
  decidedBy: 'user:default/dee',
  lastRecertifiedAt: null,
  user: { userRef, displayName, email: null, githubHandle: null },
});

describe('ProductionAccessCard', () => {
  it('lists who holds which level on the project', async () => {
    const listProjectProductionAccess = jest.fn(
      async () =>
        [
          grant('user:default/tess', 'Tess Technical', 'production-deploy'),
          grant('user:default/tess', 'Tess Technical', 'production-admin'),
        ] as any,
    );
    await renderWithApis(<ProductionAccessCard projectId="p1" />, {
      api: { listProjectProductionAccess },
    });
    const list = await screen.findByRole('list', {
      name: 'Production access holders',
    });
    expect(list).toHaveTextContent('Tess Technical: Production Deploy');
    expect(list).toHaveTextContent('Tess Technical: Production Admin');
    expect(list).toHaveTextContent('Since 2026-03-02, sponsored by dee');
    expect(listProjectProductionAccess).toHaveBeenCalledWith('p1');
    expect(
      screen.getByRole('link', { name: 'Request or review production access' }),
    ).toHaveAttribute('href', '/adp/production-access');
  });

  it('names the sponsor and who recertified, as the catalog knows them', async () => {
    const catalogApi = catalogApiMock({
      entities: ['dee:Dee Delivery', 'ada:Ada Admin'].map(e => {
        const [name, displayName] = e.split(':');
        return {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name, namespace: 'default' },
          spec: { profile: { displayName } },
        };
      }),
    });
    const recertified = {
      ...grant('user:default/tess', 'Tess Technical', 'production-deploy'),
      lastRecertifiedAt: '2026-05-30T09:00:00.000Z',
      lastRecertifiedBy: 'user:default/ada',
    };
    await renderWithApis(<ProductionAccessCard projectId="p1" />, {
      api: { listProjectProductionAccess: async () => [recertified] as any },
      catalogApi,
    });
    const list = await screen.findByRole('list', {
      name: 'Production access holders',
    });
    await waitFor(() =>
      expect(list).toHaveTextContent(
        'Since 2026-03-02, sponsored by Dee Delivery, recertified 2026-05-30 by Ada Admin',
      ),
    );
  });

  it('says when nobody holds production access', async () => {
    await renderWithApis(<ProductionAccessCard projectId="p1" />, {
      api: { listProjectProductionAccess: async () => [] },
    });
    expect(
      await screen.findByText(
        'Nobody holds production access to this project.',
      ),
    ).toBeInTheDocument();
  });
});
