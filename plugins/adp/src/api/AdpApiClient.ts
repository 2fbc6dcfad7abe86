import { ResponseError } from '@backstage/errors';
import { AdpClient } from '@adp-portal/plugin-adp-common';
import { AdpApi } from './AdpApi';
import { ProvisionedSystem, ProvisioningCredentialChecks, ProvisioningStatus } from './provisioning';

/** @public */
export interface AdpApiClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi: { fetch: typeof fetch };
}

/**
 * The shared AdpClient plus the calls that are not (yet) part of its contract:
 * provisioning status and the CSV download.
 *
 * @public
 */
export class AdpApiClient extends AdpClient implements AdpApi {
  private readonly discovery: AdpApiClientOptions['discoveryApi'];
  private readonly fetcher: AdpApiClientOptions['fetchApi'];

  constructor(options: AdpApiClientOptions) {
    super(options);
    this.discovery = options.discoveryApi;
    this.fetcher = options.fetchApi;
  }

  async getProvisioningStatus(projectId: string): Promise<ProvisioningStatus> {
    const response = await this.call(
      'GET',
      `/projects/${encodeURIComponent(projectId)}/provisioning`,
    );
    return (await response.json()) as ProvisioningStatus;
  }

  async getProvisioningChecks(projectId: string): Promise<ProvisioningCredentialChecks> {
    const response = await this.call(
      'GET',
      `/projects/${encodeURIComponent(projectId)}/provisioning/checks`,
    );
    return (await response.json()) as ProvisioningCredentialChecks;
  }

  async retryProvisioning(projectId: string, system: ProvisionedSystem): Promise<void> {
    await this.call(
      'POST',
      `/projects/${encodeURIComponent(projectId)}/provisioning/retry`,
      { system },
    );
  }

  async downloadPermissionMatrixCsv(): Promise<Blob> {
    const response = await this.fetcher.fetch(await this.permissionMatrixCsvUrl());
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.blob();
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const baseUrl = await this.discovery.getBaseUrl('adp');
    const response = await this.fetcher.fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}
