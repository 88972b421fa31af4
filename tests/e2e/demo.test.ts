// `make demo` end to end: tools/demo.sh (what make demo, pulumi-preview/-up/-destroy and demo-destroy run) on a
// copy of examples/simple, with its own emulator process on a free port and its state and backend in a
// temporary DEMO_DIR; `make list-assistants` (tools/list-assistants.mts) on the same state.
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_ADMIN_KEY, DEFAULT_PROJECT_KEY, startEmulator } from '@openai-iac/emulator';
import { cleanEnv, freePort, requireTools, ROOT, run, type RunResult } from './harness';

jest.setTimeout(300_000);

const EXAMPLE = join(ROOT, 'examples/simple');
let dir: string;
let env: NodeJS.ProcessEnv;
let pulumiVersion: string;

beforeAll(async () => {
  const tools = requireTools();
  pulumiVersion = tools.pulumi.version;
  if (!existsSync(join(EXAMPLE, 'node_modules/@openai-iac/pulumi-openai/package.json'))) {
    throw new Error('examples/simple has no node_modules: run `make test-e2e` (or `make demo`), which installs them');
  }
  dir = mkdtempSync(join(tmpdir(), 'openai-iac-demo-'));
  const program = join(dir, 'simple');
  cpSync(EXAMPLE, program, { recursive: true, filter: (src) => basename(src) !== 'node_modules' && !/^Pulumi\..+\.yaml$/.test(basename(src)) });
  symlinkSync(join(EXAMPLE, 'node_modules'), join(program, 'node_modules'));
  env = { ...cleanEnv(), PATH: `${tools.nodeBin}:${process.env['PATH'] ?? ''}` };
  Object.assign(env, { DEMO_DIR: join(dir, 'demo'), DEMO_PROGRAM: program, DEMO_EMULATOR_PORT: String(await freePort()) });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const demo = (action: string): Promise<RunResult> => run(join(ROOT, 'tools/demo.sh'), [action], { cwd: ROOT, env });

const expectNoKey = (r: RunResult): void => {
  for (const k of [DEFAULT_PROJECT_KEY, DEFAULT_ADMIN_KEY]) {
    expect(r.stdout).not.toContain(k);
    expect(r.stderr).not.toContain(k);
  }
};

/**
 * The Assistant's deprecation is one warning on the Assistant in the update's diagnostics, in Pulumi's spelling,
 * and none on the stack (the SDKs' own `pulumi.log.warn` put it there, once per program run and phase).
 */
const expectDeprecationOnTheAssistant = (stdout: string) => {
  const diagnostics = stdout.slice(stdout.lastIndexOf('Diagnostics:'));
  expect(diagnostics).toMatch(
    /^ {2}openai:index:Assistant \(tutor\):\n {4}warning: `Assistant` is deprecated: OpenAI shut the Assistants API down .*\(the provider's `baseUrl`/m,
  );
  expect(diagnostics.match(/is deprecated/g)).toHaveLength(1);
  expect(diagnostics).not.toContain('pulumi:pulumi:Stack');
};

test('the demo deploys the example through pulumi up and prints the outputs', async () => {
  const r = await demo('up');
  expectNoKey(r);
  // The engine tools/engines/resolve.sh names (the built one here: no pulumi on this machine's PATH).
  expect(r.stdout).toContain(`engine: pulumi ${pulumiVersion} in `);
  expect(r.stdout).toContain('target: the emulator at http://127.0.0.1:');
  expect(r.stdout).toMatch(/\+ 5 created/);
  expect(r.stdout).toMatch(/assistantId\s+asst_/);
  expect(r.stdout).toMatch(/vectorStoreId\s+vs_/);
  expect(r.stdout).toMatch(/fileId\s+file-/);
  expect(r.stdout).toMatch(/projectId\s+proj_/);
  expect(r.stdout).toMatch(/vectorStoreStatus\s+completed/);
  expect(r.stdout).toContain('emulator stopped (state kept in');
  expectDeprecationOnTheAssistant(r.stdout);
});

test('a second demo is a no-op update', async () => {
  const r = await demo('up');
  expectNoKey(r);
  expect(r.stdout).toMatch(/5 unchanged/);
  expect(r.stdout).not.toMatch(/(created|updated|replaced|deleted)\b/);
  expectDeprecationOnTheAssistant(r.stdout);
});

test('pulumi-preview shows no change; list-assistants lists the tutor from the saved emulator state', async () => {
  expect((await demo('preview')).stdout).toMatch(/5 unchanged/);
  const node = join(requireTools().nodeBin, 'node');
  const r = await run(node, [join(ROOT, 'tools/list-assistants.mts')], { cwd: ROOT, env: { ...env, DEMO_EMULATOR_PORT: String(await freePort()) } });
  expect(r.stdout).toMatch(/asst_\S+\s+Math Tutor\s+gpt-4o/);
  expect(r.stdout).toContain('1 assistant');
});

test('demo-destroy deletes everything; the persisted emulator state is back to empty', async () => {
  const r = await demo('destroy');
  expectNoKey(r);
  expect(r.stdout).toMatch(/5 deleted/);
  // Pulumi's own hint (`pulumi stack rm dev`) needs the demo's settings: the demo says how to run it as printed.
  expect(r.stdout).toContain('eval "$(make env)" && cd ');
  expect(r.stdout).toMatch(/&& pulumi stack rm dev\n/);
  const emu = await startEmulator({ port: 0, statePath: join(env['DEMO_DIR']!, 'emulator-state.json') });
  try {
    expect(emu.counts()).toMatchObject({ projects: 1, files: 0, vector_stores: 0, vector_store_files: 0, assistants: 0 });
  } finally {
    await emu.close();
  }
});

test("the hint printed after demo-destroy runs as printed: make env's settings reach the demo's stack", async () => {
  const hint = /eval "\$\(make env\)" && (cd \S+ && pulumi stack rm dev)\n/.exec((await demo('destroy')).stdout);
  expect(hint).not.toBeNull();
  // `make env` is tools/env.sh; --yes answers the confirmation a user would type.
  const script = `eval "$(${join(ROOT, 'tools/env.sh')})" && ${hint![1]!} --yes`;
  const r = await run('bash', ['-c', script], { cwd: ROOT, env });
  expect(`${r.stdout}${r.stderr}`).toContain('has been removed');
  const ls = await run('bash', ['-c', `eval "$(${join(ROOT, 'tools/env.sh')})" && pulumi stack ls --json`], { cwd: env['DEMO_PROGRAM']!, env });
  expect(JSON.parse(ls.stdout)).toEqual([]);
});
