// `make bench`: what the providers cost a run, measured side by side in one run with ordinary tools (Node's clock,
// the real engines, the emulator, /proc), written to docs/BENCHMARKS.md. Figures, not tests: nothing here passes or
// fails on a number. `--smoke` (what `make test` runs) does every step with tiny sizes and few rounds and writes to
// the `--out` file, so the bench is known to run without judging the machine CI happens to get.
//   node tools/bench/bench.mts [--smoke] [--out FILE] [--only startup,plan,scale,limits]
// Needs `make build engines dist build_nodejs_sdk` and tests/e2e/programs installed (the make target sees to it).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { credentials, loadPackageDefinition, type GrpcObject, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PLUGIN_NODE_FLAGS } from '@openai-iac/core';
import { startEmulator, type Emulator, type RecordedRequest } from '@openai-iac/emulator';
import { buildSync } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');
const argv = process.argv.slice(2);
const SMOKE = argv.includes('--smoke');
const OUT = argv.includes('--out') ? argv[argv.indexOf('--out') + 1]! : join(ROOT, 'docs', 'BENCHMARKS.md');
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : ['startup', 'plan', 'scale', 'limits'];

/** Sizes and rounds: the issue's, or a few of each for the smoke run. */
const S = SMOKE
  ? {
      startupRounds: 3,
      planSizes: [3, 6],
      planRounds: 2,
      previewRounds: 1,
      scaleSizes: [4],
      latencyMs: 50,
      limit: { perWindow: 4, windowSeconds: 3, stores: 5 },
      admin: { perWindow: 3, windowSeconds: 3, projects: 4 },
    }
  : {
      startupRounds: 21,
      planSizes: [10, 100, 300],
      planRounds: 7,
      previewRounds: 5,
      scaleSizes: [10, 100, 300, 1000],
      latencyMs: 50,
      limit: { perWindow: 60, windowSeconds: 60, stores: 75 },
      admin: { perWindow: 7, windowSeconds: 10, projects: 20 },
    };
const PARALLELISM = 10; // OpenTofu's default; given to Pulumi too (`--parallel 10`) so both floors are the same
const TF_COOKIE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

// ---- small tools ----------------------------------------------------------------------------------------------

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

interface Ran {
  code: number;
  out: string;
  ms: number;
}

function run(cmd: string, args: string[], opts: { cwd?: string; env: NodeJS.ProcessEnv; input?: string; allow?: number[] }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(opts.input ?? '');
    child.on('error', reject);
    child.on('close', (code) => {
      const r = { code: code ?? -1, out, ms: performance.now() - t0 };
      if (code === 0 || opts.allow?.includes(code ?? -1)) resolve(r);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-4000)}`));
    });
  });
}

/** spawn → first line of stdout, in ms; the process is killed afterwards. */
function firstLine(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; line: string; kill: () => void }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0 && buf !== '') {
        child.stdout.removeAllListeners('data');
        resolve({ ms: performance.now() - t0, line: buf.slice(0, nl), kill: () => child.kill('SIGKILL') });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => buf.indexOf('\n') < 0 && reject(new Error(`${cmd} exited ${code} before its first line`)));
  });
}

/** The plugin processes' usage lines (OPENAI_IAC_USAGE_LOG, written by both plugins at exit). */
interface Usage {
  starts: number;
  cpuMs: number;
  maxRssKib: number;
}
function usage(file: string): Usage {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
  const us = lines.map((l) => JSON.parse(l) as { cpu_ms: number; max_rss_kib: number });
  rmSync(file, { force: true });
  return { starts: us.length, cpuMs: us.reduce((a, u) => a + u.cpu_ms, 0), maxRssKib: Math.max(0, ...us.map((u) => u.max_rss_kib)) };
}

/** Requests the emulator answered since `from`: reads (GET), writes (everything else), 429s, and the key checks among
 * the reads (GET /v1/models: once per key per plugin process that plans a create; no bench stack has a model). */
function requestsSince(emu: Emulator, from: number): { reads: number; writes: number; limited: number; keyChecks: number; all: RecordedRequest[] } {
  const all = emu.requests.slice(from).filter((r) => r.path.startsWith('/v1/'));
  const reads = all.filter((r) => r.method === 'GET');
  return {
    reads: reads.length,
    writes: all.length - reads.length,
    limited: all.filter((r) => r.status === 429).length,
    keyChecks: reads.filter((r) => r.path === '/v1/models').length,
    all,
  };
}
/** Reads per resource, the key checks left out. */
const readsPer = (q: { reads: number; keyChecks: number }, n: number) => ((q.reads - q.keyChecks) / n).toFixed(2);

// ---- the machine and the engines --------------------------------------------------------------------------

function engines(): { tofu: string; pulumi: string; versions: Record<string, string> } {
  const out = execFileSync(join(ROOT, 'tools/engines/resolve.sh'), ['--dry-run', '--quiet'], { encoding: 'utf8' });
  const found: Record<string, { dir: string; version: string }> = {};
  for (const line of out.trim().split('\n')) {
    const [name, , version, dir] = line.split('\t');
    if (name && dir) found[name] = { dir, version: version ?? '' };
  }
  if (!found['tofu'] || !found['pulumi']) throw new Error(`tools/engines/resolve.sh named no tofu or pulumi:\n${out}`);
  return {
    tofu: join(found['tofu'].dir, 'tofu'),
    pulumi: join(found['pulumi'].dir, 'pulumi'),
    versions: { tofu: found['tofu'].version, pulumi: found['pulumi'].version },
  };
}

const ENGINES = engines();
const NODE_DIR = execFileSync(join(ROOT, 'tools/node.sh'), { encoding: 'utf8' }).trim();
const NODE = join(NODE_DIR, 'node');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const WORK = mkdtempSync(join(tmpdir(), 'openai-iac-bench-'));

/** The caller's environment minus anything that could steer an engine or the provider. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(OPENAI_|TF_|PULUMI_)/.test(k)) env[k] = v;
  return { ...env, PATH: `${NODE_DIR}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1', CHECKPOINT_DISABLE: '1' };
}

