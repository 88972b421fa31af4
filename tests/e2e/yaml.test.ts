// Pulumi YAML end to end: examples/simple-yaml (the demo stack as a YAML program) through the real `pulumi` CLI and
// Pulumi's YAML language host (`make langhost-yaml`: pulumi-language-yaml of github.com/pulumi/pulumi-yaml,
// built from the Go module proxy), against an emulator in this process. A YAML program has no SDK: the host types
// every resource, property and reference against the schema the plugin serves, so this deploys on
// schema/schema.json alone. up → a second up changes nothing → destroy leaves the emulator as it was.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { exampleStack, expectExampleDeployed, testExampleRerunAndDestroy, liveCounts, requireTools, ROOT, Stack, Workspace } from './harness';

jest.setTimeout(300_000);

const EXAMPLE = join(ROOT, 'examples/simple-yaml');
const LANGHOST = join(ROOT, '.cache/langhost-yaml');
const STEP = 300_000;

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let dir: string;
let env: NodeJS.ProcessEnv;
let baseline: Record<string, number>;
let outputs: Record<string, unknown>;

beforeAll(async () => {
  requireTools();
  if (!existsSync(join(LANGHOST, 'pulumi-language-yaml'))) {
    throw new Error(`${LANGHOST}/pulumi-language-yaml is missing: run \`make langhost-yaml\` (or \`make test-e2e\`)`);
  }
  emu = await startEmulator({ port: 0, vectorStoreFileDelayMs: 50, quiet: true });
  baseline = liveCounts(emu);
  ws = await Workspace.create();
  // Pulumi counts yaml as bundled and will not install it as a plugin: the engine takes it from PATH.
  env = { PATH: `${LANGHOST}:${ws.env['PATH'] ?? ''}` };
  ({ stack, dir } = await exampleStack(ws, emu, EXAMPLE, 'yaml', { env }));
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

test(
  'pulumi up of examples/simple-yaml creates the example stack from the schema alone',
  async () => {
    const up = await stack.pulumi(['up', '--yes', '--skip-preview'], { env });
    expect(up.stdout).toMatch(/5 created/);
    expect(up.stdout).toContain('using pulumi-language-yaml from $PATH');
    // The Assistant's deprecation is the provider's warning on the Assistant (the YAML host raises none).
    expect(up.stdout).toMatch(/openai:index:Assistant \(tutor\):\n\s+warning: `Assistant` is deprecated/);
    outputs = await expectExampleDeployed(emu, stack, baseline, 'openai-simple-yaml-yaml');
  },
  STEP,
);

test(
  'the YAML host checks the program against the schema before anything is made',
  async () => {
    const program = readFileSync(join(dir, 'Pulumi.yaml'), 'utf8');
    const broken = program
      .replace('      purpose: assistants\n', '      purpose: assistants\n      purpse: typo\n')
      .replace('days: 7', 'days: seven');
    expect(broken).not.toBe(program);
    const copy = join(ws.dir, 'programs', 'broken-yaml');
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, 'Pulumi.yaml'), broken);
    const mark = emu.requests.length;
    const r = await new Stack(ws, copy, 'yaml').pulumi(['preview'], { env, allowFailure: true });
    expect(r.code).not.toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain("Property purpse does not exist on 'openai:index:File'");
    expect(out).toMatch(/days: Cannot assign type 'string' to type 'integer'/);
    expect(emu.requests.slice(mark).filter((q) => q.method !== 'GET')).toEqual([]);
  },
  STEP,
);

testExampleRerunAndDestroy(() => ({ emu, stack, env, baseline, outputs }), STEP);
