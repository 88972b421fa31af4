// The fault suite's harness: an emulator in this process, the stack of stack.ts deployed by the real Pulumi engine
// (the end-to-end tier's Workspace, the program tests/e2e/programs/reliability) or the real OpenTofu (a working
// folder with main.tf.json and the provider through dev_overrides), and the counts the suite reports, taken from the
// emulator's state (emu.snapshot()) and the engine's state (pulumi stack export / terraform.tfstate).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type ChaosSpec, type Emulator } from '@openai-iac/emulator';
import { api, cleanEnv, resolveEngines, Workspace } from '../e2e/harness';
import { ADDRESSES, machinePath, PROVIDER_BIN, requireTofu } from '../e2e-tofu/harness';
import { describeStack, KEY_SECRET, renderTerraform, UNFINDABLE, type Decl } from './stack';

export type EngineName = 'pulumi' | 'tofu';

/** `make reliability` sets RELIABILITY=full: the whole matrix; otherwise (inside `make test`) the short form. */
export const FULL = process.env['RELIABILITY'] === 'full';
export const FORM = FULL
  ? { name: 'full', groups: 7, rates: [0.1, 0.3], seeds: [1, 2, 3, 4, 5] }
  : { name: 'short', groups: 2, rates: [0.3], seeds: [1] };
/** Where each suite leaves its figures (git-ignored) for tests/reliability/report.mts. */
export const RESULTS = join(__dirname, '../../.reliability');

/** Keeps an engine's whole output under .reliability/logs/ (logs-short/ for the short form; the figures name the
 * file). */
export function saveLog(name: string, text: string): string {
  const dir = FULL ? 'logs' : 'logs-short';
  mkdirSync(join(RESULTS, dir), { recursive: true });
  writeFileSync(join(RESULTS, dir, `${name}.log`), text);
  return `.reliability/${dir}/${name}.log`;
}

export function saveResults(file: string, data: unknown): void {
  mkdirSync(RESULTS, { recursive: true });
  const engines = resolveEngines();
  const meta = { form: FORM.name, groups: FORM.groups, engines: { pulumi: engines.pulumi.version, tofu: engines.tofu.version } };
  // The short form writes beside the full one (matrix-pulumi.short.json), never over it.
  const name = FULL ? file : file.replace(/\.json$/, '.short.json');
  writeFileSync(join(RESULTS, name), `${JSON.stringify({ ...meta, data }, null, 1)}\n`);
}

/** The provider's request timeout in the suite (seconds): timeouts are quick, the injected hangs a bit longer. */
export const REQUEST_TIMEOUT_S = 3;
export const HANG_MS = 4_500;
/** A slow response stays below the timeout. */
export const SLOW_MS = 1_200;
/** Each step (up/apply, destroy) is tried at most this many times. */
export const TRIES = 3;
const ENGINE_TIMEOUT_MS = 600_000;

export interface EngineResult {
  code: number;
  /** stdout and stderr. */
  out: string;
  ms: number;
}

/** One stack, deployed by one engine, in a working folder kept for the stack's whole life (journals live there). */
export interface Driver {
  readonly engine: EngineName;
  readonly dir: string;
  /** The plugin's executable name, to find its process. */
  readonly plugin: string;
  apply(): Promise<EngineResult>;
  destroy(): Promise<EngineResult>;
  refresh(): Promise<EngineResult>;
  /** A plan after a refresh: what it would change, by resource name ('create', 'update', 'replace', 'delete'). */
  plan(): Promise<{ changes: Record<string, string>; out: string }>;
  /** Resource name -> id, as the engine's state holds them. */
  stateIds(): Promise<Map<string, string>>;
  /** The pid of the engine process of the running command, if any. */
  enginePid(): number | undefined;
  /** Replaces the stack's declared resources (the next command deploys these). */
  rewrite(decls: Decl[]): void;
  /** After the engine was killed: removes the lock it left on the stack, as the engine's own message says to. */
  clearStaleLocks(): void;
  dispose(): Promise<void>;
}

// ---- the emulator ------------------------------------------------------------------------------------------

export interface Env {
  emu: Emulator;
  /** A key bound to a second project: the keyed groups' own `api_key`. */
  otherKey: string;
  otherProject: string;
}

