// Prints one plain closing line after every jest run, e.g. `jest: 1105 passed, 0 failed, 2 skipped`,
// so a CI log states its totals in a form any reader (or runner-agnostic check) understands.
class Summary {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
  }
}
module.exports = Summary;