function machine(): string {
  const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim()
    ? ' (with uncommitted changes)'
    : '';
  const cpu = cpus();
  return table(
    ['what', 'value'],
    [
      ['commit', `${commit}${dirty}`],
      ['machine', `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}`],
      ['Node.js', process.version],
      ['engines', `OpenTofu ${ENGINES.versions['tofu']}, Pulumi ${ENGINES.versions['pulumi']}`],
      ['load average at start (1, 5, 15 min)', load()],
    ],
  );
}

// ---- 1. start-up -----------------------------------------------------------------------------------------------

interface Starter {
  label: string;
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** A go-plugin (Terraform) server: its first GetProviderSchema answer is timed too. */
  tf: boolean;
}

function tfSchemaClient(): ServiceClientConstructor {
  const def = loadSync('tfplugin6.proto', {
    includeDirs: [join(ROOT, 'bridge/terraform/proto')],
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return (loadPackageDefinition(def)['tfplugin6'] as GrpcObject)['Provider'] as ServiceClientConstructor;
}

/** spawn → handshake, then → the first GetProviderSchema answer over the handshake's mTLS (as the host does). */
async function firstSchema(
  s: Starter,
  client: ServiceClientConstructor,
  tls: { key: string; cert: string },
): Promise<{ handshake: number; schema: number }> {
  const t0 = performance.now();
  const started = await firstLine(s.cmd, s.args, s.env);
  const [, , network, address, , certLine] = started.line.split('|');
  const der = Buffer.from(certLine ?? '', 'base64'); // the line's base64 has no padding
  const serverPem = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)
    ?.join('\n')}\n-----END CERTIFICATE-----\n`;
  const creds = credentials.createSsl(Buffer.from(serverPem), Buffer.from(tls.key), Buffer.from(tls.cert));
  const c = new client(network === 'unix' ? `unix:${address}` : address!, creds, {
    'grpc.ssl_target_name_override': 'localhost',
    'grpc.max_receive_message_length': 256 * 2 ** 20,
  });
  try {
    await new Promise<void>((resolve, reject) =>
      (c as unknown as { GetProviderSchema: (r: object, cb: (e: Error | null) => void) => void }).GetProviderSchema({}, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    return { handshake: started.ms, schema: performance.now() - t0 };
  } finally {
    c.close();
    started.kill();
  }
}

/**
 * What any Node.js plugin on gRPC pays before its first line: a bundle of `@grpc/grpc-js` alone, serving TLS with
 * a fixed certificate on a port and printing it, run as the launchers run the plugins (their flags, Node's
 * compile cache). The plugins' own start-up beyond this is theirs to cut.
 */
function grpcFloor(dir: string, tls: { key: string; cert: string }): string {
  const entry = join(dir, 'grpc-floor.cjs');
  writeFileSync(
    entry,
    `const grpc = require('@grpc/grpc-js');
const server = new grpc.Server();
const creds = grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(${JSON.stringify(tls.key)}), cert_chain: Buffer.from(${JSON.stringify(tls.cert)}) }], false);
server.bindAsync('127.0.0.1:0', creds, (e, port) => { if (e) throw e; process.stdout.write('1|6|tcp|127.0.0.1:' + port + '|grpc|\\n'); });
`,
  );
  const out = join(dir, 'grpc-floor.bundle.cjs');
  buildSync({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    absWorkingDir: ROOT,
    nodePaths: [join(ROOT, 'node_modules')],
    logLevel: 'warning',
  });
  return out;
}

async function startup(): Promise<string> {
  const tmp = join(WORK, 'startup');
  mkdirSync(tmp);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-days',
      '1',
      '-keyout',
      join(tmp, 'key.pem'),
      '-out',
      join(tmp, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const tls = { key: readFileSync(join(tmp, 'key.pem'), 'utf8'), cert: readFileSync(join(tmp, 'cert.pem'), 'utf8') };
  const goProvider = execFileSync(join(ROOT, 'tools/bench/go-provider.sh'), { encoding: 'utf8' }).trim();
  const env = { ...baseEnv(), OPENAI_IAC_NODE: NODE };
  const tfEnv = { ...env, TF_PLUGIN_MAGIC_COOKIE: TF_COOKIE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: tls.cert };
  const starters: Starter[] = [
    { label: 'bare `node -e` printing a line', cmd: NODE, args: ['-e', 'console.log(0)'], env, tf: false },
    {
      label: 'floor of a Node plugin: `@grpc/grpc-js` alone serving TLS (bundled, as the plugins run)',
      cmd: NODE,
      args: [...PLUGIN_NODE_FLAGS, grpcFloor(tmp, tls)],
      env: { ...env, NODE_COMPILE_CACHE: join(tmp, 'compile-cache') },
      tf: false,
    },
    { label: 'Pulumi plugin, `bin/` launcher + bundle', cmd: join(ROOT, 'bin/pulumi-resource-openai'), args: [], env, tf: false },
    { label: 'Terraform provider, `bin/` launcher + bundle', cmd: join(ROOT, 'bin/terraform-provider-openai'), args: [], env: tfEnv, tf: true },
    { label: "Go protocol-6 provider (OpenTofu's provider-simple-v6)", cmd: goProvider, args: [], env: tfEnv, tf: true },
  ];
  const dist = join(ROOT, 'dist');
  const pulumiTar = join(dist, `pulumi-resource-openai-v${VERSION}-linux-amd64.tar.gz`);
  const tfZip = join(dist, `terraform-provider-openai_${VERSION}_linux_amd64.zip`);
  if (existsSync(pulumiTar) && existsSync(tfZip)) {
    execFileSync('tar', ['xzf', pulumiTar, '-C', tmp]);
    execFileSync('unzip', ['-q', tfZip, '-d', join(tmp, 'tf')]);
    starters.splice(3, 0, {
      label: 'Pulumi plugin, `make dist` single executable',
      cmd: join(tmp, 'pulumi-resource-openai'),
      args: [],
      env,
      tf: false,
    });
    starters.splice(5, 0, {
      label: 'Terraform provider, `make dist` single executable',
      cmd: join(tmp, 'tf', `terraform-provider-openai_v${VERSION}`),
      args: [],
      env: tfEnv,
      tf: true,
    });
  } else log(`no ${relative(ROOT, pulumiTar)} or ${relative(ROOT, tfZip)}: run make dist for the single executables' rows`);

  const client = tfSchemaClient();
  const first: number[][] = starters.map(() => []);
  const schema: number[][] = starters.map(() => []);
  const measure = async (i: number) => {
    const s = starters[i]!;
    if (s.tf) {
      const r = await firstSchema(s, client, tls);
      first[i]!.push(r.handshake);
      schema[i]!.push(r.schema);
    } else {
      const r = await firstLine(s.cmd, s.args, s.env);
      r.kill();
      first[i]!.push(r.ms);
    }
  };
  for (let i = 0; i < starters.length; i++) await measure(i); // warm the file cache and Node's compile cache
  for (const xs of [...first, ...schema]) xs.length = 0;
  const loadBefore = load();
  for (let round = 0; round < S.startupRounds; round++) for (let i = 0; i < starters.length; i++) await measure(i);
  const bare = median(first[0]!);
  const go = median(first[starters.length - 1]!);
  const goSchema = median(schema[starters.length - 1]!);
  const rows = starters.map((s, i) => [
    s.label,
    ms(median(first[i]!)),
    `${ms(Math.min(...first[i]!))}–${ms(Math.max(...first[i]!))}`,
    i === 0 ? '1×' : ratio(median(first[i]!), bare),
    s.tf ? ratio(median(first[i]!), go) : '—',
    s.tf ? `${ms(median(schema[i]!))} (${ratio(median(schema[i]!), goSchema)} Go's)` : '—',
  ]);
  return [
    '## 1. Start-up',
    '',
    'Engines start providers often: OpenTofu three to five times per command, Pulumi once per run. Spawn → the first',
    "stdout line (the Pulumi plugin's port; a go-plugin handshake, with the host's client certificate, so the mTLS",
    'set-up is counted), and for the go-plugin servers also spawn → the first `GetProviderSchema` answered over that',
    `mTLS connection, as the host's first call. ${S.startupRounds} interleaved rounds after one warm-up start of each; medians (load ${loadBefore} → ${load()}).`,
    'Goal: ≤ 1.5× bare node for both plugins.',
    '',
    table(['what', 'spawn → first line', 'min–max', '× bare node', '× the Go provider', 'spawn → first GetProviderSchema answered'], rows),
    '',
    `\`tools/bench/go-provider.sh\` builds the Go provider from the OpenTofu module \`tools/engines/tofu\` pins (cached in \`.cache/bench/\`).`,
  ].join('\n');
}

