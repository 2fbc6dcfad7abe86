import { createApiFactory, discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { adpApiRef } from './AdpApi';
import { AdpApiClient } from './AdpApiClient';

/**
 * Wires the client to Backstage discovery and the authenticated fetch.
 *
 * @public
 */
export const adpApiFactory = createApiFactory({
  api: adpApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) => new AdpApiClient({ discoveryApi, fetchApi }),
});
