import { Octokit } from '@octokit/rest';
import { InputError } from '@backstage/errors';

/** A GitHub account as GitHub itself names it. */
export interface GithubAccount {
  id: number;
  login: string;
}

/**
 * Asks GitHub whose account a user's access token belongs to. The browser only passes the token
 * on: the id and login stored come from GitHub's own answer to `GET /user`, never from the
 * request.
 */
export class GithubAccounts {
  /** @param apiBaseUrl the GitHub API the portal provisions (integrations.github's apiBaseUrl). */
  constructor(private readonly apiBaseUrl: string) {}

  async ownerOf(accessToken: string): Promise<GithubAccount> {
    const octokit = new Octokit({ baseUrl: this.apiBaseUrl, auth: accessToken, request: { retries: 0 } });
    try {
      const { data } = await octokit.rest.users.getAuthenticated();
      return { id: data.id, login: data.login };
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 401 || status === 403) {
        throw new InputError('GitHub did not accept the sign-in; link the account again');
      }
      throw new Error(`GitHub could not say whose account this is: ${(e as Error).message}`);
    }
  }
}
