// The end-to-end programs are run with ts-node in transpile-only mode (fast); this type-checks them all once
// against the built SDK, strictly, with the TypeScript they install.
import { join } from 'node:path';
import { PROGRAMS, requireTools, run } from './harness';

test('tests/e2e/programs type-check against the built Node.js SDK', async () => {
  const tools = requireTools();
  await run(join(tools.nodeBin, 'node'), [join(PROGRAMS, 'node_modules/typescript/bin/tsc'), '-p', PROGRAMS], { cwd: PROGRAMS });
}, 120_000);
