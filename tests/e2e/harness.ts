// The end-to-end tier's harness: the real `pulumi` CLI (the one tools/engines/resolve.sh names: a supported one on
// PATH, else the built one), the built provider plugin (bin/), the built Node.js SDK (installed into
// tests/e2e/programs/node_modules), against an emulator in this process.
//
// Each test file makes one Workspace: a temporary PULUMI_HOME with the plugin installed from bin/ by
// `pulumi plugin install --file`, and one file:// backend that all its stacks share. A Stack is a copy of a
// program from tests/e2e/programs in the workspace, its node_modules a link to the shared install.
// Missing prerequisites (engines, plugin, SDK, program dependencies) fail with what to run, never skip.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Emulator, RecordedRequest } from '@openai-iac/emulator';

export const ROOT = resolve(__dirname, '../..');
export const PROGRAMS = join(ROOT, 'tests/e2e/programs');
export const PASSPHRASE = 'e2e-passphrase';
/** Per pulumi command; the tier's jest timeouts are longer. */
const COMMAND_TIMEOUT_MS = 240_000;

/** One engine as tools/engines/resolve.sh chose it. */
export interface Engine {
  /** `path`: a supported one found on PATH; `build`: the one tools/engines/build.sh builds. */
  source: 'path' | 'build';
  version: string;
  /** The folder holding the binary (and, for pulumi, its language hosts). */
  dir: string;
}

let engines: Record<'pulumi' | 'tofu', Engine> | undefined;

/** Which pulumi and tofu the tiers run: tools/engines/resolve.sh --dry-run (never builds; ENGINES=build honoured). */
export function resolveEngines(): Record<'pulumi' | 'tofu', Engine> {
  if (engines) return engines;
  const out = execFileSync(join(ROOT, 'tools/engines/resolve.sh'), ['--dry-run', '--quiet'], { encoding: 'utf8' });
  const found: Partial<Record<string, Engine>> = {};
  for (const line of out.trim().split('\n')) {
    const [name, source, version, dir] = line.split('\t');
    if (name && (source === 'path' || source === 'build') && version && dir) found[name] = { source, version, dir };
  }
  if (!found['pulumi'] || !found['tofu']) throw new Error(`tools/engines/resolve.sh named no pulumi or no tofu:\n${out}`);
  engines = { pulumi: found['pulumi'], tofu: found['tofu'] };
  return engines;
}

export interface Tools {
  /** The folder of the pulumi the tier runs (resolveEngines().pulumi.dir). */
  enginesBin: string;
  pulumi: Engine;
  nodeBin: string;
  /** Folder holding the pulumi-language-nodejs that adds GenerateProgram (pulumi import --out) to the built engines'
   * older Node.js host. */
  langhostDir: string;
  pluginVersion: string;
}

let tools: Tools | undefined;

/** The folder of the project's Node 24 and npm (tools/node.sh bootstraps them into .cache/ when needed). */
export function projectNodeBin(): string {
  return execFileSync(join(ROOT, 'tools/node.sh'), { encoding: 'utf8' }).trim();
}

/** Locates everything the tier needs; throws (the test fails) with the command that provides what is missing. */
export function requireTools(): Tools {
  if (tools) return tools;
  const missing: string[] = [];
  let pulumi: Engine | undefined;
  try {
    pulumi = resolveEngines().pulumi;
  } catch (e) {
    missing.push(`the engines (tools/engines/resolve.sh --dry-run failed: ${(e as Error).message})`);
  }
  const enginesBin = pulumi?.dir ?? '';
  if (pulumi && !existsSync(join(enginesBin, 'pulumi'))) missing.push(`the Pulumi engine ${join(enginesBin, 'pulumi')} (make engines)`);
  if (pulumi?.source === 'build' && !existsSync(join(enginesBin, 'pulumi-language-nodejs'))) missing.push(`the Node.js language host (make engines)`);
  for (const f of ['bin/pulumi-resource-openai', 'bin/pulumi-resource-openai.js']) {
    if (!existsSync(join(ROOT, f))) missing.push(`the provider plugin ${f} (make build)`);
  }
  if (!existsSync(join(ROOT, 'sdk/nodejs/bin/package.json'))) missing.push('the built Node.js SDK sdk/nodejs/bin (make build_nodejs_sdk)');
  if (!existsSync(join(PROGRAMS, 'node_modules/@openai-iac/pulumi-openai/package.json'))) {
    missing.push("the programs' dependencies tests/e2e/programs/node_modules (make test-e2e installs them)");
  }
  // The built engine (v3.259.0) asks its Node.js host (sdk v3.68.0) for GenerateProgram, which that host predates.
  // .cache/langhost answers that call itself and forwards every other one to the next host on PATH, so it is used
  // whatever the engine: a pulumi from PATH (a release's engine and host, which could do the import alone, or the
  // built pair put on PATH by `eval "$(tools/engines/build.sh --env)"`, which could not) gets the same generated code.
  const langhostDir = join(ROOT, '.cache/langhost');
  if (!existsSync(join(langhostDir, 'pulumi-language-nodejs'))) missing.push('.cache/langhost/pulumi-language-nodejs (make test-e2e builds it)');
  if (missing.length) {
    throw new Error(
      `The end-to-end tier runs the real Pulumi engine and cannot run without:\n  - ${missing.join('\n  - ')}\n` +
        'Run `make test-e2e` (or `make test`): it builds all of them (a cold engine build takes 7–26 minutes on 2 cores; a supported pulumi on PATH is used instead).',
    );
  }
  const nodeBin = projectNodeBin();
  const pluginVersion = (JSON.parse(readFileSync(join(ROOT, 'sdk/nodejs/package.json'), 'utf8')) as { version: string }).version;
  tools = { enginesBin, pulumi: pulumi!, nodeBin, langhostDir, pluginVersion };
  return tools;
}

