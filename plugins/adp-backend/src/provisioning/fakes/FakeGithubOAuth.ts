import { randomUUID } from 'node:crypto';
import { FakeGithubAccounts } from './FakeGithubAccounts';
import { FakeRequest, FakeResponse } from './FakeHttpServer';

type Route = (method: string, path: string, handle: (req: FakeRequest) => FakeResponse | Promise<FakeResponse>) => void;

const escape = (s: string) => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/**
 * GitHub as an OAuth provider, laid out as GitHub Enterprise is (what the GitHub auth provider's
 * `enterpriseInstanceUrl` points at): an authorize page that sends the browser back with a
 * code, the code's exchange for a token, and the token's owner at `/user` and `/api/v3/user`.
 * Whoever uses the page signs in as the login they type: the fake proves nothing, it plays
 * the part so that the portal's own checks run.
 *
 * @public
 */
export class FakeGithubOAuth {
  private readonly codes = new Map<string, number>();
  private readonly tokens = new Map<string, number>();

  constructor(private readonly accounts: FakeGithubAccounts) {}

  /** An access token as if `login` had signed in (registering the account if new). */
  issueToken(login: string): string {
    const token = `gho_${randomUUID().replace(/-/g, '')}`;
    this.tokens.set(token, this.accounts.idOf(login));
    return token;
  }

  private owner(req: FakeRequest): number | undefined {
    const [, token] = /^(?:token|bearer)\s+(.+)$/i.exec(String(req.headers?.authorization ?? '')) ?? [];
    return token ? this.tokens.get(token) : undefined;
  }

  /** Declares the routes on the fake GitHub. */
  serve(route: Route): void {
    route('GET', '/login/oauth/authorize', req => {
      const hidden = ['client_id', 'redirect_uri', 'state', 'scope']
        .map(k => `<input type="hidden" name="${k}" value="${escape(req.query.get(k) ?? '')}">`)
        .join('');
      return {
        headers: { 'content-type': 'text/html; charset=utf-8' },
        raw: `<!doctype html><html lang="en"><head><title>Sign in to GitHub (fake)</title></head><body><main>
<h1>Sign in to GitHub (fake)</h1><form method="get" action="/login/oauth/authorize/approve">${hidden}
<label for="login">GitHub login</label> <input id="login" name="login" required autocomplete="off">
<button type="submit">Authorize</button></form></main></body></html>`,
      };
    });
    route('GET', '/login/oauth/authorize/approve', req => {
      const redirect = req.query.get('redirect_uri');
      const login = req.query.get('login');
      if (!redirect || !login) return { status: 400, body: { message: 'redirect_uri and login are required' } };
      const code = randomUUID();
      this.codes.set(code, this.accounts.idOf(login));
      const to = new URL(redirect);
      to.searchParams.set('code', code);
      if (req.query.get('state')) to.searchParams.set('state', req.query.get('state')!);
      return { status: 302, headers: { location: to.toString() } };
    });
    route('POST', '/login/oauth/access_token', req => {
      const id = this.codes.get(String(req.body?.code ?? ''));
      // A code is good once, as on GitHub.
      if (id === undefined) return { body: { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' } };
      this.codes.delete(String(req.body.code));
      const token = `gho_${randomUUID().replace(/-/g, '')}`;
      this.tokens.set(token, id);
      return { body: { access_token: token, token_type: 'bearer', scope: req.query.get('scope') ?? '' } };
    });
    for (const path of ['/user', '/api/v3/user']) {
      route('GET', path, req => {
        const id = this.owner(req);
        const user = id === undefined ? undefined : this.accounts.json(id);
        return user ? { body: user } : { status: 401, body: { message: 'Bad credentials' } };
      });
    }
  }
}
