import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

/** @public */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: string[];
  /** JSON or form body, parsed. */
  body: any;
  url: URL;
  headers?: http.IncomingHttpHeaders;
}

/** @public */
export interface FakeResponse {
  status?: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead of `body` (e.g. a file's raw content). */
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

/** @public */
export interface RecordedCall {
  method: string;
  path: string;
  /** The route that answered, e.g. `PUT /orgs/:org/teams/:team/memberships/:user`. */
  endpoint: string;
  status: number;
  /** The query string as sent, for contract tests. */
  query?: string;
  /** The parsed request body and the JSON response body, for contract tests. */
  requestBody?: unknown;
  responseBody?: unknown;
  /** The request's If-None-Match (a conditional GET), for contract tests. */
  ifNoneMatch?: string;
}

/**
 * A route of a fake: method, path pattern and handler.
 *
 * @public
 */
export interface FakeRoute {
  method: string;
  pattern: RegExp;
  endpoint: string;
  handle: (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;
}

/**
 * Answers a request itself, body unread (e.g. a CGI behind the fake); `true` when it took it.
 *
 * @public
 */
export type RawHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean;

interface Failure {
  status: number;
  retryAfterSeconds?: number;
  /** Sent with the failure, e.g. GitHub's x-ratelimit-* headers. */
  headers?: Record<string, string>;
  remaining?: number;
  until?: number;
}

/**
 * A loopback HTTP server (127.0.0.1, random port) that answers from in-memory state, records
 * every call and can be told to fail. The base of the GitHub, Graph, Azure DevOps and
 * SonarCloud fakes.
 *
 * @public
 */
export abstract class FakeHttpServer {
  readonly calls: RecordedCall[] = [];
  private readonly routes: FakeRoute[] = [];
  private readonly rawHandlers: RawHandler[] = [];
  private server?: http.Server;
  private failure?: Failure;
  url = '';

  /**
   * Declares a route; `:name` segments become params in order, and a final `*name` matches the
   * rest of the path (slashes included).
   */
  protected route(method: string, path: string, handle: FakeRoute['handle']): void {
    const pattern = new RegExp(
      `^${path
        .replace(/[$]/g, '\\$')
        .replace(/:[a-zA-Z]+/g, '([^/]+)')
        .replace(/\*[a-zA-Z]+$/, '(.+)')}$`,
      'i',
    );
    this.routes.push({ method, pattern, endpoint: `${method} ${path}`, handle });
  }

  /** A handler that sees requests before the JSON routes do, with the body still unread. */
  protected rawRoute(handler: RawHandler): void {
    this.rawHandlers.push(handler);
  }

  /** Records a call answered by a raw handler, so `calls` and `writes()` see it. */
  protected record(call: RecordedCall): void {
    this.calls.push(call);
  }

  /** Listens on 127.0.0.1: on `port`, or on a free port (the default). */
  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>(resolve => s.close(() => resolve()));
  }

  /** The next `count` requests answer `status` (e.g. 500, or 429 with Retry-After). */
  failNext(count: number, status = 500, retryAfterSeconds?: number): void {
    this.failure = { status, retryAfterSeconds, remaining: count };
  }

  /**
   * The next `count` requests are refused as the vendor refuses a client over its rate limit,
   * with the vendor's headers (see each fake's `rateLimitHeaders`).
   */
  rateLimitNext(count: number, resetSeconds = 1): void {
    const { status, headers } = this.rateLimitAnswer(resetSeconds);
    this.failure = { status, headers, remaining: count };
  }

  /** Completes a successful answer to the vendor's full object (the fake's routes build the fields they use). */
  protected shape(_endpoint: string, _path: string, body: unknown): unknown {
    return body;
  }

  /** Headers the vendor sends on every answer (e.g. GitHub's `x-oauth-scopes` for a classic token). */
  protected commonHeaders(_req: http.IncomingMessage): Record<string, string> {
    return {};
  }

  /**
   * Answers every successful JSON GET with an ETag and a matching If-None-Match with 304 and no
   * body, as GitHub does (conditional requests). Off unless a fake's vendor does it.
   */
  protected readonly entityTags: boolean = false;

  /** Headers that depend on the final status, e.g. GitHub's rate limit, which a 304 does not use. */
  protected answerHeaders(_status: number): Record<string, string> {
    return {};
  }

  /** The body of a failure, in the vendor's error format. */
  protected failureBody(status: number): unknown {
    return { message: `fake ${status}` };
  }

  /** How this vendor says "too many requests": 429 with Retry-After unless a fake knows better. */
  protected rateLimitAnswer(resetSeconds: number): { status: number; headers: Record<string, string> } {
    return { status: 429, headers: { 'retry-after': String(resetSeconds) } };
  }

  /** Every request answers `status` for `ms` milliseconds: the system is down. */
  failFor(ms: number, status = 503, retryAfterSeconds?: number): void {
    this.failure = { status, retryAfterSeconds, until: Date.now() + ms };
  }

  /** The system is down until {@link FakeHttpServer.recover} is called. */
  goDown(status = 503): void {
    this.failure = { status };
  }

  recover(): void {
    this.failure = undefined;
  }

  /** Calls that changed something (everything but GET and read-only queries). */
  writes(): RecordedCall[] {
    return this.calls.filter(c => c.status < 400 && this.isWrite(c));
  }

  protected isWrite(c: RecordedCall): boolean {
    return c.method !== 'GET';
  }

  /** Call counts by endpoint, for the benchmark. */
  countsByEndpoint(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const c of this.calls) counts[c.endpoint] = (counts[c.endpoint] ?? 0) + 1;
    return counts;
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  private failing(): Failure | undefined {
    const f = this.failure;
    if (!f) return undefined;
    if (f.remaining !== undefined) {
      if (f.remaining <= 0) return (this.failure = undefined);
      f.remaining--;
      return f;
    }
    if (f.until !== undefined && Date.now() > f.until) return (this.failure = undefined);
    return f;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const rawUrl = new URL(req.url ?? '/', this.url);
    if (this.rawHandlers.some(h => h(req, res, rawUrl))) return;
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', this.url);
      const method = req.method ?? 'GET';
      let requestBody: unknown;
      const ifNoneMatch = req.headers['if-none-match'];
      const send = (answered: number, answer: unknown, ownHeaders: Record<string, string> = {}, endpoint = `${method} ?`, raw?: Buffer | string) => {
        let status = answered;
        const headers = { ...this.commonHeaders(req), ...ownHeaders };
        const body = status < 400 && raw === undefined ? this.shape(endpoint, url.pathname, answer) : answer;
        let text = raw !== undefined || body === undefined ? '' : JSON.stringify(body);
        if (this.entityTags && method === 'GET' && status === 200 && raw === undefined) {
          // The ETag covers the body and the Link header: another page set is another answer.
          headers.etag = `"${createHash('sha1').update(`${text}\n${headers.link ?? ''}`).digest('hex')}"`;
          const tags = (ifNoneMatch ?? '').split(',').map(t => t.trim().replace(/^W\//, ''));
          if (tags.includes(headers.etag)) {
            status = 304;
            text = '';
          }
        }
        // The answer's own headers win (a rate-limit refusal says remaining 0 itself).
        for (const [k, v] of Object.entries(this.answerHeaders(status))) if (!(k in ownHeaders)) headers[k] = v;
        this.calls.push({
          method,
          path: url.pathname,
          endpoint,
          status,
          query: url.search,
          requestBody,
          responseBody: raw === undefined && status !== 304 ? body : undefined,
          ...(ifNoneMatch ? { ifNoneMatch } : {}),
        });
        if (raw !== undefined) {
          res.writeHead(status, { 'content-type': 'application/octet-stream', ...headers });
          res.end(raw);
          return;
        }
        res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), ...headers });
        res.end(text);
      };
      const route = this.routes.find(r => r.method === method && r.pattern.test(url.pathname));
      const failure = this.failing();
      if (failure) {
        send(
          failure.status,
          this.failureBody(failure.status),
          {
            ...(failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {}),
            ...failure.headers,
          },
          route?.endpoint,
        );
        return;
      }
      if (!route) {
        send(404, { message: `No fake route for ${method} ${url.pathname}` });
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any = undefined;
      if (raw) {
        body = String(req.headers['content-type']).includes('x-www-form-urlencoded')
          ? Object.fromEntries(new URLSearchParams(raw))
          : JSON.parse(raw);
      }
      requestBody = body;
      const params = route.pattern.exec(url.pathname)!.slice(1).map(decodeURIComponent);
      try {
        const out = await route.handle({ method, path: url.pathname, query: url.searchParams, params, body, url, headers: req.headers });
        send(out.status ?? 200, out.body, out.headers, route.endpoint, out.raw);
      } catch (e) {
        send(500, { message: String(e) }, {}, route.endpoint);
      }
    });
  }
}

/** @public */
export const GITHUB_FAKE_MAX_PER_PAGE = 2;

/**
 * Pages an array the GitHub way: `per_page`, `page` and a Link header.
 *
 * @public
 */
export function githubPage<T>(req: FakeRequest, items: T[], maxPerPage = GITHUB_FAKE_MAX_PER_PAGE): FakeResponse {
  // GitHub caps per_page at 100; the fake caps it lower, so a client that ignores Link misses items.
  const perPage = Math.min(maxPerPage, Number(req.query.get('per_page') ?? 30));
  const page = Number(req.query.get('page') ?? 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  if (page * perPage < items.length) {
    const next = new URL(req.url);
    next.searchParams.set('page', String(page + 1));
    headers.link = `<${next}>; rel="next"`;
  }
  return { body: slice, headers };
}
