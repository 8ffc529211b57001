/**
 * Membership changes in the app (issue 10, §6): a server added through the UI catches up
 * and then votes; the leader removed steps down; the Figure 10 preset shows the banner.
 */
import { expect, test, type Page } from '@playwright/test';
import { leader, open, pause } from './helpers.ts';

const server = (page: Page, id: number) => page.locator(`[data-server="${id}"]`);

async function clockNow(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-now'));
}

async function play(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Play' });
  if (await button.isVisible()) await button.click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
}

/** Plays until the clock passes `ms` more virtual milliseconds, then pauses. */
async function playFor(page: Page, ms: number): Promise<void> {
  const from = await clockNow(page);
  await play(page);
  await expect.poll(() => clockNow(page), { timeout: 20_000 }).toBeGreaterThan(from + ms);
  await pause(page);
}

test('add a server from the inspector: it catches up, then votes; then remove the leader', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await open(page, '?speed=1&servers=4&seed=3');
  // Settings: S4 outside the cluster at the start (a new run).
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('checkbox', { name: 'S4 a member at start' }).uncheck();
  await dialog.getByRole('button', { name: 'Apply and start a new run' }).click();
  await expect(server(page, 4)).toHaveAttribute('data-member', 'outside');
  await expect(server(page, 4)).toHaveAttribute('data-config', '{1,2,3}');
  await expect(page.getByTestId('config-status')).toContainText('{S1,S2,S3}');

  await play(page);
  const first = await leader(page);
  await playFor(page, 400); // the leader's no-op commits
  expect([1, 2, 3]).toContain(first.id);
  await expect(server(page, 4)).toHaveAttribute('data-term', '0'); // it waited, never a candidate

  await server(page, 4).click();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('button', { name: 'Remove from cluster' })).toBeDisabled();
  await inspector.getByRole('button', { name: 'Add to cluster' }).click();
  // Paused: the leader lets S4 catch up first, as a non-voting member (§6).
  await expect(server(page, 4)).toHaveAttribute('data-member', 'learner');
  await expect(server(page, 4)).toHaveAccessibleName(/catching up/);
  await expect(page.getByTestId('config-status')).toContainText('catching up: {S4}');
  await expect(page.locator('.event.config').first()).toContainText('catch up');

  await page.getByRole('button', { name: 'Play' }).click();
  await expect(server(page, 4)).toHaveAttribute('data-member', 'voter', { timeout: 10_000 });
  await expect(server(page, 4)).toHaveAttribute('data-config', '{1,2,3,4}', { timeout: 10_000 });
  await pause(page);
  for (const id of [1, 2, 3, 4])
    await expect(server(page, id)).toHaveAttribute('data-config', '{1,2,3,4}');
  // The log holds C_old,new then C_new, drawn apart from commands.
  const configs = page.locator(`[data-log-server="${first.id}"][data-kind="config"]`);
  await expect(configs).toHaveCount(2);
  await expect(configs.first()).toContainText('C_old,new');
  await expect(configs.last()).toContainText('C_new');
  await expect(page.locator('.marker.config').first()).toBeVisible();
  await expect(inspector.getByTestId('inspector-member')).toHaveText('voting member');

  // Remove the leader: it manages the cluster until C_new commits, then steps down (§6).
  const l = await leader(page);
  await server(page, l.id).click();
  await inspector.getByRole('button', { name: 'Remove from cluster' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(server(page, l.id)).toHaveAttribute('data-role', 'follower', { timeout: 10_000 });
  await expect(server(page, l.id)).toHaveAttribute('data-member', 'outside');
  const next = await leader(page);
  expect(next.id).not.toBe(l.id);
  await pause(page);
  const members = [1, 2, 3, 4].filter((id) => id !== l.id).join(',');
  await expect(server(page, next.id)).toHaveAttribute('data-config', `{${members}}`);
  await expect(server(page, l.id)).toHaveAccessibleName(/outside the cluster/);
  await expect(page.locator('.violation')).toHaveCount(0);
});

test('the Change membership dialog removes two servers at once through C_old,new', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await open(page, '?speed=1&servers=5&seed=3');
  await play(page);
  const l = await leader(page);
  await playFor(page, 400);
  const gone = [1, 2, 3, 4, 5].filter((id) => id !== l.id).slice(0, 2);
  const kept = [1, 2, 3, 4, 5].filter((id) => !gone.includes(id));
  const words = (ids: number[]) => `{${ids.map((id) => `S${id}`).join(', ')}}`;
  await page.getByRole('button', { name: 'Change membership…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Change membership' });
  await expect(dialog.getByTestId('membership-now')).toHaveText('{S1, S2, S3, S4, S5}');
  for (const id of gone) await dialog.getByRole('checkbox', { name: `S${id}` }).uncheck();
  await expect(dialog.getByTestId('membership-plan')).toContainText(
    `C_old,new {S1, S2, S3, S4, S5} → ${words(kept)}`,
  );
  await dialog.getByRole('button', { name: 'Start the change' }).click();
  // Paused: the leader appended C_old,new and uses it at once; both majorities are drawn.
  const bands = page.getByTestId('quorum-bands');
  await expect(bands).toHaveAttribute('data-joint', 'true');
  await expect(bands.locator('[data-band="old"] path')).not.toHaveCount(0);
  const status = page.getByTestId('config-status');
  await expect(status).toContainText('Joint: both majorities');
  await expect(status).toContainText('C_old {S1,S2,S3,S4,S5}: 3 of 5');
  await expect(status).toContainText(`C_new {${kept.map((id) => `S${id}`).join(',')}}: 2 of 3`);
  await expect(server(page, l.id)).toHaveAttribute(
    'data-config',
    `{1,2,3,4,5}→{${kept.join(',')}}`,
  );
  await expect(page.locator('.event.config').first()).toContainText('C_old,new');
  await play(page);
  for (const id of kept)
    await expect(server(page, id)).toHaveAttribute('data-config', `{${kept.join(',')}}`, {
      timeout: 10_000,
    });
  await expect(bands).toHaveAttribute('data-joint', 'false');
  for (const id of gone) await expect(server(page, id)).toHaveAttribute('data-member', 'outside');
  await pause(page);
});

test('the Figure 10 preset: two leaders in one term, and the banner says so', async ({ page }) => {
  await open(page, '?speed=1');
  await page
    .getByRole('combobox', { name: 'Scenarios' })
    .selectOption({ label: 'Why two phases (Figure 10)' });
  await page.getByRole('button', { name: 'Play' }).click();
  const banner = page.getByRole('alert').and(page.locator('.violation'));
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await pause(page);
  // At the story's end (right after the second election) the latest violation is election safety.
  await page.getByLabel('Timeline').fill('554');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '554');
  await expect(banner).toHaveAttribute('data-invariant', 'election-safety');
  await expect(banner).toContainText('Two leaders in term 2');
  await expect(banner).toContainText('{S1, S2, S3}');
  await expect(banner).toContainText('{S1, S2, S3, S4, S5}');
  await expect(page.locator('[data-server][data-role="leader"]')).toHaveCount(2);
  // Each leader's configuration is shown: S5 is a voter of S4's, not "Outside".
  await expect(server(page, 5)).toHaveAttribute('data-member', 'voter');
  await expect(page.locator('[data-band="rival"]')).toHaveCount(1);
  await expect(page.getByTestId('config-status')).toContainText('S1 leads with');
  await expect(page.getByTestId('config-rival')).toContainText(
    'S4 leads with {S1,S2,S3,S4,S5}: 3 of 5',
  );
});
