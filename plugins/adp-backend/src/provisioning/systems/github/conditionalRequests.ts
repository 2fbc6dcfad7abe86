import { Octokit } from '@octokit/rest';
import { EtagStore } from './EtagStore';

/** The next request function as a request hook sees it (kept loose: Octokit's own types vary by version). */
type Request = (options: any) => any;

/** Answer headers a stored body needs again: the Link header drives pagination. */
const KEPT_HEADERS = ['link'];

/**
 * GitHub conditional requests: every GET sends the stored ETag in If-None-Match; a 304 (not
 * counted against GitHub's rate limit) answers with the stored body, and a 200 with an ETag is
 * stored for next time. The caller cannot tell a 304 from a 200: paginate and the reconciler
 * read the same data. A 304 is only ever GitHub saying the resource is unchanged, so the
 * stored body is never stale.
 */
export function useConditionalRequests(octokit: Octokit, store: EtagStore): void {
  // On Octokit's hook collection: a `request.hook` option is replaced by it and never runs.
  octokit.hook.wrap('request', (request: Request, options: any) => conditionalRequest(store, octokit, request, options));
}

async function conditionalRequest(store: EtagStore, octokit: Octokit, request: Request, options: any): Promise<any> {
  const { method, url } = octokit.request.endpoint.parse(options);
  if (method !== 'GET') return request(options);
  const stored = await store.get(url);
  if (stored) options.headers = { ...options.headers, 'if-none-match': stored.etag };
  try {
    const response = await request(options);
    const etag = response.headers?.etag;
    if (response.status === 200 && typeof etag === 'string') {
      const headers = Object.fromEntries(KEPT_HEADERS.flatMap(h => (response.headers[h] ? [[h, String(response.headers[h])]] : [])));
      await store.put(url, { etag, headers, body: response.data });
    }
    return response;
  } catch (e) {
    const err = e as { status?: number; response?: { headers?: Record<string, string> } };
    if (!stored || err.status !== 304) throw e;
    const headers: Record<string, string> = { ...err.response?.headers };
    for (const h of KEPT_HEADERS) delete headers[h];
    return { status: 200, url, headers: { ...headers, ...stored.headers }, data: stored.body };
  }
}
