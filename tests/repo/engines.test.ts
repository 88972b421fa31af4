// tools/engines/resolve.sh decides which `pulumi` and `tofu` the demo and the test tiers run: one on PATH when its
// version is supported, else the built one. Here it runs with --dry-run (nothing is built) on a PATH made of stub
// engines that only print a version, plus the machine's tools with any real pulumi/tofu left out.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const ROOT = join(__dirname, '../..');
const RESOLVE = join(ROOT, 'tools/engines/resolve.sh');
const ENGINE_NAMES = /^(pulumi|tofu)(-.*)?$/;

let work: string;
let system: string;
let cache: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'engines-resolve-'));
  cache = join(work, 'cache');
  // The machine's PATH as one folder of links, without any pulumi*, tofu*: the stubs below are the only engines.
  system = join(work, 'system');
  mkdirSync(system);
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of entries) {
      if (ENGINE_NAMES.test(name) || existsSync(join(system, name))) continue;
      symlinkSync(join(dir, name), join(system, name));
    }
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function script(path: string, body: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** A folder of stub engines: pulumi prints `pulumi` as its version, tofu prints `tofu` in `version -json`. */
function stubs(name: string, versions: { pulumi?: string; tofu?: string; nodejsHost?: boolean }): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  if (versions.pulumi) {
    script(join(dir, 'pulumi'), `[ "$1" = version ] && echo ${versions.pulumi}`);
    if (versions.nodejsHost !== false) script(join(dir, 'pulumi-language-nodejs'), 'exit 0');
  }
  if (versions.tofu) script(join(dir, 'tofu'), `[ "$1" = version ] && echo '{"terraform_version":"${versions.tofu}","platform":"linux_amd64"}'`);
  return dir;
}

interface Choice {
  source: string;
  version: string;
  dir: string;
}

function resolve(
  pathDirs: string[],
  env: Record<string, string> = {},
  args: string[] = [],
): { choice: Record<string, Choice>; stdout: string; stderr: string } {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (k !== 'ENGINES' && k !== 'PATH') base[k] = v;
  const r = spawnSync(RESOLVE, ['--dry-run', ...args], {
    encoding: 'utf8',
    env: { ...base, PATH: [...pathDirs, system].join(delimiter), ENGINES_CACHE_DIR: cache, ...env },
  });
  if (r.status !== 0) throw new Error(`resolve.sh exited ${r.status}: ${r.stderr}`);
  const choice: Record<string, Choice> = {};
  if (args.length === 0) {
    for (const line of r.stdout.trim().split('\n')) {
      const [engine, source, version, dir] = line.split('\t');
      choice[engine!] = { source: source!, version: version!, dir: dir! };
    }
  }
  return { choice, stdout: r.stdout, stderr: r.stderr };
}

/** Where build.sh builds the current pins (what a "build" choice must name). */
function builtDir(): string {
  return execFileSync(join(ROOT, 'tools/engines/build.sh'), ['--print-bin'], {
    encoding: 'utf8',
    env: { ...process.env, ENGINES_CACHE_DIR: cache },
  }).trim();
}

test('supported engines on PATH are used, from the folder that holds them', () => {
  const dir = stubs('supported', { pulumi: 'v3.200.1', tofu: '1.9.0' });
  const { choice, stderr } = resolve([dir]);
  expect(choice).toEqual({
    pulumi: { source: 'path', version: 'v3.200.1', dir },
    tofu: { source: 'path', version: 'v1.9.0', dir },
  });
  expect(stderr).toContain('engines: pulumi v3.200.1 from PATH');
  expect(stderr).toContain('engines: tofu v1.9.0 from PATH');
});

test('versions compare as numbers, and the minimums themselves are supported', () => {
  // As strings "3.100" < "3.68" and "1.10" < "1.6".
  expect(resolve([stubs('numeric', { pulumi: 'v3.100.0', tofu: '1.10.2' })]).choice).toMatchObject({
    pulumi: { source: 'path', version: 'v3.100.0' },
    tofu: { source: 'path', version: 'v1.10.2' },
  });
  expect(resolve([stubs('minimums', { pulumi: 'v3.68.0', tofu: '1.6.0' })]).choice).toMatchObject({
    pulumi: { source: 'path' },
    tofu: { source: 'path' },
  });
  // A pre-release of a supported version is taken by its numbers.
  expect(resolve([stubs('prerelease', { pulumi: 'v3.260.0-alpha.1', tofu: '1.13.0-beta1' })]).choice).toMatchObject({
    pulumi: { source: 'path', version: 'v3.260.0-alpha.1' },
    tofu: { source: 'path', version: 'v1.13.0-beta1' },
  });
});

