// Who owns a vector store's file set: `file_ids` manages only the files it lists, so `vector_store_file` resources
// (and batches, and the dashboard) can attach others to the same store, and neither plans to undo the other.
import type { Created, JsonObject } from '@openai-iac/core';
import { world, type World } from './harness';

let w: World;
beforeAll(async () => (w = await world()));
afterAll(async () => w.emulator.close());

const create = (type: string, raw: JsonObject) => w.provider.create(type, w.provider.check(type, raw).inputs as JsonObject);
const file = (name: string) => create('file', { content: `text of ${name}`, filename: `${name}.txt`, purpose: 'assistants' });
const attached = async (storeId: string) => (await w.sdk.vectorStores.files.list(storeId)).data.map((f) => f.id).sort();
/** Refresh, then plan against the same configuration: what an engine would change. */
async function refreshAndPlan(store: Created, config: JsonObject) {
  const fresh = await w.provider.read('vector_store', store.id, store.state);
  const checked = w.provider.check('vector_store', config).inputs;
  return { state: fresh!.state, changed: w.provider.plan('vector_store', fresh!.state, checked, store.id).changed };
}

test.each([
  ['with its own file_ids', true],
  ['without file_ids', false],
])('a store %s and a separate vector_store_file on it: empty plans after every step', async (_, inline) => {
  const [a, b, c] = await Promise.all([file('own-a'), file('sep-b'), file('own-c')]);
  const config: JsonObject = inline ? { name: 'shared', file_ids: [a!.id] } : { name: 'shared' };
  const store = await create('vector_store', config);
  expect(store.state['file_ids']).toEqual(inline ? [a!.id] : []);
  await create('vector_store_file', { vector_store_id: store.id, file_id: b!.id });

  const after = await refreshAndPlan(store, config);
  expect(after.state['file_ids']).toEqual(inline ? [a!.id] : []); // b is not the store's
  expect(after.changed).toEqual([]);

  // adding a file of its own leaves the separate one attached
  const grown: JsonObject = { ...config, file_ids: [...(inline ? [a!.id] : []), c!.id] };
  const updated = await w.provider.update('vector_store', store.id, after.state, w.provider.check('vector_store', grown).inputs as JsonObject);
  expect(await attached(store.id)).toEqual([...(inline ? [a!.id] : []), b!.id, c!.id].sort());
  expect((await refreshAndPlan({ id: store.id, state: updated }, grown)).changed).toEqual([]);

  // removing its own files detaches only those
  const shrunk = await w.provider.update('vector_store', store.id, updated, w.provider.check('vector_store', config).inputs as JsonObject);
  expect(await attached(store.id)).toEqual([...(inline ? [a!.id] : []), b!.id].sort());
  expect((await refreshAndPlan({ id: store.id, state: shrunk }, config)).changed).toEqual([]);
});

test('a file of its own detached out of band is seen and attached again; an import takes every attached file', async () => {
  const [a, b] = await Promise.all([file('oob-a'), file('oob-b')]);
  const config: JsonObject = { name: 'oob', file_ids: [a!.id, b!.id] };
  const store = await create('vector_store', config);
  await w.sdk.vectorStores.files.delete(a!.id, { vector_store_id: store.id });
  const drifted = await refreshAndPlan(store, config);
  expect(drifted.state['file_ids']).toEqual([b!.id]);
  expect(drifted.changed).toEqual(['file_ids']);
  await w.provider.update('vector_store', store.id, drifted.state, w.provider.check('vector_store', config).inputs as JsonObject);
  expect(await attached(store.id)).toEqual([a!.id, b!.id].sort());
  const imported = await w.provider.import('vector_store', store.id, undefined);
  expect([...(imported.state['file_ids'] as string[])].sort()).toEqual([a!.id, b!.id].sort());
});

test('a store with no files of its own is made and refreshed in one request each; an import of one with none lists nothing either', async () => {
  const reads = async (prior: JsonObject | undefined, id: string) => {
    const sent = w.emulator.requests.length;
    const r = await w.provider.read('vector_store', id, prior);
    return { state: r!.state, requests: w.emulator.requests.slice(sent).map((q) => `${q.method} ${q.path}`) };
  };
  const sent = w.emulator.requests.length;
  const bare = await create('vector_store', { name: 'no files' });
  expect(w.emulator.requests.slice(sent).map((q) => `${q.method} ${q.path}`)).toEqual(['POST /v1/vector_stores']); // settled as made
  expect(await reads(bare.state, bare.id)).toEqual({ state: bare.state, requests: [`GET /v1/vector_stores/${bare.id}`] });
  expect((await reads(undefined, bare.id)).requests).toEqual([`GET /v1/vector_stores/${bare.id}`]);

  // files attached by others: a store that owns none still reads in one request and owns none
  const f = await file('others');
  await create('vector_store_file', { vector_store_id: bare.id, file_id: f!.id });
  const shared = await reads(bare.state, bare.id);
  expect([shared.state['file_ids'], shared.requests]).toEqual([[], [`GET /v1/vector_stores/${bare.id}`]]);
  // an import (no prior state) takes every attached file: now it lists them
  const imported = await reads(undefined, bare.id);
  expect([imported.state['file_ids'], imported.requests.length]).toEqual([[f!.id], 2]);
});
