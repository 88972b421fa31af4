// The CLI as users run it: the built `openai-emulator` binary (make test builds before it runs jest).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';

const cli = join(__dirname, '../dist/cli.js');

test('serves on the given port, persists state across restarts, stops cleanly on SIGTERM', async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`make build\` first (make test does)`);
  const state = join(mkdtempSync(join(tmpdir(), 'emu-cli-')), 'state.json');
  const run = async <T>(body: (url: string, key: string) => Promise<T>): Promise<T> => {
    const child = spawn(process.execPath, [cli, '--port', '0', '--state', state, '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening`)));
    });
    const url = /listening on (\S+)/.exec(first)![1]!;
    const key = /project_key=(\S+)/.exec(first)![1]!;
    const result = await body(url, key);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    return result;
  };
  const id = await run(async (url, key) => {
    const vs = await new OpenAI({ apiKey: key, baseURL: url, maxRetries: 0 }).vectorStores.create({ name: 'kept' });
    return vs.id;
  });
  expect(readFileSync(state, 'utf8')).toContain(id);
  const name = await run(async (url, key) => (await new OpenAI({ apiKey: key, baseURL: url, maxRetries: 0 }).vectorStores.retrieve(id)).name);
  expect(name).toBe('kept');
});

test('--help prints usage and a bad flag fails with a message', async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`make build\` first (make test does)`);
  const out = (args: string[]) =>
    new Promise<{ code: number | null; text: string }>((resolve) => {
      const c = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      c.stdout.on('data', (d) => (text += d));
      c.stderr.on('data', (d) => (text += d));
      c.on('exit', (code) => resolve({ code, text }));
    });
  expect(await out(['--help'])).toMatchObject({ code: 0, text: expect.stringContaining('Usage: openai-emulator') });
  expect(await out(['--port', 'abc'])).toMatchObject({ code: 2, text: expect.stringContaining('--port must be a non-negative integer') });
});
