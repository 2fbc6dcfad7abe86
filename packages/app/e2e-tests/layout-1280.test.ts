import { expect, test } from '@playwright/test';
import { signInAs, waitUntilPortalServesDeliveryData } from './support';

/*
 * At 1280 px with the sidebar open, every Delivery header tab is on screen (no scroll arrow
 * hides one) and the project list's filter labels end before their select arrows.
 */

test.beforeAll(async ({ playwright }, workerInfo) => {
  test.setTimeout(180_000);
  await waitUntilPortalServesDeliveryData(
    playwright,
    workerInfo.project.use.baseURL,
  );
});

test('At 1280 px, every Delivery tab and the project filters read in full', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, 'Pat Programme', 'Delivery Programme Admin');
  await page.goto('/adp/projects');
  await expect(
    page.getByRole('heading', { name: 'Delivery projects' }),
  ).toBeVisible();

  const tabs = page.getByRole('tab');
  await expect(tabs).toHaveCount(7);
  for (const tab of await tabs.all()) {
    const box = (await tab.boundingBox())!;
    expect(box.x + box.width, `${await tab.innerText()}`).toBeLessThanOrEqual(
      1280,
    );
    await expect(tab).toBeInViewport({ ratio: 1 });
  }
  // MUI renders the scroll arrows only when the tabs overflow.
  await expect(page.locator('.MuiTabs-scrollButtons')).toHaveCount(0);

  for (const id of ['adp-list-alb', 'adp-list-programme']) {
    const label = page.locator(`label[for="${id}"], label#${id}-label`).first();
    const field = page
      .locator(`#${id}`)
      .locator('xpath=ancestor::div[contains(@class,"MuiInputBase-root")]');
    const arrow = field.locator('svg');
    const labelBox = (await label.boundingBox())!;
    const arrowBox = (await arrow.boundingBox())!;
    expect(
      labelBox.x + labelBox.width,
      `the ${await label.innerText()} label ends before its arrow`,
    ).toBeLessThanOrEqual(arrowBox.x);
  }
});
