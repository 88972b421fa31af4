// Prints one plain closing line after every jest run, e.g. `jest: 1105 passed, 0 failed, 2 skipped`,
// so a CI log states its totals in a form any reader (or runner-agnostic check) understands.
class Summary {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    // A suite that failed to run (an error outside any test) counts as a failure too.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`jest: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
module.exports = Summary;
