import { fireEvent, screen, waitFor } from '@testing-library/react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { UserPicker } from './UserPicker';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

describe('UserPicker', () => {
  it('searches the catalog server-side, debounced, and picks a user', async () => {
    const catalogApi = catalogApiMock.mock({
      queryEntities: jest.fn(async () => ({
        items: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'tess', namespace: 'default' },
            spec: { profile: { displayName: 'Tess Technical', email: 'tess@example.gov.uk' } },
          },
        ],
        totalItems: 1,
        pageInfo: {},
      })),
    });
    const onChange = jest.fn();
    await renderWithApis(<UserPicker label="User" value={null} onChange={onChange} />, {
      api: {},
      catalogApi,
    });
    const input = screen.getByLabelText(/^User/);
    fireEvent.change(input, { target: { value: 't' } });
    fireEvent.change(input, { target: { value: 'te' } });
    fireEvent.change(input, { target: { value: 'tess' } });
    fireEvent.click(await screen.findByText('Tess Technical (tess@example.gov.uk)'));
    expect(onChange).toHaveBeenCalledWith({
      userRef: 'user:default/tess',
      displayName: 'Tess Technical',
      email: 'tess@example.gov.uk',
    });
    // One query for the settled term, not one per keystroke.
    await waitFor(() => expect(catalogApi.queryEntities).toHaveBeenCalledTimes(1));
    expect(catalogApi.queryEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: { kind: 'User' },
        fullTextFilter: { term: 'tess', fields: ['metadata.name', 'spec.profile.displayName', 'spec.profile.email'] },
        limit: 20,
      }),
    );
  });
});
