/**
 * Walking a lesson through the UI: what e2e/lessons.spec.ts and
 * e2e/lessons-more.spec.ts share.
 */
import { expect, type Page } from '@playwright/test';
import { events, open } from './helpers.ts';

export const panel = (page: Page) => page.getByRole('region', { name: 'Lesson' });

export async function atStep(page: Page, lesson: string, step: number): Promise<void> {
  await expect(panel(page)).toHaveAttribute('data-lesson', lesson, { timeout: 15_000 });
  await expect(panel(page)).toHaveAttribute('data-step', String(step));
  await expect(panel(page)).toHaveAttribute('data-busy', 'false', { timeout: 30_000 });
}

export async function next(page: Page, lesson: string, step: number): Promise<void> {
  await panel(page).getByRole('button', { name: 'Next' }).click();
  await atStep(page, lesson, step);
}

/** Presses a control until the step's task is done (each press waits for its answer). */
export async function untilDone(page: Page, press: () => Promise<void>): Promise<void> {
  const done = page.locator('.lesson-task[data-task-done="true"]');
  await expect
    .poll(
      async () => {
        if ((await done.count()) > 0) return true;
        const before = await events(page);
        await press();
        await expect.poll(() => events(page), { timeout: 10_000 }).not.toBe(before);
        return (await done.count()) > 0;
      },
      { timeout: 45_000, intervals: [50] },
    )
    .toBe(true);
}

export const notable = (page: Page) => () => page.keyboard.press('Shift+ArrowRight');

export async function answer(page: Page, choice: string): Promise<'right' | 'wrong'> {
  await panel(page).getByRole('button', { name: choice, exact: true }).click();
  const q = panel(page).locator('.lesson-question');
  await expect(q).toHaveAttribute('data-answer', /right|wrong/, { timeout: 30_000 });
  return (await q.getAttribute('data-answer')) as 'right' | 'wrong';
}

export async function send(page: Page, command: string): Promise<void> {
  await page.getByLabel('Command').fill(command);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

export async function atEnd(page: Page): Promise<void> {
  await expect(panel(page).getByText('This is the end of the lesson.')).toBeVisible();
  await expect(panel(page).getByRole('button', { name: 'Next' })).toBeDisabled();
}

export async function openLesson(page: Page, title: RegExp, id: string): Promise<void> {
  await open(page, '?seed=1');
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page.getByRole('dialog', { name: 'Lessons' }).getByRole('button', { name: title }).click();
  await atStep(page, id, 1);
}
