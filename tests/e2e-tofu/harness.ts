// The OpenTofu end-to-end tier's harness: the real `tofu` (tools/engines/resolve.sh: a supported one on PATH, else
// the built one), Terraform (resolve.sh --terraform), the built provider (bin/terraform-provider-openai), an emulator
// in this process with keys made up per test file.
//
// Every engine command runs without blocking the event loop (the emulator must keep answering), with
// TF_LOG=trace into a log file of its own; stdout, stderr and the log are kept so a test can search all of them
// for secrets, and the log's plugin lines give the provider's start-up as the engine sees it.
// Missing prerequisites (engines, provider, installed example) fail with what to run, never skip.
import type { Canaries, Place } from '../e2e/canaries';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { api, resolveEngines, run } from '../e2e/harness';

export const ROOT = resolve(__dirname, '../..');
export const PROVIDER_BIN = join(ROOT, 'bin');
export const PROVIDER_VERSION = (JSON.parse(readFileSync(join(ROOT, 'bridge/terraform/package.json'), 'utf8')) as { version: string }).version;
/** Both addresses a configuration can mean: the full one CDKTF writes (and Terraform's reading of the short one),
 * and OpenTofu's reading of `source = "openai-iac/openai"`. */
export const ADDRESSES = ['registry.terraform.io/openai-iac/openai', 'registry.opentofu.org/openai-iac/openai'];

export interface EngineBin {
  name: 'tofu' | 'terraform';
  path: string;
  version: string;
}

function engineVersion(path: string): string {
  const out = execFileSync(path, ['version', '-json'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
  });
  return (JSON.parse(out) as { terraform_version: string }).terraform_version;
}

/** OpenTofu as tools/engines/resolve.sh names it (a supported `tofu` on PATH, else the one `make engines` builds)
 * and what every run needs; throws (the test fails) with what to run. */
export function requireTofu(): { tofu: EngineBin; nodeBin: string } {
  const missing: string[] = [];
  let bin = '';
  try {
    bin = resolveEngines().tofu.dir;
  } catch (e) {
    missing.push(`the engines (tools/engines/resolve.sh --dry-run failed: ${(e as Error).message})`);
  }
  const tofu = join(bin, 'tofu');
  if (bin && !existsSync(tofu)) missing.push(`OpenTofu ${tofu} (make engines)`);
  if (!existsSync(join(PROVIDER_BIN, 'terraform-provider-openai'))) missing.push('the provider bin/terraform-provider-openai (make build-terraform)');
  if (missing.length > 0) {
    throw new Error(
      `The OpenTofu end-to-end tier runs the real OpenTofu and cannot run without:\n  - ${missing.join('\n  - ')}\n` +
        'Run `make test-e2e-tofu`: it builds all of them (a cold engine build takes 7–26 minutes on 2 cores; a supported tofu on PATH is used instead).',
    );
  }
  const nodeBin = execFileSync(join(ROOT, 'tools/node.sh'), { encoding: 'utf8' }).trim();
  return { tofu: { name: 'tofu', path: tofu, version: engineVersion(tofu) }, nodeBin };
}

/**
 * Terraform as `tools/engines/resolve.sh --terraform` names it: a `terraform` >= 1.14 on PATH, else the v1.16.4
 * that `make engines` builds. Required: the tests that use it fail (never skip) with what to run.
 */
