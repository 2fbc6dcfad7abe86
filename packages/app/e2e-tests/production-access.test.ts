import { APIRequestContext, expect, Page, test } from '@playwright/test';
import {
  keepScreenshot,
  recordPermissionDecisions,
  sidebarLink,
  signInAs,
  uniqueTitle,
  userAuthorization,
  waitUntilPortalServesDeliveryData,
} from './support';

/*
 * Production access (issue #9) as the demo personas click it: Tess Technical, a Technical
 * Team Member of fcp-acd, asks for Production Deploy; Dee Delivery, its Delivery Team
 * Admin and a civil servant, records herself as technical too, which makes her the team's
 * tech lead and so a sponsor (issue #17: a delivery manager does not sponsor), confirms what
 * the GOV.UK rules say a sponsor should ensure and approves; she is put back afterwards. The test first takes back whatever an earlier run against
 * the same backend left open, so it can run again (and be retried) on one portal.
 */

const ACD = 'Annual Compliance Data';
const DEPLOY = 'Production Deploy';

/** What the GOV.UK production access rules say the sponsor should ensure about the engineer (productionLevels.ts). */
const SPONSOR_SHOULD_ENSURE = [
  'has the required level of security clearance (at least BPSS)',
  "is aware of the team's processes and standards for code review",
  'understands the responsibilities that releasing code to production brings',
  'knows how to roll back to an earlier release if there are problems',
  'knows how to get help from someone with more access when they need it',
];

type AccessRecord = {
  id: string;
  level: string;
  status: string;
  justification: string;
  project?: { name: string };
};

/** Tall enough that a kept screenshot shows the whole page (Backstage scrolls inside it). */
const VIEWPORT = { width: 1280, height: 1800 };
test.use({ viewport: VIEWPORT });

test.beforeAll(async ({ playwright }, workerInfo) => {
  test.setTimeout(180_000);
  await waitUntilPortalServesDeliveryData(playwright, workerInfo.project.use.baseURL);
});

/** Signs a persona in and returns the token the app sends to the ADP API on their behalf. */
async function signInWithToken(page: Page, name: string, role: string) {
  const authorization = userAuthorization(page);
  await signInAs(page, name, role);
  return { authorization: await authorization };
}

async function tessDeployOnAcd(request: APIRequestContext, headers: Record<string, string>) {
  const mine = await request.get('/api/adp/production-access/mine', { headers });
  expect(mine.status()).toBe(200);
  const { requests } = (await mine.json()) as { requests: AccessRecord[] };
  return requests.filter(r => r.project?.name === 'fcp-acd' && r.level === 'production-deploy');
}

/** Dee's own member row on fcp-acd: technical makes the team admin its tech lead. */
async function setDeeTechnical(request: APIRequestContext, headers: Record<string, string>, technical: boolean) {
  const projects = await request.get('/api/adp/projects', { headers, params: { search: 'Annual Compliance' } });
  const acd = ((await projects.json()).items as Array<{ id: string; name: string }>).find(p => p.name === 'fcp-acd')!;
  const members = (await (await request.get(`/api/adp/projects/${acd.id}/members`, { headers })).json()) as Array<{ id: string; userRef: string; technical: boolean }>;
  const dee = members.find(m => m.userRef === 'user:default/dee')!;
  if (dee.technical === technical) return;
  const res = await request.patch(`/api/adp/projects/${acd.id}/members/${dee.id}`, { headers, data: { technical } });
  expect(res.status()).toBe(200);
}

async function openProductionAccess(page: Page) {
  await sidebarLink(page, 'Delivery').click();
  await page.getByRole('tab', { name: 'Production access' }).click();
  await expect(page.getByRole('heading', { name: 'Production access', level: 2 })).toBeVisible();
}

