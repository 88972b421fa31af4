// The emulator as users put it in their own CI: the npm tarball `make dist` writes, installed into an empty folder
// with no repository around it (a temporary folder, npm's own resolution only), started with
// `npx openai-emulator --port N`, and used through the official `openai` SDK installed beside it.
// Missing prerequisites (dist/) fail with what to run, never skip.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort, projectNodeBin, ROOT, run } from './harness';

jest.setTimeout(300_000);

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'emulator/package.json'), 'utf8')) as { version: string }).version;
const OPENAI_VERSION = (JSON.parse(readFileSync(join(ROOT, 'emulator/package.json'), 'utf8')) as { devDependencies: Record<string, string> })
  .devDependencies['openai'] as string;
const TARBALL = join(ROOT, 'dist', `openai-iac-emulator-${VERSION}.tgz`);

let folder: string;
beforeAll(() => {
  if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: run \`make dist\` (or \`make test-e2e\`, which builds it)`);
  folder = mkdtempSync(join(tmpdir(), 'openai-emulator-user-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('the tarball holds the compiled emulator, its contract, README and LICENSE, and nothing of the sources or tests', async () => {
  const files = (await run('tar', ['tzf', TARBALL])).stdout.trim().split('\n');
  expect(files).toEqual(
    expect.arrayContaining([
      'package/package.json',
      'package/README.md',
      'package/LICENSE',
      'package/dist/cli.js',
      'package/contract/openai-contract.json',
    ]),
  );
  expect(files.filter((f) => /^package\/(src|test|scripts)\//.test(f))).toEqual([]);
});

test('installed into an empty folder, `npx openai-emulator --port N` serves the openai SDK: a vector store created and read back', async () => {
  const nodeBin = projectNodeBin();
  const env = { ...process.env, PATH: `${nodeBin}:${process.env['PATH'] ?? ''}`, npm_config_update_notifier: 'false' };
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify({ name: 'user-ci', private: true, type: 'module' })}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', TARBALL, `openai@${OPENAI_VERSION}`], { cwd: folder, env });
  expect(readdirSync(join(folder, 'node_modules/.bin'))).toContain('openai-emulator');

  const port = await freePort();
  const emulator = spawn('npx', ['--no-install', 'openai-emulator', '--port', String(port), '--quiet'], {
    cwd: folder,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  emulator.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: emulator.stdout }).once('line', resolve);
      emulator.once('exit', (code) => reject(new Error(`openai-emulator exited ${code} before listening:\n${stderr}`)));
    });
    expect(line).toContain(`listening on http://127.0.0.1:${port}/v1`);
    const key = /project_key=(\S+)/.exec(line)?.[1];
    writeFileSync(
      join(folder, 'check.js'),
      [
        "import OpenAI from 'openai';",
        `const client = new OpenAI({ apiKey: '${key}', baseURL: 'http://127.0.0.1:${port}/v1' });`,
        "const created = await client.vectorStores.create({ name: 'ci-docs', metadata: { team: 'ci' } });",
        'const read = await client.vectorStores.retrieve(created.id);',
        'const bad = await client.vectorStores.create({ nmae: "typo" }).catch((e) => e);',
        'console.log(JSON.stringify({ created: created.id, read: { id: read.id, name: read.name, metadata: read.metadata }, bad: { status: bad.status, param: bad.param } }));',
      ].join('\n'),
    );
    const result = JSON.parse((await run('node', ['check.js'], { cwd: folder, env })).stdout) as Record<string, unknown>;
    expect(result).toEqual({
      created: expect.stringMatching(/^vs_/),
      read: { id: result['created'], name: 'ci-docs', metadata: { team: 'ci' } },
      bad: { status: 400, param: 'nmae' }, // held to the contract inside the package
    });
  } finally {
    if (emulator.pid) process.kill(-emulator.pid, 'SIGTERM');
  }
});