// ---- OpenTofu and Pulumi working folders -------------------------------------------------------------------

const hcl = (kind: 'openai' | 'terraform_data', n: number) =>
  kind === 'openai'
    ? `terraform {\n  required_providers {\n    openai = { source = "openai-iac/openai" }\n  }\n}\n\nresource "openai_vector_store" "s" {\n  count = ${n}\n  name  = "bench-\${count.index}"\n}\n`
    : `resource "terraform_data" "s" {\n  count = ${n}\n  input = "bench-\${count.index}"\n}\n`;

class TofuDir {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly usageLog: string;
  constructor(name: string, emu: Emulator, config: string, extraEnv: NodeJS.ProcessEnv = {}) {
    this.dir = join(WORK, name);
    mkdirSync(this.dir);
    writeFileSync(join(this.dir, 'main.tf'), config);
    const cli = join(this.dir, 'cli.tfrc');
    writeFileSync(cli, `provider_installation {\n  dev_overrides {\n    "openai-iac/openai" = "${join(ROOT, 'bin')}"\n  }\n  direct {}\n}\n`);
    this.usageLog = join(this.dir, 'usage.jsonl');
    this.env = {
      ...baseEnv(),
      TF_CLI_CONFIG_FILE: cli,
      TF_IN_AUTOMATION: '1',
      OPENAI_BASE_URL: emu.url,
      OPENAI_API_KEY: emu.projectKey,
      OPENAI_ADMIN_KEY: emu.adminKey,
      OPENAI_IAC_USAGE_LOG: this.usageLog,
      ...extraEnv,
    };
  }
  async run(args: string[], allow: number[] = []): Promise<Ran & Usage> {
    const r = await run(ENGINES.tofu, [...args, '-no-color', '-input=false', `-parallelism=${PARALLELISM}`], { cwd: this.dir, env: this.env, allow });
    return { ...r, ...usage(this.usageLog) };
  }
  /** An unchanged `tofu plan` (refresh included); fails when it plans any change. */
  plan = () => this.run(['plan', '-lock=false', '-detailed-exitcode']);
  apply = () => this.run(['apply', '-auto-approve']);
  destroy = () => this.run(['destroy', '-auto-approve']);
}