/** The caller's environment minus what could point the provider, the demo or the engine elsewhere (OPENAI_*
 * settings and keys, PULUMI_*); the emulator's own OPENAI_EMULATOR_* settings are kept. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if ((k.startsWith('OPENAI_') && !k.startsWith('OPENAI_EMULATOR_')) || k.startsWith('PULUMI_')) continue;
    env[k] = v;
  }
  return env;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the command's stdin (config secrets). */
  input?: string;
  /** Resolve with a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Killed after this long (default COMMAND_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** A TCP port free on 127.0.0.1 right now (for a server a test starts in another process). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Runs a command without blocking the event loop (the in-process emulator must keep answering). */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? COMMAND_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (result.code !== 0 && !opts.allowFailure) {
        const tail = (s: string) => s.split('\n').slice(-60).join('\n');
        reject(
          new Error(
            `\`${[cmd, ...args].join(' ')}\` exited ${signal ?? result.code}\n--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderr)}`,
          ),
        );
      } else resolvePromise(result);
    });
    // A command that exits without reading its input closes the pipe first: that is not an error.
    child.stdin.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') reject(e);
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** A PULUMI_HOME with the plugin installed and one local backend, for one test file. */
export class Workspace {
  private constructor(
    readonly dir: string,
    readonly tools: Tools,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(): Promise<Workspace> {
    const t = requireTools();
    const dir = mkdtempSync(join(tmpdir(), 'openai-iac-e2e-'));
    mkdirSync(join(dir, 'backend'));
    const env: NodeJS.ProcessEnv = {
      ...cleanEnv(),
      PATH: `${t.enginesBin}:${t.nodeBin}:${process.env['PATH'] ?? ''}`,
      PULUMI_HOME: join(dir, 'home'),
      PULUMI_BACKEND_URL: `file://${join(dir, 'backend')}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      // ts-node only transpiles (tests/e2e/programs.test.ts type-checks the programs once, with tsc).
      PULUMI_NODEJS_TRANSPILE_ONLY: 'true',
      OPENAI_IAC_NODE: join(t.nodeBin, 'node'),
      NO_COLOR: '1',
    };
    const ws = new Workspace(dir, t, env);
    const staging = join(dir, 'plugin');
    mkdirSync(staging);
    for (const f of ['pulumi-resource-openai', 'pulumi-resource-openai.js']) cpSync(join(ROOT, 'bin', f), join(staging, f));
    await ws.pulumi(['plugin', 'install', 'resource', 'openai', t.pluginVersion, '--file', staging]);
    return ws;
  }

  pulumi(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return run(join(this.tools.enginesBin, 'pulumi'), [...args, '--non-interactive'], { cwd: this.dir, ...opts, env: { ...this.env, ...opts.env } });
  }

  /** Copies a program into the workspace and creates its stack with the given config (secrets through stdin). */
  async stack(program: string, name: string, config: Record<string, string | { secret: string }> = {}): Promise<Stack> {
    const dir = join(this.dir, 'programs', name);
    cpSync(join(PROGRAMS, program), dir, { recursive: true });
    symlinkSync(join(PROGRAMS, 'node_modules'), join(dir, 'node_modules'));
    const stack = new Stack(this, dir, name);
    await this.pulumi(['stack', 'init', name], { cwd: dir });
    for (const [key, value] of Object.entries(config)) await stack.setConfig(key, value);
    return stack;
  }

  /** Like stack(), for a program with its own installed node_modules (an example under examples/): copied without
   * its node_modules, stack config files and create journal, node_modules linked to the installed one. */
  async stackFromDir(source: string, name: string, config: Record<string, string | { secret: string }> = {}): Promise<Stack> {
    if (!existsSync(join(source, 'node_modules/@openai-iac/pulumi-openai/package.json'))) {
      throw new Error(`${source} has no node_modules: run \`make test-e2e\`, which installs it (npm ci)`);
    }
    const dir = join(this.dir, 'programs', name);
    cpSync(source, dir, { recursive: true, filter: (src) => !/^(node_modules|\.openai-iac|Pulumi\..+\.yaml)$/.test(basename(src)) });
    symlinkSync(join(source, 'node_modules'), join(dir, 'node_modules'));
    const stack = new Stack(this, dir, name);
    await this.pulumi(['stack', 'init', name], { cwd: dir });
    for (const [key, value] of Object.entries(config)) await stack.setConfig(key, value);
    return stack;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Step {
  op: string;
  urn: string;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string }>;
}

export class Stack {
  constructor(
    readonly ws: Workspace,
    readonly dir: string,
    readonly name: string,
  ) {}

