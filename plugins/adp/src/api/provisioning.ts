/**
 * External systems the reconcilers provision for a delivery project.
 *
 * @public
 */
export type ProvisionedSystem = 'github' | 'entra' | 'azure-devops' | 'sonarcloud';

/** @public */
export const PROVISIONED_SYSTEMS: ReadonlyArray<{ id: ProvisionedSystem; title: string }> = [
  { id: 'github', title: 'GitHub' },
  { id: 'entra', title: 'Entra ID' },
  { id: 'azure-devops', title: 'Azure DevOps' },
  { id: 'sonarcloud', title: 'SonarCloud' },
];

/** @public */
export type ProvisioningState = 'in-sync' | 'pending' | 'failed' | 'not-configured';

/** @public */
export interface SystemProvisioningStatus {
  system: ProvisionedSystem;
  status: ProvisioningState;
  lastError?: string;
  attempts?: number;
  lastSuccessAt?: string;
  /** What the last run could not do and will not retry, e.g. a member waiting for a GitHub account. */
  warnings?: string[];
}

/**
 * Answer of GET /api/adp/projects/:id/provisioning.
 *
 * @public
 */
export interface ProvisioningStatus {
  systems: SystemProvisioningStatus[];
}

/**
 * What a provisioning credential was found to lack: `ok` nothing found missing, `missing` see
 * `missing`, `unknown` it could not be checked (see `notes`).
 *
 * @public
 */
export type CredentialCheckStatus = 'ok' | 'missing' | 'unknown';

/** @public */
export interface CredentialCheck {
  system: ProvisionedSystem;
  status: CredentialCheckStatus;
  /** Each permission the credential lacks, in words. */
  missing: string[];
  /** What could not be checked, and why. */
  notes: string[];
  checkedAt: string;
}

/**
 * Answer of GET /api/adp/projects/:id/provisioning/checks.
 *
 * @public
 */
export interface ProvisioningCredentialChecks {
  checks: CredentialCheck[];
}
