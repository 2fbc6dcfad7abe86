import { AdpClient } from '@adp-portal/plugin-adp-common';
import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** The adp plugin: its REST API is served at /api/adp. */
export const ADP_PLUGIN_ID = 'adp';

/** @public */
export type ProvisioningState =
  | 'in-sync'
  | 'pending'
  | 'failed'
  | 'not-configured';

/**
 * One external system's provisioning state for a project (GET /projects/:id/provisioning).
 *
 * @public
 */
export interface SystemStatus {
  system: string;
  status: ProvisioningState;
  lastError?: string;
  attempts?: number;
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  warnings?: string[];
}

/** @public */
export interface ProvisioningStatus {
  systems: SystemStatus[];
}

/**
 * Answer of POST /projects/:id/provisioning/repositories.
 *
 * @public
 */
export interface RepositoryRegistration {
  repository: string;
  /** Team grants made by this call; empty when the teams already had the repository. */
  granted: Array<{ team: string; permission: string }>;
  systems: SystemStatus[];
}

/**
 * Answer of POST /projects/:id/provisioning/sonarcloud-projects.
 *
 * @public
 */
export interface SonarProjectRegistration {
  key: string;
  /** False when it existed already, or SonarCloud provisioning is not configured. */
  created: boolean;
  systems: SystemStatus[];
}

const enc = encodeURIComponent;

/** @public */
export interface AdpActionClientOptions {
  discovery: DiscoveryService;
  auth: AuthService;
}

/**
 * Calls the ADP REST API on behalf of the user who runs the template: every request carries
 * a token issued for the initiator's credentials, so the adp plugin validates and authorizes
 * it exactly as it would a request from the portal's pages.
 *
 * @public
 */
export class AdpActionClient {
  readonly api: AdpClient;
  private readonly discovery: DiscoveryService;
  private readonly auth: AuthService;

  constructor(options: AdpActionClientOptions) {
    this.discovery = options.discovery;
    this.auth = options.auth;
    this.api = new AdpClient({ discoveryApi: options.discovery });
  }

  /** A token for the adp plugin on behalf of the initiator. */
  async tokenFor(
    credentials: BackstageCredentials,
  ): Promise<{ token: string }> {
    return this.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: ADP_PLUGIN_ID,
    });
  }

  // The provisioning routes are not part of AdpClient (adp-common); same conventions.

  getProvisioningStatus(projectId: string, o: { token: string }) {
    return this.request<ProvisioningStatus>(
      'GET',
      `/projects/${enc(projectId)}/provisioning`,
      undefined,
      o.token,
    );
  }

  retryProvisioning(projectId: string, o: { token: string }) {
    return this.request<ProvisioningStatus>(
      'POST',
      `/projects/${enc(projectId)}/provisioning/retry`,
      {},
      o.token,
    );
  }

  registerRepository(
    projectId: string,
    repository: string,
    o: { token: string },
  ) {
    return this.request<RepositoryRegistration>(
      'POST',
      `/projects/${enc(projectId)}/provisioning/repositories`,
      { repository },
      o.token,
    );
  }

  registerSonarProject(
    projectId: string,
    project: { key: string; name?: string; visibility?: 'public' | 'private' },
    o: { token: string },
  ) {
    return this.request<SonarProjectRegistration>(
      'POST',
      `/projects/${enc(projectId)}/provisioning/sonarcloud-projects`,
      project,
      o.token,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body: unknown,
    token: string,
  ): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl(ADP_PLUGIN_ID);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