test('engines older than the minimums are built instead', () => {
  const { choice, stderr } = resolve([stubs('old', { pulumi: 'v3.67.9', tofu: '1.5.7' })]);
  expect(choice).toEqual({
    pulumi: { source: 'build', version: 'v3.259.0', dir: builtDir() },
    tofu: { source: 'build', version: 'v1.12.6', dir: builtDir() },
  });
  expect(stderr).toMatch(/pulumi v3\.259\.0 not built yet .*is v3\.67\.9, older than the supported v3\.68\.0/);
  expect(stderr).toMatch(/tofu v1\.12\.6 not built yet .*is v1\.5\.7, older than the supported v1\.6\.0/);
  // --dry-run built nothing.
  expect(existsSync(builtDir())).toBe(false);
});

test('ENGINES=build builds both even when PATH has supported ones', () => {
  const { choice, stderr } = resolve([stubs('forced', { pulumi: 'v3.259.0', tofu: '1.12.6' })], { ENGINES: 'build' });
  expect(choice['pulumi']).toMatchObject({ source: 'build', dir: builtDir() });
  expect(choice['tofu']).toMatchObject({ source: 'build', dir: builtDir() });
  expect(stderr).toContain('ENGINES=build');
});

test('each engine is resolved on its own', () => {
  const onlyTofu = stubs('only-tofu', { tofu: '1.8.0' });
  expect(resolve([onlyTofu]).choice).toEqual({
    pulumi: { source: 'build', version: 'v3.259.0', dir: builtDir() },
    tofu: { source: 'path', version: 'v1.8.0', dir: onlyTofu },
  });
  const onlyPulumi = stubs('only-pulumi', { pulumi: 'v3.150.0' });
  const { choice, stdout } = resolve([onlyPulumi]);
  expect(choice).toEqual({
    pulumi: { source: 'path', version: 'v3.150.0', dir: onlyPulumi },
    tofu: { source: 'build', version: 'v1.12.6', dir: builtDir() },
  });
  expect(resolve([onlyPulumi], {}, ['--path']).stdout.trim()).toBe(`${onlyPulumi}:${builtDir()}`);
  expect(stdout).not.toBe('');
});

test('a pulumi without a Node.js language host is not used', () => {
  const { choice, stderr } = resolve([stubs('no-host', { pulumi: 'v3.200.0', nodejsHost: false })]);
  expect(choice['pulumi']).toMatchObject({ source: 'build' });
  expect(stderr).toContain('has no pulumi-language-nodejs beside it or on PATH');
  // The host on PATH elsewhere is enough.
  const host = join(work, 'host-elsewhere');
  script(join(host, 'pulumi-language-nodejs'), 'exit 0');
  expect(resolve([stubs('no-host', { pulumi: 'v3.200.0', nodejsHost: false }), host]).choice['pulumi']).toMatchObject({ source: 'path' });
});

test('a symlinked pulumi resolves to the folder of its distribution (where its language hosts are)', () => {
  const dist = stubs('dist/bin', { pulumi: 'v3.210.0' });
  const links = join(work, 'links');
  mkdirSync(links);
  symlinkSync(join(dist, 'pulumi'), join(links, 'pulumi'));
  expect(resolve([links]).choice['pulumi']).toEqual({ source: 'path', version: 'v3.210.0', dir: dist });
});

test('the first engine on PATH is the one judged (as a shell would run it)', () => {
  const old = stubs('first-old', { pulumi: 'v3.10.0', tofu: '1.0.0' });
  const fresh = stubs('second-new', { pulumi: 'v3.250.0', tofu: '1.12.0' });
  expect(resolve([old, fresh]).choice).toMatchObject({ pulumi: { source: 'build' }, tofu: { source: 'build' } });
});

test('--env exports both folders and the offline settings; a bad ENGINES value is refused', () => {
  const dir = stubs('env', { pulumi: 'v3.200.0' });
  const { stdout } = resolve([dir], {}, ['--env']);
  expect(stdout).toContain(`export PATH="${dir}:${builtDir()}:$PATH"`);
  expect(stdout).toContain('export PULUMI_SKIP_UPDATE_CHECK=true');
  expect(stdout).toContain('export CHECKPOINT_DISABLE=1');
  expect(() => resolve([dir], { ENGINES: 'sometimes' })).toThrow(/ENGINES=sometimes \(expected auto or build\)/);
});

test('--only decides one engine: its line alone, and nothing said about the other', () => {
  const dir = stubs('only-tofu', { tofu: '1.9.0' }); // no pulumi on PATH: without --only it would be "built"
  const { stdout, stderr } = resolve([dir], {}, ['--only', 'tofu']);
  expect(stdout).toBe(`tofu\tpath\tv1.9.0\t${dir}\n`);
  expect(stderr).not.toContain('engines: pulumi');
  const pulumiOnly = resolve([dir], {}, ['--only', 'pulumi']);
  expect(pulumiOnly.stdout).toBe(`pulumi\tbuild\t${pulumiOnly.stdout.split('\t')[2]}\t${builtDir()}\n`);
  expect(pulumiOnly.stderr).not.toContain('engines: tofu');
  const bad = spawnSync(RESOLVE, ['--dry-run', '--only', 'terraform'], { encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('--only pulumi|tofu');
});
