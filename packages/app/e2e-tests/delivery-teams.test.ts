import { expect, test } from '@playwright/test';
import {
  entityTab,
  keepScreenshot,
  recordPermissionDecisions,
  sidebarLink,
  signInAs,
  uniqueTitle,
  userAuthorization,
  waitUntilPortalServesDeliveryData,
} from './support';

/*
 * Delivery teams as the demo personas see them (app-config.demo.yaml, seeded demo data).
 * Each test starts from the seeded state and creates what it needs under a unique name,
 * so they run in any order and against a portal earlier runs have already used.
 */

const FCP = 'Farming and Countryside Programme';
const ACD = 'Annual Compliance Data';

test.beforeAll(async ({ playwright }, workerInfo) => {
  test.setTimeout(180_000);
  await waitUntilPortalServesDeliveryData(playwright, workerInfo.project.use.baseURL);
});

test('Pat creates a project in FCP, adds Tess as a technical member and sees her on its Team tab', async ({
  page,
}, testInfo) => {
  // Includes waiting for the catalog to pick up the new project.
  test.setTimeout(120_000);
  const title = uniqueTitle('E2E Project');
  await signInAs(page, 'Pat Programme', 'Delivery Programme Admin');

  // Delivery landing page: the programme's project count leads to its projects.
  await sidebarLink(page, 'Delivery').click();
  const fcp = page
    .getByRole('list', { name: 'Programmes of Rural Payments Agency' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: FCP, exact: true }) });
  await expect(fcp).toBeVisible();
  await keepScreenshot(page, testInfo, 'delivery-landing-pat');
  await fcp.getByRole('link', { name: /^\d+ projects?$/ }).click();

  await expect(page.getByRole('heading', { name: 'Delivery projects' })).toBeVisible();
  await page.getByRole('button', { name: `Create project in ${FCP}` }).click();
  const create = page.getByRole('dialog', { name: `Create delivery project in ${FCP}` });
  await create.getByRole('textbox', { name: 'Title' }).fill(title);
  await create.getByRole('textbox', { name: 'Description' }).fill('Created by the delivery teams end-to-end test.');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(create).toBeHidden();

  await page.getByRole('searchbox', { name: 'Search' }).fill(title);
  const projects = page.getByRole('table', { name: 'Delivery projects' });
  const row = projects.getByRole('row').filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(projects.getByRole('row')).toHaveCount(2); // the search has applied: headings and the project
  await keepScreenshot(page, testInfo, 'projects-of-fcp-with-new-project');

  // The catalog learns about the project from the ADP backend's change events within
  // seconds; until then its page says the entity is not found, and reloading helps.
  await row.getByRole('link', { name: title }).click();
  // The header shows the title even while the entity is "not found": wait for its tabs.
  const teamTab = entityTab(page, 'Team');
  await expect(async () => {
    try {
      await expect(teamTab).toBeVisible({ timeout: 5_000 });
    } catch (notYet) {
      await page.reload();
      throw notYet;
    }
  }).toPass({ timeout: 90_000 });

  await teamTab.click();
  const team = page.getByRole('table', { name: `Team members of ${title}` });
  await expect(team.getByRole('cell', { name: 'No team members yet.' })).toBeVisible();

  await page.getByRole('button', { name: 'Add team member' }).click();
  const add = page.getByRole('dialog', { name: `Add team member to ${title}` });
  await add.getByRole('textbox', { name: 'User' }).fill('Tess');
  await page.getByRole('option', { name: 'Tess Technical (tess@adp-demo.example)' }).click();
  await add.getByRole('checkbox', { name: /^Technical team member/ }).check();
  // Pat picks the person; Tess's GitHub account is hers, linked by her (pre-seeded in the demo).
  await expect(add.getByRole('textbox', { name: /GitHub/ })).toHaveCount(0);
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(add).toBeHidden();

  const tess = team.getByRole('row').filter({ has: page.getByRole('link', { name: 'Tess Technical' }) });
  const expectTessTechnical = async () => {
    await expect(tess.getByText('Technical', { exact: true })).toBeVisible();
    await expect(tess.getByText('Admin', { exact: true })).toHaveCount(0);
    await expect(tess.getByRole('cell', { name: 'tess-technical' })).toBeVisible();
  };
  await expectTessTechnical();

  // Stored, not just shown: a fresh load of the Team tab lists her the same way.
  await page.reload();
  await expectTessTechnical();
  await expect(team.getByRole('row')).toHaveCount(2); // the heading row and Tess
  await keepScreenshot(page, testInfo, 'new-project-team-tab');
});

