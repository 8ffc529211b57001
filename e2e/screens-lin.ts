/**
 * Screenshots of the linearizability banner (not a test): `npx tsx e2e/screens-lin.ts`
 * with the preview server running. Imports the lost-write run of the fixed search
 * and shows it 400 ms after the answer that cannot be ordered. Writes
 * test-results/screens/lin-*.png.
 */
import { writeFileSync } from 'node:fs';
import { scenarioFrom } from '../src/scenario/scenario.ts';
import { lostWriteOptions, lostWriteRun } from '../src/sim/randomized/lostWrite.ts';
import { replay } from '../src/sim/replay.ts';
import { base, eachScreen, out } from './screens-kit.ts';

const run = lostWriteRun();
const time = run.linearizabilityFailure()!.at + 400;
const actions = run.actions().filter((a) => a.at < time);
const sim = replay(lostWriteOptions(), actions, { time });
const file = `${out}/lost-write.json`;

await eachScreen(async ({ page, tag }) => {
  writeFileSync(
    file,
    JSON.stringify(
      scenarioFrom(lostWriteOptions(), actions, {
        time,
        events: sim.stats().events,
        hash: sim.traceHash(),
      }),
    ),
  );
  await page.goto(`${base}/?speed=1`);
  await page.getByTestId('import-file').setInputFiles(file);
  await page.locator(`[data-testid="clock"][data-now="${time}"]`).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/lin-${tag}.png` });
});
