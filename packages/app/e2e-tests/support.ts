import { expect, Page, PlaywrightWorkerArgs, Request, TestInfo } from '@playwright/test';

/** Signs in through the persona chooser, as a person would. */
export async function signInAs(page: Page, name: string, role: string) {
  await page.goto('/');
  await page.getByRole('button', { name: `Sign in as ${name} — ${role}` }).click();
  // Signed in: the app shell replaces the chooser.
  await expect(sidebarLink(page, 'Settings')).toBeVisible();
}

export function sidebarLink(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true });
}

/** A tab of a catalog entity page (Overview, Team, History). */
export function entityTab(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });
}

/** A title no earlier run (or other test) has used, so tests never depend on each other. */
export function uniqueTitle(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/**
 * Keeps a full-page screenshot as an artifact of the test: in its output folder under
 * test-results/e2e and attached to the HTML report (test-results/e2e-report).
 */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * The bearer token the signed-in app sends to the ADP API: start this before the page
 * calls the API, then await it. It is the user's own Backstage token.
 */
export function userAuthorization(page: Page): Promise<string> {
  return page
    .waitForRequest(
      (r: Request) => r.url().includes('/api/adp/') && !!r.headers().authorization,
    )
    .then(r => r.headers().authorization);
}

export type Decision = { permission: string; resourceRef?: string; result: string };

/**
 * Records the permission decisions the page receives from /api/permission/authorize,
 * so a test can wait until the UI has been told what the user may do.
 */
export function recordPermissionDecisions(page: Page) {
  const decisions: Decision[] = [];
  page.on('response', async response => {
    const request = response.request();
    if (request.method() !== 'POST' || !response.url().includes('/api/permission/authorize')) return;
    const asked = (request.postDataJSON()?.items ?? []) as Array<{
      id: string;
      permission: { name: string };
      resourceRef?: string;
    }>;
    const answered = ((await response.json().catch(() => ({}))).items ?? []) as Array<{ id: string; result: string }>;
    for (const a of answered) {
      const q = asked.find(i => i.id === a.id);
      if (q) decisions.push({ permission: q.permission.name, resourceRef: q.resourceRef, result: a.result });
    }
  });
  return {
    named: (permission: string) => decisions.filter(d => d.permission === permission),
  };
}

/**
 * Waits until the portal serves delivery data to a signed-in persona. Right after a
 * start the backend is "ready" while the permission policy may still deny every user:
 * its catalog user directory can load before the catalog has read the demo users, and
 * it loads again only a minute later. Call it from `test.beforeAll`.
 */
export async function waitUntilPortalServesDeliveryData(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string | undefined,
) {
  const api = await playwright.request.newContext({ baseURL });
  try {
    await expect
      .poll(
        async () => {
          // What the persona chooser does: the demo provider signs in the named persona.
          const auth = await api.get('/api/auth/adp-demo/refresh', {
            headers: { 'x-adp-demo-persona': 'user:default/paul' },
          });
          if (!auth.ok()) return `sign-in: ${auth.status()}`;
          const token = (await auth.json()).backstageIdentity.token;
          const albs = await api.get('/api/adp/albs', { headers: { authorization: `Bearer ${token}` } });
          return albs.ok() ? `ALBs: ${(await albs.json()).totalCount}` : `ALBs: ${albs.status()}`;
        },
        { timeout: 150_000, intervals: [2_000] },
      )
      .toMatch(/^ALBs: [1-9]/);
  } finally {
    await api.dispose();
  }
}