class PulumiStack {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly usageLog: string;
  private constructor(dir: string, env: NodeJS.ProcessEnv, usageLog: string) {
    this.dir = dir;
    this.env = env;
    this.usageLog = usageLog;
  }
  static async create(name: string, emu: Emulator, kind: 'openai' | 'component', count: number): Promise<PulumiStack> {
    const dir = join(WORK, name);
    cpSync(join(ROOT, 'tests/e2e/programs/scale'), dir, { recursive: true });
    symlinkSync(join(ROOT, 'tests/e2e/programs/node_modules'), join(dir, 'node_modules'));
    const usageLog = join(dir, 'usage.jsonl');
    const env = {
      ...baseEnv(),
      PATH: `${join(ENGINES.pulumi, '..')}:${NODE_DIR}:${process.env['PATH'] ?? ''}`,
      PULUMI_HOME: join(WORK, 'pulumi-home'),
      PULUMI_BACKEND_URL: `file://${join(dir, 'backend')}`,
      PULUMI_CONFIG_PASSPHRASE: 'bench',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_NODEJS_TRANSPILE_ONLY: 'true',
      OPENAI_IAC_NODE: NODE,
      OPENAI_IAC_USAGE_LOG: usageLog,
    };
    mkdirSync(join(dir, 'backend'));
    const s = new PulumiStack(dir, env, usageLog);
    await s.run(['stack', 'init', 'bench']);
    await s.run(['config', 'set', 'count', String(count)]);
    await s.run(['config', 'set', 'kind', kind]);
    await s.run(['config', 'set', 'openai:baseUrl', emu.url]);
    await s.run(['config', 'set', '--secret', 'openai:apiKey'], emu.projectKey);
    return s;
  }
  async run(args: string[], input?: string): Promise<Ran & Usage> {
    const r = await run(ENGINES.pulumi, [...args, '--non-interactive'], { cwd: this.dir, env: this.env, ...(input !== undefined ? { input } : {}) });
    return { ...r, ...usage(this.usageLog) };
  }
  up = () => this.run(['up', '--yes', '--skip-preview', '--parallel', String(PARALLELISM)]);
  preview = () => this.run(['preview', '--parallel', String(PARALLELISM)]);
  refresh = () => this.run(['refresh', '--yes', '--skip-preview', '--parallel', String(PARALLELISM)]);
  destroy = () => this.run(['destroy', '--yes', '--skip-preview', '--parallel', String(PARALLELISM)]);
}

