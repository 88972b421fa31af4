// The client layer's promises, proven against the emulator's fault hooks.
import { PartialCreateError, Provider, registry, spellNames, UNKNOWN, type JsonObject } from '@openai-iac/core';
import { world, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await world({ requestTimeout: 1 });
});
afterAll(async () => w.emulator.close());
beforeEach(() => w.emulator.faults.clear());

test('a create whose answer is lost after the emulator applied it is not duplicated', async () => {
  const before = w.emulator.counts()['vector_stores'] ?? 0;
  w.emulator.faults.inject({ method: 'POST', path: /^\/v1\/vector_stores$/, kind: 'timeout_after_apply', hangMs: 3000 });
  const { inputs } = w.provider.check('vector_store', { name: 'once', metadata: { run: 'timeout' } });
  const created = await w.provider.create('vector_store', inputs as JsonObject);
  expect(w.emulator.counts()['vector_stores']).toBe(before + 1);
  const posts = w.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/vector_stores');
  expect(posts).toHaveLength(1); // looked up, never resent
  expect(w.lines.join('\n')).toMatch(/had been applied; adopting (vs_|svc_acct_)/);
  await w.provider.delete('vector_store', created.id, created.state);
});

test('a file upload lost after apply is adopted too (looked up by name and size)', async () => {
  const before = w.emulator.counts()['files'] ?? 0;
  w.emulator.faults.inject({ method: 'POST', path: /^\/v1\/files$/, kind: 'timeout_after_apply', hangMs: 3000 });
  const { inputs } = w.provider.check('file', { content: 'abc', filename: 'once.txt', purpose: 'assistants' });
  const created = await w.provider.create('file', inputs as JsonObject);
  expect(w.emulator.counts()['files']).toBe(before + 1);
  await w.provider.delete('file', created.id, created.state);
});

test('a create refused with 500 before applying is sent again and made once', async () => {
  w.emulator.faults.inject({ method: 'POST', path: /^\/v1\/assistants$/, kind: 'server_error', times: 1 });
  const before = w.emulator.counts()['assistants'] ?? 0;
  const { inputs } = w.provider.check('assistant', { model: 'gpt-4o', name: 'retry-me' });
  const created = await w.provider.create('assistant', inputs as JsonObject);
  expect(w.emulator.counts()['assistants']).toBe(before + 1);
  await w.provider.delete('assistant', created.id, created.state);
});

test('a 429 with retry-after is honoured and the read succeeds', async () => {
  const { inputs } = w.provider.check('vector_store', { name: 'rl' });
  const created = await w.provider.create('vector_store', inputs as JsonObject);
  w.emulator.faults.inject({ method: 'GET', path: /^\/v1\/vector_stores\/vs_/, kind: 'rate_limit', retryAfterSeconds: 1 });
  const started = Date.now();
  const read = await w.provider.read('vector_store', created.id, created.state);
  expect(read?.id).toBe(created.id);
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  await w.provider.delete('vector_store', created.id, created.state);
});

test('the debug log names method, path, status and request id but never a key', async () => {
  const lines: string[] = [];
  const p = new Provider(registry, {
    env: { OPENAI_BASE_URL: w.emulator.url, OPENAI_API_KEY: w.emulator.projectKey },
    log: { debug: (m) => lines.push(m), info: (m) => lines.push(m) },
  });
  p.configure({});
  await p.list('assistant', {});
  const text = lines.join('\n');
  expect(text).toMatch(/GET \/assistants -> 200 in \d+ms/);
  expect(text).not.toContain(w.emulator.projectKey);
  expect(text).toContain(`…${w.emulator.projectKey.slice(-4)}`);
});

test('a project key on an admin resource fails with what key is needed', async () => {
  const p = new Provider(registry, {
    env: { OPENAI_BASE_URL: w.emulator.url, OPENAI_API_KEY: w.emulator.projectKey },
    log: { debug: () => {}, info: () => {} },
  });
  p.configure({});
  const { inputs } = p.check('project', { name: 'x' });
  await expect(p.create('project', inputs as JsonObject)).rejects.toThrow(/no admin key: .*api\.management\.write/);
  const { inputs: withOwn } = p.check('project', { name: 'x', api_key: w.emulator.projectKey });
  const err = await p.create('project', withOwn as JsonObject).catch((e: Error) => e);
  expect(err).toMatchObject({ kind: 'unauthorized' });
  expect((err as Error).message).toMatch(/admin key \(sk-admin-…\) that has the api\.management\.write scope/);
  expect((err as Error).message).not.toContain(w.emulator.projectKey);
});

