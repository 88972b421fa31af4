import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { redactKey, resolveConfig, scrub } from '@openai-iac/core';
import { classify, createOnce } from '../../src/client/create-once';
import { endpointOf, retryAfterMs, Transport } from '../../src/client/transport';

describe('resolveConfig: explicit > environment > .env', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  writeFileSync(join(dir, '.env'), 'OPENAI_API_KEY=sk-dotenv-key-0000\nOPENAI_ADMIN_KEY=sk-admin-dotenv-0000\nOPENAI_ORG_ID=org-dotenv\n');
  const table: Array<[string, Record<string, string>, NodeJS.ProcessEnv, Partial<Record<string, string>>]> = [
    [
      'explicit wins',
      { api_key: 'sk-explicit-0000' },
      { OPENAI_API_KEY: 'sk-env-0000' },
      { apiKey: 'sk-explicit-0000', apiKeySource: 'provider configuration' },
    ],
    ['environment beats .env', {}, { OPENAI_API_KEY: 'sk-env-0000' }, { apiKey: 'sk-env-0000', apiKeySource: 'OPENAI_API_KEY' }],
    [
      '.env last',
      {},
      {},
      { apiKey: 'sk-dotenv-key-0000', apiKeySource: 'OPENAI_API_KEY in .env', adminApiKey: 'sk-admin-dotenv-0000', organization: 'org-dotenv' },
    ],
  ];
  test.each(table)('%s', (_t, explicit, env, want) => {
    const c = resolveConfig(explicit, env, dir);
    for (const [k, v] of Object.entries(want)) {
      if (k === 'apiKeySource') expect(c.sources['api_key']).toBe(v);
      else expect((c as unknown as Record<string, unknown>)[k]).toBe(v);
    }
  });
  test('base URL, pacing and timeouts', () => {
    expect(resolveConfig({}, {}, dir).baseUrl).toBe('https://api.openai.com/v1');
    expect(resolveConfig({}, {}, dir).adminRequestsPerMinute).toBe(7);
    const local = resolveConfig({ base_url: 'http://127.0.0.1:8787/v1/', request_timeout: 5 }, {}, dir);
    expect(local).toMatchObject({ baseUrl: 'http://127.0.0.1:8787/v1', adminRequestsPerMinute: 0, requestTimeoutMs: 5000, maxRetries: 2 });
  });
});

describe('redaction', () => {
  test.each([
    ['sk-proj-abcdefghijklmnop1234', 'sk-proj-…1234'],
    ['sk-admin-abcdefghijklmnop9876', 'sk-admin-…9876'],
    ['sk-abcdefghijklmnopqrstu5555', 'sk-…5555'],
    ['short', '***'],
  ])('%s → %s', (key, shown) => expect(redactKey(key)).toBe(shown));
  test('scrub removes known secrets and key-shaped strings', () => {
    const text = 'key sk-proj-abcdefghijklmnop1234 and secret whsec_supersecretvalue in a message';
    const out = scrub(text, ['whsec_supersecretvalue']);
    expect(out).not.toContain('abcdefghijklmnop');
    expect(out).not.toContain('supersecret');
    expect(out).toContain('sk-proj-…1234');
  });
});

