import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { buildPermissionMatrix } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../api';
import { fakeAdpApi, fakePermissionApi } from '../__testUtils__/renderWithApis';
import adpPlugin from '../alpha';

describe('adp plugin for the new frontend system', () => {
  it('declares the page, the API and the entity contents and cards', () => {
    expect(adpPlugin.pluginId).toBe('adp');
    for (const id of [
      'api:adp',
      'page:adp',
      'entity-content:adp/team',
      'entity-content:adp/history',
      'entity-card:adp/provisioning',
      'entity-card:adp/access',
      'entity-card:adp/production-access',
      'scaffolder-form-field:adp/delivery-project-picker',
    ]) {
      expect(adpPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it('serves the permission matrix under /adp in an app', async () => {
    renderTestApp({
      features: [adpPlugin],
      initialRouteEntries: ['/adp/permissions'],
      apis: [
        [adpApiRef, fakeAdpApi({ getPermissionMatrix: async () => buildPermissionMatrix() })],
        [permissionApiRef, fakePermissionApi([])],
      ],
    });
    // The page is a lazily loaded chunk: on a busy machine it takes more than the default second.
    expect(await screen.findByRole('table', { name: 'Permission matrix' }, { timeout: 15_000 })).toBeInTheDocument();
  });
});
