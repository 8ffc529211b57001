import { expect, test } from '@playwright/test';
import { open, pause } from './helpers.ts';

test('the violation banner names the check and its link shows the moment it broke', async ({
  page,
}) => {
  await open(page, '?speed=1');
  // The Figure 8 run with the commit rule switched off: S5 wins term 5 without entry 2.
  await page
    .getByRole('combobox', { name: 'Scenarios' })
    .selectOption({ label: 'Why the commit rule: broken' });
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '0');
  await page.getByRole('button', { name: 'Play' }).click();
  const banner = page.getByRole('alert').and(page.locator('.violation'));
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await pause(page);
  await expect(banner).toContainText('Safety violated:');
  const invariant = (await banner.getAttribute('data-invariant'))!;
  expect([
    'leader-completeness',
    'state-machine-safety',
    'applied-agreement',
    'kv-agreement',
  ]).toContain(invariant);
  await expect(banner.locator('code')).toHaveText(invariant);

  // Play well past it, then follow the link back (to the latest violation, read once paused).
  const first = Number(await banner.getAttribute('data-violation-at'));
  await page.getByRole('button', { name: 'Play' }).click();
  await expect
    .poll(async () => Number(await page.getByTestId('clock').getAttribute('data-now')), {
      timeout: 30_000,
    })
    .toBeGreaterThan(first + 200);
  await pause(page);
  const at = Number(await banner.getAttribute('data-violation-at'));
  const n = Number(await banner.getAttribute('data-violation-events'));
  const latest = (await banner.getAttribute('data-invariant'))!;
  expect(n).toBeGreaterThan(0);
  await banner.getByRole('button', { name: /^Show the moment/ }).click();
  const clock = page.getByTestId('clock');
  await expect(clock).toHaveAttribute('data-now', String(at));
  await expect(clock).toHaveAttribute('data-events', String(n));
  // The picture is of that moment: the violation named is the one that happened then.
  await expect(banner).toHaveAttribute('data-violation-events', String(n));
  await expect(banner).toHaveAttribute('data-invariant', latest);

  // One event earlier, it had not happened yet.
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(clock).toHaveAttribute('data-events', String(n - 1));
  await expect
    .poll(async () =>
      (await banner.count()) === 0
        ? -1
        : Number(await banner.getAttribute('data-violation-events')),
    )
    .toBeLessThan(n);
});