  pulumi(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return this.ws.pulumi([...args, '--stack', this.name], { cwd: this.dir, ...opts });
  }

  setConfig(key: string, value: string | { secret: string }): Promise<RunResult> {
    return typeof value === 'string'
      ? this.pulumi(['config', 'set', key, value])
      : this.pulumi(['config', 'set', '--secret', key], { input: value.secret });
  }

  up(...extra: string[]): Promise<RunResult> {
    return this.pulumi(['up', '--yes', '--skip-preview', ...extra]);
  }

  /** `pulumi preview --json`: the planned steps by resource name (the stack itself left out). */
  async preview(...extra: string[]): Promise<{ steps: Record<string, Step>; changes: Record<string, number>; raw: string }> {
    const r = await this.pulumi(['preview', '--json', ...extra]);
    const parsed = JSON.parse(r.stdout) as { steps?: Step[]; changeSummary?: Record<string, number> };
    const steps: Record<string, Step> = {};
    for (const s of parsed.steps ?? []) {
      const name = s.urn.split('::').pop()!;
      if (!s.urn.includes('pulumi:pulumi:Stack')) steps[name] = s;
    }
    return { steps, changes: parsed.changeSummary ?? {}, raw: r.stdout };
  }

  refresh(...extra: string[]): Promise<RunResult> {
    return this.pulumi(['refresh', '--yes', '--skip-preview', ...extra]);
  }

  destroy(...extra: string[]): Promise<RunResult> {
    return this.pulumi(['destroy', '--yes', '--skip-preview', ...extra]);
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.pulumi(['stack', 'output', '--json'])).stdout) as Record<string, unknown>;
  }

  /** `pulumi stack export` as text (secrets stay encrypted). */
  async exportText(): Promise<string> {
    return (await this.pulumi(['stack', 'export'])).stdout;
  }

  /** The resources of the exported deployment, by name (the stack and providers left out). */
  async resources(): Promise<Record<string, { id: string; type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }>> {
    const state = JSON.parse(await this.exportText()) as {
      deployment: { resources?: Array<{ urn: string; id: string; type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }> };
    };
    const out: Record<string, { id: string; type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }> = {};
    for (const r of state.deployment.resources ?? []) {
      if (r.type.startsWith('openai:index:')) out[r.urn.split('::').pop()!] = r;
    }
    return out;
  }

  writeFile(relative: string, text: string): void {
    writeFileSync(join(this.dir, relative), text);
  }

  readFile(relative: string): string {
    return readFileSync(join(this.dir, relative), 'utf8');
  }
}

// ---- the emulator --------------------------------------------------------------------------------------------

/** Writes to the OpenAI API (/v1) since `from` (an index into emu.requests). */
export function writesSince(emu: Emulator, from: number): RecordedRequest[] {
  return emu.requests.slice(from).filter((r) => r.path.startsWith('/v1/') && r.method !== 'GET' && r.method !== 'HEAD');
}

