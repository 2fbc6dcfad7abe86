import { expect, test } from '@playwright/test';
import {
  keepScreenshot,
  sidebarLink,
  signInAs,
  userAuthorization,
  waitUntilPortalServesDeliveryData,
} from './support';

test.beforeAll(async ({ playwright }, workerInfo) => {
  test.setTimeout(180_000);
  await waitUntilPortalServesDeliveryData(playwright, workerInfo.project.use.baseURL);
});

test('Tess chooses one of her own delivery projects in the new service template', async ({ page }, testInfo) => {
  await signInAs(page, 'Tess Technical', 'Technical Team Member');
  const authorization = userAuthorization(page);

  await sidebarLink(page, 'Create').click();
  // The template's card: the nearest element around its title that has a Choose button.
  await page
    .getByRole('heading', { name: 'New service for a delivery project', level: 4 })
    .locator('xpath=ancestor::*[.//button[normalize-space()="Choose"]][1]')
    .getByRole('button', { name: 'Choose' })
    .click();

  // The AdpDeliveryProjectPicker field (ui:field in examples/templates/new-service).
  const picker = page.getByRole('textbox', { name: 'Delivery project' });
  await expect(picker).toBeVisible();
  await picker.click();
  const options = page.getByRole('listbox').getByRole('option');
  await expect(options.filter({ hasText: 'Annual Compliance Data (fcp-acd)' })).toHaveCount(1);
  // Only projects where she is technical: not the other demo projects she is not in.
  await expect(options.filter({ hasText: 'Grants Application Service' })).toHaveCount(0);
  await expect(options.filter({ hasText: 'Flood Warning Service' })).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'new-service-project-picker-tess');
  await options.filter({ hasText: 'Annual Compliance Data (fcp-acd)' }).click();
  await expect(picker).toHaveValue('Annual Compliance Data (fcp-acd)');

  await page.getByRole('textbox', { name: 'Name' }).fill('fcp-acd-e2e-service');
  await page.getByRole('textbox', { name: 'Description' }).fill('Checks the delivery project picker.');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('button', { name: 'Visibility public' })).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();

  // The value the template receives is the project's id.
  const found = await page.request.get('/api/adp/projects', {
    headers: { authorization: await authorization },
    params: { search: 'fcp-acd' },
  });
  const acd = (await found.json()).items.find((p: { name: string }) => p.name === 'fcp-acd');
  const review = page.getByRole('table');
  const projectRow = review.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Delivery project', exact: true }) });
  await expect(projectRow.getByRole('cell').last()).toHaveText(acd.id);
  await keepScreenshot(page, testInfo, 'new-service-review-tess');
});