test('a bad per-resource key fails the key check once, at api_key, with a clear message', async () => {
  const before = w.emulator.requests.length;
  const bad = { model: 'gpt-4o', api_key: 'sk-proj-not-a-real-key-123456' };
  const failures = await w.provider.keyFailures('assistant', bad);
  expect(failures).toEqual([{ path: ['api_key'], message: expect.any(String) }]);
  // One message, in each engine's spelling once an adapter renders it.
  const [pulumi, terraform] = (['pulumi', 'terraform'] as const).map((e) => spellNames(failures[0]!.message, e));
  expect(pulumi).toMatch(/API key sk-proj-…3456 from the resource's `apiKey` does not work/);
  expect(pulumi).toContain("fix the resource's `apiKey`, or remove it to use the provider's key");
  expect(terraform).toContain("fix the resource's `api_key`, or remove it to use the provider's key");
  expect(await w.provider.keyFailures('assistant', bad)).toEqual(failures);
  expect(w.emulator.requests.length).toBe(before + 1); // once per key per process
});

describe("the provider's own keys are checked like a resource's", () => {
  const quiet = { debug: () => {}, info: () => {} };
  const providerWith = (env: NodeJS.ProcessEnv, config: Record<string, unknown> = {}, cwd?: string) => {
    const p = new Provider(registry, { env: { OPENAI_BASE_URL: w.emulator.url, ...env }, log: quiet, ...(cwd ? { cwd } : {}) });
    p.configure(config as JsonObject);
    return p;
  };
  const since = (n: number) => w.emulator.requests.slice(n).map((r) => `${r.method} ${r.path} ${r.keyHint}`);
  const hint = (k: string) => k.slice(-4);

  test('one GET per key per process: the project key for project resources, the admin key for admin ones', async () => {
    const p = providerWith({ OPENAI_API_KEY: w.emulator.projectKey, OPENAI_ADMIN_KEY: w.emulator.adminKey });
    const before = w.emulator.requests.length;
    for (const type of ['vector_store', 'assistant', 'vector_store', 'project', 'invite', 'project']) {
      expect(await p.keyFailures(type, p.check(type, {}).inputs)).toEqual([]);
    }
    expect(since(before)).toEqual([`GET /v1/models ${hint(w.emulator.projectKey)}`, `GET /v1/organization/projects ${hint(w.emulator.adminKey)}`]);
  });

  test.each([
    ['configuration', 'api_key', 'vector_store', 'provider configuration', 'openai:apiKey'],
    ['OPENAI_API_KEY', 'env', 'vector_store', 'OPENAI_API_KEY', 'openai:apiKey'],
    ['configuration', 'admin_api_key', 'project', 'provider configuration', 'openai:adminApiKey'],
    ['OPENAI_ADMIN_KEY', 'env', 'project', 'OPENAI_ADMIN_KEY', 'openai:adminApiKey'],
  ])(
    'a bad provider key from %s fails the check with no property, naming it redacted, its source and the fix (%s, %s)',
    async (_from, how, type, source, setting) => {
      const admin = registry.get(type).key === 'admin';
      const bad = `${admin ? 'sk-admin' : 'sk-proj'}-wrong-provider-key-${how}-9876`;
      const p =
        how === 'env'
          ? providerWith(admin ? { OPENAI_ADMIN_KEY: bad } : { OPENAI_API_KEY: bad })
          : providerWith({}, admin ? { admin_api_key: bad } : { api_key: bad });
      const before = w.emulator.requests.length;
      const failures = await p.keyFailures(type, p.check(type, { name: 'x' }).inputs);
      expect(failures).toEqual([
        { path: [], message: expect.stringContaining(`key ${admin ? 'sk-admin' : 'sk-proj'}-…9876 from ${source} does not work`) },
      ]);
      expect(failures[0]!.message).toContain(`pulumi config set --secret ${setting}`);
      expect(failures[0]!.message).toContain(admin ? 'OPENAI_ADMIN_KEY' : 'OPENAI_API_KEY');
      expect(failures[0]!.message).not.toContain(bad);
      expect(await p.keyFailures(type, p.check(type, { name: 'y' }).inputs)).toEqual(failures);
      expect(since(before)).toEqual([`${'GET'} ${admin ? '/v1/organization/projects' : '/v1/models'} 9876`]);
    },
  );

  test('a missing provider key fails the check with the setting to make', async () => {
    const p = providerWith({ OPENAI_API_KEY: w.emulator.projectKey });
    const before = w.emulator.requests.length;
    expect(await p.keyFailures('project', p.check('project', { name: 'x' }).inputs)).toEqual([
      { path: [], message: expect.stringMatching(/^no admin key: .*openai:adminApiKey.*OPENAI_ADMIN_KEY/) },
    ]);
    expect(since(before)).toEqual([]);
  });

  test("a resource with its own key does not need the provider's", async () => {
    const p = providerWith({ OPENAI_API_KEY: 'sk-proj-wrong-provider-key-000000001111' });
    const before = w.emulator.requests.length;
    expect(await p.keyFailures('vector_store', p.check('vector_store', { api_key: w.emulator.projectKey }).inputs)).toEqual([]);
    expect(since(before)).toEqual([`GET /v1/models ${hint(w.emulator.projectKey)}`]);
  });

  test('nothing is checked while the key or the base URL is unknown (a preview before they exist)', async () => {
    const bad = { OPENAI_API_KEY: 'sk-proj-wrong-provider-key-000000002222', OPENAI_ADMIN_KEY: 'sk-admin-wrong-provider-key-00003333' };
    const unknownKey = providerWith(bad, { api_key: UNKNOWN });
    const unknownUrl = providerWith(bad, { base_url: UNKNOWN });
    const before = w.emulator.requests.length;
    expect(await unknownKey.keyFailures('vector_store', { name: 'x' })).toEqual([]);
    expect(await unknownUrl.keyFailures('vector_store', { name: 'x' })).toEqual([]);
    expect(await unknownUrl.keyFailures('project', { name: 'x' })).toEqual([]);
    expect(await providerWith(bad).keyFailures('vector_store', { name: 'x', api_key: UNKNOWN })).toEqual([]);
    expect(since(before)).toEqual([]);
    // the admin key is known: an admin resource's check still runs
    expect((await unknownKey.keyFailures('project', { name: 'x' }))[0]!.message).toContain('sk-admin-…3333 from OPENAI_ADMIN_KEY does not work');
  });
});

test('a per-resource key is used for create, read, update and delete', async () => {
  const { inputs: pin } = w.provider.check('project', { name: 'isolated' });
  const proj = await w.provider.create('project', pin as JsonObject);
  const { key } = await w.emulator.createProjectKey(proj.id);
  const hint = key.slice(-4);
  const { inputs } = w.provider.check('vector_store', { name: 'mine', api_key: key });
  const vs = await w.provider.create('vector_store', inputs as JsonObject);
  expect(vs.state['api_key']).toBe(key);
  await w.provider.read('vector_store', vs.id, vs.state);
  const { inputs: next } = w.provider.check('vector_store', { name: 'mine-2', api_key: key });
  const st = await w.provider.update('vector_store', vs.id, vs.state, next as JsonObject);
  await w.provider.delete('vector_store', vs.id, st);
  const mine = w.emulator.requests.filter(
    (r) => r.path.startsWith(`/v1/vector_stores/${vs.id}`) || (r.method === 'POST' && r.path === '/v1/vector_stores' && r.keyHint === hint),
  );
  expect(mine.length).toBeGreaterThanOrEqual(4);
  for (const r of mine) expect([r.keyHint, r.projectId]).toEqual([hint, proj.id]);
  // the provider's own key (default project) cannot see it
  await expect(w.sdk.vectorStores.retrieve(vs.id)).rejects.toMatchObject({ status: 404 });
  await w.provider.delete('project', proj.id, proj.state);
});

test('against api.openai.com, an Assistants 404 explains the shutdown instead of dropping state', async () => {
  const official = new Provider(registry, {
    env: { OPENAI_API_KEY: 'sk-proj-test-000000000000' },
    log: { debug: () => {}, info: () => {} },
    fetch: (async () =>
      new Response(JSON.stringify({ error: { message: 'Not found', type: 'invalid_request_error', param: null, code: null } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch,
  });
  official.configure({});
  const state = { model: 'gpt-4o' };
  await expect(official.read('assistant', 'asst_123', state)).rejects.toThrow(/shut the Assistants API down on 2026-08-26.*Responses API/);
  await expect(official.delete('assistant', 'asst_123', state)).rejects.toThrow(/2026-08-26/);
  // other resources still read a 404 as gone
  expect(await official.read('vector_store', 'vs_123', {})).toBeNull();
});

test('a vector store whose create succeeded but whose closing file listing fails is a partial create that keeps the id', async () => {
  const before = w.emulator.counts()['vector_stores'] ?? 0;
  // With files to attach, the create closes with a listing of them (a store made without files is not listed).
  const file = await w.provider.create(
    'file',
    w.provider.check('file', { content: 'listed', filename: 'listed.txt', purpose: 'assistants' }).inputs as JsonObject,
  );
  const { inputs } = w.provider.check('vector_store', { name: 'listing-fails', file_ids: [file.id] });
  // Every listing of the new store's files fails (beyond the SDK's own retries), after the store was made.
  w.emulator.faults.inject({ method: 'GET', path: /^\/v1\/vector_stores\/vs_[^/]+\/files/, kind: 'server_error', times: 20 });
  const err = await w.provider.create('vector_store', inputs as JsonObject).catch((e: unknown) => e);
  w.emulator.faults.clear();
  expect(err).toBeInstanceOf(PartialCreateError);
  const { id } = err as PartialCreateError;
  expect(id).toMatch(/^vs_/);
  expect(w.emulator.counts()['vector_stores']).toBe(before + 1); // one store, and the engine is told its id
  await w.provider.delete('vector_store', id, (err as PartialCreateError).state);
  expect(w.emulator.counts()['vector_stores']).toBe(before);
  await w.provider.delete('file', file.id, file.state);
});

test('a conversation create refused with 503 (overloaded, not taken on) is sent again although conversations cannot be looked up', async () => {
  w.emulator.faults.inject({ method: 'POST', path: /^\/v1\/conversations$/, kind: 'server_error', status: 503, times: 1 });
  const before = w.emulator.counts()['conversations'] ?? 0;
  const { inputs } = w.provider.check('conversation', { metadata: { retry: '503' } });
  const created = await w.provider.create('conversation', inputs as JsonObject);
  expect(w.emulator.counts()['conversations']).toBe(before + 1);
  expect(w.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/conversations').length).toBeGreaterThanOrEqual(2);
  await w.provider.delete('conversation', created.id, created.state);
});

test('a poll that fails for a passing reason is polled again: the create completes, not a partial create', async () => {
  const lines: string[] = [];
  const provider = new Provider(registry, {
    env: { OPENAI_BASE_URL: w.emulator.url, OPENAI_API_KEY: w.emulator.projectKey },
    log: { debug: (m) => lines.push(m), info: (m) => lines.push(m) },
    pollIntervalMs: 20,
    waitTimeoutMs: 10_000,
  });
  provider.configure({ max_retries: 0 }); // no SDK retries: each injected failure reaches the poll
  const file = await provider.create(
    'file',
    provider.check('file', { content: 'poll me', filename: 'poll.txt', purpose: 'assistants' }).inputs as JsonObject,
  );
  w.emulator.faults.inject({ method: 'GET', path: /^\/v1\/vector_stores\/vs_[^/]+$/, kind: 'server_error', status: 502, times: 3 });
  const store = await provider.create('vector_store', provider.check('vector_store', { name: 'polled', file_ids: [file.id] }).inputs as JsonObject);
  expect(store.state['status']).toBe('completed');
  expect(lines.filter((l) => /a poll failed .*polling again/.test(l))).toHaveLength(3);
  await provider.delete('vector_store', store.id, store.state);
  await provider.delete('file', file.id, file.state);
});
