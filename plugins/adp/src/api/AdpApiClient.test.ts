import { ResponseError } from '@backstage/errors';
import { AdpApiClient } from './AdpApiClient';

function clientWith(responses: Array<{ status: number; body?: unknown; text?: string }>) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const r = responses.shift()!;
    const text = r.text ?? (r.body === undefined ? '' : JSON.stringify(r.body));
    return {
      ok: r.status < 400,
      status: r.status,
      statusText: String(r.status),
      url,
      headers: new Headers({ 'content-type': r.text ? 'text/csv' : 'application/json' }),
      json: async () => JSON.parse(text),
      text: async () => text,
      blob: async () => new Blob([text], { type: 'text/csv' }),
    } as unknown as Response;
  });
  const client = new AdpApiClient({
    discoveryApi: { getBaseUrl: async () => 'http://backstage/api/adp' },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, calls };
}

describe('AdpApiClient', () => {
  it('reads provisioning status of a project', async () => {
    const systems = [{ system: 'github', status: 'in-sync' }];
    const { client, calls } = clientWith([{ status: 200, body: { systems } }]);
    await expect(client.getProvisioningStatus('p 1')).resolves.toEqual({ systems });
    expect(calls[0].url).toBe('http://backstage/api/adp/projects/p%201/provisioning');
  });

  it("reads the provisioning credentials' checks", async () => {
    const checks = [{ system: 'github', status: 'missing', missing: ['GitHub: lacks Members'], notes: [], checkedAt: '2026-01-01T00:00:00Z' }];
    const { client, calls } = clientWith([{ status: 200, body: { checks } }]);
    await expect(client.getProvisioningChecks('p 1')).resolves.toEqual({ checks });
    expect(calls[0].url).toBe('http://backstage/api/adp/projects/p%201/provisioning/checks');
  });

  it('posts a retry for one system', async () => {
    const { client, calls } = clientWith([{ status: 202, body: {} }]);
    await client.retryProvisioning('p1', 'github');
    expect(calls[0].url).toBe('http://backstage/api/adp/projects/p1/provisioning/retry');
    expect(calls[0].init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ system: 'github' });
  });

  it('throws a ResponseError with the status for a 404', async () => {
    const { client } = clientWith([
      { status: 404, body: { error: { name: 'NotFoundError', message: 'no' }, response: { statusCode: 404 } } },
    ]);
    const error = await client.getProvisioningStatus('p1').catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(404);
  });

  it('downloads the matrix CSV through the authenticated fetch', async () => {
    const { client, calls } = clientWith([{ status: 200, text: 'permission,kind\n' }]);
    const blob = await client.downloadPermissionMatrixCsv();
    expect(calls[0].url).toBe('http://backstage/api/adp/access/matrix.csv');
    expect(await blob.text()).toBe('permission,kind\n');
  });
});
