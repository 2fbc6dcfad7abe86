import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import {
  keepScreenshot,
  signInAs,
  waitUntilPortalServesDeliveryData,
} from './support';

/*
 * Every ADP page and entity tab, as people see them: no link leads to "not found" or an
 * error, and axe-core finds nothing at WCAG 2.2 A and AA. The demo data (app-config.demo.yaml)
 * has the ALB rpa, its programme fcp and the project fcp-acd.
 */

const ADP_PAGES = [
  '/adp',
  '/adp/albs',
  '/adp/programmes',
  '/adp/projects',
  '/adp/permissions',
  '/adp/my-access',
  '/adp/production-access',
];

const ENTITY_PAGES = [
  '/catalog/alb/group/rpa',
  '/catalog/programme/group/fcp',
  '/catalog/programme/group/fcp/adp-team',
  '/catalog/programme/group/fcp/adp-history',
  '/catalog/default/group/fcp-acd',
  '/catalog/default/group/fcp-acd/adp-team',
  '/catalog/default/group/fcp-acd/adp-history',
];

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test.beforeAll(async ({ playwright }, workerInfo) => {
  test.setTimeout(180_000);
  await waitUntilPortalServesDeliveryData(
    playwright,
    workerInfo.project.use.baseURL,
  );
});

/** Waits until the page has drawn what it loads: no progress bar left. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  // Every page has its header's level-1 heading; not every plugin's page has a main landmark
  // (the catalog's filtered list, reached from a group's Ownership card, has none).
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
}

/** What a person must never land on: the app's 404, the catalog's "not found", an error panel. */
async function expectNoErrorOn(page: Page, from: string) {
  const where = `${page.url()} (reached from ${from})`;
  await expect.soft(page.getByTestId('error'), where).toHaveCount(0);
  await expect.soft(
    page.getByText(/entity not found|page not found/i),
    where,
  ).toHaveCount(0);
  await expect.soft(page.getByRole('alert'), where).toHaveCount(0);
}

/** The internal links of the page's main area (header tabs included), without query-less duplicates. */
async function internalLinks(page: Page): Promise<string[]> {
  const hrefs = await page
    .getByRole('main')
    .locator('a[href]')
    .evaluateAll(as => as.map(a => a.getAttribute('href') ?? ''));
  return [
    ...new Set(hrefs.filter(h => h.startsWith('/') && !h.startsWith('//'))),
  ];
}

async function checkA11y(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  const found = results.violations.map(
    v =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
        .map(n => n.target.join(' '))
        .join('\n    ')}`,
  );
  expect.soft(found, `axe-core on ${what}`).toEqual([]);
}

const PERSONAS = [
  { name: 'Paul Platform', role: 'Platform User', id: 'paul' },
  { name: 'Pat Programme', role: 'Delivery Programme Admin', id: 'pat' },
  { name: 'Dee Delivery', role: 'Delivery Team Admin', id: 'dee' },
];

for (const persona of PERSONAS) {
  test(`As ${persona.name} (${persona.role}), every ADP page, tab and dialog passes axe-core at WCAG 2.2 AA`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(10 * 60_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs(page, persona.name, persona.role);
    for (const path of [...ADP_PAGES, ...ENTITY_PAGES]) {
      await page.goto(path);
      await settled(page);
      await keepScreenshot(
        page,
        testInfo,
        `${persona.id}${path.replace(/\//g, '-')}`,
      );
      await checkA11y(page, `${path} as ${persona.name}`);
    }

    // The dialogs each persona can open.
    if (persona.id === 'dee') {
      await page.goto('/catalog/default/group/fcp-acd/adp-team');
      await settled(page);
      await page.getByRole('button', { name: 'Add team member' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await keepScreenshot(page, testInfo, 'dee-add-team-member-dialog');
      await checkA11y(page, 'the Add team member dialog');
    }
    if (persona.id === 'pat') {
      await page.goto('/adp/programmes');
      await settled(page);
      await page
        .getByRole('link', {
          name: /projects? of Farming and Countryside Programme$/,
        })
        .click();
      await settled(page);
      await page
        .getByRole('button', {
          name: 'Create project in Farming and Countryside Programme',
        })
        .click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await keepScreenshot(page, testInfo, 'pat-create-project-dialog');
      await checkA11y(page, 'the Create delivery project dialog');
    }
  });
}

test('Screens at 1920 px: the permission matrix and the landing page', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await signInAs(page, 'Pat Programme', 'Delivery Programme Admin');
  for (const path of ['/adp', '/adp/permissions']) {
    await page.goto(path);
    await settled(page);
    await page.screenshot({
      path: testInfo.outputPath(`pat-1920${path.replace(/\//g, '-')}.png`),
    });
    await testInfo.attach(`pat-1920${path}`, {
      path: testInfo.outputPath(`pat-1920${path.replace(/\//g, '-')}.png`),
    });
  }
});

test('As Pat, every internal link on every ADP page and entity tab opens a working page', async ({
  page,
}) => {
  test.setTimeout(12 * 60_000);
  await signInAs(page, 'Pat Programme', 'Delivery Programme Admin');
  const clicked = new Set<string>();
  for (const start of [...ADP_PAGES, ...ENTITY_PAGES]) {
    await page.goto(start);
    await settled(page);
    await expectNoErrorOn(page, 'the address bar');
    for (const href of await internalLinks(page)) {
      if (clicked.has(href)) continue;
      clicked.add(href);
      const link = page.getByRole('main').locator(`a[href="${href}"]`).first();
      // Links in a collapsed or scrolled part of the page are clicked as a person would: scrolled to.
      await link.scrollIntoViewIfNeeded();
      // Some links are drawn where a pointer cannot land (the catalog graph's SVG nodes): the
      // address they hold is then followed as the browser would, and still checked.
      await link.click({ timeout: 10_000 }).catch(() => page.goto(href));
      await settled(page);
      await expectNoErrorOn(page, start);
      await page.goto(start);
      await settled(page);
    }
  }
  // The crawl reached the entity pages through the lists' links, not only by address.
  expect([...clicked]).toEqual(
    expect.arrayContaining([
      '/catalog/alb/group/rpa',
      '/catalog/programme/group/fcp',
      '/catalog/default/group/fcp-acd',
    ]),
  );
});
