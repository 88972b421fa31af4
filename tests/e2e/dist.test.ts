// `make dist`'s artifacts (tools/release/dist.mts), proven with the real engines against an emulator in this process:
//  - one version: the root package.json's, said by every package, the schema, the SDKs, the CHANGELOG, the files;
//  - the layout: five plugin tarballs and five provider zips (executable, README.md, LICENSE), the Terraform
//    SHA256SUMS and manifest, checksums that match;
//  - the linux-amd64 tarball installs with `pulumi plugin install resource openai <version> --file <tarball>` and
//    runs examples/simple-py (up, no-op, destroy) with no Node.js on PATH: the plugin is a single executable;
//  - the linux_amd64 zip, laid out as a filesystem mirror, installs with `tofu init` (its lock file records the zip's
//    sha256 from SHA256SUMS) and plans/applies/destroys a vector store, again with no Node.js on PATH.
// Missing prerequisites (engines, dist/, the Python venv) fail with what to run, never skip.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { PLUGIN_NODE_FLAGS } from '@openai-iac/core';
import { cleanEnv, liveCounts, requireTools, resolveEngines, ROOT, run, Stack, Workspace, writesSince } from './harness';

jest.setTimeout(600_000);

const DIST = join(ROOT, 'dist');
const VENV = join(ROOT, '.cache/python-sdk-env');
const STEP = 600_000;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const PLATFORMS = [
  ['linux-amd64', 'linux_amd64'],
  ['linux-arm64', 'linux_arm64'],
  ['darwin-amd64', 'darwin_amd64'],
  ['darwin-arm64', 'darwin_arm64'],
  ['windows-amd64', 'windows_amd64'],
] as const;

interface Artifact {
  file: string;
  kind: string;
  platform?: string;
  form?: 'sea' | 'launcher';
  node?: string;
  bytes: number;
  sha256: string;
}

let listing: { version: string; artifacts: Artifact[] };

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const tarList = (path: string): string[] => execFileSync('tar', ['tzf', path], { encoding: 'utf8' }).trim().split('\n').sort();
const zipList = (path: string): string[] => execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).trim().split('\n').sort();
/** A PATH with the given folders only: no Node.js anywhere on it (the system's /usr/bin/node included). */
const pathWithout = (...dirs: string[]): string => dirs.join(':');

beforeAll(() => {
  const file = join(DIST, 'artifacts.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`make dist\` (or \`make test-e2e\`, which builds it)`);
  listing = JSON.parse(readFileSync(file, 'utf8')) as typeof listing;
});

/** Every plugin process that wrote a usage line (OPENAI_IAC_USAGE_LOG) ran with the flags its single executable
 * carries (the SEA's execArgv): PLUGIN_NODE_FLAGS, as bin/'s launchers pass them. */
function expectPluginFlags(usageLog: string, plugin: string): void {
  const lines = readFileSync(usageLog, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { plugin: string; exec_argv: string[] });
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatchObject({ plugin, exec_argv: [...PLUGIN_NODE_FLAGS] });
}

describe('one version', () => {
  test('the root package.json version is the version of every package, the schema, the SDKs, the CHANGELOG and dist/', () => {
    const json = (p: string): string => (JSON.parse(readFileSync(join(ROOT, p), 'utf8')) as { version: string }).version;
    const text = (p: string): string => readFileSync(join(ROOT, p), 'utf8');
    const places: Record<string, string | undefined> = {
      'provider-ts/package.json': json('provider-ts/package.json'),
      'bridge/pulumi/package.json': json('bridge/pulumi/package.json'),
      'bridge/terraform/package.json': json('bridge/terraform/package.json'),
      'schema/schema.json': json('schema/schema.json'),
      'sdk/nodejs/package.json': json('sdk/nodejs/package.json'),
      'sdk/python/pyproject.toml': /^\s*version = "([^"]+)"/m.exec(text('sdk/python/pyproject.toml'))?.[1],
      'sdk/python/pulumi_openai_iac/pulumi-plugin.json': json('sdk/python/pulumi_openai_iac/pulumi-plugin.json'),
      'sdk/go/openai/pulumi-plugin.json': json('sdk/go/openai/pulumi-plugin.json'),
      'sdk/dotnet/version.txt': text('sdk/dotnet/version.txt').trim(),
      'sdk/dotnet/OpenAIIac.OpenAI.csproj': /<Version>([^<]+)<\/Version>/.exec(text('sdk/dotnet/OpenAIIac.OpenAI.csproj'))?.[1],
      'CHANGELOG.md (newest release)': /^## \[(\d[^\]]*)\]/m.exec(text('CHANGELOG.md'))?.[1],
      'dist/artifacts.json': listing.version,
    };
    expect(places).toEqual(Object.fromEntries(Object.keys(places).map((k) => [k, VERSION])));
    for (const a of listing.artifacts) expect(a.file).toContain(VERSION);
  });
});

