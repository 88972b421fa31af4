import OpenAI from 'openai';
import { apiError, harness, raw, type Harness } from './helpers';

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
