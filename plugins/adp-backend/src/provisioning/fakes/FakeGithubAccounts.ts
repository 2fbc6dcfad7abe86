/**
 * GitHub's user accounts as the fake knows them: a numeric id that never changes and a login
 * that can. Every login the fake hears of is an account (registered on first sight), so the
 * fixtures can name any handle; a renamed account frees its old login, and the next account
 * that uses the old login is someone else, with another id, as on GitHub.
 *
 * @public
 */
export class FakeGithubAccounts {
  private readonly loginById = new Map<number, string>();
  private readonly idByLogin = new Map<string, number>();
  private nextId = 9_000_001;

  /** The id of the account with this login, registering a new account if there is none. */
  idOf(login: string): number {
    const l = login.toLowerCase();
    const known = this.idByLogin.get(l);
    if (known !== undefined) return known;
    return this.register(l);
  }

  /** The current login of an account, or undefined if there is no such account. */
  loginOf(id: number): string | undefined {
    return this.loginById.get(id);
  }

  /** Registers an account; `id` for accounts the demo or a test must know in advance. */
  register(login: string, id: number = this.nextId++): number {
    const l = login.toLowerCase();
    if (this.idByLogin.has(l)) throw new Error(`The login ${l} is taken`);
    if (this.loginById.has(id)) throw new Error(`The account ${id} exists`);
    this.loginById.set(id, l);
    this.idByLogin.set(l, id);
    return id;
  }

  /** Renames an account; its old login is free for anyone to register. */
  rename(id: number, login: string): { from: string; to: string } {
    const from = this.loginById.get(id);
    if (!from) throw new Error(`No account ${id}`);
    const to = login.toLowerCase();
    if (this.idByLogin.has(to)) throw new Error(`The login ${to} is taken`);
    this.idByLogin.delete(from);
    this.loginById.set(id, to);
    this.idByLogin.set(to, id);
    return { from, to };
  }

  /** A user as GitHub's REST API answers one. */
  json(id: number): { login: string; id: number; type: 'User' } | undefined {
    const login = this.loginById.get(id);
    return login ? { login, id, type: 'User' } : undefined;
  }
}