export async function startEnv(opts: { visibilityDelayMs?: number; waitMs?: number } = {}): Promise<Env> {
  const wait = opts.waitMs ?? 50;
  const emu = await startEmulator({ vectorStoreFileDelayMs: 50, runDelayMs: wait, fineTuningDelayMs: wait, batchDelayMs: wait, quiet: true });
  const other = await api<{ id: string }>(emu, 'POST', '/organization/projects', emu.adminKey, { name: 'reliability-other' });
  const otherKey = (await emu.createProjectKey(other.id)).key;
  if (opts.visibilityDelayMs) emu.setVisibilityDelay(opts.visibilityDelayMs);
  return { emu, otherKey, otherProject: other.id };
}

/** The chaos of the fault matrix: every kind, on every /v1 request. */
export function matrixChaos(rate: number, seed: number): ChaosSpec {
  return { rate, seed, retryAfterSeconds: 1, hangMs: HANG_MS, slowMs: SLOW_MS };
}

// ---- engines -----------------------------------------------------------------------------------------------

function spawnEngine(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, onPid: (pid: number | undefined) => void, input = '') {
  return new Promise<EngineResult>((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    onPid(child.pid);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ENGINE_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      onPid(undefined);
      resolve({ code: code ?? (signal ? 128 : 1), out, ms: Date.now() - started });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

let workspace: Promise<Workspace> | undefined;
/** One PULUMI_HOME with the plugin installed, per test file. */
function pulumiWorkspace(): Promise<Workspace> {
  return (workspace ??= Workspace.create());
}

export async function disposeWorkspace(): Promise<void> {
  if (workspace) (await workspace).dispose();
  workspace = undefined;
}

let stackSerial = 0;

class PulumiDriver implements Driver {
  readonly engine = 'pulumi';
  readonly plugin = 'pulumi-resource-openai';
  private pid: number | undefined;
  private constructor(
    private readonly ws: Workspace,
    readonly dir: string,
    private readonly name: string,
  ) {}

  static async create(env: Env, decls: Decl[], requestTimeoutS: number): Promise<PulumiDriver> {
    const ws = await pulumiWorkspace();
    const name = `rel${++stackSerial}`;
    const stack = await ws.stack('reliability', name, {
      'openai:baseUrl': env.emu.url,
      'openai:apiKey': { secret: env.emu.projectKey },
      'openai:adminApiKey': { secret: env.emu.adminKey },
      'openai:requestTimeout': String(requestTimeoutS),
      [KEY_SECRET]: { secret: env.otherKey },
    });
    const driver = new PulumiDriver(ws, stack.dir, name);
    driver.rewrite(decls);
    return driver;
  }

  rewrite(decls: Decl[]): void {
    writeFileSync(join(this.dir, 'stack.json'), `${JSON.stringify(decls, null, 1)}\n`);
  }

  private pulumi(args: string[]): Promise<EngineResult> {
    return spawnEngine(
      join(this.ws.tools.enginesBin, 'pulumi'),
      [...args, '--stack', this.name, '--non-interactive'],
      this.dir,
      this.ws.env,
      (pid) => (this.pid = pid),
    );
  }

  apply() {
    return this.pulumi(['up', '--yes', '--skip-preview']);
  }
  destroy() {
    return this.pulumi(['destroy', '--yes', '--skip-preview']);
  }
  refresh() {
    return this.pulumi(['refresh', '--yes', '--skip-preview']);
  }
  async plan() {
    const r = await this.pulumi(['preview', '--refresh', '--json']);
    const changes: Record<string, string> = {};
    try {
      const parsed = JSON.parse(r.out.slice(r.out.indexOf('{'))) as { steps?: Array<{ op: string; urn: string }> };
      for (const s of parsed.steps ?? []) {
        if (s.op !== 'same' && s.op !== 'refresh' && !s.urn.includes('pulumi:pulumi:Stack') && !s.urn.includes('pulumi:providers:'))
          changes[s.urn.split('::').pop()!] = s.op;
      }
    } catch {
      changes['(preview)'] = `failed: ${r.out.slice(-2000)}`;
    }
    if (r.code !== 0) changes['(preview)'] ??= `exit ${r.code}: ${r.out.slice(-2000)}`;
    return { changes, out: r.out };
  }
  async stateIds() {
    const r = await this.pulumi(['stack', 'export']);
    const state = JSON.parse(r.out) as { deployment: { resources?: Array<{ urn: string; id?: string; type: string }> } };
    const ids = new Map<string, string>();
    for (const res of state.deployment.resources ?? []) {
      if (res.type.startsWith('openai:index:') && res.id) ids.set(res.urn.split('::').pop()!, res.id);
    }
    return ids;
  }
  enginePid() {
    return this.pid;
  }
  clearStaleLocks() {
    // A killed `pulumi up` leaves its lock in the file backend; Pulumi refuses the stack until it is deleted.
    const backend = this.ws.env['PULUMI_BACKEND_URL']!.replace(/^file:\/\//, '');
    rmSync(join(backend, '.pulumi', 'locks'), { recursive: true, force: true });
  }
  async dispose() {
    await this.pulumi(['stack', 'rm', '--yes', '--force']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

class TofuDriver implements Driver {
  readonly engine = 'tofu';
  readonly plugin = 'terraform-provider-openai';
  private pid: number | undefined;
  private constructor(
    readonly dir: string,
    private readonly tofu: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly requestTimeoutS: number,
  ) {}

  rewrite(decls: Decl[]): void {
    writeFileSync(join(this.dir, 'main.tf.json'), renderTerraform(decls, { request_timeout: this.requestTimeoutS }));
  }

  static create(env: Env, decls: Decl[], requestTimeoutS: number): TofuDriver {
    const { tofu, nodeBin } = requireTofu();
    const dir = mkdtempSync(join(tmpdir(), 'openai-iac-reliability-tofu-'));
    const cliConfig = join(dir, 'cli.tfrc');
    const overrides = ['openai-iac/openai', ...ADDRESSES].map((a) => `    "${a}" = "${PROVIDER_BIN}"`).join('\n');
    writeFileSync(cliConfig, `provider_installation {\n  dev_overrides {\n${overrides}\n  }\n  direct {}\n}\n`);
    mkdirSync(join(dir, '.terraform'), { recursive: true });
    const processEnv: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(cleanEnv())) if (!k.startsWith('TF_')) processEnv[k] = v;
    Object.assign(processEnv, {
      PATH: machinePath(nodeBin),
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      OPENAI_BASE_URL: env.emu.url,
      OPENAI_API_KEY: env.emu.projectKey,
      OPENAI_ADMIN_KEY: env.emu.adminKey,
      [`TF_VAR_${KEY_SECRET}`]: env.otherKey,
    });
    const driver = new TofuDriver(dir, tofu.path, processEnv, requestTimeoutS);
    driver.rewrite(decls);
    return driver;
  }

  private tf(args: string[]): Promise<EngineResult> {
    return spawnEngine(this.tofu, [...args, '-no-color', '-input=false'], this.dir, this.env, (pid) => (this.pid = pid));
  }

  apply() {
    return this.tf(['apply', '-auto-approve']);
  }
  destroy() {
    return this.tf(['destroy', '-auto-approve']);
  }
  refresh() {
    return this.tf(['apply', '-refresh-only', '-auto-approve']);
  }
  async plan() {
    const r = await this.tf(['plan', '-detailed-exitcode']);
    const changes: Record<string, string> = {};
    for (const m of r.out.matchAll(
      /# openai_\w+\.(\w+) (will be created|will be updated in-place|must be replaced|will be destroyed|has been deleted)/g,
    )) {
      const what = {
        'will be created': 'create',
        'will be updated in-place': 'update',
        'must be replaced': 'replace',
        'will be destroyed': 'delete',
      }[m[2] as string];
      if (what) changes[m[1]!] = what;
    }
    if (r.code === 1) changes['(plan)'] = `failed: ${r.out.slice(-2000)}`;
    else if (r.code === 2 && Object.keys(changes).length === 0) changes['(plan)'] = `changes: ${r.out.slice(-2000)}`;
    return { changes, out: r.out };
  }
  async stateIds() {
    const ids = new Map<string, string>();
    const path = join(this.dir, 'terraform.tfstate');
    if (!existsSync(path)) return ids;
    const state = JSON.parse(readFileSync(path, 'utf8')) as {
      resources?: Array<{ mode: string; type: string; name: string; instances: Array<{ attributes?: { id?: string } }> }>;
    };
    for (const r of state.resources ?? []) {
      const id = r.instances[0]?.attributes?.id;
      if (r.mode === 'managed' && id) ids.set(r.name, id);
    }
    return ids;
  }
  enginePid() {
    return this.pid;
  }
  clearStaleLocks() {
    // The local backend's lock is an OS file lock: it went with the killed process.
  }
  async dispose() {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function createDriver(engine: EngineName, env: Env, decls: Decl[], requestTimeoutS = REQUEST_TIMEOUT_S): Promise<Driver> {
  return engine === 'pulumi' ? PulumiDriver.create(env, decls, requestTimeoutS) : Promise.resolve(TofuDriver.create(env, decls, requestTimeoutS));
}

// ---- what the emulator holds -------------------------------------------------------------------------------

/** One live API object of the stack's kinds. */
export interface ApiObject {
  kind: string;
  /** As the engine's state spells it (composite for attachments, batches and messages). */
  id: string;
  /** The declared resource it belongs to (by its identity in the API), if any. */
  decl?: string;
  /** Its declared resource's type (or, unattributed, the type of its kind): can a lost create of it be found? */
  unfindable: boolean;
}

type Row = Record<string, unknown>;
const KIND_TYPE: Record<string, string> = {
  files: 'file',
  vector_stores: 'vector_store',
  vector_store_files: 'vector_store_file',
  vector_store_file_batches: 'vector_store_file_batch',
  assistants: 'assistant',
  threads: 'thread',
  messages: 'message',
  conversations: 'conversation',
  containers: 'container',
  projects: 'project',
  service_accounts: 'project_service_account',
};

/** The live objects of the stack's kinds, without the emulator's own (its default project, the second project and
 * the service accounts behind its keys) and without attachments a store or a batch makes for itself. */
export function liveObjects(env: Env, decls: Decl[]): ApiObject[] {
  const snap = env.emu.snapshot() as Record<string, Row[]>;
  const declared = new Set(decls.map((d) => d.name));
  const typeOf = new Map(decls.map((d) => [d.name, d.type]));
  const stores = new Map((snap['vector_stores'] ?? []).map((s) => [String(s['id']), String(s['name'] ?? '')]));
  const out: ApiObject[] = [];
  const push = (kind: string, id: string, identity: string | undefined) => {
    const decl = identity !== undefined && declared.has(identity) ? identity : undefined;
    out.push({ kind, id, ...(decl ? { decl } : {}), unfindable: UNFINDABLE.has(decl ? typeOf.get(decl)! : KIND_TYPE[kind]!) });
  };
  const meta = (r: Row) => (r['metadata'] as Record<string, string> | null | undefined)?.['decl'];
  for (const r of snap['files'] ?? []) push('files', String(r['id']), String(r['filename']).replace(/\.md$/, ''));
  for (const r of snap['vector_stores'] ?? []) push('vector_stores', String(r['id']), String(r['name']));
  for (const r of snap['vector_store_files'] ?? []) {
    const store = stores.get(String(r['vector_store_id'])) ?? '';
    if (!store.startsWith('shelf_')) continue; // attached by the store's own file_ids or by a batch
    push('vector_store_files', `${String(r['vector_store_id'])}/${String(r['id'])}`, store.replace(/^shelf_/, 'shelf_doc_'));
  }
  for (const r of snap['vector_store_file_batches'] ?? []) {
    const store = stores.get(String(r['vector_store_id'])) ?? '';
    push('vector_store_file_batches', `${String(r['vector_store_id'])}/${String(r['id'])}`, store.replace(/^bin_/, 'bin_batch_'));
  }
  for (const r of snap['assistants'] ?? []) push('assistants', String(r['id']), String(r['name']));
  for (const r of snap['threads'] ?? []) push('threads', String(r['id']), meta(r));
  for (const r of snap['messages'] ?? []) push('messages', `${String(r['thread_id'])}/${String(r['id'])}`, meta(r));
  for (const r of snap['conversations'] ?? []) push('conversations', String(r['id']), meta(r));
  for (const r of snap['containers'] ?? []) push('containers', String(r['id']), String(r['name']));
  for (const r of snap['projects'] ?? []) {
    if (r['status'] !== 'active' || r['id'] === env.emu.defaultProjectId || r['id'] === env.otherProject) continue;
    push('projects', String(r['id']), String(r['name']));
  }
  for (const r of snap['service_accounts'] ?? []) {
    if (r['name'] === 'emulator-test-key') continue;
    push('service_accounts', String(r['id']), String(r['name']));
  }
  return out;
}

/** A count split by whether the API can find a lost create of the object. */
export interface Split {
  findable: number;
  unfindable: number;
  /** What was counted, for the report ('thread_1 thread_abc'). */
  examples: string[];
}

const split = (objects: ApiObject[]): Split => ({
  findable: objects.filter((o) => !o.unfindable).length,
  unfindable: objects.filter((o) => o.unfindable).length,
  examples: objects.slice(0, 12).map((o) => `${o.decl ?? `(${o.kind})`} ${o.id}`),
});

/** Objects no state holds. A service account's state id is `proj_…/svc_acct_…` and the emulator's snapshot does not
 * show its project, so it is matched by its own id. */
export function notInState(objects: ApiObject[], ids: Map<string, string>): ApiObject[] {
  const held = new Set(ids.values());
  const accounts = new Set([...ids.values()].filter((id) => id.includes('/svc_acct_')).map((id) => id.slice(id.indexOf('/') + 1)));
  return objects.filter((o) => !held.has(o.id) && !(o.kind === 'service_accounts' && accounts.has(o.id)));
}

/** More than one object for one declared resource: each extra one. */
export function duplicates(objects: ApiObject[]): ApiObject[] {
  const seen = new Map<string, number>();
  const extra: ApiObject[] = [];
  for (const o of objects) {
    if (!o.decl) continue;
    const n = (seen.get(o.decl) ?? 0) + 1;
    seen.set(o.decl, n);
    if (n > 1) extra.push(o);
  }
  return extra;
}

// ---- one step, tried up to three times ---------------------------------------------------------------------

/** An error that says a create may have happened and names how to import it, instead of making a second object
 * (Terraform wraps its messages: any whitespace between the words). */
const HONEST_ERROR = { exists: /may\s+(have\s+been\s+created|exist)/i, importId: /import\s+id\s+\S+_<id>/i };

/** A failed try stopped only by such errors: each of its errors (as errorLines() gives them) is one. */
export function onlyHonestErrors(error: string | undefined): boolean {
  const blocks = (error ?? '').split(/\n(?=Error: |error: )/).filter((b) => b.trim() !== '');
  return blocks.length > 0 && blocks.every((b) => HONEST_ERROR.exists.test(b) && HONEST_ERROR.importId.test(b));
}

export interface Try {
  code: number;
  ms: number;
  /** The error lines of a failed try (shortened). */
  error?: string;
  /** Objects created that the engine's state did not hold after this failed try. */
  lost: ApiObject[];
  /** The engine's whole output. */
  log: string;
}

export interface StepResult {
  tries: Try[];
  converged: boolean;
}

/** The lines of an engine's output that say what failed: Pulumi's `error:` diagnostics, and each of Terraform's
 * `Error:` blocks (its title and the message after the "with …, on …" lines). */
export function errorLines(out: string): string {
  const picked: string[] = [];
  const lines = out.split('\n').map((l) => l.replace(/^[│╷╵]\s?/, '').trimEnd());
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^Error: /.test(line)) {
      const block = [line];
      for (let j = i + 1; j < lines.length && j < i + 14 && !/^Error: /.test(lines[j]!); j++) {
        if (/^\s*(with|on) \S+|^\s*\d+:/.test(lines[j]!) || lines[j]!.trim() === '') continue;
        block.push(`  ${lines[j]!.trim()}`);
      }
      picked.push(block.join('\n'));
    } else if (/^\s*error: /.test(line) && !/error: update failed/.test(line)) {
      const block = [line.trim()];
      for (let j = i + 1; j < lines.length && /^\s+\*|^\t/.test(lines[j]!); j++) block.push(`  ${lines[j]!.trim()}`);
      picked.push(block.join('\n'));
    }
  }
  return [...new Set(picked)].slice(0, 20).join('\n').slice(0, 6000);
}

export async function step(env: Env, driver: Driver, decls: Decl[], action: 'apply' | 'destroy', logAs: string): Promise<StepResult> {
  const tries: Try[] = [];
  for (let i = 0; i < TRIES; i++) {
    const r = await (action === 'apply' ? driver.apply() : driver.destroy());
    const log = saveLog(`${logAs}-${action}-${i + 1}`, r.out);
    if (r.code === 0) {
      tries.push({ code: 0, ms: r.ms, lost: [], log });
      return { tries, converged: true };
    }
    const lost = action === 'apply' ? notInState(liveObjects(env, decls), await driver.stateIds()) : [];
    tries.push({ code: r.code, ms: r.ms, error: errorLines(r.out), lost, log });
  }
  return { tries, converged: false };
}

// ---- one run of the fault matrix ---------------------------------------------------------------------------

export interface RunFigures {
  engine: EngineName;
  rate: number;
  seed: number;
  resources: number;
  up: StepResult;
  destroy: StepResult;
  /** Distinct objects the state did not hold after a failed try of the apply. */
  lost: Split;
  duplicates: Split;
  orphans: Split;
  leftAfterDestroy: Split;
  /** The apply's last try failed only with errors naming an object that may exist and its import id (lost creates
   * of unfindable resources). */
  honestError: boolean;
  /** What a plan (faults off) would still change after the apply converged. */
  planAfter: Record<string, string>;
  faults: { matched: number; injected: Record<string, number> };
  ms: number;
}

export async function chaosRun(engine: EngineName, groups: number, rate: number, seed: number): Promise<RunFigures> {
  const started = Date.now();
  const env = await startEnv();
  const decls = describeStack(groups);
  const driver = await createDriver(engine, env, decls);
  try {
    const logAs = `matrix-${engine}-${rate}-${seed}`;
    env.emu.faults.setChaos(matrixChaos(rate, seed));
    const up = await step(env, driver, decls, 'apply', logAs);
    const applyFaults = env.emu.faults.counts();
    env.emu.faults.setChaos(null);
    const ids = await driver.stateIds();
    const live = liveObjects(env, decls);
    const lostSeen = new Map<string, ApiObject>();
    for (const t of up.tries) for (const o of t.lost) lostSeen.set(o.id, o);
    const planAfter = up.converged ? (await driver.plan()).changes : {};
    env.emu.faults.setChaos(matrixChaos(rate, seed + 1000));
    const destroy = await step(env, driver, decls, 'destroy', logAs);
    const destroyFaults = env.emu.faults.counts();
    const faults = { matched: applyFaults.matched + destroyFaults.matched, injected: { ...applyFaults.injected } };
    for (const [k, n] of Object.entries(destroyFaults.injected)) faults.injected[k] = (faults.injected[k] ?? 0) + n;
    env.emu.faults.setChaos(null);
    const left = destroy.converged ? liveObjects(env, decls) : [];
    const last = up.tries.at(-1);
    return {
      engine,
      rate,
      seed,
      resources: decls.length,
      up,
      destroy,
      lost: split([...lostSeen.values()]),
      duplicates: split(duplicates(live)),
      orphans: split(notInState(live, ids)),
      leftAfterDestroy: split(left),
      honestError: !up.converged && onlyHonestErrors(last?.error),
      planAfter,
      faults,
      ms: Date.now() - started,
    };
  } finally {
    env.emu.faults.setChaos(null);
    await driver.dispose().catch(() => undefined);
    await env.emu.close();
  }
}

// ---- killing the plugin mid-create -------------------------------------------------------------------------

/** The descendants of `pid` whose command line names `pattern` (ps, the system's process table). */
export function findProcesses(pid: number, pattern: string): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const children = new Map<number, Array<{ pid: number; args: string }>>();
  for (const line of table.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const entry = { pid: Number(m[1]), args: m[3]! };
    const list = children.get(Number(m[2])) ?? [];
    list.push(entry);
    children.set(Number(m[2]), list);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      if (c.args.includes(pattern)) found.push(c.pid);
      queue.push(c.pid);
    }
  }
  return found;
}

/** The create path of each resource type (the POST that makes it), for a hang on it. */
export const CREATE_PATHS: Record<string, RegExp> = {
  file: /^\/v1\/files$/,
  vector_store: /^\/v1\/vector_stores$/,
  vector_store_file: /^\/v1\/vector_stores\/[^/]+\/files$/,
  vector_store_file_batch: /^\/v1\/vector_stores\/[^/]+\/file_batches$/,
  assistant: /^\/v1\/assistants$/,
  thread: /^\/v1\/threads$/,
  message: /^\/v1\/threads\/[^/]+\/messages$/,
  conversation: /^\/v1\/conversations$/,
  container: /^\/v1\/containers$/,
  project: /^\/v1\/organization\/projects$/,
  project_service_account: /^\/v1\/organization\/projects\/[^/]+\/service_accounts$/,
};

/** One declared resource of the one-group stack and what it depends on, dependencies first. */
export function withDependencies(decls: Decl[], name: string): Decl[] {
  const byName = new Map(decls.map((d) => [d.name, d]));
  const need = new Set<string>();
  const visit = (n: string) => {
    if (need.has(n)) return;
    need.add(n);
    const refs = JSON.stringify(byName.get(n)!.props).matchAll(/"\$ref":"([^"]+)"/g);
    for (const m of refs) visit(m[1]!);
  };
  visit(name);
  return decls.filter((d) => need.has(d.name));
}

export interface KillFigures {
  engine: EngineName;
  type: string;
  decl: string;
  /** Whether the create was applied and the plugin killed before it answered. */
  killed: boolean;
  /** Objects of the killed resource after the rerun. */
  objects: number;
  orphans: Split;
  rerun: StepResult;
  honestError: boolean;
  left: Split;
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Kills the plugin while the first create of `type` hangs after being applied, then reruns in the same folder. */
export async function killRun(engine: EngineName, type: string): Promise<KillFigures> {
  const env = await startEnv();
  const all = describeStack(1);
  const target = all.find((d) => d.type === type);
  if (!target) throw new Error(`the stack has no ${type}`);
  const decls = withDependencies(all, target.name);
  // A long timeout: the plugin must still be waiting for the answer when it is killed.
  const driver = await createDriver(engine, env, decls, 120);
  try {
    env.emu.faults.inject({ method: 'POST', path: CREATE_PATHS[type]!, kind: 'timeout_after_apply', hangMs: 300_000 });
    const mark = env.emu.requests.length;
    const applying = driver.apply();
    let killed = false;
    try {
      await until(
        `the ${type} create to be applied`,
        () => env.emu.requests.slice(mark).some((r) => r.method === 'POST' && CREATE_PATHS[type]!.test(r.path) && r.status === 200),
        120_000,
      );
      const pid = driver.enginePid();
      const plugins = pid === undefined ? [] : findProcesses(pid, driver.plugin);
      if (plugins.length === 0) throw new Error(`no ${driver.plugin} process under the engine (pid ${pid})`);
      for (const p of plugins) process.kill(p, 'SIGKILL');
      killed = true;
    } finally {
      env.emu.faults.clear();
      await applying;
    }
    const logAs = `sigkill-${engine}-${type}`;
    const killedRun = await applying;
    saveLog(`${logAs}-killed`, killedRun.out);
    const rerun = await step(env, driver, decls, 'apply', logAs);
    const live = liveObjects(env, decls);
    const ids = await driver.stateIds();
    const destroy = await step(env, driver, decls, 'destroy', logAs);
    const last = rerun.tries.at(-1);
    return {
      engine,
      type,
      decl: target.name,
      killed,
      objects: live.filter((o) => o.decl === target.name).length,
      orphans: split(notInState(live, ids)),
      rerun,
      honestError: !rerun.converged && onlyHonestErrors(last?.error),
      left: split(destroy.converged ? liveObjects(env, decls) : []),
    };
  } finally {
    env.emu.faults.clear();
    await driver.dispose().catch(() => undefined);
    await env.emu.close();
  }
}

// ---- the engine killed mid-wait ----------------------------------------------------------------------------

/** A resource whose create waits for the API's work, the stack it needs, and what shows the wait. */
export interface WaitCase {
  type: string;
  decls: Decl[];
  /** The emulator's table (and count) of the objects the create makes. */
  kind: string;
  /** What it hangs on, by table and the members its rows have: made once, whatever the killed engine saved. */
  parents: Record<string, Record<string, string>>;
  /** The POST that makes one. */
  create: RegExp;
  /** A GET of one while the provider waits for it. */
  poll: RegExp;
  /** Its status once the work is done. */
  done: string;
}

export interface WaitKillFigures {
  engine: EngineName;
  type: string;
  /** Polls seen when the engine and its plugin were killed, and the object's status then. */
  pollsBeforeKill: number;
  statusAtKill: string | undefined;
  killed: boolean;
  /** Creates the API answered over both runs: one, not two. */
  creates: number;
  /** The objects of the kind after the rerun, with their status, and whether the engine's state holds the one. */
  objects: Array<[string, string]>;
  inState: boolean;
  /** The rows of each parent table after the rerun (`WaitCase.parents`). */
  parents: Record<string, number>;
  rerun: StepResult;
  destroyed: boolean;
}

const rowsOf = (env: Env, kind: string) => (env.emu.snapshot()[kind] ?? []) as Array<{ id: string; status: string }>;

/**
 * Kills the engine and its plugin with SIGKILL once the provider has polled the object twice (a CI job cancelled
 * mid-wait), applies again in the same working folder, and destroys.
 */
export async function killMidWait(engine: EngineName, c: WaitCase, waitMs: number): Promise<WaitKillFigures> {
  const env = await startEnv({ waitMs });
  const driver = await createDriver(engine, env, c.decls, 30);
  const logAs = `waitkill-${engine}-${c.type}`;
  const creates = () => env.emu.requests.filter((r) => r.method === 'POST' && c.create.test(r.path) && r.status >= 200 && r.status < 300).length;
  const polls = () => env.emu.requests.filter((r) => r.method === 'GET' && c.poll.test(r.path) && r.status === 200).length;
  try {
    const applying = driver.apply();
    let ended = false;
    void applying.then(() => (ended = true));
    let killed = false;
    let pollsBeforeKill = 0;
    let statusAtKill: string | undefined;
    try {
      await until(
        `the provider to poll the ${c.type} twice`,
        () => {
          if (ended) throw new Error(`the ${engine} run ended before the kill`);
          return creates() === 1 && polls() >= 2;
        },
        180_000,
      );
      const pid = driver.enginePid()!;
      // the engine and everything under it (its plugins, Pulumi's language host and program), as a cancelled CI job
      const tree = findProcesses(pid, '');
      if (!tree.some((p) => findProcesses(pid, driver.plugin).includes(p)))
        throw new Error(`no ${driver.plugin} process under the engine (pid ${pid})`);
      for (const p of [pid, ...tree]) process.kill(p, 'SIGKILL');
      killed = true;
      pollsBeforeKill = polls();
      statusAtKill = rowsOf(env, c.kind)[0]?.status;
    } finally {
      saveLog(`${logAs}-killed`, (await applying).out);
    }
    driver.clearStaleLocks();
    const rerun = await step(env, driver, c.decls, 'apply', logAs);
    const objects = rowsOf(env, c.kind).map((o): [string, string] => [o.id, o.status]);
    const inState = [...(await driver.stateIds()).values()].some((id) => objects.some(([o]) => id === o || id.endsWith(`/${o}`)));
    const parents = Object.fromEntries(
      Object.entries(c.parents).map(([table, where]) => [
        table,
        ((env.emu.snapshot()[table] ?? []) as Array<Record<string, unknown>>).filter((row) => Object.entries(where).every(([k, v]) => row[k] === v))
          .length,
      ]),
    );
    const destroy = await step(env, driver, c.decls, 'destroy', logAs);
    return {
      engine,
      type: c.type,
      pollsBeforeKill,
      statusAtKill,
      killed,
      creates: creates(),
      objects,
      inState,
      parents,
      rerun,
      destroyed: destroy.converged,
    };
  } finally {
    await driver.dispose().catch(() => undefined);
    await env.emu.close();
  }
}

// ---- out-of-band changes -----------------------------------------------------------------------------------

/** The key a declared resource's requests use. */
export function keyOf(env: Env, d: Decl): string {
  if (d.type === 'project' || d.type === 'project_service_account') return env.emu.adminKey;
  return d.props['api_key'] ? env.otherKey : env.emu.projectKey;
}

/** An out-of-band update of an updatable field of one object (null: the type has none), over the API with its key. */
export function outOfBandUpdate(d: Decl, id: string): { method: string; path: string; body: unknown } | null {
  const [a, b] = id.split('/');
  switch (d.type) {
    case 'vector_store':
      return { method: 'POST', path: `/vector_stores/${id}`, body: { name: `${d.name}-changed` } };
    case 'vector_store_file':
      return { method: 'POST', path: `/vector_stores/${a}/files/${b}`, body: { attributes: { decl: 'changed' } } };
    case 'assistant':
      return { method: 'POST', path: `/assistants/${id}`, body: { instructions: 'changed out of band' } };
    case 'thread':
      return { method: 'POST', path: `/threads/${id}`, body: { metadata: { suite: 'changed', decl: d.name } } };
    case 'message':
      return { method: 'POST', path: `/threads/${a}/messages/${b}`, body: { metadata: { suite: 'changed', decl: d.name } } };
    case 'conversation':
      return { method: 'POST', path: `/conversations/${id}`, body: { metadata: { suite: 'changed', decl: d.name } } };
    case 'project':
      return { method: 'POST', path: `/organization/projects/${id}`, body: { name: `${d.name}-changed` } };
    case 'project_service_account':
      return { method: 'POST', path: `/organization/projects/${a}/service_accounts/${b}`, body: { name: `${d.name}-changed` } };
    default:
      return null; // file, container, vector_store_file_batch: nothing changes in place
  }
}

/** Deleting one object out of band, over the API with its key (a project archives). */
export function outOfBandDelete(d: Decl, id: string): { method: string; path: string } {
  const [a, b] = id.split('/');
  switch (d.type) {
    case 'vector_store_file':
      return { method: 'DELETE', path: `/vector_stores/${a}/files/${b}` };
    case 'vector_store_file_batch':
      return { method: 'DELETE', path: `/vector_stores/${a}` }; // the API cannot delete a batch; its store takes it along
    case 'message':
      return { method: 'DELETE', path: `/threads/${a}/messages/${b}` };
    case 'project':
      return { method: 'POST', path: `/organization/projects/${id}/archive` };
    case 'project_service_account':
      return { method: 'DELETE', path: `/organization/projects/${a}/service_accounts/${b}` };
    default:
      return {
        method: 'DELETE',
        path: `/${{ file: 'files', vector_store: 'vector_stores', assistant: 'assistants', thread: 'threads', conversation: 'conversations', container: 'containers' }[d.type]}/${id}`,
      };
  }
}

// ---- the report --------------------------------------------------------------------------------------------

export const fmtSplit = (s: Split): string => (s.unfindable ? `${s.findable} (+${s.unfindable} unfindable)` : String(s.findable));
