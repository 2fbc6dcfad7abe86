import { ProvisioningSystem } from '../types';

/**
 * What a check of one credential found: what it lacks (in words an administrator can act on)
 * and what could not be checked. `checked: false` when nothing conclusive could be read (a
 * fine-grained GitHub token, whose permissions GitHub does not expose).
 */
export interface CredentialCheckOutcome {
  missing: string[];
  notes: string[];
  checked: boolean;
}

/** `ok`: nothing found missing; `missing`: see `missing`; `unknown`: could not be checked (see `notes`). */
export type CredentialCheckStatus = 'ok' | 'missing' | 'unknown';

/** One system's credential check as the provisioning status page shows it. */
export interface CredentialCheck {
  system: ProvisioningSystem;
  status: CredentialCheckStatus;
  missing: string[];
  notes: string[];
  checkedAt: string;
}

/** Answer of GET /projects/:id/provisioning/checks. */
export interface ProvisioningCredentialChecks {
  checks: CredentialCheck[];
}

/** A check of one configured system's credential; reads only, never changes anything. */
export interface CredentialChecker {
  system: ProvisioningSystem;
  check(): Promise<CredentialCheckOutcome>;
}
