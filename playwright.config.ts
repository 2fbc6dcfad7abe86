import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests (packages/app/e2e-tests). `bash scripts/test.sh` builds the
 * app, starts the loopback fakes of GitHub, Azure DevOps and SonarCloud
 * (scripts/fakes.ts) and the backend with the demo config,
 * scripts/fakes.app-config.yaml and app-config.e2e.yaml (it serves the built
 * app on :7007), then runs these; to run them by hand against your own
 * `bash scripts/demo.sh` (which starts the fakes too), use
 * PLAYWRIGHT_URL=http://localhost:3000.
 *
 * Playwright cannot download browsers here: it drives the system Chromium
 * (apt-get install -y chromium), or CHROMIUM_PATH.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // One worker: the backend under test and the browser share two cores.
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'test-results/e2e-report' }],
    // Read by scripts/test.sh for its summary line.
    ['json', { outputFile: 'test-results/e2e-results.json' }],
  ],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007',
    channel: undefined,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
