/**
 * Issue 11, the live linearizability checker in the app: a run whose history
 * cannot be ordered (a lost write, from a fixed search) shows the verdict and
 * the operations on a timeline, each a link to its moment; a correct run says
 * "linearizable"; the verdict is always that of the moment shown.
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { scenarioFrom } from '../src/scenario/scenario.ts';
import { lostWriteOptions, lostWriteRun } from '../src/sim/randomized/lostWrite.ts';
import { replay } from '../src/sim/replay.ts';
import { clock, leader, open, pause } from './helpers.ts';

/** The lost-write run as a scenario file, shown 400 ms after the answer that cannot be ordered. */
function lostWriteLink() {
  const run = lostWriteRun();
  const failure = run.linearizabilityFailure()!;
  const time = failure.at + 400;
  const actions = run.actions().filter((a) => a.at < time);
  const sim = replay(lostWriteOptions(), actions, { time });
  const scenario = scenarioFrom(lostWriteOptions(), actions, {
    time,
    events: sim.stats().events,
    hash: sim.traceHash(),
  });
  const ops = run.clientOps();
  const culprit = ops[run.linearizable().ops[0]! - 1]!;
  const other = failure.context.find((o) => o.id !== culprit.id)!;
  const file = test.info().outputPath('lost-write.json');
  writeFileSync(file, JSON.stringify(scenario));
  return { file, failure, time, culprit, other };
}

/** Opens the run as a user would: imports its scenario file (the first time, into a fresh page). */
async function openLostWrite(page: Page, fresh = true) {
  const link = lostWriteLink();
  if (fresh) await open(page, '?speed=1');
  await page.getByTestId('import-file').setInputFiles(link.file);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(link.time));
  return link;
}

test('a history that cannot be ordered: the verdict, the timeline, and each operation’s moment', async ({
  page,
}) => {
  const { failure, culprit, other } = await openLostWrite(page);
  const status = page.getByTestId('linearizability');
  await expect(status).toHaveAttribute('data-linearizable', 'false');
  await expect(status).toContainText('Not linearizable');

  const banner = page.getByRole('region', { name: 'Linearizability' });
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('data-key', failure.key);
  await expect(banner.getByRole('alert')).toContainText('Not linearizable');
  await expect(banner.locator('code')).toHaveText(failure.key);

  // The timeline: one row per client, the read that cannot be ordered marked, the write beside it.
  const timeline = banner.getByRole('group', {
    name: `Operations on key ${failure.key}, by client`,
  });
  await expect(timeline.locator('.lin-row')).toHaveCount(
    new Set(failure.context.map((o) => o.client)).size,
  );
  const bad = timeline.locator(`[data-op="${culprit.id}"]`);
  await expect(bad).toHaveAttribute('data-culprit', 'true');
  await expect(bad).toContainText(`${culprit.command} → null`);
  await expect(bad).toHaveAccessibleName(/^Cannot be ordered: get /);
  await expect(timeline.locator(`[data-op="${other.id}"]`)).toHaveAttribute(
    'data-culprit',
    'false',
  );
  await expect(timeline.locator('[data-culprit="true"]')).toHaveCount(1);

  // A click on the write shows the moment its answer arrived: it was linearizable then.
  await timeline.locator(`[data-op="${other.id}"]`).click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(other.completedAt));
  await expect(page.getByTestId('clock')).toHaveAttribute(
    'data-events',
    String(other.completedEvents),
  );
  await expect(status).toHaveAttribute('data-linearizable', 'true');
  await expect(banner).toHaveCount(0);

  // The file again, then the read's own moment.
  await openLostWrite(page, false);
  await page
    .getByRole('region', { name: 'Linearizability' })
    .locator(`[data-op="${culprit.id}"]`)
    .click();
  const c = page.getByTestId('clock');
  await expect(c).toHaveAttribute('data-now', String(culprit.completedAt));
  await expect(c).toHaveAttribute('data-events', String(failure.events));
  await expect(status).toHaveAttribute('data-linearizable', 'false');

  // One event earlier, the answer had not arrived: the verdict is that of the moment shown.
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(c).toHaveAttribute('data-events', String(failure.events - 1));
  await expect(status).toHaveAttribute('data-linearizable', 'true');
  await expect(page.getByRole('region', { name: 'Linearizability' })).toHaveCount(0);
  // And forward again.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(c).toHaveAttribute('data-events', String(failure.events));
  await expect(status).toHaveAttribute('data-linearizable', 'false');
});

test('the banner’s “Show the moment” goes to the answer that could not be ordered', async ({
  page,
}) => {
  const { failure } = await openLostWrite(page);
  await page
    .getByRole('region', { name: 'Linearizability' })
    .getByRole('button', { name: /^Show the moment/ })
    .click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(failure.at));
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(failure.events));
});

test('a correct run under load says linearizable, also after a Step back', async ({ page }) => {
  await page.goto('/?speed=1&seed=4&load=5');
  await leader(page);
  const status = page.getByTestId('linearizability');
  await expect(status).toContainText(/Linearizable: one order explains all \d+ answers/, {
    timeout: 20_000,
  });
  await pause(page);
  await expect(status).toHaveAttribute('data-linearizable', 'true');
  const before = await clock(page);
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(before.events - 1));
  await expect(status).toHaveAttribute('data-linearizable', 'true');
  await expect(page.getByRole('region', { name: 'Linearizability' })).toHaveCount(0);
});