test('Tess requests Production Deploy on fcp-acd, Dee approves it, and the project shows who holds it', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const tess = page;
  const tessHeaders = await signInWithToken(tess, 'Tess Technical', 'Technical Team Member');
  const deeContext = await browser.newContext({ viewport: VIEWPORT });
  try {
    const dee = await deeContext.newPage();
    const deeHeaders = await signInWithToken(dee, 'Dee Delivery', 'Delivery Team Admin');

    // Start from "Tess neither holds nor has asked for Production Deploy on fcp-acd":
    // she withdraws a pending request, and her sponsor revokes a grant.
    for (const open of (await tessDeployOnAcd(tess.request, tessHeaders)).filter(r => ['pending', 'active'].includes(r.status))) {
      const undone =
        open.status === 'pending'
          ? await tess.request.post(`/api/adp/production-access/requests/${open.id}/withdraw`, { headers: tessHeaders })
          : await dee.request.post(`/api/adp/production-access/requests/${open.id}/revoke`, {
              headers: deeHeaders,
              data: { reason: 'Reset by the production access end-to-end test' },
            });
      expect(undone.status()).toBe(200);
    }

    // Tess asks, with a justification only this run uses.
    const justification = uniqueTitle('Releasing the compliance API');
    await openProductionAccess(tess);
    const form = tess.getByRole('form', { name: 'Request production access' });
    await form.getByRole('combobox', { name: 'Project' }).selectOption({ label: ACD });
    await form.getByRole('combobox', { name: 'Level' }).selectOption({ label: DEPLOY });
    await expect(form.getByRole('list', { name: `What ${DEPLOY} gives` })).toContainText('Merge pull requests in continuously deployed repositories');
    await form.getByRole('textbox', { name: 'Why do you need it?' }).fill(justification);
    await form.getByRole('button', { name: 'Request', exact: true }).click();
    await expect(form.getByRole('status')).toHaveText(`Requested ${DEPLOY} on ${ACD}: a sponsor will decide.`);

    const mine = tess.getByRole('table', { name: 'My production access' });
    const pending = mine.getByRole('row').filter({ hasText: ACD }).filter({ hasText: DEPLOY }).filter({ hasText: 'Awaiting a sponsor' });
    await expect(pending).toHaveCount(1);
    await expect(pending.getByRole('button', { name: `Withdraw ${DEPLOY} on ${ACD}` })).toBeVisible();

    // Nobody sponsors their own access: Tess's queue is empty and she has nothing to approve...
    const tessQueue = tess.getByText('Nothing awaits you.', { exact: false });
    await expect(tessQueue).toBeVisible();
    await expect(tess.getByRole('region', { name: `Tess Technical asks for ${DEPLOY} on ${ACD}` })).toHaveCount(0);
    await expect(tess.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await keepScreenshot(tess, testInfo, 'tess-requested-production-deploy');

    // ...and the server refuses when she forces an approval through the API.
    const [asked] = (await tessDeployOnAcd(tess.request, tessHeaders)).filter(r => r.status === 'pending');
    expect(asked.justification).toBe(justification);
    const forced = await tess.request.post(`/api/adp/production-access/requests/${asked.id}/decision`, {
      headers: tessHeaders,
      data: {
        decision: 'approve',
        confirmations: ['security-clearance', 'code-review', 'releasing-code', 'roll-back', 'get-help'],
      },
    });
    expect(forced.status()).toBe(403);
    expect((await forced.json()).error).toMatchObject({
      name: 'NotAllowedError',
      message: "Only the project's tech lead (a technical member who is also a team admin of the project) or an ADP Admin sponsors production access",
    });
    expect((await tessDeployOnAcd(tess.request, tessHeaders)).find(r => r.id === asked.id)?.status).toBe('pending');

    // Only the project's tech lead sponsors: Dee, its team admin, records that she is technical too.
    await setDeeTechnical(dee.request, deeHeaders, true);

    // Dee sees the request in her queue with what the rules say she should ensure.
    await openProductionAccess(dee);
    const card = dee.getByRole('region', { name: `Tess Technical asks for ${DEPLOY} on ${ACD}` }).filter({ hasText: justification });
    await expect(card).toHaveCount(1);
    await expect(card.getByText('Before approving, confirm that the engineer:')).toBeVisible();
    const approve = card.getByRole('button', { name: 'Approve' });
    for (const [i, check] of SPONSOR_SHOULD_ENSURE.entries()) {
      // Approve waits for every one of them.
      await expect(approve).toBeDisabled();
      await card.getByRole('checkbox', { name: check }).check();
      if (i === 0) await keepScreenshot(dee, testInfo, 'dee-confirms-what-she-should-ensure');
    }
    await expect(card.getByRole('checkbox')).toHaveCount(SPONSOR_SHOULD_ENSURE.length);
    await expect(approve).toBeEnabled();
    await approve.click();
    await expect(card).toHaveCount(0);

    // The grant is now one she reviews, with Tess's last activity.
    const reviews = dee.getByRole('table', { name: 'Production access you sponsor' });
    const review = reviews.getByRole('row').filter({ hasText: 'Tess Technical' }).filter({ hasText: ACD }).filter({ hasText: DEPLOY });
    await expect(review).toHaveCount(1);
    await expect(review.getByRole('button', { name: `Revoke ${DEPLOY} of Tess Technical` })).toBeVisible();
    await expect(review.getByRole('cell').nth(4)).toHaveText(/^\d{4}-\d{2}-\d{2}$/); // last activity: she just used the portal
    await keepScreenshot(dee, testInfo, 'dee-reviews-tess-grant');

    // Tess sees the level granted.
    await tess.reload();
    const granted = mine.getByRole('row').filter({ hasText: ACD }).filter({ hasText: DEPLOY }).filter({ hasText: 'Granted' });
    await expect(granted).toHaveCount(1);
    await expect(granted).toContainText(/Granted \d{4}-\d{2}-\d{2} by Dee Delivery/);
    await expect(mine.getByRole('row').filter({ hasText: 'Awaiting a sponsor' })).toHaveCount(0);
    await keepScreenshot(tess, testInfo, 'tess-holds-production-deploy');

    // The project's catalog page says who holds which level.
    await tess.goto('/catalog/default/group/fcp-acd');
    await expect(tess.getByRole('heading', { name: ACD, level: 2 })).toBeVisible();
    const holders = tess.getByRole('list', { name: 'Production access holders' });
    await expect(holders.getByRole('listitem').filter({ hasText: `Tess Technical: ${DEPLOY}` })).toHaveCount(1);
    await expect(holders.getByRole('listitem').filter({ hasText: `Tess Technical: ${DEPLOY}` })).toContainText('sponsored by Dee Delivery');
    await holders.scrollIntoViewIfNeeded();
    await keepScreenshot(tess, testInfo, 'fcp-acd-production-access-holders');
    // The demo's Dee is its delivery manager again, for the other tests.
    await setDeeTechnical(dee.request, deeHeaders, false);
  } finally {
    await deeContext.close();
  }
});

