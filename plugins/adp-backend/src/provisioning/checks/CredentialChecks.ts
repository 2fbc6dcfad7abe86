import { CredentialCheck, CredentialChecker } from './CredentialCheck';

const TITLE: Record<string, string> = { github: 'GitHub', entra: 'Entra ID', 'azure-devops': 'Azure DevOps', sonarcloud: 'SonarCloud' };

/**
 * The credential checks of the configured systems and their last result, kept in memory by each
 * instance: run at startup and again when the status page asks and the last result is older
 * than `maxAgeMs`, so a permission granted since shows without a restart. Concurrent askers share
 * one run. A check that cannot reach its vendor is `unknown`, never `ok`.
 */
export class CredentialChecks {
  private last?: { at: number; checks: CredentialCheck[] };
  private running?: Promise<CredentialCheck[]>;

  constructor(
    private readonly checkers: CredentialChecker[],
    private readonly maxAgeMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs every check now (joining a run under way). */
  run(): Promise<CredentialCheck[]> {
    if (!this.running) {
      const run = Promise.all(this.checkers.map(c => this.one(c))).then(checks => {
        this.last = { at: this.now(), checks };
        return checks;
      });
      this.running = run.finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  /** The last result if fresh enough, else a new run. */
  async current(): Promise<CredentialCheck[]> {
    if (this.last && this.now() - this.last.at < this.maxAgeMs) return this.last.checks;
    return this.run();
  }

  private async one(checker: CredentialChecker): Promise<CredentialCheck> {
    const checkedAt = new Date(this.now()).toISOString();
    try {
      const { missing, notes, checked } = await checker.check();
      const status = missing.length ? 'missing' : checked ? 'ok' : 'unknown';
      return { system: checker.system, status, missing, notes, checkedAt };
    } catch (e) {
      return {
        system: checker.system,
        status: 'unknown',
        missing: [],
        notes: [`${TITLE[checker.system] ?? checker.system}: the credential could not be checked: ${(e as Error).message}`],
        checkedAt,
      };
    }
  }
}