/** Calls the emulator's OpenAI API directly (out-of-band changes, objects made outside Pulumi). */
export async function api<T = Record<string, unknown>>(emu: Emulator, method: string, path: string, key: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'openai-beta': 'assistants=v2' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Counts of the kinds a stack creates (plus projects), for "back to baseline" checks. */
export function liveCounts(emu: Emulator): Record<string, number> {
  const c = emu.counts();
  const pick = ['projects', 'files', 'vector_stores', 'vector_store_files', 'assistants'] as const;
  return Object.fromEntries(pick.map((k) => [k, c[k] ?? 0]));
}

/** The live counts once the example stack is up: one of each of its objects over the baseline. */
export function exampleCounts(baseline: Record<string, number>): Record<string, number> {
  return { ...baseline, projects: (baseline['projects'] ?? 0) + 1, files: 1, vector_stores: 1, vector_store_files: 1, assistants: 1 };
}

/**
 * What the example stack (examples/simple and its Python, Go and YAML twins) must leave after its first `up`: its
 * outputs (returned), one of each object over the baseline, the objects as configured, and the state's resources
 * under the schema's tokens, whatever language host registered them.
 */
export async function expectExampleDeployed(
  emu: Emulator,
  stack: Stack,
  baseline: Record<string, number>,
  stackTag: string,
): Promise<Record<string, unknown>> {
  const outputs = await stack.outputs();
  expect(outputs).toMatchObject({
    fileId: expect.stringMatching(/^file-/),
    vectorStoreId: expect.stringMatching(/^vs_/),
    vectorStoreStatus: 'completed',
    assistantId: expect.stringMatching(/^asst_/),
    projectId: expect.stringMatching(/^proj_/),
  });
  expect(liveCounts(emu)).toEqual(exampleCounts(baseline));
  const store = await api(emu, 'GET', `/vector_stores/${String(outputs['vectorStoreId'])}`, emu.projectKey);
  expect(store).toMatchObject({
    name: 'support-docs',
    metadata: { stack: stackTag, team: 'support' },
    expires_after: { anchor: 'last_active_at', days: 7 },
  });
  const assistant = await api(emu, 'GET', `/assistants/${String(outputs['assistantId'])}`, emu.projectKey);
  expect(assistant).toMatchObject({
    name: 'Math Tutor',
    tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
    tool_resources: { code_interpreter: { file_ids: [outputs['fileId']] }, file_search: { vector_store_ids: [outputs['vectorStoreId']] } },
  });
  const resources = await stack.resources();
  expect(Object.fromEntries(Object.entries(resources).map(([n, r]) => [n, r.type]))).toEqual({
    handbook: 'openai:index:File',
    docs: 'openai:index:VectorStore',
    tutor: 'openai:index:Assistant',
    team: 'openai:index:Project',
  });
  return outputs;
}

/**
 * A port of the example stack as stack `name` of the workspace: the example copied in (without its stack files,
 * nor what `skip` names), `prepare` run on the copy, the stack made and configured for the emulator.
 */
export async function exampleStack(
  ws: Workspace,
  emu: Emulator,
  example: string,
  name: string,
  opts: { env?: NodeJS.ProcessEnv; skip?: (base: string) => boolean; prepare?: (dir: string) => Promise<unknown> } = {},
): Promise<{ stack: Stack; dir: string }> {
  const dir = join(ws.dir, 'programs', basename(example));
  cpSync(example, dir, { recursive: true, filter: (src) => !/^Pulumi\..+\.yaml$/.test(basename(src)) && !opts.skip?.(basename(src)) });
  await opts.prepare?.(dir);
  const stack = new Stack(ws, dir, name);
  await ws.pulumi(['stack', 'init', name], { cwd: dir, ...(opts.env ? { env: opts.env } : {}) });
  await stack.setConfig('openai:baseUrl', emu.url);
  await stack.setConfig('openai:apiKey', { secret: emu.projectKey });
  await stack.setConfig('openai:adminApiKey', { secret: emu.adminKey });
  return { stack, dir };
}

/** What a port of the example stack shares with {@link testExampleRerunAndDestroy}, read when those tests run. */
export interface ExampleRun {
  emu: Emulator;
  stack: Stack;
  env: NodeJS.ProcessEnv;
  baseline: Record<string, number>;
  outputs: Record<string, unknown>;
}

/**
 * The closing tests of every port of the example stack, after its first `up`: a second `pulumi up` is a no-op
 * (nothing written, the same outputs) and `pulumi destroy` leaves the emulator as it was.
 */
export function testExampleRerunAndDestroy(run: () => ExampleRun, timeout: number): void {
  test(
    'a second pulumi up is a no-op',
    async () => {
      const { emu, stack, env, outputs } = run();
      const mark = emu.requests.length;
      const up = await stack.pulumi(['up', '--yes', '--expect-no-changes'], { env });
      expect(up.stdout).toMatch(/5 unchanged/);
      expect(writesSince(emu, mark)).toEqual([]);
      expect(await stack.outputs()).toEqual(outputs);
    },
    timeout,
  );

  test(
    'pulumi destroy leaves the emulator as it was',
    async () => {
      const { emu, stack, env, baseline } = run();
      const r = await stack.pulumi(['destroy', '--yes', '--skip-preview'], { env });
      expect(r.stdout).toMatch(/5 deleted/);
      expect(liveCounts(emu)).toEqual(baseline);
    },
    timeout,
  );
}
