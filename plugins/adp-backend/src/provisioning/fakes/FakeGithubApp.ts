import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { FakeRequest, FakeResponse } from './FakeHttpServer';
import { simpleUser } from './githubShapes';

/**
 * The permissions of an installation: GitHub's `app-permissions` names → `read`, `write` or `admin`.
 *
 * @public
 */
export type FakeGithubAppPermissions = Record<string, 'read' | 'write' | 'admin'>;

/** @public */
export interface FakeGithubAppOptions {
  appId?: number;
  installationId?: number;
  /** What the organisation granted the installation; default: what provisioning needs. */
  permissions?: FakeGithubAppPermissions;
}

const TIME = '2026-01-01T00:00:00Z';

/**
 * The app id of a JWT signed by the app's key and valid now, else undefined: what GitHub checks
 * before it answers an app-level endpoint.
 */
function verifiedIssuer(jwt: string, publicKey: ReturnType<typeof createPublicKey>, nowMs: number): string | undefined {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return undefined;
  try {
    if (!verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) return undefined;
    const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    const { iat, exp, iss } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const now = Math.floor(nowMs / 1000);
    if (alg !== 'RS256' || typeof iat !== 'number' || typeof exp !== 'number') return undefined;
    // GitHub refuses an expired JWT, one issued in the future, and one valid for more than ten minutes.
    if (exp <= now || iat > now + 60 || exp - iat > 600) return undefined;
    return iss === undefined ? undefined : String(iss);
  } catch {
    return undefined;
  }
}

/**
 * A GitHub App installed on the fake's organisation: the app-level endpoints, which answer only
 * to a JWT signed with the app's private key (as GitHub: anything else is 401), the installation
 * with its permissions (settable, so a test can take one away and see it named), and installation
 * access tokens, which the Backstage GitHub integration asks for and the fake then accepts.
 *
 * @public
 */
export class FakeGithubApp {
  readonly appId: number;
  readonly slug = 'adp-portal';
  readonly installationId: number;
  /** PEM (PKCS#1), as GitHub lets an app owner download it: put it in `integrations.github[].apps`. */
  readonly privateKey: string;
  /** What the organisation granted the installation; change it to take a permission away. */
  permissions: FakeGithubAppPermissions;
  repositorySelection: 'all' | 'selected' = 'all';
  suspended = false;
  /** Installation access tokens issued and not expired. */
  readonly tokens = new Set<string>();
  private readonly publicKey: ReturnType<typeof createPublicKey>;

  constructor(
    private readonly org: () => { login: string; api: string },
    options: FakeGithubAppOptions = {},
  ) {
    this.appId = options.appId ?? 424242;
    this.installationId = options.installationId ?? 4242;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    this.publicKey = createPublicKey(createPrivateKey(this.privateKey));
    this.permissions = options.permissions ?? { members: 'write', administration: 'write', metadata: 'read', actions: 'read' };
  }

  /** GitHub's `installation` object. */
  installationJson(): Record<string, unknown> {
    const { login, api } = this.org();
    // GitHub's description of the installations list joins the user and enterprise schemas
    // (allOf), so the account carries the enterprise's required fields too.
    const account = { ...simpleUser(api, login, 1, 'Organization'), name: login, slug: login.toLowerCase(), created_at: TIME, updated_at: TIME };
    return {
      id: this.installationId,
      account,
      repository_selection: this.repositorySelection,
      access_tokens_url: `${api}/app/installations/${this.installationId}/access_tokens`,
      repositories_url: `${api}/installation/repositories`,
      html_url: `https://github.com/organizations/${login}/settings/installations/${this.installationId}`,
      app_id: this.appId,
      client_id: `Iv1.${this.appId}`,
      target_id: account.id,
      target_type: 'Organization',
      permissions: { ...this.permissions },
      events: [],
      created_at: TIME,
      updated_at: TIME,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      app_slug: this.slug,
      suspended_by: this.suspended ? simpleUser(api, 'org-owner', 2) : null,
      suspended_at: this.suspended ? TIME : null,
      contact_email: null,
    };
  }

  /** Declares the routes on the fake GitHub. */
  serve(route: (method: string, path: string, handle: (req: FakeRequest) => FakeResponse | Promise<FakeResponse>) => void): void {
    // GitHub's answer to an app-level endpoint called without a valid app JWT.
    const asApp = (handle: (req: FakeRequest) => FakeResponse) => (req: FakeRequest) => {
      const [, jwt] = /^bearer\s+(.+)$/i.exec(String(req.headers?.authorization ?? '')) ?? [];
      if (!jwt || verifiedIssuer(jwt, this.publicKey, Date.now()) !== String(this.appId)) {
        return {
          status: 401,
          body: { message: 'A JSON web token could not be decoded', documentation_url: 'https://docs.github.com/rest' },
        };
      }
      return handle(req);
    };
    const notFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    route('GET', '/app/installations', asApp(() => ({ body: [this.installationJson()] })));
    route('GET', '/app/installations/:id', asApp(req => (Number(req.params[0]) === this.installationId ? { body: this.installationJson() } : notFound)));
    route('GET', '/orgs/:org/installation', asApp(req => (req.params[0].toLowerCase() === this.org().login.toLowerCase() ? { body: this.installationJson() } : notFound)));
    route(
      'POST',
      '/app/installations/:id/access_tokens',
      asApp(req => {
        if (Number(req.params[0]) !== this.installationId) return notFound;
        if (this.suspended) return { status: 403, body: { message: 'This installation has been suspended' } };
        const token = `ghs_${randomUUID().replace(/-/g, '')}`;
        this.tokens.add(token);
        return {
          status: 201,
          body: {
            token,
            expires_at: new Date(Date.now() + 3600_000).toISOString(),
            permissions: { ...this.permissions },
            repository_selection: this.repositorySelection,
          },
        };
      }),
    );
  }
}
