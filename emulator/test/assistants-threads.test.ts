import { replyTo } from '../src/routes/threads';
import { apiError, harness, raw, upload, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.emulator.close());

describe('assistants', () => {
  it('creates with every field, retrieves, modifies, lists and deletes', async () => {
    const file = await upload(h.client);
    const vs = await h.client.vectorStores.create({ name: 'kb' });
    const a = await h.client.beta.assistants.create({
      model: 'gpt-4o',
      name: 'helper',
      description: 'helps',
      instructions: 'be brief',
      tools: [
        { type: 'file_search' },
        { type: 'code_interpreter' },
        { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } },
      ],
      tool_resources: { file_search: { vector_store_ids: [vs.id] }, code_interpreter: { file_ids: [file.id] } },
      response_format: { type: 'json_object' },
      reasoning_effort: 'low',
      temperature: 0.5,
      top_p: 0.9,
      metadata: { env: 'ci' },
    });
    expect(a.id).toMatch(/^asst_[A-Za-z0-9]{24}$/);
    expect(a).toMatchObject({
      object: 'assistant',
      model: 'gpt-4o',
      name: 'helper',
      description: 'helps',
      instructions: 'be brief',
      temperature: 0.5,
      top_p: 0.9,
      response_format: { type: 'json_object' },
      metadata: { env: 'ci' },
      tool_resources: { file_search: { vector_store_ids: [vs.id] }, code_interpreter: { file_ids: [file.id] } },
    });
    expect(a.tools).toHaveLength(3);
    const updated = await h.client.beta.assistants.update(a.id, { name: null, temperature: 1, tools: [] });
    expect(updated).toMatchObject({ name: null, temperature: 1, tools: [], instructions: 'be brief' });
    expect((await h.client.beta.assistants.list()).data.map((x) => x.id)).toEqual([a.id]);
    expect(await h.client.beta.assistants.delete(a.id)).toEqual({ id: a.id, object: 'assistant.deleted', deleted: true });
    expect((await apiError(h.client.beta.assistants.retrieve(a.id))).status).toBe(404);
  });

  it('creates vector stores from tool_resources.file_search.vector_stores', async () => {
    const file = await upload(h.client);
    const a = await h.client.beta.assistants.create({
      model: 'gpt-4o-mini',
      tool_resources: { file_search: { vector_stores: [{ file_ids: [file.id], metadata: { from: 'assistant' } }] } },
    });
    const [vsId] = a.tool_resources!.file_search!.vector_store_ids!;
    expect((await h.client.vectorStores.retrieve(vsId!)).metadata).toEqual({ from: 'assistant' });
  });

  it('rejects unknown models and malformed tools naming the field', async () => {
    const model = await apiError(h.client.beta.assistants.create({ model: 'gpt-nope' }));
    expect(model).toMatchObject({ status: 400, code: 'model_not_found', param: 'model' });
    const fn = await apiError(h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'function' } as never] }));
    expect(fn).toMatchObject({ status: 400, param: 'tools[0].function', code: 'missing_required_parameter' });
    const kind = await apiError(h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'browser' } as never] }));
    expect(kind).toMatchObject({ status: 400, param: 'tools[0].type', code: 'invalid_value' });
    expect(kind.message).toContain("'code_interpreter', 'file_search', and 'function'");
    const temp = await apiError(h.client.beta.assistants.create({ model: 'gpt-4o', temperature: 3 }));
    expect(temp).toMatchObject({ status: 400, param: 'temperature' });
    const name = await apiError(h.client.beta.assistants.create({ model: 'gpt-4o', name: 'n'.repeat(257) }));
    expect(name).toMatchObject({ status: 400, param: 'name', code: 'string_above_max_length' });
  });

  it("requires the 'OpenAI-Beta: assistants=v2' header", async () => {
    const res = await raw(h.emulator, 'GET', '/v1/assistants');
    expect(res.status).toBe(400);
    expect(res.body!['error']['message']).toBe(
      "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
    );
    const ok = await raw(h.emulator, 'GET', '/v1/assistants', { headers: { 'OpenAI-Beta': 'assistants=v2' } });
    expect(ok.status).toBe(200);
  });
});

