/**
 * Issue 11 in the app: the switches in Settings, "Transfer leadership here",
 * the snapshot drawn in the log grid.
 */
import { expect, test } from '@playwright/test';
import { leader, open, pause } from './helpers.ts';

test('Settings turns on PreVote, CheckQuorum, a read mode, a snapshot threshold and the unsafe read switches; the run records it', async ({
  page,
}) => {
  await open(page, '?speed=1&seed=4');
  await leader(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByLabel(/^PreVote/)).not.toBeChecked();
  await expect(dialog.getByLabel('Read mode')).toHaveValue('log');
  await expect(dialog.getByLabel('Snapshot threshold')).toHaveValue('0');
  await dialog.getByLabel(/^PreVote/).check();
  await dialog.getByLabel(/^CheckQuorum/).check();
  await dialog.getByLabel('Read mode').selectOption('readIndex');
  await dialog.getByLabel('Snapshot threshold').fill('4');
  await dialog.getByLabel(/^Stale reads/).check();
  await dialog.getByLabel(/^Lease reads without the vote wait/).check();
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText(
    'PreVote on; CheckQuorum on; reads by ReadIndex; snapshot after 4 entries; unsafe: staleReads, leaseWithoutVoteWait',
  );
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel(/^PreVote/)).toBeChecked();
  await expect(dialog.getByLabel(/^CheckQuorum/)).toBeChecked();
  await expect(dialog.getByLabel('Read mode')).toHaveValue('readIndex');
  await expect(dialog.getByLabel('Snapshot threshold')).toHaveValue('4');
  await expect(dialog.getByLabel(/^Stale reads/)).toBeChecked();
  await expect(dialog.getByLabel(/^Lease reads without the vote wait/)).toBeChecked();
  await page.screenshot({ path: '/tmp/app11/settings-light.png' });
});

test('"Transfer leadership here" on a follower makes it the leader', async ({ page }) => {
  await open(page, '?speed=1&seed=4');
  const first = await leader(page);
  await pause(page);
  const target = first.id === 1 ? 2 : 1;
  await page.locator(`[data-server="${first.id}"]`).click();
  await expect(page.getByRole('button', { name: 'Transfer leadership here' })).toBeDisabled();
  await page.locator(`[data-server="${target}"]`).click();
  await page.getByRole('button', { name: 'Transfer leadership here' }).click();
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText(
    `S${first.id} is asked to hand leadership to S${target}`,
  );
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(
    page.locator(`[data-server="${target}"][data-role="leader"][data-up="true"]`),
  ).toBeVisible({ timeout: 15_000 });
  const term = Number(await page.locator(`[data-server="${target}"]`).getAttribute('data-term'));
  expect(term).toBeGreaterThan(first.term);
});
