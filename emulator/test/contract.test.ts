import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import OpenAI, { toFile } from 'openai';
import { startEmulator, validateAgainstSpec, EXTRA_OPERATIONS } from '@openai-iac/emulator';
import { overrideHandler } from '../src/testing';
import { RawBody } from '../src/routes/types';
import { apiError, harness, raw, type Harness } from './helpers';

describe('validation against the OpenAPI description', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.emulator.close());

  it('validateAgainstSpec checks request and response bodies of any operation', () => {
    expect(validateAgainstSpec('createVectorStore', 'request', { name: 'x', metadata: { a: 'b' } })).toEqual({ valid: true, errors: [] });
    const bad = validateAgainstSpec({ method: 'POST', path: '/v1/vector_stores' }, 'request', { name: 5 });
    expect(bad.valid).toBe(false);
    expect(bad.errors[0]).toContain('name');
    const response = validateAgainstSpec({ method: 'GET', path: '/vector_stores/{vector_store_id}' }, 'response', {
      id: 'vs_1',
      object: 'vector_store',
    });
    expect(response.valid).toBe(false);
    expect(response.errors.join()).toContain("must have required property 'created_at'");
    expect(
      validateAgainstSpec('createWebhookEndpoint', 'request', { name: 'x', url: 'https://a.example', event_types: ['batch.completed'] }).valid,
    ).toBe(true);
    expect(() => validateAgainstSpec('noSuchOperation', 'request', {})).toThrow(/Unknown operation/);
    // every check the server makes before a handler: the prose metadata limits and well-formed text too
    const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    expect(validateAgainstSpec('createVectorStore', 'request', { metadata: tooMany }).errors).toEqual([
      "metadata Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead.",
    ]);
    expect(validateAgainstSpec('createVectorStore', 'request', { name: '\uD800' }).errors[0]).toMatch(/^name .*lone UTF-16 surrogate/);
  });

  it('a malformed request is 400 naming the offending field, worded like the API', async () => {
    const type = await raw(h.emulator, 'POST', '/v1/vector_stores', { body: { name: 42 } });
    expect(type.status).toBe(400);
    expect(type.body).toEqual({
      error: {
        message: "Invalid type for 'name': expected a string, but got an integer instead.",
        type: 'invalid_request_error',
        param: 'name',
        code: 'invalid_type',
      },
    });
    const unknown = await raw(h.emulator, 'POST', '/v1/vector_stores', { body: { nmae: 'typo' } });
    expect(unknown.body!['error']).toMatchObject({ message: "Unknown parameter: 'nmae'.", param: 'nmae', code: 'unknown_parameter' });
    const nested = await raw(h.emulator, 'POST', '/v1/vector_stores', { body: { expires_after: { anchor: 'last_active_at', days: 0 } } });
    expect(nested.body!['error']).toMatchObject({ param: 'expires_after.days', code: 'integer_below_min_value' });
    const missing = await apiError(h.admin.admin.organization.projects.create({} as never));
    expect(missing).toMatchObject({ status: 400, param: 'name', code: 'missing_required_parameter' });
    const json = await raw(h.emulator, 'POST', '/v1/vector_stores', { body: '{"name": ' });
    expect(json.status).toBe(400);
    expect(json.body!['error']['message']).toContain('We could not parse the JSON body of your request.');
    const query = await raw(h.emulator, 'GET', '/v1/vector_stores?order=sideways');
    expect(query.body!['error']).toMatchObject({ param: 'order', code: 'invalid_value' });
  });

  it('a response that violates the description is a loud 500 with x-should-retry: false', async () => {
    const restore = overrideHandler(h.emulator, 'GET', '/vector_stores/{vector_store_id}', (ctx) => ({
      id: ctx.params['vector_store_id'],
      object: 'vector_store',
      status: 'sideways',
    }));
    const retrying = h.clientFor(h.emulator.projectKey, { maxRetries: 2 });
    const e = await apiError(retrying.vectorStores.retrieve('vs_123'));
    expect(e.status).toBe(500);
    expect(e.headers?.get('x-should-retry')).toBe('false');
    expect(e.message).toContain('getVectorStore');
    expect(e.message).toMatch(/\/status|required property/);
    expect(h.emulator.requests).toHaveLength(1); // not retried
    restore();
    const raw500 = overrideHandler(h.emulator, 'GET', '/vector_stores', () => new RawBody(Buffer.from('x'), 'text/plain'));
    expect((await apiError(h.client.vectorStores.list())).status).toBe(500);
    raw500();
    const thrown = overrideHandler(h.emulator, 'GET', '/models', () => {
      throw new TypeError('boom');
    });
    const bug = await apiError(h.client.models.list());
    expect(bug).toMatchObject({ status: 500, code: 'emulator_bug' });
    thrown();
  });

  it('unknown URLs are 404 Invalid URL; described but unimplemented operations are 501', async () => {
    const invalid = await raw(h.emulator, 'GET', '/v1/nothing-here');
    expect(invalid.status).toBe(404);
    expect(invalid.body!['error']['message']).toBe('Invalid URL (GET /v1/nothing-here)');
    const unimplemented = await apiError(h.client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }));
    expect(unimplemented.status).toBe(501);
    expect(unimplemented.headers?.get('x-should-retry')).toBe('false');
  });

  it('every extra route names the SDK declaration it follows and is served', () => {
    for (const op of EXTRA_OPERATIONS) expect(op.source).toMatch(/^openai\/resources\//);
  });
});

describe('persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'openai-emulator-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('saves after every mutation and restores on start', async () => {
    const statePath = path.join(dir, 'state.json');
    const first = await startEmulator({ statePath, vectorStoreFileDelayMs: 0 });
    const client = new OpenAI({ apiKey: first.projectKey, baseURL: first.url, maxRetries: 0 });
    const file = await client.files.create({ file: await toFile(Buffer.from('persisted bytes'), 'p.txt'), purpose: 'assistants' });
    expect(readFileSync(statePath, 'utf8')).toContain(file.id);
    const vs = await client.vectorStores.create({ name: 'kept', file_ids: [file.id] });
    const admin = new OpenAI({ adminAPIKey: first.adminKey, baseURL: first.url, maxRetries: 0 });
    const project = await admin.admin.organization.projects.create({ name: 'kept-project' });
    const sa = await admin.admin.organization.projects.serviceAccounts.create(project.id, { name: 'svc' });
    await first.close();

    const second = await startEmulator({ statePath, vectorStoreFileDelayMs: 0 });
    try {
      const again = new OpenAI({ apiKey: second.projectKey, baseURL: second.url, maxRetries: 0 });
      expect(await (await again.files.content(file.id)).text()).toBe('persisted bytes');
      expect(await again.vectorStores.retrieve(vs.id)).toMatchObject({ name: 'kept', usage_bytes: 15, file_counts: { completed: 1 } });
      const svc = new OpenAI({ apiKey: sa.api_key!.value, baseURL: second.url, maxRetries: 0 });
      await svc.models.list();
      expect(second.counts()).toMatchObject({ files: 1, vector_stores: 1, vector_store_files: 1, projects: 2, service_accounts: 1 });
    } finally {
      await second.close();
    }
  });
});

describe('start-up', () => {
  it('answers its first request quickly', async () => {
    const started = performance.now();
    const emulator = await startEmulator();
    await new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url, maxRetries: 0 }).models.list();
    const elapsed = performance.now() - started;
    await emulator.close();
    expect(elapsed).toBeLessThan(2000);
  });
});
