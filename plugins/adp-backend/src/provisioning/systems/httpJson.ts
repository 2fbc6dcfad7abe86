import { ExternalSystemError, parseRetryAfter } from './ExternalSystemError';
import { ProvisioningSystem } from '../types';

/** A small JSON-over-fetch client for the REST APIs without an SDK here (Azure DevOps, SonarCloud). */
export class HttpJson {
  constructor(
    private readonly system: ProvisioningSystem,
    private readonly authorization: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async request<T>(
    method: string,
    url: string,
    body?: unknown,
    form = false,
  ): Promise<T> {
    return (await this.response<T>(method, url, body, form)).body;
  }

  /** The parsed body with the response headers (continuation tokens travel in headers). */
  async response<T>(
    method: string,
    url: string,
    body?: unknown,
    form = false,
  ): Promise<{ body: T; headers: Headers }> {
    const headers: Record<string, string> = {
      Authorization: this.authorization,
      Accept: 'application/json',
    };
    let payload: string | undefined;
    if (body !== undefined) {
      if (form) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams(
          body as Record<string, string>,
        ).toString();
      } else {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(body);
      }
    }
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method, headers, body: payload });
    } catch (e) {
      throw new ExternalSystemError(
        this.system,
        `${method} ${url}: ${(e as Error).message}`,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      throw new ExternalSystemError(
        this.system,
        `${method} ${new URL(url).pathname} answered ${
          res.status
        }: ${text.slice(0, 200)}`,
        res.status,
        parseRetryAfter(res.headers.get('retry-after')),
      );
    }
    return {
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: res.headers,
    };
  }
}
