// A create interrupted by a crash, as the next run meets it: the first Provider stands for a plugin killed while its
// create was in flight (its request hangs in the emulator and is never answered to it); the second is the rerun in
// the same working directory. Each Provider is its own process to the journal (its own token).
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Provider, registry, type JsonObject, type Log } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';

let emu: Emulator;
beforeAll(async () => (emu = await startEmulator({ port: 0, quiet: true })));
afterAll(async () => emu.close());
beforeEach(() => emu.faults.clear());

function run(journalDir: string) {
  const lines: string[] = [];
  const log: Log = { debug: (m) => lines.push(m), info: (m) => lines.push(m) };
  const provider = new Provider(registry, {
    env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: emu.projectKey, OPENAI_ADMIN_KEY: emu.adminKey },
    log,
    journalDir,
    pollIntervalMs: 20,
    waitTimeoutMs: 10_000,
  });
  provider.configure({ request_timeout: 60 });
  const create = (type: string, raw: JsonObject, address: string) =>
    provider.create(type, provider.check(type, raw).inputs as JsonObject, { address });
  return { provider, lines, create };
}

const posts = (path: string) => emu.requests.filter((r) => r.method === 'POST' && r.path === path).length;
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(cond()).toBe(true);
};

/** Starts a create whose answer never comes back, and returns once the emulator has applied it. */
async function killedWhileCreating(dir: string, type: string, raw: JsonObject, address: string, path: string, count: string) {
  const before = emu.counts()[count] ?? 0;
  emu.faults.inject({ method: 'POST', path: new RegExp(`^${path}$`), kind: 'timeout_after_apply', hangMs: 120_000 });
  void run(dir)
    .create(type, raw, address)
    .catch(() => {});
  await until(() => (emu.counts()[count] ?? 0) === before + 1);
}

test('a vector store created by a run killed before the answer arrived is adopted by the rerun, not made twice', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'crash-')), 'journal');
  const urn = 'urn:pulumi:dev::p::openai:index/vectorStore:VectorStore::docs';
  await killedWhileCreating(dir, 'vector_store', { name: 'crash-docs', metadata: { k: 'v' } }, urn, '/v1/vector_stores', 'vector_stores');
  const before = { posts: posts('/v1/vector_stores'), stores: emu.counts()['vector_stores'] };
  const rerun = run(dir);
  const created = await rerun.create('vector_store', { name: 'crash-docs', metadata: { k: 'v' } }, urn);
  expect(posts('/v1/vector_stores')).toBe(before.posts); // nothing sent again
  expect(emu.counts()['vector_stores']).toBe(before.stores);
  expect(created.id).toMatch(/^vs_/);
  expect(rerun.lines.join('\n')).toMatch(new RegExp(`an earlier run created vector_store at .* and never saved it: adopting ${created.id}`));
  // once an engine names the id (its next plan or refresh), the entry is done: a later create of the same address is new
  rerun.provider.plan('vector_store', created.state, created.state, created.id);
  expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toEqual([]);
});

test('a conversation created by a killed run cannot be looked up: the rerun stops with an honest error and sends nothing', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'crash-')), 'journal');
  await killedWhileCreating(dir, 'conversation', { metadata: { topic: 'crash' } }, 'conv-address', '/v1/conversations', 'conversations');
  const before = posts('/v1/conversations');
  const err = await run(dir)
    .create('conversation', { metadata: { topic: 'crash' } }, 'conv-address')
    .catch((e: Error) => e);
  expect(String(err)).toMatch(/interrupted while creating this conversation \(import id conv_<id>\)/);
  expect(String(err)).toMatch(/import it by its id; if it does not exist, delete the journal file .*\.json and apply again/);
  expect(posts('/v1/conversations')).toBe(before);
});

test('a conversation whose answer reached a run killed before the engine saved it is adopted by id', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'crash-')), 'journal');
  const first = await run(dir).create('conversation', { metadata: { topic: 'saved-never' } }, 'conv-2');
  const before = posts('/v1/conversations');
  const again = await run(dir).create('conversation', { metadata: { topic: 'saved-never' } }, 'conv-2');
  expect(again.id).toBe(first.id);
  expect(posts('/v1/conversations')).toBe(before);
});

test('a create whose answer the engine saved (it named the id since) is never adopted by a later create of the same address', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'crash-')), 'journal');
  const first = await run(dir).create('conversation', { metadata: { topic: 'replaced' } }, 'conv-3');
  await run(dir).provider.read('conversation', first.id, first.state); // the next run's refresh
  const replacement = await run(dir).create('conversation', { metadata: { topic: 'replaced' } }, 'conv-3');
  expect(replacement.id).not.toBe(first.id);
});
