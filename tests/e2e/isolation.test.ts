// Isolation under concurrency through the real Pulumi engine: 50 resources with their own `apiKey` (5 keys bound to
// 5 projects, 10 resources each; tests/e2e/programs/isolation) created, refreshed, updated and destroyed with
// `--parallel 50`, behind a 20 ms emulator latency so the operations overlap. The emulator's request log must show
// every request carrying its own resource's key (and that key's project), the provider's own key never used, and
// every object living in its key's project only.
import { startEmulator, type Emulator, type RecordedRequest } from '@openai-iac/emulator';
import { api, Workspace, type Stack } from './harness';

jest.setTimeout(300_000);

const KEYS = 5;
/** The API collection of each resource type of the program. */
const COLLECTION: Record<string, string> = {
  'openai:index:VectorStore': 'vector_stores',
  'openai:index:Assistant': 'assistants',
  'openai:index:Conversation': 'conversations',
  'openai:index:WebhookEndpoint': 'webhook_endpoints',
  'openai:index:File': 'files',
};
const COLLECTIONS = Object.values(COLLECTION);
const PARALLEL = ['--parallel', '50'];

interface Owner {
  project: string;
  key: string;
  hint: string;
}

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
const owners: Owner[] = [];
/** Resource name → its id and the index of its key (from its name, `k<key>-…`). */
let objects: Record<string, { id: string; owner: number; collection: string }> = {};
const figures: string[] = [];

const isCreate = (r: RecordedRequest) => r.method === 'POST' && COLLECTIONS.some((c) => r.path === `/v1/${c}`);

/** Requests to the API since `from` that did not carry their own resource's key, or their key's project. */
function wrongKeys(from: number): { wrong: string[]; log: RecordedRequest[] } {
  const log = emu.requests.slice(from).filter((r) => r.path.startsWith('/v1/'));
  const wrong: string[] = [];
  for (const r of log) {
    const owner = owners.findIndex((o) => o.hint === r.keyHint);
    if (owner < 0) {
      wrong.push(`${r.method} ${r.path}: …${r.keyHint}, a key of none of the resources`);
      continue;
    }
    if (r.projectId !== owners[owner]!.project) wrong.push(`${r.method} ${r.path}: answered for ${r.projectId}, not ${owners[owner]!.project}`);
    const segments = r.path.split('/');
    const target = Object.entries(objects).find(([, o]) => segments.includes(o.id));
    if (target && target[1].owner !== owner) wrong.push(`${r.method} ${r.path} (${target[0]}): …${r.keyHint}, not …${owners[target[1].owner]!.hint}`);
    if (!target && !isCreate(r) && r.path !== '/v1/models') wrong.push(`${r.method} ${r.path}: about none of the resources`);
  }
  return { wrong, log };
}

async function timed(what: string, body: () => Promise<unknown>, from: number): Promise<void> {
  const started = Date.now();
  await body();
  const n = emu.requests.length - from;
  figures.push(`${what}: ${n} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, projectKey: 'sk-proj-isolation-provider-key-0000prov', vectorStoreFileDelayMs: 0 });
  for (let i = 0; i < KEYS; i++) {
    const project = (await api<{ id: string }>(emu, 'POST', '/organization/projects', emu.adminKey, { name: `tenant-${i}` })).id;
    const { key } = await emu.createProjectKey(project);
    owners.push({ project, key, hint: key.slice(-4) });
  }
  expect(new Set([...owners.map((o) => o.hint), emu.projectKey.slice(-4)]).size).toBe(KEYS + 1);
  ws = await Workspace.create();
  const keys = Object.fromEntries(owners.map((o, i) => [`key${i}`, { secret: o.key }]));
  stack = await ws.stack('isolation', 'isolation', { 'openai:baseUrl': emu.url, 'openai:apiKey': { secret: emu.projectKey }, ...keys });
  emu.setLatency(20);
});

afterAll(async () => {
  if (figures.length) console.log(`isolation through pulumi (--parallel 50, 50 resources, ${KEYS} keys):\n  ${figures.join('\n  ')}`);
  ws?.dispose();
  await emu?.close();
});

test('pulumi up --parallel 50: each key creates exactly its own 10 objects, in its own project', async () => {
  const from = emu.requests.length;
  await timed('up', () => stack.up(...PARALLEL), from);
  const resources = await stack.resources();
  objects = Object.fromEntries(
    Object.entries(resources).map(([name, r]) => [name, { id: r.id, owner: Number(/^k(\d)-/.exec(name)![1]), collection: COLLECTION[r.type]! }]),
  );
  expect(Object.keys(objects)).toHaveLength(50);
  const { wrong, log } = wrongKeys(from);
  expect(wrong).toEqual([]);
  for (const [i, owner] of owners.entries()) {
    const creates = log.filter((r) => isCreate(r) && r.keyHint === owner.hint);
    expect([i, creates.length, [...new Set(creates.map((r) => r.projectId))]]).toEqual([i, 10, [owner.project]]);
  }
  expect(log.filter((r) => r.keyHint === emu.projectKey.slice(-4))).toEqual([]);
});

test("every object lives in its key's project: its own key reads it, the others and the provider's key get 404", async () => {
  emu.setLatency(0);
  for (const [name, o] of Object.entries(objects)) {
    const path = `${emu.url}/${o.collection}/${o.id}`;
    const status = async (key: string) => (await fetch(path, { headers: { authorization: `Bearer ${key}`, 'openai-beta': 'assistants=v2' } })).status;
    expect([name, await status(owners[o.owner]!.key)]).toEqual([name, 200]);
    for (const [i, other] of owners.entries()) if (i !== o.owner) expect([name, i, await status(other.key)]).toEqual([name, i, 404]);
    expect([name, await status(emu.projectKey)]).toEqual([name, 404]);
  }
  emu.setLatency(20);
});

test('pulumi refresh --parallel 50 reads each object with its own key', async () => {
  const from = emu.requests.length;
  await timed('refresh', () => stack.refresh(...PARALLEL), from);
  const { wrong, log } = wrongKeys(from);
  expect(wrong).toEqual([]);
  for (const [name, o] of Object.entries(objects)) {
    expect([name, log.some((r) => r.method === 'GET' && r.path === `/v1/${o.collection}/${o.id}`)]).toEqual([name, true]);
  }
});

test('pulumi up --parallel 50 of a change to 40 of them updates each in place with its own key', async () => {
  await stack.setConfig('round', '2');
  const from = emu.requests.length;
  await timed('update', () => stack.up(...PARALLEL), from);
  const { wrong, log } = wrongKeys(from);
  expect(wrong).toEqual([]);
  const updated = log.filter((r) => r.method === 'POST' && !isCreate(r)).map((r) => r.path);
  const expected = Object.values(objects)
    .filter((o) => o.collection !== 'files')
    .map((o) => `/v1/${o.collection}/${o.id}`);
  expect([...new Set(updated)].sort()).toEqual(expected.sort());
  expect(log.filter(isCreate)).toEqual([]);
});

test('pulumi destroy --parallel 50 deletes each object with its own key', async () => {
  const from = emu.requests.length;
  await timed('destroy', () => stack.destroy(...PARALLEL), from);
  const { wrong, log } = wrongKeys(from);
  expect(wrong).toEqual([]);
  const deleted = log.filter((r) => r.method === 'DELETE').map((r) => r.path);
  expect(deleted.sort()).toEqual(
    Object.values(objects)
      .map((o) => `/v1/${o.collection}/${o.id}`)
      .sort(),
  );
});
