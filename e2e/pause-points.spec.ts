/**
 * A preset's pause points are moments on its timeline: numbered markers under
 * the scrubber and "Go to the next pause point" (J) beside the story, which
 * unfolds part by part as the run reaches them, never telling the ending first.
 */
import { expect, test, type Page } from '@playwright/test';
import { presetById } from '../src/scenario/presets.ts';
import { clock, open } from './helpers.ts';

const story = (page: Page) => page.getByRole('region', { name: 'Scenario explanation' });
const nextPoint = (page: Page) =>
  story(page).getByRole('button', { name: 'Go to the next pause point', exact: true });

test('a preset’s story unfolds pause point by pause point, from the button, J and the markers', async ({
  page,
}) => {
  const p = presetById('first-election')!;
  expect(p.points).toHaveLength(3);
  await open(page, '?speed=1');
  await page.getByRole('combobox', { name: 'Scenarios' }).selectOption({ label: p.title });
  await expect(story(page)).toHaveAttribute('data-reached', '0');
  // At the start only what is set up is told: not who times out, not who wins.
  await expect(story(page)).toContainText('Nobody leads yet');
  await expect(story(page)).not.toContainText('S4');
  await expect(story(page).getByTestId('pause-progress')).toHaveText(
    '0 of 3 pause points reached; next at 168 ms',
  );
  // The timeline reaches to the story's end, its pause points on it, none reached.
  const slider = page.getByRole('slider', { name: 'Timeline' });
  await expect(slider).toHaveAttribute('max', String(p.end.time));
  const marks = page.getByRole('group', { name: 'Pause points' }).getByRole('button');
  await expect(marks).toHaveCount(3);
  await expect(page.locator('[data-pause-point][data-reached="true"]')).toHaveCount(0);
  await expect(page.locator('.scrubber .unrun')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Marker legend' })).toContainText('pause point');

  // The button: to the first pause point, S4 a candidate, and its part of the story.
  await nextPoint(page).click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(p.points[0]!.time));
  expect(await clock(page)).toEqual({ now: p.points[0]!.time, events: p.points[0]!.events });
  await expect(page.locator('[data-server="4"]')).toHaveAttribute('data-role', 'candidate');
  await expect(story(page)).toHaveAttribute('data-reached', '1');
  await expect(story(page)).toContainText('S4’s timer runs out first');
  await expect(story(page)).not.toContainText('S4 is the leader');
  await expect(page.locator('[data-pause-point="1"]')).toHaveAttribute('data-reached', 'true');

  // J: to the second, S4 leads.
  await page.keyboard.press('j');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(p.points[1]!.time));
  await expect(page.locator('[data-server="4"]')).toHaveAttribute('data-role', 'leader');
  await expect(story(page)).toContainText('S4 is the leader');
  await expect(story(page)).not.toContainText('heartbeats every 50 ms');
  // The election's markers were collected on the way.
  await expect(page.locator('.markers [data-marker="leader"]')).toHaveCount(1);

  // A click on the last pause point's marker: the end of the story, all of it told.
  await page.locator('[data-pause-point="3"]').click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(p.end.time));
  await expect(story(page)).toHaveAttribute('data-reached', '3');
  await expect(story(page)).toContainText('heartbeats every 50 ms');
  await expect(nextPoint(page)).toBeDisabled();
  await expect(story(page).getByTestId('pause-progress')).toHaveText('The story has been told.');
  await expect(page.locator('.scrubber .unrun')).toHaveCount(0);

  // Back to the first: the later parts are untold again.
  await page.locator('[data-pause-point="1"]').click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(p.points[0]!.time));
  await expect(story(page)).toHaveAttribute('data-reached', '1');
  await expect(story(page)).not.toContainText('S4 is the leader');
  await expect(nextPoint(page)).toBeEnabled();

  // The keys help documents J.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Go to the next pause point');
  await expect(help.locator('kbd', { hasText: /^J$/ })).toHaveCount(1);
});

test('the pause point control fits beside the story: the toolbar stays one row at 1280', async ({
  page,
}) => {
  await open(page, '?speed=1&preset=partitioned-leader');
  await expect(nextPoint(page)).toBeVisible();
  const spread = await page.getByRole('toolbar', { name: 'Playback' }).evaluate((tb) => {
    const mids: number[] = [];
    for (const el of tb.querySelectorAll('button, select, .clock, .brand')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0) mids.push(Math.round(r.top + r.height / 2));
    }
    return Math.max(...mids) - Math.min(...mids);
  });
  expect(spread).toBeLessThan(12);
  // Four pause points (the heal is one), each going to its moment.
  await expect(page.locator('[data-pause-point]')).toHaveCount(4);
  await page.locator('[data-pause-point="3"]').click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '950');
  await expect(story(page)).toContainText('the partition heals');
  await expect(story(page)).not.toContainText('stepped down');
});
