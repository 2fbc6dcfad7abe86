// In Chromium, as the scaffold's guest: the Delivery page, a project's Team tab and an ALB's
// and a programme's catalog pages render (scripts/test-adoption.sh).
// Usage: node scripts/adoption/pages.mjs <baseUrl> <static token> <screenshot dir>
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium, expect: baseExpect } = require('@playwright/test');
// A first visit compiles nothing, but a loaded machine may take its time to answer.
const expect = baseExpect.configure({ timeout: 60_000 });
const [baseUrl, token, shots] = process.argv.slice(2);

/** The first ADP Group entity of a type, from the catalog the module filled. */
async function firstGroup(type) {
  const res = await fetch(
    `${baseUrl}/api/catalog/entities/by-query?filter=kind=group,spec.type=${type}&limit=1`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  const { items } = await res.json();
  if (!items?.length)
    throw new Error(`the catalog has no group of type ${type}`);
  return items[0].metadata;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ baseURL: baseUrl });
page.setDefaultTimeout(60_000);
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    await page
      .screenshot({
        path: `${shots}/${name.replace(/[^a-z0-9]+/gi, '-')}.png`,
        fullPage: true,
      })
      .catch(() => {});
    console.log(
      `FAIL ${name}\n     ${String(error?.message ?? error)
        .split('\n')
        .slice(0, 6)
        .join('\n     ')}`,
    );
  }
}

await check('the guest signs in', async () => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  // The app's sidebar, with the plugin's nav item, replaces the sign-in page.
  await expect(page.getByRole('link', { name: 'Delivery' })).toBeVisible();
});
await check('the Delivery page lists the ALBs', async () => {
  const alb = await firstGroup('arms-length-body');
  await page.goto('/adp');
  await expect(
    page.getByRole('heading', { name: 'Delivery' }).first(),
  ).toBeVisible();
  await expect(page.getByText(alb.title).first()).toBeVisible();
});
await check('a project’s Team tab renders', async () => {
  const project = await firstGroup('delivery-project');
  await page.goto(
    `/catalog/${project.namespace ?? 'default'}/group/${project.name}/adp-team`,
  );
  await expect(page.getByText(`Team of ${project.title}`)).toBeVisible();
  await expect(page.getByText('GitHub account', { exact: true })).toBeVisible();
});
await check('an ALB’s catalog page renders', async () => {
  const alb = await firstGroup('arms-length-body');
  await page.goto(`/catalog/${alb.namespace ?? 'default'}/group/${alb.name}`);
  await expect(
    page.getByRole('heading', { name: alb.title ?? alb.name }).first(),
  ).toBeVisible();
});
await check(
  'a programme’s catalog page renders, with its Team tab',
  async () => {
    const programme = await firstGroup('delivery-programme');
    await page.goto(
      `/catalog/${programme.namespace ?? 'default'}/group/${programme.name}`,
    );
    await expect(
      page
        .getByRole('heading', { name: programme.title ?? programme.name })
        .first(),
    ).toBeVisible();
    await expect(
      page
        .getByRole('link', { name: 'Team', exact: true })
        .or(page.getByRole('tab', { name: 'Team' })),
    ).toBeVisible();
  },
);
await browser.close();
process.exit(failed ? 1 : 0);
