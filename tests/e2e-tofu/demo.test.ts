// `make demo ENGINE=tofu` and `ENGINE=terraform` end to end: tools/demo.sh (what make demo and demo-destroy run)
// on a copy of examples/terraform, with its own emulator process on a free port and its state in a temporary
// DEMO_DIR; and `eval "$(make env)"` (tools/env.sh) giving a shell the engines, the emulator's settings and a CLI
// configuration that runs the provider from bin/ without `init`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ADMIN_KEY, DEFAULT_PROJECT_KEY, startEmulator } from '@openai-iac/emulator';
import { cleanEnv, freePort, run, type RunResult } from '../e2e/harness';
import { copyExample, machinePath, requireTerraform, requireTofu, ROOT, stackCounts } from './harness';

jest.setTimeout(300_000);

let dir: string;
let env: NodeJS.ProcessEnv;
let nodeBin: string;

beforeAll(async () => {
  nodeBin = requireTofu().nodeBin;
  requireTerraform();
  dir = mkdtempSync(join(tmpdir(), 'openai-iac-demo-hcl-'));
  // The example reads ../simple/data/handbook.md: the copy keeps that layout.
  copyExample(join(ROOT, 'examples/terraform'), join(dir, 'examples/terraform'));
  copyExample(join(ROOT, 'examples/simple/data'), join(dir, 'examples/simple/data'));
  env = {
    ...cleanEnv(),
    PATH: `${nodeBin}:${machinePath(nodeBin)}`,
    DEMO_DIR: join(dir, 'demo'),
    DEMO_PROGRAM: join(dir, 'examples/terraform'),
    DEMO_EMULATOR_PORT: String(await freePort()),
  };
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const demo = (engine: string, action: string): Promise<RunResult> =>
  run(join(ROOT, 'tools/demo.sh'), [action], { cwd: ROOT, env: { ...env, ENGINE: engine } });

const expectNoKey = (r: RunResult): void => {
  for (const k of [DEFAULT_PROJECT_KEY, DEFAULT_ADMIN_KEY]) {
    expect(r.stdout).not.toContain(k);
    expect(r.stderr).not.toContain(k);
  }
};

async function savedCounts(): Promise<ReturnType<typeof stackCounts>> {
  const emu = await startEmulator({ port: 0, statePath: join(env['DEMO_DIR']!, 'emulator-state.json'), quiet: true });
  try {
    return stackCounts(emu);
  } finally {
    await emu.close();
  }
}

describe.each(['tofu', 'terraform'])('make demo ENGINE=%s', (engine) => {
  test('deploys examples/terraform, prints the outputs, and plans no change right after', async () => {
    const r = await demo(engine, 'up');
    expectNoKey(r);
    expect(r.stdout).toMatch(new RegExp(`engine: ${engine} v\\d+\\.\\d+\\.\\d+ in `));
    expect(r.stdout).toContain('target: the emulator at http://127.0.0.1:');
    expect(r.stdout).toMatch(/Apply complete! Resources: 4 added, 0 changed, 0 destroyed/);
    expect(r.stdout).toMatch(/assistant_id = "asst_/);
    expect(r.stdout).toMatch(/vector_store_status = "completed"/);
    expect(r.stdout).toContain('no changes: the deployed stack matches its configuration');
    expect(r.stdout).toContain('emulator stopped (state kept in');
    // The state lives in DEMO_DIR, not in the example's folder; no `init` left a lock file there.
    expect(existsSync(join(env['DEMO_DIR']!, engine, 'terraform.tfstate'))).toBe(true);
    for (const f of ['terraform.tfstate', '.terraform.lock.hcl', '.terraform']) expect(existsSync(join(env['DEMO_PROGRAM']!, f))).toBe(false);
  });

  test('a second run changes nothing', async () => {
    const r = await demo(engine, 'up');
    expectNoKey(r);
    expect(r.stdout).toMatch(/Apply complete! Resources: 0 added, 0 changed, 0 destroyed/);
    expect(r.stdout).toContain('no changes: the deployed stack matches its configuration');
  });

  test('demo-destroy deletes what it made', async () => {
    const r = await demo(engine, 'destroy');
    expectNoKey(r);
    expect(r.stdout).toMatch(/Destroy complete! Resources: 4 destroyed/);
    // Projects cannot be deleted, only archived: no active one is left.
    expect(await savedCounts()).toEqual({ files: 0, vector_stores: 0, assistants: 0, projects: expect.any(Number) });
  });
});

test('an unknown ENGINE is refused with the values it takes', async () => {
  const r = await run(join(ROOT, 'tools/demo.sh'), ['up'], { cwd: ROOT, env: { ...env, ENGINE: 'opentofu' }, allowFailure: true });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('ENGINE=opentofu: expected pulumi (the default), tofu or terraform');
});

test('eval "$(make env)": the engines and Node 24 on PATH, and tofu plans examples/terraform against the emulator without init', async () => {
  const emu = await startEmulator({ port: Number(env['DEMO_EMULATOR_PORT']), quiet: true, statePath: join(dir, 'env-emulator.json') });
  try {
    const script = [
      'set -eu',
      `eval "$(${join(ROOT, 'tools/env.sh')})"`,
      'for t in pulumi tofu terraform node; do command -v "$t" >/dev/null || { echo "no $t on PATH" >&2; exit 1; }; done',
      'node --version',
      `cd ${JSON.stringify(env['DEMO_PROGRAM'])}`,
      'tofu plan -input=false -no-color -state="$DEMO_DIR/env.tfstate"',
    ].join('\n');
    // The machine's PATH (its node is v20 here, and it has neither engine): make env's own come first.
    const shell = { ...cleanEnv(), PATH: machinePath(nodeBin), DEMO_DIR: env['DEMO_DIR'], DEMO_EMULATOR_PORT: env['DEMO_EMULATOR_PORT'] };
    const r = await run('bash', ['-c', script], { cwd: ROOT, env: shell });
    expect(r.stdout).toMatch(/^v24\./m);
    expect(r.stdout).toMatch(/Plan: 4 to add, 0 to change, 0 to destroy/);
    // The plan read the emulator (the provider's key check), through the CLI configuration make env wrote.
    expect(emu.requests.some((q) => q.path === '/v1/models')).toBe(true);
    expect(readFileSync(join(env['DEMO_DIR']!, 'env/cli.tfrc'), 'utf8')).toContain(`"openai-iac/openai" = "${join(ROOT, 'bin')}"`);
  } finally {
    await emu.close();
  }
});
