/**
 * The lessons added for issue 12's second part, each walked to its end through
 * the UI.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  panel,
  next,
  untilDone,
  notable,
  answer,
  send,
  atEnd,
  openLesson,
} from './lesson-helpers.ts';

/** Clicks a server, then a button of the inspector. */
async function onServer(page: Page, id: number, button: string): Promise<void> {
  await page.locator(`[data-server="${id}"]`).click();
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.locator(`[data-server="${id}"]`)).toHaveAttribute(
    'data-up',
    button === 'Crash server' ? 'false' : 'true',
  );
}

async function sendTo(page: Page, id: number, command: string): Promise<void> {
  await page.getByLabel('Command').fill(command);
  await page.locator(`[data-server="${id}"]`).click();
  await page.getByRole('button', { name: 'Send request here', exact: true }).click();
}

const taskDone = (page: Page) => page.locator('.lesson-task[data-task-done="true"]');

test('lesson: split votes, walked to its end; a wrong answer shows the explanation', async ({
  page,
}) => {
  await openLesson(page, /Split votes/, 'split-vote');
  expect(await answer(page, 'Yes: one of them collects 3 votes')).toBe('wrong');
  await expect(panel(page).locator('.lesson-verdict.wrong')).toContainText('never 3 of 5');
  await next(page, 'split-vote', 2);
  expect(await answer(page, 'S1')).toBe('right');
  await expect(page.locator('[data-server="1"]')).toHaveAttribute('data-role', 'leader');
  await next(page, 'split-vote', 3);
  await untilDone(page, notable(page));
  await atEnd(page);
});

test('lesson: how a follower knows the leader failed, walked to its end', async ({ page }) => {
  await openLesson(page, /How does a follower know the leader failed/, 'heartbeats');
  expect(await answer(page, 'No: heartbeats keep restarting the timers')).toBe('right');
  await next(page, 'heartbeats', 2);
  await onServer(page, 3, 'Crash server');
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'heartbeats', 3);
  const verdict = await answer(page, 'S1');
  const candidate = page.locator('[data-server][data-role="candidate"]');
  await expect(candidate).toHaveCount(1);
  const id = await candidate.getAttribute('data-server');
  expect(verdict).toBe(id === '1' ? 'right' : 'wrong');
  await next(page, 'heartbeats', 4);
  await untilDone(page, notable(page));
  await next(page, 'heartbeats', 5);
  await atEnd(page);
});

test('lesson: one follower cut off from the leader, walked to its end', async ({ page }) => {
  await openLesson(page, /One follower cut off/, 'follower-cut-off');
  await page.locator('[data-link="1-3"]').click();
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'follower-cut-off', 2);
  expect(await answer(page, 'Yes')).toBe('right');
  await expect(page.locator('[data-server="1"]')).toHaveAttribute('data-role', 'candidate');
  await next(page, 'follower-cut-off', 3);
  expect(await answer(page, 'Yes: it is healthy')).toBe('wrong');
  await expect(panel(page).locator('.lesson-verdict.wrong')).toContainText('stepped down');
  await next(page, 'follower-cut-off', 4);
  expect(await answer(page, 'S1')).toBe('right');
  await next(page, 'follower-cut-off', 5);
  await page.locator('[data-link="1-3"]').click();
  await untilDone(page, notable(page));
  await atEnd(page);
});

test('lesson: why a majority is enough, walked to its end', async ({ page }) => {
  await openLesson(page, /Why a majority is enough/, 'majority');
  await onServer(page, 1, 'Crash server');
  await onServer(page, 2, 'Crash server');
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'majority', 2);
  await send(page, 'set x 1');
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'majority', 3);
  expect(await answer(page, 'Yes')).toBe('right');
  await next(page, 'majority', 4);
  await onServer(page, 3, 'Crash server');
  await onServer(page, 4, 'Crash server');
  await onServer(page, 1, 'Restart server');
  await onServer(page, 2, 'Restart server');
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'majority', 5);
  expect(await answer(page, 'S1')).toBe('wrong');
  await expect(page.locator('[data-server="5"]')).toHaveAttribute('data-role', 'leader');
  await expect(panel(page).locator('.lesson-verdict.wrong')).toContainText('Only S5 can win');
  await atEnd(page);
});