test('Ada records a production access profile on the page; Dee has no such form and the server refuses her', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  // Nora's facts matter to no other test: set them to one state, then to the other, so
  // every run (and a retry) changes something and checks it was stored.
  const adaHeaders = await signInWithToken(page, 'Ada Admin', 'ADP Admin');
  const before = await page.request.get('/api/adp/profiles/user%3Adefault%2Fnora', { headers: adaHeaders });
  expect(before.status()).toBe(200);
  const apprentice = !(await before.json()).apprentice;

  await openProductionAccess(page);
  await page.getByRole('textbox', { name: 'User' }).fill('Nora');
  await page.getByRole('option', { name: 'Nora NonTech (nora@adp-demo.example)' }).click();
  const form = page.getByRole('form', { name: 'Production access profile of Nora NonTech' });
  await form.getByRole('combobox', { name: 'Employment' }).selectOption({ label: apprentice ? 'Contractor' : 'Civil servant' });
  await form.getByRole('checkbox', { name: 'Technologist apprentice' }).setChecked(apprentice);
  const lineManager = form.getByRole('textbox', { name: 'Line manager' });
  if (apprentice) {
    await lineManager.fill('Dee');
    await page.getByRole('option', { name: 'Dee Delivery (dee@adp-demo.example)' }).click();
  } else {
    await lineManager.click();
    await form.getByRole('button', { name: 'Clear' }).click();
    await lineManager.press('Escape');
  }
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved the production access profile of Nora NonTech.');
  await keepScreenshot(page, testInfo, 'ada-records-nora-profile');

  // Stored: the server has it, and the page shows it when Nora is looked up again.
  const after = await page.request.get('/api/adp/profiles/user%3Adefault%2Fnora', { headers: adaHeaders });
  expect(await after.json()).toMatchObject({
    employment: apprentice ? 'contractor' : 'civil-servant',
    apprentice,
    lineManagerRef: apprentice ? 'user:default/dee' : null,
  });
  await page.reload();
  await page.getByRole('textbox', { name: 'User' }).fill('Nora');
  await page.getByRole('option', { name: 'Nora NonTech (nora@adp-demo.example)' }).click();
  await expect(form.getByRole('combobox', { name: 'Employment' })).toHaveValue(apprentice ? 'contractor' : 'civil-servant');
  await expect(form.getByRole('checkbox', { name: 'Technologist apprentice' })).toBeChecked({ checked: apprentice });
  await expect(form.getByRole('textbox', { name: 'Line manager' })).toHaveValue(apprentice ? 'Dee Delivery (dee@adp-demo.example)' : '');

  // Dee, a Delivery Team Admin, gets no profile form, and the API refuses her the change.
  const deeContext = await browser.newContext({ viewport: VIEWPORT });
  try {
    const dee = await deeContext.newPage();
    const deeHeaders = await signInWithToken(dee, 'Dee Delivery', 'Delivery Team Admin');
    const decisions = recordPermissionDecisions(dee);
    await openProductionAccess(dee);
    await expect(dee.getByText('Awaiting your decision')).toBeVisible();
    // Once the page has the server's word on the form, it has hidden it.
    await expect.poll(() => decisions.named('adp.userProfile.manage').length).toBeGreaterThanOrEqual(1);
    expect(decisions.named('adp.userProfile.manage').map(d => d.result)).not.toContain('ALLOW');
    await expect(dee.getByText('Production access profiles')).toHaveCount(0);
    await expect(dee.getByRole('combobox', { name: 'Employment' })).toHaveCount(0);
    const forced = await dee.request.patch('/api/adp/profiles/user%3Adefault%2Fnora', {
      headers: deeHeaders,
      data: { employment: 'civil-servant', apprentice: false, lineManagerRef: null },
    });
    expect(forced.status()).toBe(403);
    expect((await forced.json()).error).toMatchObject({
      name: 'NotAllowedError',
      message: 'Only ADP Admins can record employment, apprenticeship and line managers',
    });
    const unchanged = await page.request.get('/api/adp/profiles/user%3Adefault%2Fnora', { headers: adaHeaders });
    expect((await unchanged.json()).apprentice).toBe(apprentice);
  } finally {
    await deeContext.close();
  }
});