let pluginInstalled = false;
async function installPulumiPlugin(): Promise<void> {
  if (pluginInstalled) return;
  const staging = join(WORK, 'plugin');
  mkdirSync(staging);
  for (const f of ['pulumi-resource-openai', 'pulumi-resource-openai.js']) cpSync(join(ROOT, 'bin', f), join(staging, f));
  const version = (JSON.parse(readFileSync(join(ROOT, 'sdk/nodejs/package.json'), 'utf8')) as { version: string }).version;
  await run(ENGINES.pulumi, ['plugin', 'install', 'resource', 'openai', version, '--file', staging, '--non-interactive'], {
    env: { ...baseEnv(), PULUMI_HOME: join(WORK, 'pulumi-home'), PULUMI_SKIP_UPDATE_CHECK: 'true' },
  });
  pluginInstalled = true;
}

// ---- 2. per-resource cost --------------------------------------------------------------------------------------

async function perResource(emu: Emulator): Promise<string> {
  emu.setLatency(0);
  const tofuRows: (string | number)[][] = [];
  const points: { n: number; tofu: number; data: number; cpu: number; preview: number; component: number; pcpu: number }[] = [];
  const pulumiRows: (string | number)[][] = [];
  await installPulumiPlugin();
  for (const n of S.planSizes) {
    const ours = new TofuDir(`plan-openai-${n}`, emu, hcl('openai', n));
    const data = new TofuDir(`plan-data-${n}`, emu, hcl('terraform_data', n));
    await ours.apply();
    await data.apply();
    const t: number[] = [];
    const d: number[] = [];
    const cpu: number[] = [];
    let starts = 0;
    let reqs = { reads: 0, writes: 0, keyChecks: 0 };
    for (let i = 0; i < S.planRounds; i++) {
      const from = emu.requests.length;
      const r = await ours.plan();
      reqs = requestsSince(emu, from);
      t.push(r.ms);
      cpu.push(r.cpuMs);
      starts = r.starts;
      d.push((await data.plan()).ms);
    }
    tofuRows.push([
      n,
      ms(median(d)),
      ms(median(t)),
      ratio(median(t), median(d)),
      starts,
      ms(median(cpu)),
      `${reqs.reads} / ${reqs.writes}`,
      readsPer(reqs, n),
    ]);

    const stack = await PulumiStack.create(`preview-openai-${n}`, emu, 'openai', n);
    const comp = await PulumiStack.create(`preview-component-${n}`, emu, 'component', n);
    await stack.up();
    await comp.up();
    const p: number[] = [];
    const c: number[] = [];
    const pcpu: number[] = [];
    let previewWrites = 0;
    for (let i = 0; i < S.previewRounds; i++) {
      const from = emu.requests.length;
      const r = await stack.preview();
      previewWrites = requestsSince(emu, from).writes;
      p.push(r.ms);
      pcpu.push(r.cpuMs);
      c.push((await comp.preview()).ms);
    }
    pulumiRows.push([n, ms(median(c)), ms(median(p)), ratio(median(p), median(c)), ms(median(pcpu)), previewWrites]);
    points.push({ n, tofu: median(t), data: median(d), cpu: median(cpu), preview: median(p), component: median(c), pcpu: median(pcpu) });
  }
  const lo = points[0]!;
  const hi = points[points.length - 1]!;
  const per = (a: number, b: number) => ms((a - b) / (hi.n - lo.n));
  return [
    '## 2. Per-resource cost (0 ms latency)',
    '',
    `An unchanged \`tofu plan\` (refresh included; \`-parallelism=${PARALLELISM}\`) of N \`openai_vector_store\` against the same plan over`,
    `\`terraform_data\` (built into OpenTofu: no plugin, no requests), ${S.planRounds} interleaved rounds; and an unchanged \`pulumi preview\``,
    `of N \`openai.VectorStore\` against N component resources (the engine alone), ${S.previewRounds} rounds. Plugin CPU: every plugin`,
    "process of the command, user + system, from the plugins' own `OPENAI_IAC_USAGE_LOG` lines. Goals: ≤ 3× `terraform_data`; ≤ 1 ms",
    'of plugin CPU per resource; 0 writes in an unchanged plan or preview; ≤ 1 read per resource (reads counted without the',
    'key check, one `GET /v1/models` per plugin process that may plan a create).',
    '',
    table(
      ['N', '`terraform_data`', '`openai_vector_store`', 'ratio', 'provider starts', 'plugin CPU', 'requests (reads / writes)', 'reads per resource'],
      tofuRows,
    ),
    '',
    table(['N', 'components (engine alone)', '`openai.VectorStore`', 'ratio', 'plugin CPU', 'writes'], pulumiRows),
    '',
    `Marginal cost per resource from N = ${lo.n} to ${hi.n}: \`tofu plan\` ${per(hi.tofu, lo.tofu)} (\`terraform_data\` ${per(hi.data, lo.data)}), plugin CPU ${per(hi.cpu, lo.cpu)};`,
    `\`pulumi preview\` ${per(hi.preview, lo.preview)} (components ${per(hi.component, lo.component)}), plugin CPU ${per(hi.pcpu, lo.pcpu)}.`,
  ].join('\n');
}

