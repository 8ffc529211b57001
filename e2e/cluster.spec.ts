import { expect, test } from '@playwright/test';
import { events, leader, open, pause } from './helpers.ts';

test('a leader emerges', async ({ page }) => {
  await open(page, '?speed=1&seed=1');
  const l = await leader(page);
  expect(l.term).toBeGreaterThanOrEqual(1);
  await expect(page.locator('[data-server]')).toHaveCount(5);
  await expect(page.locator('[data-server][data-role="leader"][data-up="true"]')).toHaveCount(1);
});

test('crashing the leader brings a new leader with a higher term', async ({ page }) => {
  await open(page, '?speed=1&seed=2');
  const old = await leader(page);
  await page.locator(`[data-server="${old.id}"]`).click();
  await expect(page.locator(`[data-server="${old.id}"]`)).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Crash server' }).click();
  await expect(page.locator(`[data-server="${old.id}"]`)).toHaveAttribute('data-up', 'false');
  await expect
    .poll(
      async () => {
        const el = page.locator('[data-server][data-role="leader"][data-up="true"]');
        if ((await el.count()) === 0) return 0;
        return Number(await el.first().getAttribute('data-term'));
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(old.term);
  await page.getByRole('button', { name: 'Restart server' }).click();
  await expect(page.locator(`[data-server="${old.id}"]`)).toHaveAttribute('data-up', 'true');
});

test('a command sent from the client panel ends committed in every live server’s log', async ({
  page,
}) => {
  await open(page, '?speed=2&seed=3');
  await leader(page);
  await page.getByLabel('Command').fill('set colour blue');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  for (let id = 1; id <= 5; id++) {
    await expect(
      page.locator(`[data-log-server="${id}"][data-committed="true"]`, {
        hasText: 'set colour blue',
      }),
    ).toHaveCount(1, { timeout: 15_000 });
  }
  await expect(page.locator('.op.done', { hasText: 'set colour blue' })).toContainText('"OK"');
});

test('"Step" advances the event count by exactly one', async ({ page }) => {
  await open(page, '?speed=1&seed=4');
  await pause(page);
  for (let i = 0; i < 3; i++) {
    const before = await events(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => events(page)).toBe(before + 1);
  }
  // The right arrow does the same.
  const before = await events(page);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => events(page)).toBe(before + 1);
});

test('a message can be dropped', async ({ page }) => {
  await open(page, '?speed=0.01&seed=5');
  await leader(page, 40_000).catch(() => undefined);
  const msg = page.locator('[data-message]').first();
  await expect(msg).toBeVisible({ timeout: 30_000 });
  await pause(page);
  const m = page.locator('[data-message]').first();
  const id = await m.getAttribute('data-message');
  // Messages in flight may overlap (a reply and a request on one link): click
  // this one itself, not whatever lies on top at its centre.
  await m.dispatchEvent('click');
  await page.getByRole('button', { name: 'Drop message' }).click();
  await expect(page.locator(`[data-message="${id}"]`)).toHaveCount(0);
  await expect(page.locator('.event.action').first()).toContainText('drop');
});

test('URL parameters set speed and size, clamped with a notice', async ({ page }) => {
  await open(page, '?speed=1000&servers=7&seed=9');
  await expect(page.getByLabel('Speed')).toHaveValue('100');
  await expect(page.locator('[data-server]')).toHaveCount(7);
  await expect(page.getByRole('status')).toContainText('out of range');
});

test('next election pauses once a leader is elected', async ({ page }) => {
  await open(page, '?speed=0.001&seed=6');
  await page.getByRole('button', { name: 'Next election' }).click();
  await expect(page.locator('[data-server][data-role="leader"][data-up="true"]')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('settings: a bad value is refused with a message; a new server count starts a new run', async ({
  page,
}) => {
  await open(page, '?speed=1&seed=4');
  await expect(page.locator('[data-server]')).toHaveCount(5);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Latency min').fill('');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog.getByRole('alert')).toContainText('latencyMs');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Latency min').fill('5');
  await dialog.getByLabel('Servers').fill('3');
  await dialog.getByRole('button', { name: 'Apply and start a new run' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('[data-server]')).toHaveCount(3);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('Latency min')).toHaveValue('5');
  await expect(dialog.getByLabel('Servers')).toHaveValue('3');
});
