import OpenAI from 'openai';
import { apiError, harness, raw, upload, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.emulator.close());

describe('fault injection', () => {
  it('rate_limit: 429 with retry-after and retry-after-ms, then the next request succeeds', async () => {
    h.emulator.faults.inject({ path: '/vector_stores', method: 'POST', kind: 'rate_limit', retryAfterSeconds: 3 });
    const e = await apiError(h.client.vectorStores.create({ name: 'x' }));
    expect(e.status).toBe(429);
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.headers?.get('retry-after')).toBe('3');
    expect(e.headers?.get('retry-after-ms')).toBe('3000');
    expect(h.emulator.counts()['vector_stores']).toBe(0);
    await h.client.vectorStores.create({ name: 'x' });
    expect(h.emulator.counts()['vector_stores']).toBe(1);
  });

  it('rate_limit: the SDK retries honouring retry-after-ms', async () => {
    h.emulator.faults.inject({ path: /\/v1\/models$/, kind: 'rate_limit', retryAfterSeconds: 0, times: 2 });
    const retrying = h.clientFor(h.emulator.projectKey, { maxRetries: 2 });
    await retrying.models.list();
    expect(h.emulator.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('rate_limit_no_retry_after: 429 without Retry-After (like the admin API)', async () => {
    h.emulator.faults.inject({ path: /^\/v1\/organization\/projects$/, kind: 'rate_limit_no_retry_after' });
    const e = await apiError(h.admin.admin.organization.projects.list());
    expect(e.status).toBe(429);
    expect(e.headers?.get('retry-after')).toBeNull();
    expect(e.headers?.get('retry-after-ms')).toBeNull();
  });

  it('server_error: 500 by default, 503 on request', async () => {
    h.emulator.faults.inject({ path: /models/, kind: 'server_error' });
    h.emulator.faults.inject({ path: /models/, kind: 'server_error', status: 503 });
    expect((await apiError(h.client.models.list())).status).toBe(500);
    expect((await apiError(h.client.models.list())).status).toBe(503);
    await h.client.models.list();
  });

  it('reset: destroys the connection without an answer', async () => {
    h.emulator.faults.inject({ path: /models/, kind: 'reset' });
    const e = await apiError(h.client.models.list());
    expect(e).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(h.emulator.requests.at(-1)?.status).toBe(0);
  });

  it('timeout_after_apply: the create happens once although the client timed out', async () => {
    h.emulator.faults.inject({ path: '/v1/vector_stores', method: 'POST', kind: 'timeout_after_apply', hangMs: 2000 });
    const impatient = h.clientFor(h.emulator.projectKey, { timeout: 200 });
    const started = Date.now();
    const e = await apiError(impatient.vectorStores.create({ name: 'once' }));
    // A timeout (APIConnectionTimeoutError outside jest's realm, which hides the abort's type).
    expect(e).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(h.emulator.counts()['vector_stores']).toBe(1);
    expect(h.emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(h.emulator.requests[0]).toMatchObject({ status: 200, operationId: 'createVectorStore' });
  });

  it('faults match method and path, and clear() removes them', async () => {
    h.emulator.faults.inject({ path: /models/, method: 'POST', kind: 'server_error' });
    await h.client.models.list();
    h.emulator.faults.inject({ path: /models/, kind: 'server_error', times: 5 });
    h.emulator.faults.clear();
    await h.client.models.list();
  });
});

describe('latency and per-key rate limits', () => {
  it('adds latency to every response', async () => {
    h.emulator.setLatency(150);
    const started = Date.now();
    await h.client.models.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers 429 after N requests a minute for one key only', async () => {
    h.emulator.setRateLimit(h.emulator.projectKey, 2);
    await h.client.models.list();
    await h.client.models.list();
    const e = await apiError(h.client.models.list());
    expect(e.status).toBe(429);
    expect(Number(e.headers?.get('retry-after'))).toBeGreaterThan(0);
    await h.admin.admin.organization.projects.list();
    h.emulator.setRateLimit(h.emulator.projectKey, null);
    await h.client.models.list();
  });

  it('counts a rate limit over a shorter window when given one, and says when it frees', async () => {
    h.emulator.setRateLimit(h.emulator.projectKey, 1, 0.3);
    await h.client.models.list();
    const e = await apiError(h.client.models.list());
    expect([e.status, e.headers?.get('retry-after')]).toEqual([429, '1']);
    await new Promise((r) => setTimeout(r, 350));
    await h.client.models.list();
    h.emulator.setRateLimit(h.emulator.projectKey, null);
  });
});

describe('control surface (/__emulator)', () => {
  it('injects faults, mints keys, reports state and requests, resets', async () => {
    const post = (path: string, body: unknown) => raw(h.emulator, 'POST', `/__emulator/${path}`, { key: null, body });
    expect((await post('faults', { path: 'vector_stores$', method: 'GET', kind: 'server_error', status: 503 })).status).toBe(200);
    expect((await apiError(h.client.vectorStores.list())).status).toBe(503);
    expect((await post('faults', { path: 'x', kind: 'nope' })).status).toBe(400);
    await h.client.vectorStores.create({ name: 'kept' });
    const minted = await post('keys', { project_id: h.emulator.defaultProjectId });
    expect(minted.body).toMatchObject({ key: expect.stringMatching(/^sk-svcacct-/), id: expect.stringMatching(/^key_/) });
    await h.clientFor(minted.body!['key'] as string).models.list();
    const state = await raw(h.emulator, 'GET', '/__emulator/state', { key: null });
    expect(state.body!['counts']).toMatchObject({ vector_stores: 1, service_accounts: 1 });
    expect(JSON.stringify(state.body)).not.toContain(minted.body!['key']);
    const requests = await raw(h.emulator, 'GET', '/__emulator/requests', { key: null });
    expect(requests.body!['data'].map((r: { status: number }) => r.status)).toEqual([503, 200, 200]);
    expect(JSON.stringify(requests.body)).not.toContain(h.emulator.projectKey);
    expect((await raw(h.emulator, 'DELETE', '/__emulator/faults', { key: null })).status).toBe(200);
    await post('reset', {});
    expect(h.emulator.counts()).toMatchObject({ vector_stores: 0, service_accounts: 0, projects: 1, api_keys: 1 });
    expect(h.emulator.requests).toEqual([]);
    await h.client.models.list();
  });
});

describe('chaos: random faults at a rate, from a seed', () => {
  /** The statuses answered to `n` model listings (0 = reset), with chaos set as given. */
  async function statuses(spec: Parameters<Harness['emulator']['faults']['setChaos']>[0], n: number): Promise<number[]> {
    h.emulator.reset();
    h.emulator.faults.setChaos(spec);
    for (let i = 0; i < n; i++) await h.client.models.list().catch(() => undefined);
    return h.emulator.requests.map((r) => r.status);
  }

  it('fails about `rate` of the requests, the same ones for the same seed, others for another seed', async () => {
    const kinds = ['server_error'] as const;
    const a = await statuses({ rate: 0.3, seed: 7, kinds }, 200);
    const failed = a.filter((s) => s !== 200).length;
    expect(failed).toBeGreaterThan(35);
    expect(failed).toBeLessThan(85);
    expect(new Set(a.filter((s) => s !== 200))).toEqual(new Set([500, 502, 503]));
    expect(await statuses({ rate: 0.3, seed: 7, kinds }, 200)).toEqual(a);
    expect(await statuses({ rate: 0.3, seed: 8, kinds }, 200)).not.toEqual(a);
    expect(h.emulator.faults.counts().matched).toBe(200);
    expect(await statuses({ rate: 0, seed: 7 }, 50)).toEqual(Array(50).fill(200));
  });

  it('mixes the kinds asked for and counts each by kind', async () => {
    await statuses({ rate: 1, seed: 3, kinds: ['rate_limit', 'rate_limit_no_retry_after', 'reset', 'server_error'], retryAfterSeconds: 0 }, 80);
    const { matched, injected } = h.emulator.faults.counts();
    expect(matched).toBe(80);
    expect(Object.keys(injected).sort()).toEqual(
      ['rate_limit', 'rate_limit_no_retry_after', 'reset', 'server_error_500', 'server_error_502', 'server_error_503'].sort(),
    );
    expect(Object.values(injected).reduce((a, b) => a + b, 0)).toBe(80);
    const seen = h.emulator.requests.map((r) => r.status);
    expect(seen.filter((s) => s === 429)).toHaveLength((injected['rate_limit'] ?? 0) + (injected['rate_limit_no_retry_after'] ?? 0));
    expect(seen.filter((s) => s === 0)).toHaveLength(injected['reset'] ?? 0);
  });

  it('limits itself to a method and path; timeout_after_apply applies the create and holds the answer', async () => {
    h.emulator.faults.setChaos({ rate: 1, seed: 1, kinds: ['timeout_after_apply'], method: 'POST', path: '/v1/vector_stores', hangMs: 1500 });
    await h.client.models.list();
    const impatient = h.clientFor(h.emulator.projectKey, { timeout: 300 });
    expect(await apiError(impatient.vectorStores.create({ name: 'applied' }))).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(h.emulator.counts()['vector_stores']).toBe(1);
    expect(h.emulator.faults.counts()).toEqual({ matched: 1, injected: { timeout_after_apply: 1 } });
    h.emulator.faults.setChaos(null);
    await h.client.vectorStores.create({ name: 'fine' });
    expect(h.emulator.faults.counts()).toEqual({ matched: 0, injected: {} });
  });

  it('slow: the answer comes late but whole', async () => {
    h.emulator.faults.setChaos({ rate: 1, seed: 1, kinds: ['slow'], slowMs: 300 });
    const started = Date.now();
    await h.client.models.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(h.emulator.requests.map((r) => r.status)).toEqual([200]);
    expect(h.emulator.faults.counts().injected).toEqual({ slow: 1 });
  });

  it('refuses a rate outside 0..1, a fractional seed and unknown kinds', () => {
    expect(() => h.emulator.faults.setChaos({ rate: 1.5, seed: 1 })).toThrow(/rate/);
    expect(() => h.emulator.faults.setChaos({ rate: 0.5, seed: 1.5 })).toThrow(/seed/);
    // @ts-expect-error -- an unknown kind, as a JSON body could carry
    expect(() => h.emulator.faults.setChaos({ rate: 0.5, seed: 1, kinds: ['nope'] })).toThrow(/kinds/);
  });

  it('over HTTP: POST sets it, GET reads the counts, DELETE stops it', async () => {
    const control = (method: string, body?: unknown) => raw(h.emulator, method, '/__emulator/chaos', { key: null, ...(body ? { body } : {}) });
    expect((await control('POST', { rate: 1, seed: 5, kinds: ['server_error'], path: '^/v1/models$' })).body).toMatchObject({
      chaos: { rate: 1, seed: 5, path: '^\\/v1\\/models$' },
      matched: 0,
    });
    expect((await apiError(h.client.models.list())).status).toBeGreaterThanOrEqual(500);
    await h.client.vectorStores.list(); // outside the path
    const state = await control('GET');
    expect(state.body).toMatchObject({ matched: 1 });
    expect(Object.values(state.body!['injected'] as Record<string, number>)).toEqual([1]);
    expect((await control('POST', { rate: 2, seed: 1 })).status).toBe(400);
    expect((await control('POST', { rate: 0.1, seed: 1, kinds: ['nope'] })).status).toBe(400);
    expect((await control('DELETE')).body).toMatchObject({ matched: 1 });
    await h.client.models.list();
    expect((await control('GET')).body).toEqual({ chaos: null, matched: 0, injected: {} });
  });
});

describe('visibility delay (eventual consistency)', () => {
  it('hides a created object from retrieve, what is under it and its list for the delay, then shows it', async () => {
    h.emulator.setVisibilityDelay(400);
    const store = await h.client.vectorStores.create({ name: 'late' });
    const file = await upload(h.client);
    expect((await apiError(h.client.vectorStores.retrieve(store.id))).status).toBe(404);
    expect((await apiError(h.client.vectorStores.files.list(store.id))).status).toBe(404);
    expect((await h.client.vectorStores.list()).data).toEqual([]);
    expect((await apiError(h.client.files.retrieve(file.id))).status).toBe(404);
    expect(h.emulator.counts()['vector_stores']).toBe(1); // it exists: only reads do not see it yet
    await new Promise((r) => setTimeout(r, 450));
    expect((await h.client.vectorStores.retrieve(store.id)).name).toBe('late');
    expect((await h.client.vectorStores.list()).data.map((s) => s.id)).toEqual([store.id]);
    // An attachment hides itself, not the file it attaches.
    await h.client.vectorStores.files.create(store.id, { file_id: file.id });
    expect((await h.client.files.retrieve(file.id)).id).toBe(file.id);
    expect((await apiError(h.client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id }))).status).toBe(404);
    expect((await h.client.vectorStores.files.list(store.id)).data).toEqual([]);
  });

  it('an update is no create: it hides nothing; off by default and over HTTP', async () => {
    const store = await h.client.vectorStores.create({ name: 'now' });
    expect((await h.client.vectorStores.retrieve(store.id)).id).toBe(store.id);
    expect((await raw(h.emulator, 'POST', '/__emulator/visibility', { key: null, body: { delay_ms: 5000 } })).body).toEqual({ delay_ms: 5000 });
    await h.client.vectorStores.update(store.id, { name: 'renamed' });
    expect((await h.client.vectorStores.retrieve(store.id)).name).toBe('renamed');
    const hidden = await h.client.vectorStores.create({ name: 'hidden' });
    expect((await apiError(h.client.vectorStores.retrieve(hidden.id))).status).toBe(404);
    await raw(h.emulator, 'POST', '/__emulator/visibility', { key: null, body: { delay_ms: 0 } });
    expect((await h.client.vectorStores.retrieve(hidden.id)).id).toBe(hidden.id);
    expect((await raw(h.emulator, 'POST', '/__emulator/visibility', { key: null, body: { delay_ms: -1 } })).status).toBe(400);
  });
});

describe('admin-style throttle (per endpoint, no Retry-After)', () => {
  it('accepts per_window requests per endpoint in a rolling window, refuses the rest with 429 and no Retry-After', async () => {
    h.emulator.setThrottle({ perWindow: 2, windowSeconds: 1 });
    const projects = h.admin.admin.organization.projects;
    const a = await projects.create({ name: 'a' });
    await projects.create({ name: 'b' });
    const e = await apiError(projects.create({ name: 'c' }));
    expect(e.status).toBe(429);
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.headers?.get('retry-after')).toBeNull();
    expect(e.headers?.get('retry-after-ms')).toBeNull();
    // Another endpoint has its own window: a retrieve by id (its template, not its path) and the list.
    await projects.retrieve(a.id);
    await projects.list();
    await projects.update(a.id, { name: 'a2' });
    await projects.update(a.id, { name: 'a3' });
    expect((await apiError(projects.update(a.id, { name: 'a4' }))).status).toBe(429);
    expect(h.emulator.counts()['projects']).toBe(3); // the default project, a and b: the refused create made nothing
    expect(h.emulator.throttleCounts().endpoints).toEqual({
      'POST /organization/projects': { accepted: 2, throttled: 1 },
      'GET /organization/projects/{project_id}': { accepted: 1, throttled: 0 },
      'GET /organization/projects': { accepted: 1, throttled: 0 },
      'POST /organization/projects/{project_id}': { accepted: 2, throttled: 1 },
    });
    await new Promise((r) => setTimeout(r, 1050)); // the window rolls on; the refused requests did not count
    await projects.create({ name: 'c' });
  });

  it('is driven over HTTP: POST sets (path narrows), GET reports, DELETE stops with the last counts, reset clears', async () => {
    const control = (method: string, body?: unknown) => raw(h.emulator, method, '/__emulator/throttle', { key: null, ...(body ? { body } : {}) });
    expect((await control('POST', { per_window: 1, window_seconds: 30, path: 'users$' })).body).toMatchObject({
      throttle: { per_window: 1, window_seconds: 30, path: 'users$' },
      endpoints: {},
    });
    const users = h.admin.admin.organization.users;
    await users.list();
    expect((await apiError(users.list())).status).toBe(429);
    await h.admin.admin.organization.projects.list(); // not under the rule
    await h.admin.admin.organization.projects.list();
    expect((await control('GET')).body).toMatchObject({ endpoints: { 'GET /organization/users': { accepted: 1, throttled: 1 } } });
    expect((await control('DELETE')).body).toMatchObject({ endpoints: { 'GET /organization/users': { accepted: 1, throttled: 1 } } });
    await users.list();
    expect((await control('POST', { per_window: 0 })).status).toBe(400);
    expect((await control('POST', { per_window: 3, window_seconds: -1 })).status).toBe(400);
    expect((await control('POST', { per_window: 1 })).body).toMatchObject({ throttle: { per_window: 1, window_seconds: 60 } });
    h.emulator.reset();
    expect((await control('GET')).body).toEqual({ throttle: null, endpoints: {} });
  });
});