describe('threads, messages and runs', () => {
  it('runs go queued -> completed and append a deterministic reply', async () => {
    await h.emulator.close();
    h = await harness({ runDelayMs: 200 });
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', instructions: 'echo' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'what is 2+2?' }], metadata: { t: '1' } });
    expect(thread.id).toMatch(/^thread_/);
    const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    expect(run.id).toMatch(/^run_/);
    expect(run).toMatchObject({ status: 'queued', model: 'gpt-4o', instructions: 'echo', usage: null });
    await new Promise((r) => setTimeout(r, 250));
    const done = await h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
    expect(done.status).toBe('completed');
    expect(done.usage?.total_tokens).toBeGreaterThan(0);
    const messages = await h.client.beta.threads.messages.list(thread.id, { order: 'asc' });
    expect(messages.data.map((m) => [m.role, m.content[0]?.type === 'text' ? m.content[0].text.value : ''])).toEqual([
      ['user', 'what is 2+2?'],
      ['assistant', 'Echo: what is 2+2?'],
    ]);
    expect(messages.data[1]).toMatchObject({ run_id: run.id, assistant_id: assistant.id });
  });

  it('fails runs on demand, cancels queued runs, and manages messages', async () => {
    await h.emulator.close();
    h = await harness({ runDelayMs: 60_000 });
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create();
    const msg = await h.client.beta.threads.messages.create(thread.id, { role: 'user', content: [{ type: 'text', text: 'hi' }] });
    expect(msg.id).toMatch(/^msg_/);
    expect((await h.client.beta.threads.messages.update(msg.id, { thread_id: thread.id, metadata: { a: 'b' } })).metadata).toEqual({ a: 'b' });
    const queued = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    const cancelled = await h.client.beta.threads.runs.cancel(queued.id, { thread_id: thread.id });
    expect(cancelled.status).toBe('cancelled');
    expect((await apiError(h.client.beta.threads.runs.cancel(queued.id, { thread_id: thread.id }))).status).toBe(400);

    await h.emulator.close();
    h = await harness({ runDelayMs: 0 });
    h.emulator.failNextRuns(1, { code: 'rate_limit_exceeded', message: 'quota' });
    const a2 = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const run = await h.client.beta.threads.createAndRun({ assistant_id: a2.id, thread: { messages: [{ role: 'user', content: 'x' }] } });
    const failed = await h.client.beta.threads.runs.retrieve(run.id, { thread_id: run.thread_id });
    expect(failed).toMatchObject({ status: 'failed', last_error: { code: 'rate_limit_exceeded', message: 'quota' } });
    expect(await h.client.beta.threads.delete(run.thread_id)).toEqual({ id: run.thread_id, object: 'thread.deleted', deleted: true });
    expect(h.emulator.counts()).toMatchObject({ threads: 0, messages: 0, runs: 0 });
  });
});

