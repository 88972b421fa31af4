// A 404 right after a create, through the provider: doubted (asked again for a few seconds) by default, since the
// live API may answer from a replica that has not seen the object yet; believed at once where the endpoint says
// so with OPENAI_CONSISTENCY_GRACE=0, as for the emulator. Either way the object is gone in the end.
import type { JsonObject } from '@openai-iac/core';
import { world, type World } from './harness';

const worlds: World[] = [];
afterAll(async () => Promise.all(worlds.map((w) => w.emulator.close())));

/** A vector store made through the provider and deleted behind its back; then the provider's read of it. */
async function readDeletedAtOnce(w: World): Promise<{ gone: boolean; reads: number; ms: number }> {
  const store = await w.provider.create('vector_store', w.provider.check('vector_store', { name: 'short-lived' }).inputs as JsonObject);
  await w.sdk.vectorStores.delete(store.id);
  const sent = w.emulator.requests.length;
  const started = Date.now();
  const read = await w.provider.read('vector_store', store.id, store.state);
  const reads = w.emulator.requests.slice(sent).filter((q) => q.method === 'GET' && q.path === `/v1/vector_stores/${store.id}`).length;
  return { gone: read === null, reads, ms: Date.now() - started };
}

test('by default a 404 for an object made moments ago is asked again before it is believed', async () => {
  const w = await world();
  worlds.push(w);
  const r = await readDeletedAtOnce(w);
  expect(r.gone).toBe(true);
  expect(r.reads).toBe(6); // the first answer and five retries, about five seconds in all
  expect(r.ms).toBeGreaterThanOrEqual(4500);
}, 30_000);

test('OPENAI_CONSISTENCY_GRACE=0: the same 404 is believed at once', async () => {
  const w = await world({ extraEnv: { OPENAI_CONSISTENCY_GRACE: '0' } });
  worlds.push(w);
  const r = await readDeletedAtOnce(w);
  expect(r).toMatchObject({ gone: true, reads: 1 });
});
