import { expect, test, type Page } from '@playwright/test';
import { leader, open, pause } from './helpers.ts';

async function cutOff(page: Page, id: number, n: number) {
  for (let other = 1; other <= n; other++) {
    if (other === id) continue;
    const key = id < other ? `${id}-${other}` : `${other}-${id}`;
    const link = page.locator(`[data-link="${key}"]`);
    // Links are clickable along their length; Enter on the focused link does the same.
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(link).toHaveAttribute('data-up', 'none');
  }
}

async function committedCount(page: Page, id: number): Promise<number> {
  return page.locator(`[data-log-server="${id}"][data-committed="true"]`).count();
}

test('a leader cut off from the majority stops committing; the majority elects a new leader; healing converges', async ({
  page,
}) => {
  await open(page, '?speed=2&seed=7');
  const old = await leader(page);
  // Cut all its links at one moment (paused): cut one by one, the others' elections
  // would reach it through the links still up and it would step down.
  await pause(page);
  await cutOff(page, old.id, 5);
  await page.getByRole('button', { name: 'Play' }).click();

  const fresh = page.locator(
    `[data-server][data-role="leader"][data-up="true"]:not([data-server="${old.id}"])`,
  );
  await expect(fresh).toHaveCount(1, { timeout: 20_000 });
  expect(Number(await fresh.getAttribute('data-term'))).toBeGreaterThan(old.term);

  // A command sent to the old leader is appended there but never committed.
  const before = await committedCount(page, old.id);
  await page.locator(`[data-server="${old.id}"]`).click();
  await page.getByLabel('Command').fill('set stale 1');
  await page.getByRole('button', { name: 'Send request here' }).click();
  await expect(
    page.locator(`[data-log-server="${old.id}"]`, { hasText: 'set stale 1' }),
  ).toHaveAttribute('data-committed', 'false', { timeout: 10_000 });
  await page.waitForTimeout(1000);
  expect(await committedCount(page, old.id)).toBe(before);

  // Heal: everyone follows one leader and the logs end equal and committed.
  await page.getByRole('button', { name: 'Heal network' }).click();
  await expect(page.locator('[data-link][data-up="none"]')).toHaveCount(0);
  await expect(page.locator('[data-server][data-role="leader"]')).toHaveCount(1, {
    timeout: 20_000,
  });
  const l = await leader(page);
  await page.getByLabel('Command').fill('set after heal');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect
    .poll(
      async () => {
        const lasts = [];
        for (let id = 1; id <= 5; id++) {
          const cells = page.locator(`[data-log-server="${id}"]`);
          const last = cells.last();
          lasts.push(
            `${await last.getAttribute('data-index')}/${await last.getAttribute('data-term')}/${await last.getAttribute('data-committed')}`,
          );
        }
        return new Set(lasts).size === 1 && lasts[0]!.endsWith('/true');
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await expect(
    page.locator(`[data-log-server="${l.id}"][data-committed="true"]`, {
      hasText: 'set after heal',
    }),
  ).toHaveCount(1);
  // The client retried the stale request elsewhere: it ends committed once, everywhere.
  await expect(
    page.locator(`[data-log-server="${old.id}"][data-committed="true"]`, {
      hasText: 'set stale 1',
    }),
  ).toHaveCount(1);
});

test('a one-way cut shows its direction', async ({ page }) => {
  await open(page, '?speed=1&seed=8');
  const link = page.locator('[data-link="1-2"]');
  await link.focus();
  await page.keyboard.press('Shift+Enter');
  await expect(link).toHaveAttribute('data-up', '1-2');
  await page.keyboard.press('Shift+Enter');
  await expect(link).toHaveAttribute('data-up', '2-1');
  await page.keyboard.press('Enter');
  await expect(link).toHaveAttribute('data-up', 'both');
});
