// The Node.js SDK types enum inputs (schema.ts emits them as Pulumi enum types): examples/simple type-checks
// with tsc as it is, and a misspelt enum value in an Assistant's tools fails the compile, naming the property,
// instead of surfacing only at preview.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectNodeBin, ROOT, run } from './harness';

const EXAMPLE = join(ROOT, 'examples/simple');
const GOOD = "tools: [{ type: 'code_interpreter' }, { type: 'file_search' }]";

let dir: string;
beforeAll(() => {
  if (!existsSync(join(EXAMPLE, 'node_modules/typescript/bin/tsc'))) {
    throw new Error('examples/simple has no node_modules: run `make test-e2e` (or `make demo`), which installs them');
  }
  dir = mkdtempSync(join(tmpdir(), 'simple-enums-'));
  for (const f of ['index.ts', 'tsconfig.json', 'package.json']) cpSync(join(EXAMPLE, f), join(dir, f));
  symlinkSync(join(EXAMPLE, 'node_modules'), join(dir, 'node_modules'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tsc = (allowFailure: boolean) =>
  run(join(projectNodeBin(), 'node'), [join(EXAMPLE, 'node_modules/typescript/bin/tsc'), '--noEmit', '--pretty', 'false', '-p', dir], {
    cwd: dir,
    allowFailure,
  });

test('examples/simple type-checks against the built Node.js SDK', async () => {
  expect(readFileSync(join(dir, 'index.ts'), 'utf8')).toContain(GOOD);
  await tsc(false);
}, 120_000);

test("a wrong enum value (an Assistant tool's `type`) fails tsc, naming the property", async () => {
  const source = readFileSync(join(EXAMPLE, 'index.ts'), 'utf8');
  writeFileSync(join(dir, 'index.ts'), source.replace(GOOD, "tools: [{ type: 'code_interpreterr' }, { type: 'file_search' }]"));
  const { code, stdout } = await tsc(true);
  expect(code).not.toBe(0);
  // One error, at the tool's `type` key, naming the enum type of that property (Assistant.tools[].type).
  const errors = stdout.split('\n').filter((l) => /error TS\d+/.test(l));
  expect(errors).toHaveLength(1);
  const lines = source.split('\n');
  const line = lines.findIndex((l) => l.includes(GOOD));
  const column = lines[line]!.indexOf('type:');
  expect(errors[0]).toContain(`index.ts(${line + 1},${column + 1}): error TS`);
  expect(errors[0]).toMatch(/Type '"code_interpreterr"' is not assignable to type 'Input<AssistantToolsType>'/);
}, 120_000);