describe('the layout of dist/', () => {
  test('five plugin tarballs, each with the plugin executable, README.md and LICENSE', () => {
    for (const [platform] of PLATFORMS) {
      const file = `pulumi-resource-openai-v${VERSION}-${platform}.tar.gz`;
      const a = listing.artifacts.find((x) => x.file === file);
      expect(a).toMatchObject({ kind: 'pulumi-plugin', platform });
      const exe = platform.startsWith('windows') ? 'pulumi-resource-openai.exe' : 'pulumi-resource-openai';
      const expected = a!.form === 'sea' ? [exe, 'LICENSE', 'README.md'] : [exe, 'LICENSE', 'README.md', 'pulumi-resource-openai.cjs'];
      expect(tarList(join(DIST, file))).toEqual(expected.sort());
    }
    // Node.js SEA wherever the npm registry has the platform's Node 24; the launcher where it has none.
    expect(Object.fromEntries(listing.artifacts.filter((a) => a.kind === 'pulumi-plugin').map((a) => [a.platform, a.form]))).toEqual({
      'linux-amd64': 'sea',
      'linux-arm64': 'sea',
      'darwin-amd64': 'sea',
      'darwin-arm64': 'launcher',
      'windows-amd64': 'sea',
    });
  });

  test('five provider zips named as the Terraform registry does, with terraform-provider-openai_v<version>', () => {
    for (const [platform, tf] of PLATFORMS) {
      const file = `terraform-provider-openai_${VERSION}_${tf}.zip`;
      const a = listing.artifacts.find((x) => x.file === file);
      expect(a).toMatchObject({ kind: 'terraform-provider', platform });
      const exe = `terraform-provider-openai_v${VERSION}${tf.startsWith('windows') ? '.exe' : ''}`;
      const expected = a!.form === 'sea' ? [exe, 'LICENSE', 'README.md'] : [exe, 'LICENSE', 'README.md', 'terraform-provider-openai.cjs'];
      expect(zipList(join(DIST, file))).toEqual(expected.sort());
    }
  });

  test('the Terraform manifest and SHA256SUMS; every checksum matches its file', () => {
    expect(JSON.parse(readFileSync(join(DIST, `terraform-provider-openai_${VERSION}_manifest.json`), 'utf8'))).toEqual({
      version: 1,
      metadata: { protocol_versions: ['6.0'] },
    });
    const sums = readFileSync(join(DIST, `terraform-provider-openai_${VERSION}_SHA256SUMS`), 'utf8')
      .trim()
      .split('\n');
    expect(sums.map((l) => l.split('  ')[1]).sort()).toEqual(
      [...PLATFORMS.map(([, tf]) => `terraform-provider-openai_${VERSION}_${tf}.zip`), `terraform-provider-openai_${VERSION}_manifest.json`].sort(),
    );
    const all = readFileSync(join(DIST, 'SHA256SUMS'), 'utf8').trim().split('\n');
    for (const line of [...sums, ...all]) {
      const [, file] = line.split('  ');
      expect(`${sha256(join(DIST, file!))}  ${file}`).toBe(line);
    }
    for (const a of listing.artifacts) expect(statSync(join(DIST, a.file)).size).toBe(a.bytes);
    // The SDK packages ride along.
    expect(readdirSync(DIST)).toEqual(
      expect.arrayContaining([
        `pulumi_openai_iac-${VERSION}-py3-none-any.whl`,
        `pulumi_openai_iac-${VERSION}.tar.gz`,
        `openai-iac-pulumi-openai-${VERSION}.tgz`,
      ]),
    );
  });

  test('the executables are what their platforms run: ELF x86-64 / aarch64, Mach-O x86-64, PE32+ x86-64', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openai-iac-dist-'));
    try {
      const header = (platform: string): Buffer => {
        const out = join(dir, platform);
        mkdirSync(out);
        execFileSync('tar', ['xzf', join(DIST, `pulumi-resource-openai-v${VERSION}-${platform}.tar.gz`), '-C', out]);
        const exe = readdirSync(out).find((f) => f.startsWith('pulumi-resource-openai') && !f.endsWith('.cjs'))!;
        return readFileSync(join(out, exe)).subarray(0, 0x200);
      };
      const linux = header('linux-amd64');
      expect(linux.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      expect(linux.readUInt16LE(18)).toBe(0x3e); // EM_X86_64
      const arm = header('linux-arm64');
      expect(arm.readUInt16LE(18)).toBe(0xb7); // EM_AARCH64
      const mac = header('darwin-amd64');
      expect(mac.readUInt32LE(0)).toBe(0xfeedfacf); // MH_MAGIC_64
      expect(mac.readUInt32LE(4)).toBe(0x01000007); // CPU_TYPE_X86_64
      const win = header('windows-amd64');
      expect(win.subarray(0, 2).toString('latin1')).toBe('MZ');
      const pe = win.readUInt32LE(0x3c);
      expect(win.readUInt16LE(pe + 4)).toBe(0x8664); // IMAGE_FILE_MACHINE_AMD64
      expect(header('darwin-arm64').subarray(0, 9).toString('latin1')).toBe('#!/bin/sh');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the linux-amd64 plugin tarball under pulumi', () => {
  let emu: Emulator;
  let ws: Workspace;
  let stack: Stack;
  let env: NodeJS.ProcessEnv;
  let baseline: Record<string, number>;

  beforeAll(async () => {
    const tools = requireTools();
    if (!existsSync(join(VENV, 'bin/python'))) throw new Error(`${VENV} is missing: run \`make python-sdk-env\` (or \`make test-e2e\`)`);
    emu = await startEmulator({ port: 0, vectorStoreFileDelayMs: 50, quiet: true });
    baseline = liveCounts(emu);
    ws = await Workspace.create();
    // Replaces the plugin Workspace installed from bin/ with the released one.
    const tarball = join(DIST, `pulumi-resource-openai-v${VERSION}-linux-amd64.tar.gz`);
    await ws.pulumi(['plugin', 'install', 'resource', 'openai', VERSION, '--file', tarball, '--reinstall']);
    // No Node.js on PATH, and OPENAI_IAC_NODE pointing nowhere: only a single executable can serve.
    env = {
      PATH: pathWithout(join(VENV, 'bin'), tools.enginesBin),
      OPENAI_IAC_NODE: '/nonexistent/node',
      VIRTUAL_ENV: VENV,
      OPENAI_IAC_USAGE_LOG: join(ws.dir, 'usage.jsonl'),
    };
    const dir = join(ws.dir, 'programs', 'simple-py');
    cpSync(join(ROOT, 'examples/simple-py'), dir, {
      recursive: true,
      filter: (src) => !/^Pulumi\..+\.yaml$/.test(basename(src)) && basename(src) !== '__pycache__',
    });
    stack = new Stack(ws, dir, 'dist');
    await ws.pulumi(['stack', 'init', 'dist'], { cwd: dir });
    await stack.setConfig('openai:baseUrl', emu.url);
    await stack.setConfig('openai:apiKey', { secret: emu.projectKey });
    await stack.setConfig('openai:adminApiKey', { secret: emu.adminKey });
  }, STEP);

  afterAll(async () => {
    ws?.dispose();
    await emu?.close();
  });

  test('pulumi plugin install --file put the single executable (not a launcher) into PULUMI_HOME', async () => {
    const ls = JSON.parse((await ws.pulumi(['plugin', 'ls', '--json'])).stdout) as Array<{ name: string; kind: string; version: string }>;
    expect(ls).toContainEqual(expect.objectContaining({ name: 'openai', kind: 'resource', version: VERSION }));
    const installed = join(ws.env['PULUMI_HOME']!, 'plugins', `resource-openai-v${VERSION}`);
    expect(
      readdirSync(installed)
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual(['LICENSE', 'README.md', 'pulumi-resource-openai']);
    expect(readFileSync(join(installed, 'pulumi-resource-openai')).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  });

  test(
    'examples/simple-py deploys, re-applies as a no-op and destroys with it, with no Node.js on PATH',
    async () => {
      const up = await stack.pulumi(['up', '--yes', '--skip-preview'], { env });
      expect(up.stdout).toMatch(/5 created/);
      const out = await stack.outputs();
      expect(out).toMatchObject({
        vectorStoreId: expect.stringMatching(/^vs_/),
        vectorStoreStatus: 'completed',
        projectId: expect.stringMatching(/^proj_/),
      });
      const mark = emu.requests.length;
      expect((await stack.pulumi(['up', '--yes', '--expect-no-changes'], { env })).stdout).toMatch(/5 unchanged/);
      expect(writesSince(emu, mark)).toEqual([]);
      expect((await stack.pulumi(['destroy', '--yes', '--skip-preview'], { env })).stdout).toMatch(/5 deleted/);
      expect(liveCounts(emu)).toEqual(baseline);
      expectPluginFlags(env['OPENAI_IAC_USAGE_LOG']!, 'pulumi-resource-openai');
    },
    STEP,
  );
});

describe('the linux_amd64 provider zip from a filesystem mirror under tofu', () => {
  let emu: Emulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let tofu: string;

  const tf = (...args: string[]) => run(tofu, args, { cwd: join(dir, 'work'), env });

  beforeAll(async () => {
    requireTools();
    tofu = join(resolveEngines().tofu.dir, 'tofu');
    if (!existsSync(tofu)) throw new Error(`${tofu} is missing: run \`make engines\``);
    emu = await startEmulator({ port: 0, vectorStoreFileDelayMs: 50, quiet: true });
    dir = mkdtempSync(join(tmpdir(), 'openai-iac-dist-tofu-'));
    // The packed mirror layout: <host>/<namespace>/<type>/terraform-provider-<type>_<version>_<os>_<arch>.zip, for
    // both hosts `source = "openai-iac/openai"` can mean.
    const zip = `terraform-provider-openai_${VERSION}_linux_amd64.zip`;
    for (const host of ['registry.opentofu.org', 'registry.terraform.io']) {
      mkdirSync(join(dir, 'mirror', host, 'openai-iac', 'openai'), { recursive: true });
      cpSync(join(DIST, zip), join(dir, 'mirror', host, 'openai-iac', 'openai', zip));
    }
    writeFileSync(
      join(dir, 'cli.tfrc'),
      `provider_installation {\n  filesystem_mirror {\n    path    = "${join(dir, 'mirror')}"\n    include = ["registry.opentofu.org/openai-iac/openai", "registry.terraform.io/openai-iac/openai"]\n  }\n}\n`,
    );
    mkdirSync(join(dir, 'work'));
    writeFileSync(
      join(dir, 'work', 'main.tf'),
      `terraform {
  required_providers {
    openai = {
      source  = "openai-iac/openai"
      version = "${VERSION}"
    }
  }
}

provider "openai" {}

resource "openai_vector_store" "docs" {
  name     = "dist-docs"
  metadata = { suite = "dist" }
}

output "vector_store_id" {
  value = openai_vector_store.docs.id
}
`,
    );
    env = {};
    for (const [k, v] of Object.entries(cleanEnv())) if (!k.startsWith('TF_')) env[k] = v;
    Object.assign(env, {
      PATH: pathWithout(dirname(tofu)),
      HOME: dir,
      TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'),
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      OPENAI_BASE_URL: emu.url,
      OPENAI_API_KEY: emu.projectKey,
      OPENAI_ADMIN_KEY: emu.adminKey,
      OPENAI_IAC_USAGE_LOG: join(dir, 'usage.jsonl'),
    });
  }, STEP);

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await emu?.close();
  });

  test(
    'tofu init installs the zip; the lock file records the hash of exactly its contents',
    async () => {
      const init = await tf('init', '-input=false', '-no-color');
      expect(init.stdout).toMatch(new RegExp(`Installed openai-iac/openai v${VERSION.replace(/\./g, '\\.')}`));
      const lock = readFileSync(join(dir, 'work', '.terraform.lock.hcl'), 'utf8');
      // "h1:" is Go's dirhash of the package's files (sha256 of "<sha256 hex>  <name>\n" per file, sorted by name).
      const zip = join(DIST, `terraform-provider-openai_${VERSION}_linux_amd64.zip`);
      const summary = zipList(zip)
        .map(
          (name) =>
            `${createHash('sha256')
              .update(execFileSync('unzip', ['-p', zip, name], { maxBuffer: 2 ** 30 }))
              .digest('hex')}  ${name}\n`,
        )
        .join('');
      expect(lock).toContain(`"h1:${createHash('sha256').update(summary).digest('base64')}"`);
      const installed = execFileSync('find', [join(dir, 'work', '.terraform', 'providers'), '-name', `terraform-provider-openai_v${VERSION}`], {
        encoding: 'utf8',
      }).trim();
      expect(readFileSync(installed).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    },
    STEP,
  );

  test(
    'plan, apply and a no-op plan of a vector store, then destroy, with no Node.js on PATH',
    async () => {
      const before = liveCounts(emu);
      const plan = await tf('plan', '-input=false', '-no-color', '-out=tfplan');
      expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
      await tf('apply', '-input=false', '-no-color', 'tfplan');
      const id = JSON.parse((await tf('output', '-json')).stdout) as { vector_store_id: { value: string } };
      expect(id.vector_store_id.value).toMatch(/^vs_/);
      expect(liveCounts(emu)).toEqual({ ...before, vector_stores: before['vector_stores']! + 1 });
      const again = await tf('plan', '-input=false', '-no-color', '-detailed-exitcode');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('No changes.');
      expectPluginFlags(env['OPENAI_IAC_USAGE_LOG']!, 'terraform-provider-openai');
      await tf('destroy', '-auto-approve', '-input=false', '-no-color');
      expect(liveCounts(emu)).toEqual(before);
    },
    STEP,
  );
});
