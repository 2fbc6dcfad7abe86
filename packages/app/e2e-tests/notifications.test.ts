import { APIRequestContext, expect, test } from '@playwright/test';
import { keepScreenshot, signInAs, uniqueTitle, userAuthorization, waitUntilPortalServesDeliveryData } from './support';

/*
 * Notifications (issue #22) as a sponsor meets them: Dee Delivery, made the tech lead of
 * Annual Compliance Data (technical and its team admin, a civil servant), has her notifications
 * page open when Tess Technical asks for Production Deploy there; the request appears on the page
 * (live, through signals) and its link leads to the production access page. Dee's older
 * notifications are marked read first, and Tess's request and Dee's flag are undone at the
 * end, so the test can run again on one portal.
 */

const TITLE = 'Tess Technical asks for Production Deploy access to Annual Compliance Data';
const VIEWPORT = { width: 1280, height: 1400 };
test.use({ viewport: VIEWPORT });

test.beforeAll(async ({ playwright }, workerInfo) => {
  test.setTimeout(180_000);
  await waitUntilPortalServesDeliveryData(playwright, workerInfo.project.use.baseURL);
});

type Headers = Record<string, string>;

async function acdId(request: APIRequestContext, headers: Headers) {
  const projects = await request.get('/api/adp/projects', { headers, params: { search: 'Annual Compliance' } });
  return ((await projects.json()).items as Array<{ id: string; name: string }>).find(p => p.name === 'fcp-acd')!.id;
}

async function setDeeTechnical(request: APIRequestContext, headers: Headers, technical: boolean) {
  const id = await acdId(request, headers);
  const members = (await (await request.get(`/api/adp/projects/${id}/members`, { headers })).json()) as Array<{ id: string; userRef: string; technical: boolean }>;
  const dee = members.find(m => m.userRef === 'user:default/dee')!;
  if (dee.technical === technical) return;
  expect((await request.patch(`/api/adp/projects/${id}/members/${dee.id}`, { headers, data: { technical } })).status()).toBe(200);
}

/** Tess's open Production Deploy requests on fcp-acd, withdrawn (pending) or revoked by Dee (active). */
async function undoTessDeploy(request: APIRequestContext, tess: Headers, dee: Headers) {
  const mine = (await (await request.get('/api/adp/production-access/mine', { headers: tess })).json()).requests as Array<{
    id: string; status: string; level: string; project?: { name: string };
  }>;
  for (const r of mine.filter(x => x.project?.name === 'fcp-acd' && x.level === 'production-deploy')) {
    if (r.status === 'pending') {
      expect((await request.post(`/api/adp/production-access/requests/${r.id}/withdraw`, { headers: tess })).status()).toBe(200);
    } else if (r.status === 'active') {
      const res = await request.post(`/api/adp/production-access/requests/${r.id}/revoke`, { headers: dee, data: { reason: 'Reset by the notifications end-to-end test' } });
      expect(res.status()).toBe(200);
    }
  }
}

test('a sponsor sees the production access request that awaits her on the notifications page', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const deeAuthorization = userAuthorization(page);
  await signInAs(page, 'Dee Delivery', 'Delivery Team Admin');
  await page.goto('/adp');
  const dee = { authorization: await deeAuthorization };

  const tessContext = await browser.newContext({ viewport: VIEWPORT });
  try {
    const tessPage = await tessContext.newPage();
    const tessAuthorization = userAuthorization(tessPage);
    await signInAs(tessPage, 'Tess Technical', 'Technical Team Member');
    await tessPage.goto('/adp');
    const tess = { authorization: await tessAuthorization };

    await undoTessDeploy(page.request, tess, dee);
    await setDeeTechnical(page.request, dee, true);
    // Earlier notifications (other runs, other tests) read: the page shows unread ones.
    const unread = await page.request.get('/api/notifications/notifications', { headers: dee, params: { read: 'false', limit: '200' } });
    expect(unread.status()).toBe(200);
    const ids = ((await unread.json()).notifications as Array<{ id: string }>).map(n => n.id);
    if (ids.length) {
      expect((await page.request.post('/api/notifications/notifications/update', { headers: dee, data: { ids, read: true } })).status()).toBe(200);
    }

    // Dee opens her notifications from the bell in the sidebar.
    // The bell's name carries the unread count while there is one: "Notifications (2)".
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: /^Notifications( \(\d+\+?\))?$/ })
      .click();
    await expect(page).toHaveURL(/\/notifications/);
    await expect(page.getByText(TITLE)).toHaveCount(0);

    const asked = await tessPage.request.post('/api/adp/production-access/requests', {
      headers: tess,
      data: { projectId: await acdId(tessPage.request, tess), level: 'production-deploy', justification: uniqueTitle('Notifications end-to-end') },
    });
    expect(asked.status()).toBe(201);

    // The new notification arrives on the open page; a reload is the fallback for a lost signal.
    const row = page.getByText(TITLE);
    try {
      await expect(row).toHaveCount(1, { timeout: 30_000 });
    } catch {
      await page.reload();
      await expect(row).toHaveCount(1, { timeout: 30_000 });
    }
    await keepScreenshot(page, testInfo, 'dee-notified-of-tess-request');
    await page.getByRole('link', { name: TITLE }).click();
    await expect(page).toHaveURL(/\/adp\/production-access/);
    await expect(page.getByRole('heading', { name: 'Production access', level: 2 })).toBeVisible();

    await undoTessDeploy(page.request, tess, dee);
    await setDeeTechnical(page.request, dee, false);
  } finally {
    await tessContext.close();
  }
});
