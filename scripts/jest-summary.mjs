// Prints the closing line CI reads, `N passed, N failed, N skipped`, from jest's own JSON results.
// A suite that failed to run at all (syntax error, crash) counts as one failure: jest reports no
// tests for it, and it must not be mistaken for success.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.jest-results.json';
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`jest wrote no readable results (${error.message})`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const brokenSuites = results.testResults.filter(
  (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
).length;
const passed = results.numPassedTests;
const failed = results.numFailedTests + brokenSuites;
const skipped = results.numPendingTests + results.numTodoTests;

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