// ---- 3. scale at 50 ms latency ---------------------------------------------------------------------------------

async function scale(emu: Emulator): Promise<string> {
  await installPulumiPlugin();
  const rows: (string | number)[][] = [];
  const floorOf = (requests: number) => (requests * S.latencyMs) / PARALLELISM;
  const row = (engine: string, phase: string, n: number, r: Ran & Usage, q: { reads: number; writes: number; keyChecks: number }, alone?: number) => {
    const floor = floorOf(q.reads + q.writes);
    rows.push([
      engine,
      phase,
      n,
      ms(r.ms),
      ms(floor),
      alone === undefined ? ratio(r.ms, floor) : `${ratio(r.ms, floor + alone)} (engine alone ${ms(alone)})`,
      `${q.reads} / ${q.writes}`,
      readsPer(q, n),
      r.starts ? mib(r.maxRssKib) : '—',
    ]);
  };
  for (const n of S.scaleSizes) {
    emu.setLatency(S.latencyMs);
    const tf = new TofuDir(`scale-tofu-${n}`, emu, hcl('openai', n));
    for (const [phase, step] of [
      ['apply', tf.apply],
      ['plan (unchanged)', tf.plan],
      ['destroy', tf.destroy],
    ] as const) {
      const from = emu.requests.length;
      const r = await step();
      row('OpenTofu', phase, n, r, requestsSince(emu, from));
    }
    log(`scale: tofu ${n} done (load ${load()})`);
    emu.setLatency(0);
    const alone = await PulumiStack.create(`scale-component-${n}`, emu, 'component', n);
    const aloneUp = (await alone.up()).ms;
    const alonePreview = (await alone.preview()).ms;
    const aloneRefresh = (await alone.refresh()).ms;
    const aloneDestroy = (await alone.destroy()).ms;
    emu.setLatency(S.latencyMs);
    const stack = await PulumiStack.create(`scale-pulumi-${n}`, emu, 'openai', n);
    for (const [phase, step, engineAlone] of [
      ['up', stack.up, aloneUp],
      ['preview (unchanged)', stack.preview, alonePreview],
      ['refresh', stack.refresh, aloneRefresh],
      ['destroy', stack.destroy, aloneDestroy],
    ] as const) {
      const from = emu.requests.length;
      const r = await step();
      row('Pulumi', phase, n, r, requestsSince(emu, from), engineAlone);
    }
    log(`scale: pulumi ${n} done (load ${load()})`);
  }
  emu.setLatency(0);
  return [
    `## 3. Scale at ${S.latencyMs} ms latency`,
    '',
    `Every emulator answer delayed ${S.latencyMs} ms; N \`vector_store\`s created, planned or previewed unchanged, refreshed and destroyed, once`,
    `each. Floor: requests × latency ÷ ${PARALLELISM} (both engines run ${PARALLELISM} operations at once here: \`-parallelism\`, \`--parallel\`);`,
    "for Pulumi, the same steps over as many component resources give the engine's own time, added to the floor.",
    'Peak RSS: the largest of the plugin processes of the command. Goals: ≤ 1.2× the floor (Pulumi: the floor plus the',
    'engine alone); ≤ 1 read per resource; plugin peak RSS ≤ 100 MiB at 1000.',
    '',
    table(['engine', 'phase', 'N', 'wall', 'floor', 'wall ÷ floor', 'requests (reads / writes)', 'reads per resource', 'plugin peak RSS'], rows),
  ].join('\n');
}