describe('transport', () => {
  test.each([
    ['POST', 'http://x/v1/organization/projects/proj_abc123xyz/archive', 'POST /organization/projects/{id}/archive'],
    ['GET', 'http://x/v1/vector_stores/vs_abc123def/files?limit=2', 'GET /vector_stores/{id}/files'],
    ['DELETE', 'http://x/v1/files/file-abc123def', 'DELETE /files/{id}'],
    [
      'GET',
      'http://x/v1/organization/projects/proj_abcdefgh/service_accounts/svc_acct_abcdef12',
      'GET /organization/projects/{id}/service_accounts/{id}',
    ],
  ])('endpointOf(%s %s)', (m, u, e) => expect(endpointOf(m, u)).toBe(e));

  test('retry-after-ms, retry-after seconds and dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 3000).toUTCString() }))).toBeGreaterThan(1000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  const silent = { debug: () => {}, info: () => {} };

  test('a 429 with retry-after holds back every concurrent request on the same credential', async () => {
    const sent: number[] = [];
    let first = true;
    const inner = (async () => {
      sent.push(Date.now());
      if (first) {
        first = false;
        return new Response('{}', { status: 429, headers: { 'retry-after-ms': '300' } });
      }
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const t = new Transport({ key: 'sk-test-000000000000', pacePerMinute: 0, requestTimeoutMs: 5000, log: silent, fetch: inner });
    const r1 = await t.fetch('http://x/v1/files', { method: 'GET' });
    expect(r1.status).toBe(429);
    const start = Date.now();
    await Promise.all([t.fetch('http://x/v1/files', { method: 'GET' }), t.fetch('http://x/v1/vector_stores', { method: 'GET' })]);
    expect(sent).toHaveLength(3);
    for (const at of sent.slice(1)) expect(at - start).toBeGreaterThanOrEqual(250);
  });

  test('admin pacing spaces requests to one endpoint, not across endpoints', async () => {
    const sent: Array<[string, number]> = [];
    const inner = (async (input: string | URL | Request) => {
      sent.push([String(input), Date.now()]);
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const t = new Transport({ key: 'sk-admin-000000000000', pacePerMinute: 600, requestTimeoutMs: 5000, log: silent, fetch: inner });
    const start = Date.now();
    await Promise.all([
      t.fetch('http://x/v1/organization/projects', { method: 'POST' }),
      t.fetch('http://x/v1/organization/projects', { method: 'POST' }),
      t.fetch('http://x/v1/organization/users', { method: 'GET' }),
    ]);
    const at = (i: number) => sent[i]![1] - start;
    const projects = sent
      .map((s, i) => [s[0], i] as const)
      .filter(([u]) => u.endsWith('/projects'))
      .map(([, i]) => at(i));
    expect(Math.max(...projects)).toBeGreaterThanOrEqual(90); // 600/min = one every 100 ms
    expect(at(sent.findIndex(([u]) => u.endsWith('/users')))).toBeLessThan(60);
  });

  test('the per-request timeout starts after the wait and reads as a timeout to the SDK', async () => {
    const inner = ((_i: string | URL | Request, init?: RequestInit) =>
      new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
    const t = new Transport({ key: 'sk-test-000000000000', pacePerMinute: 0, requestTimeoutMs: 100, log: silent, fetch: inner });
    await expect(t.fetch('http://x/v1/files', { method: 'GET' })).rejects.toThrow(/timed out/);
  });
});

describe('createOnce', () => {
  const status = (s: number) => OpenAI.APIError.generate(s, { message: `status ${s}` }, undefined, new Headers());
  test.each([
    [status(429), 'rejected-retryable'],
    [status(409), 'rejected-retryable'],
    [status(400), 'rejected'],
    [status(401), 'rejected'],
    [status(500), 'ambiguous'],
    [status(503), 'ambiguous'],
    [new OpenAI.APIConnectionTimeoutError(), 'ambiguous'],
    [new OpenAI.APIConnectionError({ message: 'reset' }), 'ambiguous'],
  ])('classify %s', (e, outcome) => expect(classify(e)).toBe(outcome));

  const opts = { maxRetries: 2, what: 'conversation (import id conv_<id>)', log: () => {}, sleep: async () => {} };

  test('an ambiguous failure whose create was applied is adopted, not resent', async () => {
    let sends = 0;
    const got = await createOnce(
      async () => (sends++, Promise.reject(new OpenAI.APIConnectionTimeoutError())),
      async () => 'found',
      opts,
    );
    expect(got).toBe('found');
    expect(sends).toBe(1);
  });

  test('an ambiguous failure that was not applied is sent again', async () => {
    let sends = 0;
    const got = await createOnce(
      async () => (++sends === 1 ? Promise.reject(status(502)) : 'created'),
      async () => null,
      opts,
    );
    expect(got).toBe('created');
    expect(sends).toBe(2);
  });

  test('without a way to look up, an ambiguous failure is never resent', async () => {
    let sends = 0;
    const err = await createOnce(async () => (sends++, Promise.reject(status(500))), undefined, opts).catch((e: unknown) => e as Error);
    expect(sends).toBe(1);
    // it names the object and how to adopt it, and never invites a blind re-apply
    expect(err.message).toMatch(/the conversation \(import id conv_<id>\) may have been created/);
    expect(err.message).toMatch(/applying again could make a second one/);
    expect(err.message).toMatch(/import it by its id, or, if it does not exist, apply again/);
  });

  test('a 429 is resent (it was refused, not applied); a 400 is final', async () => {
    let sends = 0;
    expect(
      await createOnce(
        async () => (++sends < 3 ? Promise.reject(status(429)) : 'ok'),
        async () => null,
        opts,
      ),
    ).toBe('ok');
    expect(sends).toBe(3);
    sends = 0;
    await expect(
      createOnce(
        async () => (sends++, Promise.reject(status(400))),
        async () => 'never',
        opts,
      ),
    ).rejects.toThrow(/^400/);
    expect(sends).toBe(1);
  });
});
