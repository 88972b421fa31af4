// Malformed API answers (missing fields, values of the wrong type, unknown enum values, a huge body), through the
// core with the SDK over a fake fetch: a clear error naming the resource and what was wrong, never a bare
// TypeError, and never a state saved as complete from an answer that is not. The one check is the core's
// (provider-ts/src/spec/response.ts, against each spec's declared types); no resource has its own.
import { OpenAIIacError, PartialCreateError, Provider, registry, type JsonObject } from '@openai-iac/core';

const STORE: JsonObject = {
  id: 'vs_1',
  object: 'vector_store',
  created_at: 1_700_000_000,
  name: 'docs',
  usage_bytes: 0,
  file_counts: { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 },
  status: 'completed',
  expires_after: null,
  expires_at: null,
  last_active_at: 1_700_000_000,
  metadata: {},
};
const EMPTY_LIST = { object: 'list', data: [], first_id: null, last_id: null, has_more: false };

/** A provider whose API answers every vector store request with `store` (and an empty file listing). */
function providerAnswering(store: unknown, raw?: string): { provider: Provider; calls: string[] } {
  const calls: string[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = new URL(url instanceof Request ? url.url : String(url)).pathname;
    calls.push(`${init?.method ?? 'GET'} ${path}`);
    const body = path.endsWith('/files') ? JSON.stringify(EMPTY_LIST) : (raw ?? JSON.stringify(store));
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const env = { OPENAI_API_KEY: 'sk-proj-malformed-0000', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
  const provider = new Provider(registry, { env, cwd: __dirname, log: { debug: () => {}, info: () => {} }, fetch, pollIntervalMs: 1 });
  provider.configure({ max_retries: 0 });
  return { provider, calls };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the operation to fail');
}

describe('malformed answers', () => {
  test('a value of the wrong type on refresh: an error naming the resource and the property; nothing saved from it', async () => {
    const { provider } = providerAnswering({ ...STORE, name: 42, file_counts: { ...(STORE['file_counts'] as JsonObject), total: 'many' } });
    const e = await failure(provider.read('vector_store', 'vs_1', { name: 'docs' }));
    expect(e).toBeInstanceOf(OpenAIIacError);
    expect(e).not.toBeInstanceOf(TypeError);
    expect(e.message).toBe(
      "read vector_store vs_1: OpenAI's answer is malformed: name is a whole number, not a string; " +
        'file_counts.total is a string, not a whole number; nothing was saved from it',
    );
  });

  test('a create answered with values of the wrong type: saved by its id as a partial create, never as complete', async () => {
    const { provider } = providerAnswering({ ...STORE, usage_bytes: [1], created_at: 'yesterday' });
    const e = await failure(provider.create('vector_store', { name: 'docs' }));
    expect(e).toBeInstanceOf(PartialCreateError);
    const partial = e as PartialCreateError;
    expect(partial.id).toBe('vs_1');
    expect(partial.message).toContain(
      "OpenAI's answer is malformed: usage_bytes is a list, not a whole number; created_at is a string, not a whole number",
    );
    // what was malformed is not in the state the engine keeps; the configured name is
    expect([partial.state['usage_bytes'], partial.state['created_at'], partial.state['name']]).toEqual([null, null, 'docs']);
  });

  test('a create answered without an id: nothing can be saved, and the error says the object may exist', async () => {
    const { provider } = providerAnswering({ ...STORE, id: undefined });
    const e = await failure(provider.create('vector_store', { name: 'docs' }));
    expect(e).toBeInstanceOf(OpenAIIacError);
    expect(e).not.toBeInstanceOf(PartialCreateError);
    expect(e.message).toMatch(/^create vector_store: OpenAI's answer carries no id, .*the object may exist: look for it \(import id vs_<id>\)/);
  });

  test('missing fields a handler reads: a clear error in the resource terms, not a TypeError', async () => {
    const { file_counts: _gone, ...withoutCounts } = STORE;
    const { provider } = providerAnswering(withoutCounts);
    // settling a store with files reads file_counts; a refresh does not and keeps the rest
    const e = await failure(provider.update('vector_store', 'vs_1', { ...STORE, file_ids: [] } as JsonObject, { file_ids: ['file-1'] }));
    expect(e).toBeInstanceOf(OpenAIIacError);
    expect(e.message).toMatch(
      /^update vector_store: OpenAI answered with something this provider cannot read \(.*in_progress.*\); nothing was saved from it$/,
    );
  });

  test('a body that is not JSON: a clear error naming the resource', async () => {
    const { provider } = providerAnswering(undefined, '{"id": "vs_1", "name": ');
    const e = await failure(provider.read('vector_store', 'vs_1', { name: 'docs' }));
    expect(e).toBeInstanceOf(OpenAIIacError);
    expect(e.message).toMatch(/^read vector_store: OpenAI answered with something this provider cannot read/);
  });

  test('an unknown enum value is kept as the API said it (state holds any string), not an error', async () => {
    const { provider } = providerAnswering({ ...STORE, status: 'defragmenting' });
    const found = await provider.read('vector_store', 'vs_1', { name: 'docs' });
    expect(found?.state['status']).toBe('defragmenting');
  });

  test('a huge body (a 20 MB name) is read whole, not cut or crashed on', async () => {
    const name = '😀'.repeat(5_000_000);
    const { provider } = providerAnswering({ ...STORE, name });
    const found = await provider.read('vector_store', 'vs_1', { name: 'docs' });
    expect(found?.state['name']).toBe(name);
  });
});