export function requireTerraform(): EngineBin {
  let line: string;
  try {
    line = execFileSync(join(ROOT, 'tools/engines/resolve.sh'), ['--terraform', '--dry-run', '--quiet'], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error(`tools/engines/resolve.sh --terraform --dry-run failed: ${(e as Error).message}`, { cause: e });
  }
  const path = join(line.split('\t')[3] ?? '', 'terraform');
  if (!existsSync(path)) {
    throw new Error(
      `Terraform ${path} is missing: run \`make engines\` (it builds Terraform v1.16.4 from the Go module proxy, about 2.5 minutes on 2 cores)`,
    );
  }
  return { name: 'terraform', path, version: engineVersion(path) };
}

/** The CDKTF example's dependencies, installed from its lockfile with the built constructs. */
export function requireCdktfExample(): void {
  const lib = join(ROOT, 'examples/cdktf-ts/node_modules/@openai-iac/cdktf-provider-openai/lib/index.js');
  if (!existsSync(lib)) {
    throw new Error(
      `${lib} is missing: the CDKTF example is not installed. Run \`make test-e2e-tofu\` (it builds sdk/cdktf and installs examples/cdktf-ts).`,
    );
  }
}

// ---- the emulator -------------------------------------------------------------------------------------------

export interface Keys {
  admin: string;
  project: string;
  /** A second project key, configured on one resource (its sensitive `api_key`) through a sensitive variable. */
  resource: string;
}

/** An emulator with keys made up for this test file (so a search for them means something). */
export async function startTestEmulator(): Promise<{ emulator: Emulator; keys: Keys }> {
  const admin = `sk-admin-e2e${randomBytes(18).toString('hex')}`;
  const project = `sk-proj-e2e${randomBytes(18).toString('hex')}`;
  const emulator = await startEmulator({ adminKey: admin, projectKey: project, vectorStoreFileDelayMs: 50, quiet: true });
  const resource = (await emulator.createProjectKey(emulator.defaultProjectId)).key;
  return { emulator, keys: { admin, project, resource } };
}

/** The emulator's OpenAI API, called directly (out-of-band changes): the Pulumi tier's helper. */
export { api };

/** Live objects of the kinds the example stack makes (projects: active ones). */
export function stackCounts(emu: Emulator): Record<'files' | 'vector_stores' | 'assistants' | 'projects', number> {
  const c = emu.counts();
  return { files: c['files'] ?? 0, vector_stores: c['vector_stores'] ?? 0, assistants: c['assistants'] ?? 0, projects: c['projects'] ?? 0 };
}

// ---- engine runs --------------------------------------------------------------------------------------------

export type Installation = 'dev_overrides' | 'mirror';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Transcript extends RunResult {
  args: string[];
  log: string;
  /** Provider start-ups in this command: spawn → "using plugin" (the handshake done), in ms. */
  startups: number[];
}

/** Start-ups from a TF_LOG file: "starting plugin" to "using plugin" of each provider process. */
export function pluginStartups(log: string): number[] {
  const out: number[] = [];
  let started: number | undefined;
  for (const line of log.split('\n')) {
    const at = /^(\S+Z) \[/.exec(line)?.[1];
    if (at === undefined) continue;
    if (line.includes('provider: starting plugin:') && line.includes('terraform-provider-openai')) started = Date.parse(at);
    else if (line.includes('provider: using plugin:') && started !== undefined) {
      out.push(Date.parse(at) - started);
      started = undefined;
    }
  }
  return out;
}

/** One working folder driven by one engine with one way of installing the provider. */
export class Workdir {
  /** Where the engine runs (set by the stack driver). */
  cwd: string;
  readonly transcripts: Transcript[] = [];
  private readonly env: NodeJS.ProcessEnv;
  /** The filesystem mirror (installation 'mirror'): what examples/terraform/mirror.sh wrote. */
  readonly mirror: string | undefined;

  private constructor(
    readonly root: string,
    readonly engine: EngineBin,
    readonly installation: Installation,
    env: NodeJS.ProcessEnv,
    mirror?: string,
  ) {
    this.cwd = root;
    this.env = env;
    this.mirror = mirror;
  }

  static create(engine: EngineBin, nodeBin: string, installation: Installation, emulator: Emulator, keys: Keys): Workdir {
    const root = mkdtempSync(join(tmpdir(), `openai-iac-e2e-${engine.name}-`));
    mkdirSync(join(root, 'logs'));
    const cliConfig = join(root, 'cli.tfrc');
    let mirror: string | undefined;
    if (installation === 'dev_overrides') {
      const lines = ['openai-iac/openai', ...ADDRESSES.slice(0, 1)].map((a) => `    "${a}" = "${PROVIDER_BIN}"`);
      writeFileSync(cliConfig, `provider_installation {\n  dev_overrides {\n${lines.join('\n')}\n  }\n  direct {}\n}\n`);
    } else {
      mirror = execFileSync(join(ROOT, 'examples/terraform/mirror.sh'), [join(root, 'mirror'), PROVIDER_VERSION], { encoding: 'utf8' }).trim();
      const list = ADDRESSES.map((a) => `"${a}"`).join(', ');
      writeFileSync(
        cliConfig,
        `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = [${list}]\n  }\n  direct {\n    exclude = [${list}]\n  }\n}\n`,
      );
    }
    const env: NodeJS.ProcessEnv = {};
    // The caller's environment minus anything that could steer the engine or the provider elsewhere.
    for (const [k, v] of Object.entries(process.env)) {
      if (k.startsWith('OPENAI_') || k.startsWith('TF_') || k === 'PULUMI_OPENAI_DEBUG') continue;
      env[k] = v;
    }
    Object.assign(env, {
      // The machine's PATH, without the project's Node 24 that `make` and the jest run put first: the provider must
      // start without it (bin/'s launcher finds .cache/ beside it; a mirror's copy names that Node in node-path).
      PATH: machinePath(nodeBin),
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      TF_LOG: 'trace',
      OPENAI_BASE_URL: emulator.url,
      OPENAI_API_KEY: keys.project,
      OPENAI_ADMIN_KEY: keys.admin,
      TF_VAR_e2e_vector_store_key: keys.resource,
    });
    return new Workdir(root, engine, installation, env, mirror);
  }

  /** Sets PATH for the engine's later commands (and so for the provider processes it starts). */
  setPath(path: string): void {
    this.env['PATH'] = path;
  }

  /** Runs the engine (`-no-color` is added after the subcommand); rejects on a non-zero exit unless allowed. `env`
   * adds to (or overrides) the folder's environment for this command only. */
  async run(args: string[], opts: { allow?: number[]; env?: NodeJS.ProcessEnv } = {}): Promise<Transcript> {
    const words = args[0] === 'state' ? 2 : 1; // `state rm` takes its options after the second word
    const log = join(this.root, 'logs', `${String(this.transcripts.length + 1).padStart(2, '0')}-${args.slice(0, words).join('-')}.log`);
    const full = [...args.slice(0, words), '-no-color', ...args.slice(words)];
    const started = Date.now();
    const r = await run(this.engine.path, full, { cwd: this.cwd, env: { ...this.env, ...opts.env, TF_LOG_PATH: log }, allowFailure: true });
    const logText = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const t: Transcript = {
      args: full,
      code: r.code,
      stdout: r.stdout,
      stderr: r.stderr,
      ms: Date.now() - started,
      log,
      startups: pluginStartups(logText),
    };
    this.transcripts.push(t);
    if (![0, ...(opts.allow ?? [])].includes(t.code)) {
      const tail = (text: string) => text.split('\n').slice(-80).join('\n');
      throw new Error(
        `\`${this.engine.name} ${full.join(' ')}\` exited ${t.code} in ${this.cwd}\n--- stdout ---\n${tail(t.stdout)}\n--- stderr ---\n${tail(t.stderr)}`,
      );
    }
    return t;
  }

  /** `output -json` as plain values. */
  async outputs(): Promise<Record<string, string>> {
    const out = JSON.parse((await this.run(['output', '-json'])).stdout) as Record<string, { value: string }>;
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
  }

  write(relative: string, text: string): void {
    writeFileSync(join(this.cwd, relative), text);
  }

  /** Where any of the secrets shows up: every command's stdout and stderr and every TF_LOG file. */
  secretsFound(secrets: Record<string, string>): string[] {
    const found: string[] = [];
    for (const t of this.transcripts) {
      const texts: [string, string][] = [
        [`stdout of ${t.args.join(' ')}`, t.stdout],
        [`stderr of ${t.args.join(' ')}`, t.stderr],
        [`TF_LOG ${t.log}`, existsSync(t.log) ? readFileSync(t.log, 'utf8') : ''],
      ];
      for (const [where, text] of texts) {
        for (const [name, value] of Object.entries(secrets)) if (text.includes(value)) found.push(`${name} in ${where}`);
      }
    }
    return found;
  }

  /** Bytes searched by secretsFound (to report that the search was not over nothing). */
  searchedBytes(): number {
    return this.transcripts.reduce((n, t) => n + t.stdout.length + t.stderr.length + (existsSync(t.log) ? readFileSync(t.log).length : 0), 0);
  }

  /** A summary of wall times and provider start-ups per command. */
  report(title: string): string {
    const all = this.transcripts.flatMap((t) => t.startups).sort((a, b) => a - b);
    const pct = (p: number) => (all.length ? all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))] : NaN);
    const lines = this.transcripts.map(
      (t) =>
        `  ${(t.ms / 1000).toFixed(2).padStart(6)} s  ${this.engine.name} ${t.args.filter((a) => a !== '-no-color' && a !== '-input=false').join(' ')}` +
        `  [exit ${t.code}; provider started ${t.startups.length}×${t.startups.length ? ` (${t.startups.join(', ')} ms)` : ''}]`,
    );
    const total = this.transcripts.reduce((n, t) => n + t.ms, 0);
    return [
      `${title}: ${this.engine.name} ${this.engine.version}, provider via ${this.installation}`,
      ...lines,
      `  total engine time ${(total / 1000).toFixed(1)} s over ${this.transcripts.length} commands; provider start-ups: ${all.length}, ` +
        `median ${pct(50)} ms, p90 ${pct(90)} ms, max ${all[all.length - 1] ?? NaN} ms`,
    ].join('\n');
  }
}

