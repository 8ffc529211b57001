/**
 * Issue 11 in the app: the switches in Settings, "Transfer leadership here",
 * the snapshot drawn in the log grid.
 */
import { expect, test } from '@playwright/test';
import lz from 'lz-string';
import { leader, open, pause, settledPicture } from './helpers.ts';

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

test('with a small snapshot threshold the log grid draws each snapshot as one block with its index and term; InstallSnapshot has its own glyph', async ({
  page,
}) => {
  // [version, engine, options, initial, actions, moment]: no actions, shown from the start.
  const packed = [
    3,
    2,
    { seed: 3, servers: 3, clientLoadPerSecond: 40, snapshotThreshold: 4 },
    0,
    [],
    0,
  ];
  await page.goto(`/?speed=2#s=${lz.compressToEncodedURIComponent(JSON.stringify(packed))}`);
  await expect(page.getByTestId('clock')).toBeVisible();
  const play = page.getByRole('button', { name: 'Play' });
  if (await play.isVisible()) await play.click();
  const block = page.locator('[data-snapshot-server="1"]');
  await expect(block).toBeVisible({ timeout: 20_000 });
  // A follower goes down long enough to need the leader's snapshot.
  const chief = await leader(page);
  const follower = chief.id === 3 ? 2 : 3;
  await page.locator(`[data-server="${follower}"]`).click();
  await page.getByRole('button', { name: 'Crash server' }).click();
  await page.waitForTimeout(1500);
  await pause(page);
  // The grid shows the newest entries; S1's snapshot ends some entries before them, and on a
  // loaded machine more may have come than the grid shows: scroll back until its block is drawn.
  for (let i = 0; i < 40 && (await block.count()) === 0; i++) {
    await page.locator('.log-scroll').evaluate((el) => {
      el.scrollLeft = Math.max(0, el.scrollLeft - 100);
    });
    await page.waitForTimeout(100);
  }
  // Frames sent before the pause may still arrive: read the block once it is still.
  const read = () =>
    block.evaluate((el) => ({
      index: Number((el as HTMLElement).dataset.snapshotIndex),
      term: Number((el as HTMLElement).dataset.snapshotTerm),
      text: el.textContent ?? '',
    }));
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await read());
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
  const { index, term, text } = await read();
  expect(index).toBeGreaterThan(0);
  expect(term).toBeGreaterThan(0);
  expect(text).toContain(`≤${index}`);
  expect(text).toContain(`t${term}`);
  // The block ends right where S1's first entry begins.
  const first = await page
    .locator('[data-log-server="1"]')
    .evaluateAll((els) => Math.min(...els.map((e) => Number(e.getAttribute('data-index')))));
  if (Number.isFinite(first)) {
    expect(first).toBe(index + 1);
    const b = (await block.boundingBox())!;
    const c = (await page.locator(`[data-log-server="1"][data-index="${first}"]`).boundingBox())!;
    expect(Math.abs(b.x + b.width - c.x)).toBeLessThan(6);
  }
  await page.screenshot({ path: '/tmp/app11/snapshot-block-light.png' });
  // Restarted, the follower (still selected) is sent the snapshot: an InstallSnapshot glyph of its own.
  await page.getByRole('button', { name: 'Restart server' }).click();
  const glyph = page.locator('[data-message][data-type="InstallSnapshot"]');
  for (let i = 0; i < 400 && (await glyph.count()) === 0; i++)
    await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(glyph.first()).toBeVisible();
  await expect(glyph.first()).toHaveClass(/\bsnapshot\b/);
  await page.screenshot({ path: '/tmp/app11/snapshot-message-light.png' });
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.screenshot({ path: '/tmp/app11/snapshot-message-dark.png' });
});

