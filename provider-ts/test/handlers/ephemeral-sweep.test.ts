// Ephemeral keys of a run that was killed: a child process opens an ephemeral admin key and a service account for
// its run and is killed with SIGKILL before closing them; the next open in the same working directory closes both
// (client/ephemeral-ledger.ts), and what it opens itself is closed as usual. The ledger holds ids, never a key.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import OpenAI from 'openai';
import { Provider, registry, type Log } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';

jest.setTimeout(60_000);

let emu: Emulator;
let admin: OpenAI;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, quiet: true });
  admin = new OpenAI({ apiKey: null, adminAPIKey: emu.adminKey, baseURL: emu.url, maxRetries: 0 });
});
afterAll(async () => emu?.close());

const env = () => ({ OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: emu.projectKey, OPENAI_ADMIN_KEY: emu.adminKey });
const CORE = resolve(__dirname, '../../dist/index.js');

/** A process that opens two ephemerals, says so, and waits to be killed. */
const CHILD = `
const { Provider, registry } = require(${JSON.stringify(CORE)});
const p = new Provider(registry, { env: process.env, journalDir: process.argv[1], log: { debug() {}, info() {} } });
p.configure({});
(async () => {
  const key = await p.openEphemeral('admin_api_key', { name: 'killed-run' });
  const account = await p.openEphemeral('project_service_account_api_key', { project_id: process.argv[2], name: 'killed-run' });
  process.stdout.write(JSON.stringify({ key: key.result.key_id, account: account.result.created_service_account_id }) + '\\n');
  setInterval(() => {}, 1000);
})().catch((e) => { process.stderr.write(String(e)); process.exit(1); });
`;

async function killedAfterOpening(dir: string, project: string): Promise<{ key: string; account: string }> {
  const child = spawn(process.execPath, ['-e', CHILD, dir, project], { env: { ...process.env, ...env() } });
  const line = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => ((out += d.toString()), out.includes('\n') && ok(out.trim())));
    child.on('exit', (code) => fail(new Error(`child exited ${code}`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return JSON.parse(line) as { key: string; account: string };
}

const adminKeys = async () => (await admin.admin.organization.adminAPIKeys.list({ limit: 100 })).data.map((k) => k.id);
const accounts = async (project: string) => (await admin.admin.organization.projects.serviceAccounts.list(project)).data.map((a) => a.id);

test("the next open closes what a killed run's ephemerals opened", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'sweep-')), 'journal');
  const project = (await admin.admin.organization.projects.create({ name: 'sweep' })).id;
  const left = await killedAfterOpening(dir, project);
  expect(await adminKeys()).toContain(left.key);
  expect(await accounts(project)).toContain(left.account);
  const ledger = readdirSync(join(dir, 'ephemeral')).map((f) => readFileSync(join(dir, 'ephemeral', f), 'utf8'));
  expect(ledger).toHaveLength(2);
  expect(ledger.join('')).not.toMatch(/sk-(admin|svcacct)-/);

  const lines: string[] = [];
  const log: Log = { debug: () => {}, info: (m) => lines.push(m) };
  const rerun = new Provider(registry, { env: env(), journalDir: dir, log });
  rerun.configure({});
  const mine = await rerun.openEphemeral('admin_api_key', { name: 'next-run' });
  expect(await adminKeys()).not.toContain(left.key);
  expect(await accounts(project)).not.toContain(left.account);
  expect(lines.filter((l) => l.startsWith('closed the ephemeral')).length).toBe(2);
  // What this run opened is recorded until it closes it.
  expect(readdirSync(join(dir, 'ephemeral'))).toHaveLength(1);
  await rerun.closeEphemeral('admin_api_key', mine.close!);
  expect(readdirSync(join(dir, 'ephemeral'))).toEqual([]);
  expect(await adminKeys()).not.toContain(mine.result['key_id']);
});