// PATH without the project's own Node: tools/node.sh's .cache/bin-node<major>-npm<version> and the Node it unpacked
// (.cache/node-v<version>-<os>-<arch>/bin, which npx puts first), in any checkout. What remains is the machine's
// (here: /usr/bin/node, v20).
export function machinePath(nodeBin: string): string {
  const ours = /[\\/]\.cache[\\/](bin-node[^\\/]*|node-v[^\\/]*[\\/]bin)[\\/]?$/;
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && resolve(dir) !== resolve(nodeBin) && !ours.test(dir))
    .join(delimiter);
}

/** A folder (under `root`) whose only `node` is the given Node made to report v20.20.2: a machine node too old for
 * the provider, whatever this machine has. */
export function tooOldNodeDir(root: string, nodeBin: string): string {
  const dir = join(root, 'node-v20');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'as-v20.cjs'),
    "Object.defineProperty(process, 'version', { value: 'v20.20.2' });\n" +
      "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.20.2' } });\n",
  );
  writeFileSync(join(dir, 'node'), `#!/bin/sh\nexec '${join(nodeBin, 'node')}' --require '${join(dir, 'as-v20.cjs')}' "$@"\n`);
  chmodSync(join(dir, 'node'), 0o755);
  return dir;
}

/** Copies a folder, leaving out what an engine or a previous run wrote. */
export function copyExample(from: string, to: string): void {
  cpSync(from, to, {
    recursive: true,
    filter: (src) =>
      !/(^|\/)(\.terraform|node_modules|cdktf\.out)(\/|$)|\.tfstate|\.terraform\.lock\.hcl$|_override\.tf(\.json)?$/.test(src.slice(from.length)),
  });
}