test('lesson: safety after a leader change, walked to its end', async ({ page }) => {
  await openLesson(page, /Safety after a leader change/, 'safety-leader-change');
  await onServer(page, 5, 'Crash server');
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'safety-leader-change', 2);
  await send(page, 'set x 1');
  await untilDone(page, notable(page));
  await next(page, 'safety-leader-change', 3);
  await onServer(page, 3, 'Crash server');
  await onServer(page, 5, 'Restart server');
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'safety-leader-change', 4);
  expect(await answer(page, 'No, it cannot win')).toBe('right');
  await expect(page.locator('[data-server="5"]')).not.toHaveAttribute('data-role', 'leader');
  await next(page, 'safety-leader-change', 5);
  expect(await answer(page, 'Yes')).toBe('right');
  await atEnd(page);
});

test('lesson: clients, redirects, retries, exactly once, walked to its end', async ({ page }) => {
  await openLesson(page, /Clients: redirects/, 'clients');
  await sendTo(page, 1, 'set x 1');
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'clients', 2);
  expect(await answer(page, 'S3')).toBe('right');
  await next(page, 'clients', 3);
  await untilDone(page, notable(page));
  await next(page, 'clients', 4);
  await send(page, 'append s a');
  // Step until the leader's reply is on its way to the client, then drop it.
  const reply = page.locator('[data-message][data-type="ClientReply"]');
  await expect
    .poll(
      async () => {
        if ((await reply.count()) > 0) return true;
        await page.getByRole('button', { name: 'Step', exact: true }).click();
        return (await reply.count()) > 0;
      },
      { timeout: 30_000, intervals: [100] },
    )
    .toBe(true);
  await reply.first().click();
  await page.getByRole('button', { name: 'Drop message', exact: true }).click();
  await expect(reply).toHaveCount(0);
  await untilDone(page, notable(page));
  await next(page, 'clients', 5);
  expect(await answer(page, 'Twice')).toBe('wrong');
  await expect(panel(page).locator('.lesson-verdict.wrong')).toContainText('recognised the retry');
  await next(page, 'clients', 6);
  await send(page, 'get s');
  await untilDone(page, notable(page));
  await expect(page.locator('.op.done', { hasText: 'get s' })).toContainText('"a"');
  await atEnd(page);
});

test('lesson: a stale follower points to a stale leader, walked to its end', async ({ page }) => {
  await openLesson(page, /A stale follower points/, 'stale-redirect');
  await sendTo(page, 2, 'set w 1');
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'stale-redirect', 2);
  expect(await answer(page, 'S4')).toBe('wrong');
  await expect(panel(page).locator('.lesson-verdict.wrong')).toContainText('To S1');
  await next(page, 'stale-redirect', 3);
  expect(await answer(page, 'No')).toBe('right');
  await next(page, 'stale-redirect', 4);
  await page.getByRole('button', { name: 'Heal network', exact: true }).click();
  await untilDone(page, notable(page));
  await next(page, 'stale-redirect', 5);
  expect(await answer(page, 'Once')).toBe('right');
  await atEnd(page);
});

test('lesson: membership changes in two phases, walked to its end', async ({ page }) => {
  await openLesson(page, /Membership changes in two phases/, 'membership');
  await expect(page.locator('[data-server="4"]')).toHaveAttribute('data-member', 'outside');
  await page.locator('[data-server="4"]').click();
  await page
    .getByRole('region', { name: 'Inspector' })
    .getByRole('button', { name: 'Add to cluster' })
    .click();
  await expect(taskDone(page)).toHaveCount(1);
  await expect(page.locator('[data-server="4"]')).toHaveAttribute('data-member', 'learner');
  await next(page, 'membership', 2);
  expect(await answer(page, 'Yes, at once')).toBe('right');
  // S1 uses C_old,new, not yet committed: the ring says so.
  await expect(page.locator('[data-server="1"]')).toHaveAttribute(
    'data-config',
    '{1,2,3}→{1,2,3,4}',
  );
  await next(page, 'membership', 3);
  await onServer(page, 3, 'Crash server');
  await onServer(page, 4, 'Crash server');
  await expect(taskDone(page)).toHaveCount(1);
  await next(page, 'membership', 4);
  expect(await answer(page, 'Yes, 2 of C_old is a majority')).toBe('wrong');
  await expect(panel(page).locator('.lesson-verdict.wrong')).toContainText('not a majority');
  await next(page, 'membership', 5);
  await onServer(page, 3, 'Restart server');
  await onServer(page, 4, 'Restart server');
  await untilDone(page, notable(page));
  await expect(page.locator('[data-server="4"]')).toHaveAttribute('data-member', 'voter');
  await expect(page.locator('[data-server="1"]')).toHaveAttribute('data-config', '{1,2,3,4}');
  await next(page, 'membership', 6);
  expect(await answer(page, 'Yes, both')).toBe('right');
  await expect(page.locator('[data-server][data-role="leader"]')).toHaveCount(2);
  await next(page, 'membership', 7);
  await atEnd(page);
});
