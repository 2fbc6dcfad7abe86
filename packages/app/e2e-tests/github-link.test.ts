import { expect, test } from '@playwright/test';
import {
  signInAs,
  userAuthorization,
  waitUntilPortalServesDeliveryData,
} from './support';

/*
 * Issue #17: a person's GitHub account is theirs to link. Pat, added as a technical member of
 * the Grants Application Service with no GitHub account, waits for one; Pat links it by signing
 * in on the fake GitHub's OAuth page (the GitHub auth provider with enterpriseInstanceUrl), the
 * backend asks the fake's /user whose token it is, and provisioning puts that account in the
 * project's Contributors team in the fake.
 */

const GRANTS = 'Grants Application Service';
const FAKE_GITHUB = `http://127.0.0.1:${
  process.env.ADP_E2E_FAKE_GITHUB_PORT ?? 7311
}`;

test.beforeAll(async ({ playwright }, workerInfo) => {
  test.setTimeout(180_000);
  await waitUntilPortalServesDeliveryData(
    playwright,
    workerInfo.project.use.baseURL,
  );
});

test('Pat links a GitHub account through GitHub sign-in and then appears in the Contributors team', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const login = `pat-e2e-${Date.now().toString(36)}`;
  const authorization = userAuthorization(page);
  await signInAs(page, 'Pat Programme', 'Delivery Programme Admin');
  const headers = { authorization: await authorization };

  // Pat, a programme admin of FCP, adds himself to Grants as a technical member: no account is asked for.
  const projects = await request.get('/api/adp/projects', {
    headers,
    params: { limit: '200' },
  });
  const grants = (
    (await projects.json()).items as Array<{
      id: string;
      name: string;
      title: string;
    }>
  ).find(p => p.title === GRANTS)!;
  const members = (await (
    await request.get(`/api/adp/projects/${grants.id}/members`, { headers })
  ).json()) as Array<{ userRef: string }>;
  if (!members.some(m => m.userRef === 'user:default/pat')) {
    const added = await request.post(`/api/adp/projects/${grants.id}/members`, {
      headers,
      data: { userRef: 'user:default/pat', technical: true },
    });
    expect(added.status()).toBe(201);
  }
  const refused = await request.post(`/api/adp/projects/${grants.id}/members`, {
    headers,
    data: { userRef: 'user:default/nora', githubHandle: 'someone-else' },
  });
  expect(refused.status()).toBe(400);

  await page.goto('/adp/my-access');
  const link = page.getByRole('button', {
    name: /Link (your|another) GitHub account/,
  });
  await expect(link).toBeVisible();

  const popupOpened = page.waitForEvent('popup');
  await link.click();
  const popup = await popupOpened;
  await expect(
    popup.getByRole('heading', { name: 'Sign in to GitHub (fake)' }),
  ).toBeVisible();
  await popup.getByLabel('GitHub login').fill(login);
  await popup.getByRole('button', { name: 'Authorize' }).click();
  await popup.waitForEvent('close', { timeout: 30_000 });

  await expect(
    page.getByText(`Linked to ${login}, verified by GitHub sign-in.`),
  ).toBeVisible({ timeout: 30_000 });

  // Provisioning follows the link: the fake GitHub's Contributors team of Grants holds the account.
  const slug = `adp-fcp-${grants.name}-contributors`;
  await expect
    .poll(
      async () => {
        // The fake answers in small pages, as GitHub does past 100.
        const logins: string[] = [];
        for (let p = 1; p <= 20; p++) {
          const res = await request.get(
            `${FAKE_GITHUB}/orgs/DEFRA/teams/${slug}/members?per_page=100&page=${p}`,
          );
          if (!res.ok()) break;
          const page = (await res.json()) as Array<{ login: string }>;
          if (page.length === 0) break;
          logins.push(...page.map(m => m.login));
        }
        return logins;
      },
      { timeout: 90_000, intervals: [1000, 2000, 5000] },
    )
    .toContain(login);
});
