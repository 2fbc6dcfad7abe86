import { createApiRef } from '@backstage/core-plugin-api';
import { AdpClient } from '@adp-portal/plugin-adp-common';
import { ProvisionedSystem, ProvisioningCredentialChecks, ProvisioningStatus } from './provisioning';

/**
 * The public methods of the shared REST client: the route contract of /api/adp.
 *
 * @public
 */
export type AdpRestApi = { [K in keyof AdpClient]: AdpClient[K] };

/**
 * What the pages need from the ADP backend.
 *
 * @public
 */
export interface AdpApi extends AdpRestApi {
  /** Provisioning state of each external system for a project. */
  getProvisioningStatus(projectId: string): Promise<ProvisioningStatus>;
  /** What the provisioning credentials lack (GitHub App permissions, Graph roles, ...). */
  getProvisioningChecks(projectId: string): Promise<ProvisioningCredentialChecks>;
  /** Asks the reconciler to try one system again. */
  retryProvisioning(projectId: string, system: ProvisionedSystem): Promise<void>;
  /** The permission matrix as CSV, fetched with the user's token. */
  downloadPermissionMatrixCsv(): Promise<Blob>;
}

/** @public */
export const adpApiRef = createApiRef<AdpApi>({ id: 'plugin.adp.api' });
