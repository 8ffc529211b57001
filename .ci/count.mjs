// Sums Vitest's and Playwright's JSON reports into one closing line.
import { existsSync, readFileSync } from 'node:fs';

const [unitPath, e2ePath, statusArg] = process.argv.slice(2);
const status = Number(statusArg ?? 1);
let passed = 0;
let failed = 0;

function read(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const unit = read(unitPath);
if (unit) {
  passed += unit.numPassedTests ?? 0;
  const failedTests = unit.numFailedTests ?? 0;
  // A file that fails to load has no failed test of its own: count the file.
  failed += failedTests > 0 ? failedTests : (unit.numFailedTestSuites ?? 0);
}
const e2e = read(e2ePath);
if (e2e?.stats) {
  passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
  failed += e2e.stats.unexpected ?? 0;
}
console.log(
  `unit: ${unit ? 'report read' : 'no report'}; e2e: ${e2e ? 'report read' : 'no report'}; npm test exit ${status}`,
);
// A failure before any test ran (type-check, lint, build) still counts as a failure.
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
