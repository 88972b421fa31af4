// Isolation under concurrency through the real Pulumi engine: 50 resources with their own `apiKey` (5 keys bound to
// 5 projects, 10 resources each; tests/e2e/programs/isolation) created, refreshed, updated and destroyed with
// `--parallel 50`, behind a 20 ms emulator latency so the operations overlap. The emulator's request log must show
// every request carrying its own resource's key (and that key's project), the provider's own key never used, and
// every object living in its key's project only (tests/e2e/tenants.ts).
import { registry, resourceNames } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { Workspace, type Stack } from './harness';
import { COLLECTION, createsByTenant, expectUpdatedInPlace, makeTenants, visibleToOthers, wrongKeys, type Owned, type Tenant } from './tenants';

jest.setTimeout(300_000);

const PARALLEL = ['--parallel', '50'];

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let tenants: Tenant[];
/** Resource name (`k<tenant>-<n>-<kind>`) → the object. */
let objects: Record<string, Owned> = {};
const figures: string[] = [];

async function timed(what: string, body: () => Promise<unknown>): Promise<number> {
  const from = emu.requests.length;
  const started = Date.now();
  await body();
  figures.push(`${what}: ${emu.requests.length - from} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return from;
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, projectKey: 'sk-proj-isolation-provider-key-0000prov', vectorStoreFileDelayMs: 0 });
  tenants = await makeTenants(emu);
  ws = await Workspace.create();
  const keys = Object.fromEntries(tenants.map((t, i) => [`key${i}`, { secret: t.key }]));
  stack = await ws.stack('isolation', 'isolation', { 'openai:baseUrl': emu.url, 'openai:apiKey': { secret: emu.projectKey }, ...keys });
  emu.setLatency(20);
});

afterAll(async () => {
  if (figures.length) console.log(`isolation through pulumi (--parallel 50, 50 resources, ${tenants.length} keys):\n  ${figures.join('\n  ')}`);
  ws?.dispose();
  await emu?.close();
});

test('pulumi up --parallel 50: each key creates exactly its own 10 objects, in its own project', async () => {
  const from = await timed('up', () => stack.up(...PARALLEL));
  const byType = Object.fromEntries(Object.entries(COLLECTION).map(([name, c]) => [resourceNames(registry.get(name)).pulumiToken, c]));
  objects = Object.fromEntries(
    Object.entries(await stack.resources()).map(([name, r]) => [
      name,
      { id: r.id, tenant: Number(/^k(\d)-/.exec(name)![1]), collection: byType[r.type]! },
    ]),
  );
  expect(Object.keys(objects)).toHaveLength(50);
  const { wrong, log } = wrongKeys(emu, from, tenants, objects);
  expect(wrong).toEqual([]);
  expect(createsByTenant(log, tenants)).toEqual(tenants.map((t, i) => [i, 10, [t.project]]));
  expect(log.filter((r) => r.keyHint === emu.projectKey.slice(-4))).toEqual([]);
});

test("every object lives in its key's project: its own key reads it, the others and the provider's key get 404", async () => {
  emu.setLatency(0);
  expect(await visibleToOthers(emu, tenants, objects)).toEqual([]);
  emu.setLatency(20);
});

test('pulumi refresh --parallel 50 reads each object with its own key', async () => {
  const from = await timed('refresh', () => stack.refresh(...PARALLEL));
  const { wrong, log } = wrongKeys(emu, from, tenants, objects);
  expect(wrong).toEqual([]);
  const read = new Set(log.filter((r) => r.method === 'GET').map((r) => r.path));
  expect(Object.entries(objects).filter(([, o]) => !read.has(`/v1/${o.collection}/${o.id}`))).toEqual([]);
});

test('pulumi up --parallel 50 of a change to 40 of them updates each in place with its own key', async () => {
  await stack.setConfig('round', '2');
  const from = await timed('update', () => stack.up(...PARALLEL));
  const { wrong, log } = wrongKeys(emu, from, tenants, objects);
  expect(wrong).toEqual([]);
  expectUpdatedInPlace(log, objects);
});

test('pulumi destroy --parallel 50 deletes each object with its own key', async () => {
  const from = await timed('destroy', () => stack.destroy(...PARALLEL));
  const { wrong, log } = wrongKeys(emu, from, tenants, objects);
  expect(wrong).toEqual([]);
  const deleted = log.filter((r) => r.method === 'DELETE').map((r) => r.path);
  expect(deleted.sort()).toEqual(
    Object.values(objects)
      .map((o) => `/v1/${o.collection}/${o.id}`)
      .sort(),
  );
});