// ---- 4. rate limits --------------------------------------------------------------------------------------------

async function limits(emu: Emulator): Promise<string> {
  emu.setLatency(0);
  const out: string[] = [`## 4. Rate limits`, ''];
  // A key limited with Retry-After: the SDK's retries wait as told; throughput against the limit.
  {
    const { perWindow, windowSeconds, stores } = S.limit;
    const tf = new TofuDir('limit-key', emu, hcl('openai', stores));
    emu.setRateLimit(emu.projectKey, perWindow, windowSeconds);
    const from = emu.requests.length;
    const r = await tf.apply();
    const q = requestsSince(emu, from);
    emu.setRateLimit(emu.projectKey, null);
    const accepted = q.reads + q.writes - q.limited;
    const perMinute = (accepted / r.ms) * 60_000;
    const limitPerMinute = (perWindow * 60) / windowSeconds;
    const floor = (Math.ceil(accepted / perWindow) - 1) * windowSeconds * 1000;
    const errors = r.out.split('\n').filter((l) => /^\s*Error/.test(l)).length;
    out.push(
      `The project key limited to ${perWindow} requests per sliding ${windowSeconds} s (${limitPerMinute.toFixed(0)} a minute), 429 with \`Retry-After\`,`,
      `for \`tofu apply\` of ${stores} vector stores. Goal: throughput ≥ 0.9 × the limit, 0 errors surfaced.`,
      '',
      table(
        ['requests accepted', '429s answered', 'wall', "the limiter's floor", 'throughput', '÷ the limit', 'errors surfaced'],
        [[accepted, q.limited, ms(r.ms), ms(floor), `${perMinute.toFixed(1)}/min`, ratio(perMinute, limitPerMinute), errors]],
      ),
      '',
      'The floor is the least time the sliding window allows for those requests ((⌈accepted ÷ limit⌉ − 1) windows: the first',
      'window goes at once), so a run of a few windows can exceed the limit per minute while never breaking it.',
      '',
    );
  }
  // The admin routes' throttle: 429 without Retry-After, per endpoint; the pacer learns the budget.
  {
    const { perWindow, windowSeconds, projects } = S.admin;
    const config = `terraform {\n  required_providers {\n    openai = { source = "openai-iac/openai" }\n  }\n}\n\nresource "openai_project" "p" {\n  count = ${projects}\n  name  = "bench-\${count.index}"\n}\n`;
    const tf = new TofuDir('limit-admin', emu, config, { OPENAI_ADMIN_THROTTLE_WINDOW: String(windowSeconds) });
    emu.setThrottle({ perWindow, windowSeconds, path: /^\/v1\/organization\// });
    const r = await tf.apply();
    const endpoints = emu.throttleCounts().endpoints;
    emu.setThrottle(null);
    const busiest = Math.max(...Object.values(endpoints).map((c) => c.accepted));
    const refused = Object.values(endpoints).reduce((a, c) => a + c.throttled, 0);
    const floor = (Math.ceil(busiest / perWindow) - 1) * windowSeconds * 1000;
    const errors = r.out.split('\n').filter((l) => /^\s*Error/.test(l)).length;
    out.push(
      `The admin routes throttled as api.openai.com throttles them: per endpoint, ${perWindow} requests per sliding ${windowSeconds} s, 429 with`,
      `no \`Retry-After\` (a shorter window than the live minute, told to the provider by \`OPENAI_ADMIN_THROTTLE_WINDOW\`; not the rate).`,
      `\`tofu apply\` of ${projects} projects. Goal: 0 surfaced 429s; wall time against the window floor.`,
      '',
      table(
        ['busiest endpoint (requests)', '429s answered', 'errors surfaced', 'wall', 'window floor', 'wall ÷ floor'],
        [[busiest, refused, errors, ms(r.ms), ms(floor), ratio(r.ms, floor)]],
      ),
      '',
      '`make bench-pacing` runs the 100-object Pulumi stack at the live rate (7 a minute per endpoint, about 3 minutes).',
    );
  }
  return out.join('\n');
}

// ---- the document ----------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const sections: string[] = [];
  const header = machine();
  const emu = await startEmulator({ port: 0, quiet: true });
  try {
    if (ONLY.includes('startup')) sections.push(await startup());
    if (ONLY.includes('plan')) sections.push(await perResource(emu));
    if (ONLY.includes('scale')) sections.push(await scale(emu));
    if (ONLY.includes('limits')) sections.push(await limits(emu));
  } finally {
    await emu.close();
    rmSync(WORK, { recursive: true, force: true });
  }
  const history = readFileSync(join(ROOT, 'tools/bench/history.md'), 'utf8').trim();
  const doc = [
    '# Benchmarks',
    '',
    `<!-- Written by \`make bench\` (tools/bench/bench.mts${SMOKE ? ' --smoke' : ''}); edit tools/bench/history.md for the last section. -->`,
    '',
    'What the providers cost a run, measured side by side in one run on one machine: figures, not tests (nothing asserts',
    'them). Medians of interleaved rounds; the machine and its load are below, and a busy machine inflates every figure.',
    `Re-run with \`make bench\` (about 15 minutes; \`node tools/bench/bench.mts --only startup\` for one section).${SMOKE ? ' **This is a smoke run: sizes and rounds are too small to mean anything.**' : ''}`,
    '',
    header,
    '',
    ...sections.flatMap((s) => [s, '']),
    `Load average at the end: ${load()}; the whole run took ${ms(performance.now() - started)}.`,
    '',
    history,
    '',
  ].join('\n');
  writeFileSync(OUT, doc);
  log(`wrote ${OUT} in ${ms(performance.now() - started)}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
