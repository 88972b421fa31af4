// The launcher (src/cli/bundle.ts) and the Node version check (src/node-version.ts) where the provider cannot
// start: the reason must be one line on stdout (what Terraform and OpenTofu show the user as the plugin's message),
// never only stderr (their TF_LOG). Each case lays a copy of the built provider out in a folder of its own, with
// no .cache/ beside it, and runs it with a PATH of the test's choosing: empty, or only a `node` that is too old.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { PLUGIN_NODE_FLAGS } from '@openai-iac/core';
import { BINARY, LAUNCHER, PINNED_NODE_FILE } from '../src/cli/bundle';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../src/handshake';
import { MIN_NODE, nodeTooOld } from '../src/node-version';
import { hostIdentity, parseHandshake, pluginEnv, providerBinary } from './harness';

jest.setTimeout(60_000);

const scratch = mkdtempSync(join(tmpdir(), 'tf-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const folder = (name: string): string => {
  const dir = join(scratch, `${++n}-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** A copy of the provider: the launcher and (unless `bundle: false`) the bundle from the sources. */
async function layOut(opts: { bundle?: boolean; pinned?: string } = {}): Promise<string> {
  const dir = folder('provider');
  if (opts.bundle !== false) cpSync(`${await providerBinary()}.d`, join(dir, `${BINARY}.d`), { recursive: true });
  if (opts.pinned !== undefined) {
    mkdirSync(join(dir, `${BINARY}.d`), { recursive: true });
    writeFileSync(join(dir, `${BINARY}.d`, PINNED_NODE_FILE), `${opts.pinned}\n`);
  }
  const launcher = join(dir, BINARY);
  writeFileSync(launcher, LAUNCHER);
  chmodSync(launcher, 0o755);
  return launcher;
}

/** A folder whose only `node` is this Node made to report v20.20.2 (the machine node of the original report). */
function oldNodeDir(): string {
  const dir = folder('old-node');
  writeFileSync(
    join(dir, 'as-v20.cjs'),
    "Object.defineProperty(process, 'version', { value: 'v20.20.2' });\n" +
      "Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.20.2' } });\n",
  );
  writeFileSync(join(dir, 'node'), `#!/bin/sh\nexec '${process.execPath}' --require '${join(dir, 'as-v20.cjs')}' "$@"\n`);
  chmodSync(join(dir, 'node'), 0o755);
  return dir;
}

/** Runs the launcher as a host does (handshake environment), with PATH set to exactly `path`. */
function start(launcher: string, path: string, env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const base = pluginEnv({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: hostIdentity.certPem });
  delete base['OPENAI_IAC_NODE'];
  const r = spawnSync(launcher, [], { env: { ...base, ...env, PATH: path }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The one stdout line a failed start must print (a handshake line would have "|" in it). */
function reason(r: { code: number | null; stdout: string }): string {
  expect(r.code).toBe(1);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain('|');
  expect(lines[0]).toMatch(/^terraform-provider-openai: /);
  return lines[0]!;
}

describe('where the provider cannot start, stdout says why', () => {
  test('no node on PATH and none beside it', async () => {
    const r = start(await layOut(), folder('empty-path'));
    expect(reason(r)).toBe(
      'terraform-provider-openai: cannot start: needs Node.js 22 or later and found none (no node on PATH); put Node.js 22 or later ' +
        'on PATH or in OPENAI_IAC_NODE, or run make build-terraform in the repository (it bootstraps Node 24 into .cache/)',
    );
    expect(r.stderr).toContain(r.stdout.trim());
  });

  test("a mirror's copy whose pinned Node is gone, and no node on PATH", async () => {
    const r = start(await layOut({ pinned: '/nonexistent/.cache/bin-node24/node' }), folder('empty-path'));
    const line = reason(r);
    expect(line).toContain('the Node it was mirrored with (/nonexistent/.cache/bin-node24/node) is gone and there is no node on PATH');
    expect(line).toContain('run make terraform-mirror');
  });

  test('the bundle is missing', async () => {
    const launcher = await layOut({ bundle: false });
    const line = reason(start(launcher, folder('empty-path')));
    expect(line).toBe(
      `terraform-provider-openai: cannot start: its bundle ${dirname(launcher)}/${BINARY}.d/lib/provider.cjs is missing; ` +
        'run make build-terraform in the repository (and, for a mirror, make terraform-mirror) again',
    );
  });

  test('OPENAI_IAC_NODE names no executable', async () => {
    const line = reason(start(await layOut(), folder('empty-path'), { OPENAI_IAC_NODE: '/nonexistent/node' }));
    expect(line).toContain('OPENAI_IAC_NODE=/nonexistent/node is not an executable Node.js');
  });

  test('the only node on PATH is older than 22 (the bundle itself refuses it)', async () => {
    const r = start(await layOut({ pinned: '/nonexistent/node' }), oldNodeDir());
    const line = reason(r);
    expect(line).toBe(nodeTooOld('v20.20.2', process.execPath));
    expect(line).toMatch(/^terraform-provider-openai: needs Node\.js 22 or later, found v20\.20\.2 at \//);
    expect(line).toContain('run make terraform-mirror');
    expect(r.stderr).toContain(line);
  });
});

describe('which Node it runs on', () => {
  test("a mirror's copy runs on its pinned Node, whatever node PATH has: the handshake line comes", async () => {
    const launcher = await layOut({ pinned: process.execPath });
    const env = pluginEnv({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: hostIdentity.certPem });
    delete env['OPENAI_IAC_NODE'];
    const child = spawn(launcher, [], { env: { ...env, PATH: oldNodeDir() } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        void exited.then((code) => reject(new Error(`exited ${code} before the handshake: ${stderr}`)));
      });
      expect(parseHandshake(line)).toMatchObject({ core: '1', protocol: '6', rpc: 'grpc' });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });
});

test("the launcher gives node the plugins' flags (PLUGIN_NODE_FLAGS) before the bundle", async () => {
  const launcher = await layOut();
  const dir = folder('echo-node');
  writeFileSync(join(dir, 'node'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
  chmodSync(join(dir, 'node'), 0o755);
  const r = start(launcher, folder('empty-path'), { OPENAI_IAC_NODE: join(dir, 'node') });
  expect(PLUGIN_NODE_FLAGS).toContain('--max-semi-space-size=2');
  expect(r.stdout.trim().split('\n')).toEqual([...PLUGIN_NODE_FLAGS, join(dirname(launcher), `${BINARY}.d`, 'lib', 'provider.cjs')]);
});

test('nodeTooOld: only majors below 22', () => {
  expect(MIN_NODE).toBe(22);
  expect(nodeTooOld('v22.0.0', '/n')).toBeUndefined();
  expect(nodeTooOld('v24.21.0', '/n')).toBeUndefined();
  expect(nodeTooOld('v21.7.3', '/usr/bin/node')).toMatch(
    /^terraform-provider-openai: needs Node\.js 22 or later, found v21\.7\.3 at \/usr\/bin\/node; /,
  );
  expect(nodeTooOld('v8.0.0', '/n')).toBeDefined();
  expect(nodeTooOld('v20.20.2', '/n')).not.toContain('|');
});