test('a read sent under ReadIndex shows its read mode in the client panel, and the event log narrates ReadIndex', async ({
  page,
}) => {
  await open(page, '?speed=1&seed=4');
  await leader(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Read mode').selectOption('readIndex');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(dialog).toBeHidden();
  const client = page.getByRole('region', { name: 'Client' });
  await client.getByLabel('Command').fill('set x 1');
  await client.getByRole('button', { name: 'Send', exact: true }).click();
  await client.getByLabel('Command').fill('get x');
  await client.getByRole('button', { name: 'Send', exact: true }).click();
  const read = client.locator('[data-op] [data-read]');
  await expect(read).toHaveCount(1);
  await expect(read).toHaveAttribute('data-read', 'readIndex');
  await expect(read).toHaveText('ReadIndex');
  await expect(client.locator('[data-op]').filter({ hasText: 'get x' })).toContainText('→ "1"', {
    timeout: 10_000,
  });
  const log = page.getByRole('region', { name: 'Event log' });
  await expect(log).toContainText('confirms it still leads with a round of heartbeats');
  await expect(log).toContainText('dissertation §6.4');
  await pause(page);
  await page.screenshot({ path: '/tmp/app11/read-mode-light.png' });
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.screenshot({ path: '/tmp/app11/read-mode-dark.png' });
});

test('a read keeps the read mode it was sent under when Settings changes the mode afterwards', async ({
  page,
}) => {
  await open(page, '?speed=1&seed=4');
  await leader(page);
  const settings = async (mode: string) => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Read mode').selectOption(mode);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(dialog).toBeHidden();
  };
  await settings('readIndex');
  const client = page.getByRole('region', { name: 'Client' });
  await client.getByLabel('Command').fill('get x');
  await client.getByRole('button', { name: 'Send', exact: true }).click();
  const earlier = client.locator('[data-op]').filter({ hasText: 'get x' });
  await expect(earlier.locator('[data-read]')).toHaveAttribute('data-read', 'readIndex');
  await settings('log');
  await client.getByLabel('Command').fill('get y');
  await client.getByRole('button', { name: 'Send', exact: true }).click();
  const second = client.locator('[data-op]').filter({ hasText: 'get y' });
  await expect(second.locator('[data-read]')).toHaveAttribute('data-read', 'log');
  await expect(second.locator('[data-read]')).toHaveText('via log');
  // The earlier read still shows the mode it was sent under, answered or not.
  await expect(earlier.locator('[data-read]')).toHaveAttribute('data-read', 'readIndex');
  await expect(earlier.locator('[data-read]')).toHaveText('ReadIndex');
  await expect(earlier).toContainText('→', { timeout: 10_000 });
  await expect(earlier.locator('[data-read]')).toHaveAttribute('data-read', 'readIndex');
  await pause(page);
  await page.screenshot({ path: '/tmp/app11/read-mode-kept-light.png' });
});

test('Settings sets the entries kept after a snapshot (dissertation §5.1); the log grid marks kept entries after the snapshot block', async ({
  page,
}) => {
  await open(page, '?speed=1&seed=4');
  await leader(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const kept = dialog.getByLabel('Entries kept after a snapshot');
  await expect(kept).toHaveValue('0');
  await dialog.getByLabel('Snapshot threshold').fill('4');
  await kept.fill('3');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Event log' })).toContainText(
    'snapshot after 4 entries; keep 3 entries after a snapshot',
  );
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(kept).toHaveValue('3');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // A run opened from a link that keeps 2 entries after each snapshot, on a screen wide
  // enough for the log grid to show the whole of S1's log beside the snapshot block.
  await page.setViewportSize({ width: 1920, height: 1080 });
  const packed = [
    4,
    2,
    { seed: 3, servers: 3, clientLoadPerSecond: 20, snapshotThreshold: 3, snapshotMargin: 2 },
    0,
    [],
    0,
  ];
  await page.goto(`/?speed=2#s=${lz.compressToEncodedURIComponent(JSON.stringify(packed))}`);
  await expect(page.getByTestId('clock')).toBeVisible();
  const play = page.getByRole('button', { name: 'Play' });
  if (await play.isVisible()) await play.click();
  const block = page.locator('[data-snapshot-server="1"]');
  await expect(block).toBeVisible({ timeout: 20_000 });
  await pause(page);
  await settledPicture(page);
  const index = Number(await block.getAttribute('data-snapshot-index'));
  // Every server: the cells up to its snapshot's index are marked kept, the rest not.
  const rows = await page.evaluate(() =>
    [1, 2, 3].map((id) => ({
      snapshot: Number(
        document.querySelector<HTMLElement>(`[data-snapshot-server="${id}"]`)?.dataset
          .snapshotIndex ?? 0,
      ),
      cells: [...document.querySelectorAll<HTMLElement>(`[data-log-server="${id}"]`)].map((e) => ({
        index: Number(e.dataset.index),
        kept: e.dataset.kept,
      })),
    })),
  );
  for (const row of rows)
    for (const c of row.cells)
      expect(c.kept, JSON.stringify(rows)).toBe(c.index <= row.snapshot ? 'true' : undefined);
  const cells = rows[0]!.cells;
  const first = Math.min(...cells.map((c) => c.index));
  // The log starts 2 entries before the snapshot's index; those are drawn, marked kept.
  expect(first).toBe(index - 1);
  await expect(block).toContainText(`≤${index}`);
  // The block ends right where S1's first (kept) entry begins.
  const b = (await block.boundingBox())!;
  const c = (await page.locator(`[data-log-server="1"][data-index="${first}"]`).boundingBox())!;
  expect(Math.abs(b.x + b.width - c.x)).toBeLessThan(6);
  // The Inspector says which entries the log kept after the snapshot.
  await page.locator('[data-server="1"]').click();
  await expect(page.getByRole('region', { name: 'Inspector' })).toContainText(
    `entries ${first}–${index} kept in the log (dissertation §5.1)`,
  );
  await page.screenshot({ path: '/tmp/snapmargin/kept-1920-light.png' });
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.screenshot({ path: '/tmp/snapmargin/kept-1920-dark.png' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: '/tmp/snapmargin/kept-1280-dark.png' });
  await page.getByRole('button', { name: 'Light theme' }).click();
  await page.screenshot({ path: '/tmp/snapmargin/kept-1280-light.png' });
});
