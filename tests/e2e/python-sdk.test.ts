// The generated Python SDK end to end: examples/simple-py (the demo stack in Python, on pulumi_openai_iac) through
// the real `pulumi` CLI and its Python language host, in a venv with `pulumi` 3.259.0 from PyPI and the wheel built
// from sdk/python (`make python-sdk-env`), against an emulator in this process: up → a second up changes nothing
// → destroy leaves the emulator as it was. The provider plugin is the one in bin/ (Workspace installs it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import {
  exampleStack,
  expectExampleDeployed,
  testExampleRerunAndDestroy,
  liveCounts,
  requireTools,
  ROOT,
  run,
  type Stack,
  Workspace,
} from './harness';

jest.setTimeout(300_000);

const EXAMPLE = join(ROOT, 'examples/simple-py');
const VENV = join(ROOT, '.cache/python-sdk-env');
const STEP = 600_000;

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let env: NodeJS.ProcessEnv;
let baseline: Record<string, number>;
let outputs: Record<string, unknown>;

/** The venv must hold pulumi 3.259.0 and the SDK as sdk/python has it now; else the test fails with what to run. */
async function requireVenv(): Promise<void> {
  const python = join(VENV, 'bin/python');
  if (!existsSync(python)) {
    throw new Error(`${python} is missing: run \`make python-sdk-env\` (or \`make test-e2e\`), which builds the Python SDK and the venv`);
  }
  const probe = await run(
    python,
    [
      '-c',
      'import json, pulumi, pulumi_openai_iac, importlib.metadata as m; print(json.dumps({"pulumi": m.version("pulumi"), "sdk": m.version("pulumi_openai_iac"), "at": pulumi_openai_iac.__file__}))',
    ],
    {
      allowFailure: true,
    },
  );
  if (probe.code !== 0) throw new Error(`the venv ${VENV} cannot import pulumi / pulumi_openai_iac; run \`make python-sdk-env\`\n${probe.stderr}`);
  const found = JSON.parse(probe.stdout) as { pulumi: string; sdk: string; at: string };
  expect(found.pulumi).toBe('3.259.0');
  // The installed SDK is the one generated now (a stale venv would test an older schema).
  const installed = join(found.at, '..');
  for (const f of ['__init__.py', 'vector_store.py', '_inputs.py']) {
    if (readFileSync(join(installed, f), 'utf8') !== readFileSync(join(ROOT, 'sdk/python/pulumi_openai_iac', f), 'utf8')) {
      throw new Error(`the venv's pulumi_openai_iac/${f} differs from sdk/python: run \`make python-sdk-env\` to rebuild it`);
    }
  }
}

beforeAll(async () => {
  requireTools();
  await requireVenv();
  emu = await startEmulator({ port: 0, vectorStoreFileDelayMs: 50, quiet: true });
  baseline = liveCounts(emu);
  ws = await Workspace.create();
  // The old Python language host ignores `virtualenv:` in Pulumi.yaml: the venv goes first on PATH instead.
  env = { PATH: `${join(VENV, 'bin')}:${ws.env['PATH'] ?? ''}`, VIRTUAL_ENV: VENV };
  ({ stack } = await exampleStack(ws, emu, EXAMPLE, 'py', { skip: (base) => base === '__pycache__' }));
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

test(
  'pulumi up of examples/simple-py creates the example stack through the Python SDK',
  async () => {
    const up = await stack.pulumi(['up', '--yes', '--skip-preview'], { env });
    expect(up.stdout).toMatch(/5 created/);
    outputs = await expectExampleDeployed(emu, stack, baseline, 'openai-simple-py-py');
  },
  STEP,
);

testExampleRerunAndDestroy(() => ({ emu, stack, env, baseline, outputs }), STEP);
