import { expect, test } from '@playwright/test';
import { events } from './helpers.ts';
import {
  panel,
  atStep,
  next,
  untilDone,
  notable,
  answer,
  send,
  atEnd,
  openLesson,
} from './lesson-helpers.ts';

test('the first visit offers the tour at the bare address only, without blocking the app, and remembers', async ({
  page,
}) => {
  await page.goto('/?seed=2');
  await expect(page.getByTestId('clock')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Welcome' })).toHaveCount(0);
  await page.goto('/');
  const offer = page.getByRole('region', { name: 'Welcome' });
  await expect(offer).toBeVisible();
  await expect(offer.getByRole('button', { name: 'Take the tour' })).toBeVisible();
  // Not modal: the app behind takes keys and clicks.
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  const before = await events(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => events(page)).toBe(before + 1);
  await offer.getByRole('button', { name: 'Explore on my own' }).click();
  await expect(offer).toHaveCount(0);
  await page.goto('/');
  await expect(page.getByTestId('clock')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Welcome' })).toHaveCount(0);
  // Take the tour: the first lesson starts.
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await page.getByRole('button', { name: 'Take the tour' }).click();
  await atStep(page, 'replicated-state-machines', 1);
});

test('lesson: replicated state machines, walked to its end', async ({ page }) => {
  await openLesson(page, /Replicated state machines/, 'replicated-state-machines');
  await untilDone(page, notable(page));
  await next(page, 'replicated-state-machines', 2);
  await send(page, 'set x 1');
  await untilDone(page, notable(page));
  await next(page, 'replicated-state-machines', 3);
  const leader = page.locator('[data-server][data-role="leader"][data-up="true"]');
  const id = await leader.getAttribute('data-server');
  await leader.click();
  await page.getByRole('button', { name: 'Crash server' }).click();
  await expect(page.locator('.lesson-task[data-task-done="true"]')).toHaveCount(1);
  // Restart step: back to its starting moment, the leader up again, the task not done.
  await panel(page).getByRole('button', { name: 'Restart step' }).click();
  await atStep(page, 'replicated-state-machines', 3);
  await expect(page.locator(`[data-server="${id}"]`)).toHaveAttribute('data-up', 'true');
  await expect(page.locator('.lesson-task[data-task-done="false"]')).toHaveCount(1);
  // A step that continues the run links to its start, in the fragment.
  expect(await panel(page).getByTestId('step-link').getAttribute('href')).toMatch(
    /\?lesson=replicated-state-machines&step=3#/,
  );
  await page.getByRole('button', { name: 'Crash server' }).click(); // S${id} is still selected
  await expect(page.locator('.lesson-task[data-task-done="true"]')).toHaveCount(1);
  await next(page, 'replicated-state-machines', 4);
  await answer(page, 'S1');
  await expect(panel(page).locator('.lesson-verdict')).toContainText('timer');
  await next(page, 'replicated-state-machines', 5);
  await send(page, 'get x');
  await untilDone(page, notable(page));
  await expect(page.locator('.op.done', { hasText: 'get x' })).toContainText('1');
  await atEnd(page);
});

test('lesson: leader election and terms, walked to its end; a wrong answer shows the explanation', async ({
  page,
}) => {
  await openLesson(page, /Leader election and terms/, 'leader-election');
  await untilDone(page, () => page.getByRole('button', { name: 'Step', exact: true }).click());
  await next(page, 'leader-election', 2);
  expect(await answer(page, 'S1')).toBe('wrong');
  const verdict = panel(page).locator('.lesson-verdict.wrong');
  await expect(verdict).toContainText('Not quite: the simulation says S4.');
  await expect(verdict).toContainText('asked first');
  await expect(page.locator('[data-server="4"]')).toHaveAttribute('data-role', 'leader');
  await next(page, 'leader-election', 3);
  await page.locator('[data-server="2"]').click();
  await page.getByRole('button', { name: 'Force timeout' }).click();
  await expect(page.locator('.lesson-task[data-task-done="true"]')).toHaveCount(1);
  await next(page, 'leader-election', 4);
  expect(await answer(page, 'Step down to follower')).toBe('right');
  await expect(page.locator('[data-server="4"]')).toHaveAttribute('data-role', 'follower');
  const right = panel(page).locator('.lesson-verdict.right');
  await expect(right).toContainText('follower');
  // "Right." once: the explanation does not say it again.
  expect((await right.textContent())!.match(/\bRight\b/g)).toHaveLength(1);
  await next(page, 'leader-election', 5);
  await atEnd(page);
});

test('lesson: log replication, walked to its end', async ({ page }) => {
  await openLesson(page, /Log replication/, 'log-replication');
  await untilDone(page, notable(page));
  await next(page, 'log-replication', 2);
  expect(await answer(page, 'Yes: entries are never taken back')).toBe('wrong');
  await expect(panel(page).locator('.lesson-verdict.wrong')).toContainText('term 8');
  await next(page, 'log-replication', 3);
  await send(page, 'set y 1');
  await untilDone(page, notable(page));
  await atEnd(page);
});

test('lesson: when an entry is committed (Figure 8), walked to its end; a step has a link', async ({
  page,
}) => {
  await openLesson(page, /When is an entry committed/, 'commit-rule');
  await untilDone(page, notable(page));
  await next(page, 'commit-rule', 2);
  const link = await panel(page).getByTestId('step-link').getAttribute('href');
  expect(link).toMatch(/\?lesson=commit-rule&step=2$/);
  expect(await answer(page, 'No')).toBe('right');
  await next(page, 'commit-rule', 3);
  expect(await answer(page, 'S5')).toBe('right');
  await next(page, 'commit-rule', 4);
  expect(await answer(page, '“set x 3”, of term 3')).toBe('right');
  await next(page, 'commit-rule', 5);
  await untilDone(page, notable(page));
  await expect(page.locator('.violation-banner, [role="alert"]').first()).toBeVisible();
  await next(page, 'commit-rule', 6);
  await atEnd(page);
  // The step's link opens the lesson at that step, at its starting moment.
  await page.goto(link!);
  await atStep(page, 'commit-rule', 2);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', '23');
  await expect(page.getByRole('region', { name: 'Welcome' })).toHaveCount(0);
});
