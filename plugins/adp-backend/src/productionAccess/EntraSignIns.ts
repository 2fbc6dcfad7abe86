import { Client } from '@microsoft/microsoft-graph-client';

/** Who to look up: the stored Entra object id when known, else the work email. */
export interface SignInSubject {
  userRef: string;
  entraObjectId: string | null;
  email: string | null;
}

/** The last time someone worked, as another system saw it. */
export interface WorkActivitySource {
  /**
   * The latest successful sign-in (ISO), or null when the person is unknown there or never
   * signed in. Throws when the system could not answer: the caller must not read that as absence.
   */
  lastWorkedAt(subject: SignInSubject): Promise<string | null>;
}

/**
 * Graph refused to say (403: no AuditLog.Read.All, or no Entra ID P1 licence). A configuration
 * matter, not a passing failure: the absence rule falls back to portal activity rather than
 * never revoking anyone.
 */
export class WorkActivityNotPermitted extends Error {
  readonly name = 'WorkActivityNotPermitted';
}

interface SignInActivity {
  lastSuccessfulSignInDateTime?: string | null;
  lastSignInDateTime?: string | null;
  lastNonInteractiveSignInDateTime?: string | null;
}

const quote = (s: string) => s.replace(/'/g, "''");

/**
 * Entra ID sign-in activity through Microsoft Graph (`signInActivity` on the user; application
 * permissions AuditLog.Read.All and User.Read.All, and an Entra ID P1 licence in the tenant).
 *
 * Counts `lastSuccessfulSignInDateTime`, which covers interactive and non-interactive sign-ins
 * (tokens refreshed by the tools people work in: Azure CLI, VS Code, Teams). The other two
 * fields record attempts, failed ones included: someone guessing a password must not keep an
 * absent engineer's production access alive (see docs/decisions.md).
 */
export class EntraSignIns implements WorkActivitySource {
  constructor(private readonly client: Client) {}

  async lastWorkedAt(subject: SignInSubject): Promise<string | null> {
    const id = subject.entraObjectId ?? (await this.findId(subject.email));
    if (!id) return null;
    let user: { signInActivity?: SignInActivity | null };
    try {
      user = await this.client.api(`/users/${encodeURIComponent(id)}`).select('signInActivity').get();
    } catch (e) {
      // A user deleted from the tenant has no sign-ins to count; anything else is a failure to answer.
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 404) return null;
      if (status === 403) throw new WorkActivityNotPermitted(describe(e).message);
      throw describe(e);
    }
    return user.signInActivity?.lastSuccessfulSignInDateTime ?? null;
  }

  private async findId(email: string | null): Promise<string | null> {
    if (!email) return null;
    const e = quote(email.toLowerCase());
    try {
      const found: { value: Array<{ id: string }> } = await this.client
        .api(`/users?$filter=mail eq '${e}' or userPrincipalName eq '${e}'&$select=id`)
        .get();
      return found.value[0]?.id ?? null;
    } catch (err) {
      throw describe(err);
    }
  }
}

/** Graph errors often carry an empty message: name the status and code so people can act. */
function describe(e: unknown): Error {
  const err = e as { statusCode?: number; code?: string; message?: string };
  const what = [err.code, err.message].filter(Boolean).join(': ') || String(e);
  return new Error(`Entra ID sign-in activity: ${err.statusCode ? `answered ${err.statusCode}` : 'failed'}: ${what}`);
}
