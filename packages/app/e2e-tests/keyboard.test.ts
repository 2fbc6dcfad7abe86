import { expect, Locator, Page, test } from '@playwright/test';
import {
  sidebarLink,
  userAuthorization,
  waitUntilPortalServesDeliveryData,
} from './support';

/*
 * Keyboard only (WCAG 2.1.1): no click, no hover. Each step moves the focus with Tab (or
 * Shift+Tab) to the control a person would reach and presses Enter, Space, arrows or types.
 * Adding a team member, then requesting and approving production access (the project's sponsors
 * are its tech lead and the ADP Admins: Ada approves).
 */

const ACD = 'Annual Compliance Data';
const DEPLOY = 'Production Deploy';

test.use({ viewport: { width: 1280, height: 900 } });

test.beforeAll(async ({ playwright }, workerInfo) => {
  test.setTimeout(180_000);
  await waitUntilPortalServesDeliveryData(
    playwright,
    workerInfo.project.use.baseURL,
  );
});

/** Presses Tab until `target` has the focus; fails if it is not reachable within `max` presses. */
async function tabTo(page: Page, target: Locator, max = 200) {
  await expect(target).toBeVisible();
  for (let i = 0; i < max; i++) {
    if (
      await target.evaluate(
        el =>
          el === document.activeElement || el.contains(document.activeElement),
      )
    )
      return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Not reachable with Tab: ${target}`);
}

async function signInByKeyboard(page: Page, name: string, role: string) {
  const authorization = userAuthorization(page);
  await page.goto('/');
  await tabTo(
    page,
    page.getByRole('button', { name: `Sign in as ${name} — ${role}` }),
  );
  await page.keyboard.press('Enter');
  await expect(sidebarLink(page, 'Settings')).toBeVisible();
  return { authorization: await authorization };
}

test('Dee adds a member to fcp-acd and removes them again, with the keyboard only', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInByKeyboard(page, 'Dee Delivery', 'Delivery Team Admin');
  await page.goto('/catalog/default/group/fcp-acd/adp-team');
  const team = page.getByRole('table', { name: `Team members of ${ACD}` });
  await expect(team.getByRole('link', { name: 'Dee Delivery' })).toBeVisible();

  const remove = async () => {
    await tabTo(
      page,
      team.getByRole('button', { name: `Remove Paul Platform from ${ACD}` }),
    );
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Remove team member' });
    await expect(confirm).toBeVisible();
    await tabTo(
      page,
      confirm.getByRole('button', { name: 'Remove', exact: true }),
    );
    await page.keyboard.press('Enter');
    await expect(confirm).toBeHidden();
    await expect(team.getByRole('link', { name: 'Paul Platform' })).toHaveCount(
      0,
    );
  };
  // An earlier run that stopped half-way may have left him in the team.
  if ((await team.getByRole('link', { name: 'Paul Platform' }).count()) > 0)
    await remove();

  await tabTo(page, page.getByRole('button', { name: 'Add team member' }));
  await page.keyboard.press('Enter');
  const add = page.getByRole('dialog', { name: `Add team member to ${ACD}` });
  await expect(add).toBeVisible();
  await tabTo(page, add.getByRole('textbox', { name: 'User' }));
  await page.keyboard.type('Paul');
  await expect(
    page.getByRole('option', { name: /^Paul Platform/ }),
  ).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(add.getByRole('textbox', { name: 'User' })).toHaveValue(
    /Paul Platform/,
  );
  await tabTo(page, add.getByRole('button', { name: 'Add', exact: true }));
  await page.keyboard.press('Enter');
  await expect(add).toBeHidden();
  await expect(team.getByRole('link', { name: 'Paul Platform' })).toBeVisible();

  await remove();
});

type AccessRecord = {
  id: string;
  level: string;
  status: string;
  project?: { name: string };
};

test('Tess requests Production Deploy and Ada, an ADP Admin (a senior technologist), approves it, with the keyboard only', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const tess = page;
  const tessHeaders = await signInByKeyboard(
    tess,
    'Tess Technical',
    'Technical Team Member',
  );
  const adaContext = await browser.newContext({
    viewport: { width: 1280, height: 900 },
  });
  try {
    const ada = await adaContext.newPage();
    const adaHeaders = await signInByKeyboard(
      ada,
      'Ada Admin',
      'ADP Admin',
    );

    // Start from "Tess neither holds nor has asked for Production Deploy on fcp-acd".
    const mine = await tess.request.get('/api/adp/production-access/mine', {
      headers: tessHeaders,
    });
    expect(mine.status()).toBe(200);
    const open = ((await mine.json()).requests as AccessRecord[]).filter(
      r =>
        r.project?.name === 'fcp-acd' &&
        r.level === 'production-deploy' &&
        ['pending', 'active'].includes(r.status),
    );
    for (const r of open) {
      const undone =
        r.status === 'pending'
          ? await tess.request.post(
              `/api/adp/production-access/requests/${r.id}/withdraw`,
              { headers: tessHeaders },
            )
          : await ada.request.post(
              `/api/adp/production-access/requests/${r.id}/revoke`,
              {
                headers: adaHeaders,
                data: { reason: 'Reset by the keyboard end-to-end test' },
              },
            );
      expect(undone.status()).toBe(200);
    }

    // Tess: the form is reached, filled and sent from the keyboard.
    const justification = `Keyboard-only request ${Date.now().toString(36)}`;
    await tess.goto('/adp/production-access');
    const form = tess.getByRole('form', { name: 'Request production access' });
    await tabTo(tess, form.getByRole('combobox', { name: 'Project' }));
    await tess.keyboard.type(ACD);
    await expect(form.getByRole('combobox', { name: 'Project' })).toHaveValue(
      /.+/,
    );
    await tabTo(tess, form.getByRole('combobox', { name: 'Level' }));
    await tess.keyboard.type(DEPLOY);
    await expect(
      form.getByRole('list', { name: `What ${DEPLOY} gives` }),
    ).toBeVisible();
    await tabTo(
      tess,
      form.getByRole('textbox', { name: 'Why do you need it?' }),
    );
    await tess.keyboard.type(justification);
    await tabTo(
      tess,
      form.getByRole('button', { name: 'Request', exact: true }),
    );
    await tess.keyboard.press('Enter');
    await expect(form.getByRole('status')).toHaveText(
      `Requested ${DEPLOY} on ${ACD}: a sponsor will decide.`,
    );

    // Ada: each confirmation with Space, then Approve with Enter.
    await ada.goto('/adp/production-access');
    const card = ada
      .getByRole('region', {
        name: `Tess Technical asks for ${DEPLOY} on ${ACD}`,
      })
      .filter({ hasText: justification });
    await expect(card).toHaveCount(1);
    const checks = card.getByRole('checkbox');
    await expect(checks.first()).toBeVisible();
    for (let i = 0; i < (await checks.count()); i++) {
      await tabTo(ada, checks.nth(i));
      await ada.keyboard.press('Space');
      await expect(checks.nth(i)).toBeChecked();
    }
    const approve = card.getByRole('button', { name: 'Approve' });
    await expect(approve).toBeEnabled();
    await tabTo(ada, approve);
    await ada.keyboard.press('Enter');
    await expect(card).toHaveCount(0);
    const reviews = ada.getByRole('table', {
      name: 'Production access you sponsor',
    });
    await expect(
      reviews
        .getByRole('row')
        .filter({ hasText: 'Tess Technical' })
        .filter({ hasText: ACD })
        .filter({ hasText: DEPLOY }),
    ).toHaveCount(1);
  } finally {
    await adaContext.close();
  }
});
