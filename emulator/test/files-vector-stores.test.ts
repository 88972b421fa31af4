import { toFile } from 'openai';
import { apiError, harness, upload, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.emulator.close());

describe('models', () => {
  it('lists and retrieves the catalogue; unknown models are 404 model_not_found', async () => {
    const ids = [];
    for await (const m of h.client.models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3-mini', 'text-embedding-3-small']));
    expect((await h.client.models.retrieve('gpt-4o')).owned_by).toBe('system');
    const e = await apiError(h.client.models.retrieve('gpt-nope'));
    expect(e.status).toBe(404);
    expect(e.code).toBe('model_not_found');
  });
});

describe('files', () => {
  it('uploads, lists, retrieves, downloads and deletes', async () => {
    const file = await upload(h.client, 'some content', 'doc.md');
    expect(file).toMatchObject({ object: 'file', bytes: 12, filename: 'doc.md', purpose: 'assistants', status: 'processed' });
    expect(file.expires_at).toBeUndefined();
    expect(file.id).toMatch(/^file-[1-9A-HJ-NP-Za-km-z]{22}$/);
    expect(Math.abs(file.created_at - Date.now() / 1000)).toBeLessThan(5);
    expect((await h.client.files.retrieve(file.id)).filename).toBe('doc.md');
    expect(await (await h.client.files.content(file.id)).text()).toBe('some content');
    const listed = await h.client.files.list({ purpose: 'assistants' });
    expect(listed.data.map((f) => f.id)).toEqual([file.id]);
    expect((await h.client.files.list({ purpose: 'batch' })).data).toEqual([]);
    expect(await h.client.files.delete(file.id)).toEqual({ id: file.id, object: 'file', deleted: true });
    const e = await apiError(h.client.files.retrieve(file.id));
    expect(e.status).toBe(404);
    expect(e.error).toMatchObject({ message: `No such File object: ${file.id}`, type: 'invalid_request_error', param: 'id' });
  });

  it('honours expires_after (multipart nested fields) and validates purpose', async () => {
    const file = await h.client.files.create({
      file: await toFile(Buffer.from('x'), 'x.jsonl'),
      purpose: 'batch',
      expires_after: { anchor: 'created_at', seconds: 3600 },
    });
    expect(file.expires_at).toBe(file.created_at + 3600);
    const bad = await apiError(h.client.files.create({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'nonsense' as 'batch' }));
    expect(bad.status).toBe(400);
    expect(bad.param).toBe('purpose');
    expect(bad.message).toContain("Invalid value: 'nonsense'");
    const short = await apiError(
      h.client.files.create({
        file: await toFile(Buffer.from('x'), 'x.txt'),
        purpose: 'batch',
        expires_after: { anchor: 'created_at', seconds: 5 },
      }),
    );
    expect(short.param).toBe('expires_after.seconds');
    expect(short.code).toBe('integer_below_min_value');
  });
});

describe('vector stores', () => {
  it('creates, retrieves, modifies, lists and deletes', async () => {
    const vs = await h.client.vectorStores.create({
      name: 'kb',
      description: 'docs',
      metadata: { team: 'a' },
      expires_after: { anchor: 'last_active_at', days: 7 },
    });
    expect(vs.id).toMatch(/^vs_[0-9a-f]{32}$/);
    expect(vs).toMatchObject({
      object: 'vector_store',
      name: 'kb',
      status: 'completed',
      usage_bytes: 0,
      metadata: { team: 'a' },
      file_counts: { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 },
      expires_after: { anchor: 'last_active_at', days: 7 },
    });
    expect(vs.expires_at).toBe((vs.last_active_at as number) + 7 * 86400);
    const updated = await h.client.vectorStores.update(vs.id, { name: 'kb2', expires_after: null, metadata: { team: 'b' } });
    expect(updated).toMatchObject({ name: 'kb2', metadata: { team: 'b' }, expires_at: null });
    expect(updated.expires_after).toBeUndefined();
    expect((await h.client.vectorStores.retrieve(vs.id)).name).toBe('kb2');
    expect(await h.client.vectorStores.delete(vs.id)).toEqual({ id: vs.id, object: 'vector_store.deleted', deleted: true });
    const e = await apiError(h.client.vectorStores.retrieve(vs.id));
    expect(e.status).toBe(404);
    expect(e.error).toEqual({ message: `No vector store found with id '${vs.id}'.`, type: 'invalid_request_error', param: null, code: null });
  });

  it('paginates with limit/after/before/order and has_more', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await h.client.vectorStores.create({ name: `s${i}` })).id);
    const newestFirst = [...ids].reverse();
    const page1 = await h.client.vectorStores.list({ limit: 2 });
    expect(page1.data.map((s) => s.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.has_more).toBe(true);
    const page2 = await h.client.vectorStores.list({ limit: 2, after: page1.data[1]!.id });
    expect(page2.data.map((s) => s.id)).toEqual(newestFirst.slice(2, 4));
    const all: string[] = [];
    for await (const s of h.client.vectorStores.list({ limit: 2 })) all.push(s.id);
    expect(all).toEqual(newestFirst);
    const asc = await h.client.vectorStores.list({ order: 'asc', limit: 10 });
    expect(asc.data.map((s) => s.id)).toEqual(ids);
    expect(asc.has_more).toBe(false);
    const before = await h.client.vectorStores.list({ order: 'asc', before: ids[3]!, limit: 2 });
    expect(before.data.map((s) => s.id)).toEqual([ids[1], ids[2]]);
    const response = await h.client.vectorStores.list({ limit: 2 }).asResponse();
    expect(await response.json()).toMatchObject({ object: 'list', first_id: newestFirst[0], last_id: newestFirst[1], has_more: true });
    const tooMany = await apiError(h.client.vectorStores.list({ limit: 101 }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.param).toBe('limit');
  });

  it('ingests files: in_progress until the delay has passed, then completed with usage_bytes', async () => {
    await h.emulator.close();
    h = await harness({ vectorStoreFileDelayMs: 300 });
    const file = await upload(h.client, 'twelve bytes');
    const vs = await h.client.vectorStores.create({ name: 'kb', file_ids: [file.id] });
    expect(vs.status).toBe('in_progress');
    expect(vs.file_counts).toMatchObject({ in_progress: 1, total: 1 });
    const vsFile = await h.client.vectorStores.files.retrieve(file.id, { vector_store_id: vs.id });
    expect(vsFile).toMatchObject({ object: 'vector_store.file', status: 'in_progress', usage_bytes: 0, vector_store_id: vs.id, last_error: null });
    expect((await h.client.vectorStores.files.list(vs.id, { filter: 'completed' })).data).toEqual([]);
    await new Promise((r) => setTimeout(r, 350));
    const done = await h.client.vectorStores.retrieve(vs.id);
    expect(done).toMatchObject({ status: 'completed', usage_bytes: 12, file_counts: { in_progress: 0, completed: 1, total: 1 } });
    expect((await h.client.vectorStores.files.list(vs.id, { filter: 'completed' })).data.map((f) => f.id)).toEqual([file.id]);
  });

  it('manages vector store files: attributes, content, delete; a missing file is 404', async () => {
    const file = await upload(h.client, 'the content');
    const vs = await h.client.vectorStores.create({ name: 'kb' });
    const attached = await h.client.vectorStores.files.create(vs.id, { file_id: file.id, attributes: { lang: 'en', n: 1 } });
    expect(attached).toMatchObject({ id: file.id, attributes: { lang: 'en', n: 1 }, chunking_strategy: { type: 'static' } });
    const updated = await h.client.vectorStores.files.update(file.id, { vector_store_id: vs.id, attributes: { lang: 'fr' } });
    expect(updated.attributes).toEqual({ lang: 'fr' });
    const content = [];
    for await (const part of h.client.vectorStores.files.content(file.id, { vector_store_id: vs.id })) content.push(part);
    expect(content).toEqual([{ type: 'text', text: 'the content' }]);
    const missing = await apiError(h.client.vectorStores.files.create(vs.id, { file_id: 'file-doesnotexist' }));
    expect(missing.status).toBe(404);
    expect(missing.error).toMatchObject({ message: "No file found with id 'file-doesnotexist'.", param: 'file_id' });
    expect(await h.client.vectorStores.files.delete(file.id, { vector_store_id: vs.id })).toEqual({
      id: file.id,
      object: 'vector_store.file.deleted',
      deleted: true,
    });
    const gone = await apiError(h.client.vectorStores.files.retrieve(file.id, { vector_store_id: vs.id }));
    expect(gone.error).toMatchObject({ message: `No file found with id '${file.id}' in vector store '${vs.id}'.` });
  });

  it('runs file batches: create, retrieve, list files, cancel', async () => {
    await h.emulator.close();
    h = await harness({ vectorStoreFileDelayMs: 60_000 });
    const a = await upload(h.client, 'a');
    const b = await upload(h.client, 'b');
    const vs = await h.client.vectorStores.create({ name: 'kb' });
    const batch = await h.client.vectorStores.fileBatches.create(vs.id, { file_ids: [a.id], files: [{ file_id: b.id, attributes: { k: 'v' } }] });
    expect(batch.id).toMatch(/^vsfb_/);
    expect(batch).toMatchObject({ object: 'vector_store.files_batch', status: 'in_progress', file_counts: { in_progress: 2, total: 2 } });
    const files = await h.client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: vs.id });
    expect(files.data.map((f) => f.id).sort()).toEqual([a.id, b.id].sort());
    const cancelled = await h.client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: vs.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', file_counts: { cancelled: 2, in_progress: 0 } });
    expect((await h.client.vectorStores.retrieve(vs.id)).status).toBe('completed');
  });

  it('enforces metadata limits the description only states in prose', async () => {
    const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    const e1 = await apiError(h.client.vectorStores.create({ metadata: tooMany }));
    expect(e1.status).toBe(400);
    expect(e1.param).toBe('metadata');
    const e2 = await apiError(h.client.vectorStores.create({ metadata: { ['k'.repeat(65)]: 'v' } }));
    expect(e2.param).toBe('metadata');
    const e3 = await apiError(h.client.vectorStores.create({ metadata: { k: 'v'.repeat(513) } }));
    expect(e3.param).toBe('metadata');
    expect(e3.message).toContain('512');
    await expect(h.client.vectorStores.create({ metadata: { ['k'.repeat(64)]: 'v'.repeat(512) } })).resolves.toBeDefined();
  });

  it('counts lengths in code points, as the description does (an emoji is one character)', async () => {
    const vs = await h.client.vectorStores.create({ metadata: { ['🔑'.repeat(64)]: '✨'.repeat(512) } });
    expect([...Object.keys(vs.metadata!)[0]!].length).toBe(64);
    // the description's own maxLength (an assistant's name: 256), as Ajv counts it
    const headers = { 'OpenAI-Beta': 'assistants=v2' };
    await expect(h.client.beta.assistants.create({ model: 'gpt-4o', name: '😀'.repeat(256) }, { headers })).resolves.toBeDefined();
    const name = await apiError(h.client.beta.assistants.create({ model: 'gpt-4o', name: '😀'.repeat(257) }, { headers }));
    expect([name.status, name.param]).toEqual([400, 'name']);
    const value = await apiError(h.client.vectorStores.create({ metadata: { k: '✨'.repeat(513) } }));
    expect(value.message).toContain('got a string with length 513');
    const key = await apiError(h.client.vectorStores.create({ metadata: { ['🔑'.repeat(65)]: 'v' } }));
    expect(key.message).toContain('got a key with length 65');
  });

  it('refuses a lone surrogate (JSON can escape one; UTF-8 cannot hold it) at its parameter, storing nothing', async () => {
    const before = h.emulator.counts()['vector_stores'];
    const e = await apiError(h.client.vectorStores.create({ name: 'bad\uD800name' }));
    expect([e.status, e.param, e.code]).toEqual([400, 'name', 'invalid_value']);
    const inKey = await apiError(h.client.vectorStores.create({ metadata: { ['\uDC00']: 'v' } }));
    expect(inKey.param).toBe('metadata');
    expect(h.emulator.counts()['vector_stores']).toBe(before);
    // a pair is one well-formed character
    await expect(h.client.vectorStores.create({ name: 'ok \uD83D\uDE00' })).resolves.toMatchObject({ name: 'ok 😀' });
  });
});
