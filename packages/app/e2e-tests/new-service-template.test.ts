import { expect, test } from '@playwright/test';
import {
  keepScreenshot,
  sidebarLink,
  signInAs,
  userAuthorization,
  waitUntilPortalServesDeliveryData,
} from './support';

/** The steps of examples/templates/new-service, in order. */
const STEPS = [
  'Read the delivery project',
  'Register the SonarCloud project',
  'Fetch the skeleton',
  'Publish to GitHub',
  "Grant the repository to the project's GitHub teams",
  'Register in the catalog',
];

test.beforeAll(async ({ playwright }, workerInfo) => {
  test.setTimeout(180_000);
  await waitUntilPortalServesDeliveryData(playwright, workerInfo.project.use.baseURL);
});

/*
 * The whole template, as the person it is for: the backend publishes to the fake GitHub of
 * scripts/fakes.ts (scripts/test.sh starts it), grants the repository to the
 * project's teams and registers the component in the catalog.
 */
test('Tess creates a service for one of her own delivery projects with the new service template', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  // A name no earlier run used: the fake GitHub outlives a retried test.
  const name = `fcp-acd-e2e-${Date.now().toString(36)}`;
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

  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Description' }).fill('Made by the end-to-end test.');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('button', { name: 'Visibility public' })).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();

  // The Review step names the project; its id, which the steps receive, is not shown.
  const found = await page.request.get('/api/adp/projects', {
    headers: { authorization: await authorization },
    params: { search: 'fcp-acd' },
  });
  const acd = (await found.json()).items.find((p: { name: string }) => p.name === 'fcp-acd');
  const review = page.getByRole('table');
  const projectRow = review.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Delivery project', exact: true }) });
  await expect(projectRow.getByRole('cell').last()).toHaveText('Annual Compliance Data (fcp-acd)');
  await expect(review).not.toContainText(acd.id);
  await keepScreenshot(page, testInfo, 'new-service-review-tess');

  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: every step listed, then the template's output links once it has finished.
  await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+$/);
  const steps = page.getByTestId('step-label');
  await expect(steps).toHaveText(STEPS);
  const catalogLink = page.getByRole('link', { name: 'Open in catalog' });
  await expect(catalogLink).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('link', { name: 'Repository' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Owner (delivery project)' })).toBeVisible();
  // Finished: no step still running.
  await expect(steps.getByRole('progressbar')).toHaveCount(0);
  const taskId = page.url().split('/').pop();
  const task = await page.request.get(`/api/scaffolder/v2/tasks/${taskId}`, {
    headers: { authorization: await authorization },
  });
  expect((await task.json()).status).toBe('completed');
  // What the step list shows: the last status each step reported.
  const events = await page.request.get(`/api/scaffolder/v2/tasks/${taskId}/events`, {
    headers: { authorization: await authorization },
  });
  const stepStatus: Record<string, string> = {};
  for (const e of (await events.json()) as Array<{ body: { stepId?: string; status?: string } }>) {
    if (e.body.stepId && e.body.status) stepStatus[e.body.stepId] = e.body.status;
  }
  expect(stepStatus).toEqual({
    project: 'completed',
    sonarcloud: 'completed',
    fetch: 'completed',
    publish: 'completed',
    grant: 'completed',
    register: 'completed',
  });
  await keepScreenshot(page, testInfo, 'new-service-task-completed-tess');

  // The component the task registered, owned by the delivery project. The register step adds a
  // location and the catalog processes it a moment later; until then the entity page is "Entity
  // not found" under the same heading. So wait for the entity itself, then for its own content.
  await expect
    .poll(
      async () =>
        (
          await page.request.get(`/api/catalog/entities/by-name/component/default/${name}`, {
            headers: { authorization: await authorization },
          })
        ).status(),
      { timeout: 60_000 },
    )
    .toBe(200);
  await catalogLink.click();
  await expect(page).toHaveURL(new RegExp(`/catalog/default/component/${name}$`));
  await expect(page.getByRole('paragraph').filter({ hasText: 'Made by the end-to-end test.' })).toBeVisible();
  await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
  await expect(page.getByText('Entity not found')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Annual Compliance Data' }).first()).toHaveAttribute(
    'href',
    '/catalog/default/group/fcp-acd',
  );
  await keepScreenshot(page, testInfo, 'new-service-component-tess');
});
