/**
 * The external systems of the end-to-end portal: the loopback fakes of GitHub (REST API and git
 * over HTTP, so the scaffolder's publish:github can push), Azure DevOps and SonarCloud, on the
 * fixed ports scripts/fakes.app-config.yaml points at. scripts/test.sh and scripts/demo.sh start
 * it before the backend and stop it after; by hand:
 *
 *   yarn tsx scripts/fakes.ts
 *
 * Ports: ADP_E2E_FAKE_GITHUB_PORT (7311), ADP_E2E_FAKE_AZURE_DEVOPS_PORT (7313) and
 * ADP_E2E_FAKE_SONARCLOUD_PORT (7314); the backend reads the same variables. Entra ID is not
 * faked here: its client insists on an https token authority, so the portal reports it
 * not configured. Needs git on the PATH (the fake GitHub keeps real repositories).
 */
import { startProvisioningFakes } from '../plugins/adp-backend/src/provisioning/fakes';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new Error(`${name} must be a port number, got ${process.env[name]}`);
  }
  return value;
};

async function main() {
  const fakes = await startProvisioningFakes({
    // The organisation adp.provisioning.github.organization names in fakes.app-config.yaml.
    githubOrg: 'DEFRA',
    sonarOrg: 'defra',
    githubToken: 'e2e-github-token',
    // The GitHub accounts the demo personas have linked (pre-seeded as verified, by id).
    demoAccounts: true,
    ports: {
      github: port('ADP_E2E_FAKE_GITHUB_PORT', 7311),
      azureDevOps: port('ADP_E2E_FAKE_AZURE_DEVOPS_PORT', 7313),
      sonarcloud: port('ADP_E2E_FAKE_SONARCLOUD_PORT', 7314),
    },
  });
  // Every call, for the log scripts/test.sh keeps (test-results/e2e-fakes.log).
  const flush = () => {
    for (const fake of fakes.all()) {
      for (const call of fake.calls.splice(0)) {
        console.log(`${fake.constructor.name} ${call.status} ${call.method} ${call.path}`);
      }
    }
  };
  setInterval(flush, 1000).unref();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    flush();
    // The fake GitHub's repositories live in a temporary directory: removed first, synchronously,
    // so that a process killed right after the signal leaves nothing behind either.
    fakes.github.git.dispose();
    await fakes.stop().catch(error => console.error(error));
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('exit', () => fakes.github.git.dispose());
  // scripts/test.sh waits for this line.
  console.log(
    `Fakes ready: GitHub ${fakes.github.url}, Azure DevOps ${fakes.azureDevOps.url}, SonarCloud ${fakes.sonarcloud.url}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
