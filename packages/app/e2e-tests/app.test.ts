import { expect, Page, test } from '@playwright/test';

async function signInAs(page: Page, name: string, role: string) {
  await page.goto('/');
  await page
    .getByRole('button', { name: `Sign in as ${name} — ${role}` })
    .click();
  // Signed in: the app shell replaces the chooser.
  await expect(sidebarLink(page, 'Settings')).toBeVisible();
}

function sidebarLink(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true });
}

test('Tess signs in from the persona chooser and finds herself in the catalog', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'ADP Portal' })).toBeVisible();
  // One button per persona, each named for the person and their role.
  await expect(page.getByRole('button', { name: /^Sign in as / })).toHaveCount(
    7,
  );

  await signInAs(page, 'Tess Technical', 'Technical Team Member');

  await sidebarLink(page, 'Catalog').click();
  await expect(page.getByRole('heading', { name: 'ADP Catalog' })).toBeVisible();
  // The catalog's kind filter is a free-text autocomplete; its URL form is stable.
  await page.goto('/catalog?filters%5Bkind%5D=user');
  await page.getByRole('link', { name: 'Tess Technical' }).click();

  await expect(page).toHaveURL(/\/catalog\/default\/user\/tess$/);
  await expect(
    page.getByRole('heading', { name: 'Tess Technical', level: 2 }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /tess@adp-demo\.example/ }),
  ).toBeVisible();
});

test('Ada signs in and sees her name and her team in settings', async ({
  page,
}) => {
  await signInAs(page, 'Ada Admin', 'ADP Admin');

  await sidebarLink(page, 'Settings').click();
  await expect(
    page.getByRole('heading', { name: 'Ada Admin', level: 6, exact: true }),
  ).toBeVisible();
  await expect(page.getByText('ada@adp-demo.example')).toBeVisible();
  // Signed in through the catalog user: her group is in her ownership refs.
  await expect(
    page.getByRole('heading', { name: /^Ownership Entities:/ }),
  ).toContainText('ADP Platform Engineers');
});

test('signing out returns to the persona chooser', async ({ page }) => {
  await signInAs(page, 'Paul Platform', 'Platform User');

  await sidebarLink(page, 'Settings').click();
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Sign Out' }).click();

  await expect(
    page.getByRole('button', {
      name: 'Sign in as Paul Platform — Platform User',
    }),
  ).toBeVisible();
});