test('Nora, a non-technical member, sees the fcp-acd team without any edit controls', async ({
  page,
}, testInfo) => {
  await signInAs(page, 'Nora NonTech', 'Delivery Team Member');
  const decisions = recordPermissionDecisions(page);

  // Her project is a Group in the catalog (the catalog's kind filter is stable in its URL form).
  await sidebarLink(page, 'Catalog').click();
  await expect(page.getByRole('heading', { name: 'ADP Catalog' })).toBeVisible();
  await page.goto('/catalog?filters%5Bkind%5D=group');
  await page.getByRole('link', { name: ACD, exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/group\/fcp-acd$/);
  await expect(page.getByRole('heading', { name: ACD, level: 2 })).toBeVisible();
  await entityTab(page, 'Team').click();

  const team = page.getByRole('table', { name: `Team members of ${ACD}` });
  for (const name of ['Dee Delivery', 'Nora NonTech', 'Tess Technical']) {
    await expect(team.getByRole('link', { name })).toBeVisible();
  }
  // Wait until the page has the server's word on every control, then check it hid them all.
  await expect.poll(() => decisions.named('adp.projectMember.create').length).toBeGreaterThanOrEqual(1);
  await expect.poll(() => decisions.named('adp.projectMember.update').length).toBeGreaterThanOrEqual(3);
  await expect.poll(() => decisions.named('adp.projectMember.delete').length).toBeGreaterThanOrEqual(3);
  for (const name of ['adp.projectMember.create', 'adp.projectMember.update', 'adp.projectMember.delete']) {
    expect(decisions.named(name).map(d => d.result)).not.toContain('ALLOW');
  }
  await expect(page.getByRole('button', { name: 'Add team member' })).toHaveCount(0);
  await expect(team.getByRole('button')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'fcp-acd-team-tab-nora');
});

test('Paul, a platform user, is refused (403) when he forces team and project edits through the API', async ({
  page,
}) => {
  await signInAs(page, 'Paul Platform', 'Platform User');
  const authorization = userAuthorization(page);
  await page.goto('/catalog/default/group/fcp-acd/adp-team');
  const team = page.getByRole('table', { name: `Team members of ${ACD}` });
  await expect(team.getByRole('link', { name: 'Nora NonTech' })).toBeVisible();
  const headers = { authorization: await authorization };

  // His token works: he may read the project and its team...
  const found = await page.request.get('/api/adp/projects', { headers, params: { search: ACD } });
  expect(found.status()).toBe(200);
  const acd = (await found.json()).items.find((p: { name: string }) => p.name === 'fcp-acd');
  const membersUrl = `/api/adp/projects/${acd.id}/members`;
  const before = await page.request.get(membersUrl, { headers });
  expect(before.status()).toBe(200);
  const members = (await before.json()) as Array<{ id: string; userRef: string; admin: boolean }>;
  const nora = members.find(m => m.userRef === 'user:default/nora')!;

  // ...but every change is refused by the server, whatever the UI shows.
  const attempts = [
    {
      response: await page.request.post(membersUrl, {
        headers,
        data: { userRef: 'user:default/paul', admin: true },
      }),
      message: 'Only team admins of this project can add team members',
    },
    {
      response: await page.request.patch(`${membersUrl}/${nora.id}`, { headers, data: { admin: true } }),
      message: "Only team admins of this project can change a member's role",
    },
    {
      response: await page.request.delete(`${membersUrl}/${nora.id}`, { headers }),
      message: 'Only team admins of this project can remove team members',
    },
    {
      response: await page.request.patch(`/api/adp/projects/${acd.id}`, { headers, data: { title: 'Taken over' } }),
      message: 'Only team admins of this project can edit it',
    },
  ];
  for (const { response, message } of attempts) {
    expect({ url: response.url(), status: response.status() }).toEqual({ url: response.url(), status: 403 });
    expect((await response.json()).error).toMatchObject({ name: 'NotAllowedError', message });
  }

  // Nothing changed.
  const after = await page.request.get(membersUrl, { headers });
  expect((await after.json()).map((m: { userRef: string; admin: boolean }) => [m.userRef, m.admin])).toEqual(
    members.map(m => [m.userRef, m.admin]),
  );
  expect((await (await page.request.get(`/api/adp/projects/${acd.id}`, { headers })).json()).title).toBe(ACD);
  await page.reload();
  await expect(team.getByRole('link', { name: 'Nora NonTech' })).toBeVisible();
  await expect(team.getByRole('link', { name: 'Paul Platform' })).toHaveCount(0);
});

test.describe('in a 1280px wide window', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the Team tab of a project fits the page, under a styled header and tabs', async ({ page }, testInfo) => {
    await signInAs(page, 'Dee Delivery', 'Delivery Team Admin');
    await page.goto('/catalog/default/group/fcp-acd');
    await expect(page.getByRole('heading', { name: ACD, level: 2 })).toBeVisible();
    await entityTab(page, 'Team').click();
    await expect(page).toHaveURL(/\/catalog\/default\/group\/fcp-acd\/adp-team$/);

    const team = page.getByRole('table', { name: `Team members of ${ACD}` });
    // Dee administers the team, so every row has its actions: all of them fully on screen.
    for (const name of ['Dee Delivery', 'Nora NonTech', 'Tess Technical']) {
      await expect(team.getByRole('button', { name: `Change role of ${name} in ${ACD}` })).toBeInViewport({ ratio: 1 });
      await expect(team.getByRole('button', { name: `Remove ${name} from ${ACD}` })).toBeInViewport({ ratio: 1 });
    }
    await expect(page.getByRole('button', { name: 'Add team member' })).toBeInViewport({ ratio: 1 });
    // Neither the page nor the table's own scroller needs a sideways scroll.
    const overflow = await team.evaluate(table => ({
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      table: table.parentElement!.scrollWidth - table.parentElement!.clientWidth,
    }));
    expect(overflow).toEqual({ page: 0, table: 0 });

    // The header is laid out by its stylesheet: the tabs sit side by side in one row.
    const tabs = await Promise.all(['Overview', 'Team', 'History'].map(name => entityTab(page, name).boundingBox()));
    expect(tabs.every(box => box && Math.abs(box.y - tabs[0]!.y) < 2)).toBe(true);
    expect(tabs[0]!.x).toBeLessThan(tabs[1]!.x);
    expect(tabs[1]!.x).toBeLessThan(tabs[2]!.x);
    await keepScreenshot(page, testInfo, 'fcp-acd-team-tab-1280');
  });
});