export function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/**
 * Steps of one scenario as jest tests: once a step fails the later ones fail at once, naming the step that broke,
 * instead of piling up confusing failures. `failed()` says which one broke (the folder of a failed run is kept).
 */
export function stepper(): { step: (name: string, body: () => Promise<void>, timeout?: number) => void; failed: () => string | undefined } {
  let failed: string | undefined;
  const step = (name: string, body: () => Promise<void>, timeout = 180_000) =>
    test(
      name,
      async () => {
        if (failed !== undefined) throw new Error(`not run: the earlier step "${failed}" failed`);
        try {
          await body();
        } catch (e) {
          failed = name;
          throw e;
        }
      },
      timeout,
    );
  return { step, failed: () => failed };
}

/** A command's output and its TF_LOG=trace log, searched for canaries: the two rows a secrets report gets per command. */
export function searched(canaries: Canaries, engine: string, t: Transcript, place: string): Place[] {
  const command = `${engine} ${t.args.filter((a) => a !== '-no-color' && a !== '-input=false').join(' ')}`;
  return [
    { place, command, hits: canaries.count(`${t.stdout}\n${t.stderr}`) },
    { place: 'TF_LOG=trace log', command, hits: canaries.count(existsSync(t.log) ? readFileSync(t.log, 'utf8') : '') },
  ];
}