describe('conversations, containers and webhook endpoints', () => {
  it('conversations hold message items', async () => {
    const conv = await h.client.conversations.create({ metadata: { k: 'v' }, items: [{ type: 'message', role: 'user', content: 'hello' }] });
    expect(conv.id).toMatch(/^conv_/);
    const added = await h.client.conversations.items.create(conv.id, { items: [{ type: 'message', role: 'assistant', content: 'hi there' }] });
    expect(added.data).toHaveLength(1);
    const items = await h.client.conversations.items.list(conv.id, { order: 'asc' });
    expect(items.data.map((i) => (i.type === 'message' ? i.role : i.type))).toEqual(['user', 'assistant']);
    expect((await h.client.conversations.update(conv.id, { metadata: { k: 'w' } })).metadata).toEqual({ k: 'w' });
    await h.client.conversations.items.delete(items.data[0]!.id!, { conversation_id: conv.id });
    expect((await h.client.conversations.items.list(conv.id)).data).toHaveLength(1);
    expect(await h.client.conversations.delete(conv.id)).toMatchObject({ id: conv.id, deleted: true });
  });

  it('containers hold files', async () => {
    const file = await upload(h.client, 'print(1)', 'main.py');
    const c = await h.client.containers.create({ name: 'sandbox', file_ids: [file.id] });
    expect(c.id).toMatch(/^cntr_/);
    expect(c).toMatchObject({ object: 'container', name: 'sandbox', status: 'running' });
    const files = await h.client.containers.files.list(c.id);
    expect(files.data).toMatchObject([{ object: 'container.file', path: '/mnt/data/main.py', bytes: 8, source: 'user' }]);
    const content = await h.client.containers.files.content.retrieve(files.data[0]!.id, { container_id: c.id });
    expect(await content.text()).toBe('print(1)');
    await h.client.containers.files.delete(files.data[0]!.id, { container_id: c.id });
    await h.client.containers.delete(c.id);
    expect(h.emulator.counts()).toMatchObject({ containers: 0, container_files: 0 });
  });

  it('webhook endpoints (not in the description) reveal the secret only on create and rotate', async () => {
    const ep = await h.client.webhooks.create({ name: 'ci', url: 'https://example.com/hook', event_types: ['batch.completed'] });
    expect(ep.id).toMatch(/^whe_/);
    expect(ep.signing_secret).toMatch(/^whsec_/);
    const fetched = await h.client.webhooks.retrieve(ep.id);
    expect(JSON.stringify(fetched)).not.toContain(ep.signing_secret);
    expect(fetched.signing_secret_hint).toBe(`whsec_...${ep.signing_secret.slice(-4)}`);
    expect((await h.client.webhooks.update(ep.id, { name: 'ci-2' })).name).toBe('ci-2');
    const rotated = await h.client.webhooks.rotateSecret(ep.id);
    expect(rotated.signing_secret).not.toBe(ep.signing_secret);
    expect((await h.client.webhooks.list()).data.map((e) => e.id)).toEqual([ep.id]);
    const bad = await apiError(h.client.webhooks.create({ name: 'x', url: 'http://insecure', event_types: ['batch.completed'] }));
    expect(bad).toMatchObject({ status: 400, param: 'url' });
    expect(await h.client.webhooks.delete(ep.id)).toEqual({ id: ep.id, object: 'webhook_endpoint.deleted', deleted: true });
  });

  it('webhook endpoints list newest first and hold names to 256 characters, URLs to 2048', async () => {
    const make = (name: string) => h.client.webhooks.create({ name, url: 'https://example.com/hook', event_types: ['batch.completed'] });
    const [a, b, c] = [await make('a'), await make('b'), await make('c')];
    expect((await h.client.webhooks.list()).data.map((e) => e.id)).toEqual([c.id, b.id, a.id]);
    const page = await h.client.webhooks.list({ limit: 2 });
    expect(page.data.map((e) => e.id)).toEqual([c.id, b.id]);
    expect((await h.client.webhooks.list({ limit: 2, after: b.id })).data.map((e) => e.id)).toEqual([a.id]);
    expect(await apiError(make('n'.repeat(257)))).toMatchObject({ status: 400, param: 'name' });
    const long = await apiError(h.client.webhooks.update(a.id, { url: `https://example.com/${'x'.repeat(2040)}` }));
    expect(long).toMatchObject({ status: 400, param: 'url' });
  });
});

describe('the deterministic reply', () => {
  test.each([
    ['I need to solve the equation `3x + 11 = 14`. Can you help me?', 'Subtract 11 from both sides: 3x = 3. Divide both sides by 3: x = 1.'],
    ['solve 2y - 4 = 10', 'Add 4 to both sides: 2y = 14. Divide both sides by 2: y = 7.'],
    ['x + 1 = 0', 'Subtract 1 from both sides: 1x = -1. Divide both sides by 1: x = -1.'],
    ['hello there', 'Echo: hello there'],
  ])('%s', (q, a) => expect(replyTo(q)).toBe(a));
});

test('a run can be made to stop at requires_action with a function call', async () => {
  const c = h.client;
  const a = await c.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'lookup' } }] });
  const t = await c.beta.threads.create({ messages: [{ role: 'user', content: 'weather?' }] });
  h.emulator.requireActionNextRuns(1, { name: 'lookup', arguments: '{"q":"sf"}' });
  const r = await c.beta.threads.runs.create(t.id, { assistant_id: a.id });
  await new Promise((done) => setTimeout(done, 60));
  const after = await c.beta.threads.runs.retrieve(r.id, { thread_id: t.id });
  expect(after.status).toBe('requires_action');
  expect(after.required_action?.submit_tool_outputs.tool_calls[0]?.function).toEqual({ name: 'lookup', arguments: '{"q":"sf"}' });
  // it stays waiting; the next run completes as usual
  await new Promise((done) => setTimeout(done, 60));
  expect((await c.beta.threads.runs.retrieve(r.id, { thread_id: t.id })).status).toBe('requires_action');
});
