import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactKey, resolveConfig, scrub } from '@openai-iac/core';
import { consistencyGrace, FreshObjects, FRESH_MS } from '../../src/client/consistency';
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
    expect(local).toMatchObject({ baseUrl: 'http://127.0.0.1:8787/v1', adminRequestsPerMinute: 0, requestTimeoutMs: 5000, maxRetries: 5 });
  });
});

describe('redaction', () => {
  test.each([
    ['sk-proj-abcdefghijklmnop1234', 'sk-proj-…1234'],
    ['sk-admin-abcdefghijklmnop9876', 'sk-admin-…9876'],
    ['sk-abcdefghijklmnopqrstu5555', 'sk-…5555'],
    ['emulator-key-a690', '…a690'],
    ['short', '…'],
    ['sk-short', 'sk-…'],
  ])('%s → %s', (key, shown) => expect(redactKey(key)).toBe(shown));
  test.each([
    ['Incorrect API key provided: sk-proj-...a690.', 'Incorrect API key provided: sk-proj-…a690.'],
    ['key sk-admin...xyz', 'key sk-admin-…xyz'],
    ['key sk-abc...def', 'key sk-…def'],
    ['key sk-proj-**********wxyz', 'key sk-proj-…wxyz'],
  ])("a key as the API redacts it is shown in the provider's one format: %s", (text, shown) => expect(scrub(text)).toBe(shown));
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
    ['POST', 'http://x/v1/organization/projects/proj_abc/rate_limits/rl-gpt-4o-mini', 'POST /organization/projects/{id}/rate_limits/{id}'],
    ['POST', 'http://x/v1/organization/projects/proj_abc/users/user-abc123', 'POST /organization/projects/{id}/users/{id}'],
    ['DELETE', 'http://x/v1/organization/invites/invite-abc123', 'DELETE /organization/invites/{id}'],
    ['GET', 'http://x/v1/organization/admin_api_keys', 'GET /organization/admin_api_keys'],
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

  test('admin pacing (a prior budget per minute) holds requests to one endpoint, not across endpoints', async () => {
    const sent: string[] = [];
    const inner = (async (input: string | URL | Request) => {
      sent.push(String(input));
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const t = new Transport({ key: 'sk-admin-000000000000', pacePerMinute: 1, requestTimeoutMs: 5000, log: silent, fetch: inner });
    await t.fetch('http://x/v1/organization/projects', { method: 'POST' });
    const held = new AbortController();
    const second = t.fetch('http://x/v1/organization/projects', { method: 'POST', signal: held.signal });
    await t.fetch('http://x/v1/organization/users', { method: 'GET' });
    await new Promise((r) => setTimeout(r, 200));
    expect(sent).toEqual(['http://x/v1/organization/projects', 'http://x/v1/organization/users']);
    held.abort(new Error('gave up'));
    await expect(second).rejects.toThrow('gave up');
  });

  test('the per-request timeout starts after the wait and reads as a timeout to the SDK', async () => {
    const inner = ((_i: string | URL | Request, init?: RequestInit) =>
      new Promise((_r, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch;
    const t = new Transport({ key: 'sk-test-000000000000', pacePerMinute: 0, requestTimeoutMs: 100, log: silent, fetch: inner });
    await expect(t.fetch('http://x/v1/files', { method: 'GET' })).rejects.toThrow(/timed out/);
  });
});

describe('eventual consistency: a 404 right after a create', () => {
  const silent = { debug: () => {}, info: () => {} };
  const answers = (statuses: number[]) => {
    const seen: string[] = [];
    const inner = (async (input: string | URL | Request) => {
      seen.push(String(input));
      return new Response('{}', { status: statuses[Math.min(seen.length - 1, statuses.length - 1)] ?? 200 });
    }) as typeof fetch;
    return { seen, inner };
  };

  test('is asked again (bounded) for an object made moments ago, and believed at once for any other', async () => {
    const fresh = new FreshObjects();
    fresh.add('vs_new');
    fresh.add('vs_old', Date.now() - 2 * 60_000); // made two minutes ago: not fresh
    const { seen, inner } = answers([404, 404, 200]);
    const t = new Transport({ key: 'sk-test-000000000000', pacePerMinute: 0, requestTimeoutMs: 1000, log: silent, fresh, fetch: inner });
    expect((await t.fetch('http://x/v1/vector_stores/vs_new/files', { method: 'GET' })).status).toBe(200);
    expect(seen).toHaveLength(3);
    const other = answers([404]);
    const t2 = new Transport({ key: 'sk-test-000000000000', pacePerMinute: 0, requestTimeoutMs: 1000, log: silent, fresh, fetch: other.inner });
    expect((await t2.fetch('http://x/v1/vector_stores/vs_old', { method: 'GET' })).status).toBe(404);
    expect((await t2.fetch('http://x/v1/vector_stores/vs_unknown', { method: 'GET' })).status).toBe(404);
    expect(other.seen).toHaveLength(2);
  });

  test('OPENAI_CONSISTENCY_GRACE sets how long an object counts as fresh; 0 believes every 404 at once', async () => {
    expect([undefined, '', 'soon', '-1'].map(consistencyGrace)).toEqual([FRESH_MS, FRESH_MS, FRESH_MS, FRESH_MS]);
    expect([consistencyGrace('0'), consistencyGrace('2.5'), consistencyGrace('120')]).toEqual([0, 2500, 120_000]);
    expect(resolveConfig({}, { OPENAI_CONSISTENCY_GRACE: '0' }, '/nonexistent').consistencyGraceMs).toBe(0);
    expect(resolveConfig({}, {}, '/nonexistent').consistencyGraceMs).toBe(FRESH_MS);
    const fresh = new FreshObjects(0);
    fresh.add('vs_new');
    const { seen, inner } = answers([404, 200]);
    const t = new Transport({ key: 'sk-test-000000000000', pacePerMinute: 0, requestTimeoutMs: 1000, log: silent, fresh, fetch: inner });
    expect((await t.fetch('http://x/v1/vector_stores/vs_new', { method: 'GET' })).status).toBe(404);
    expect(seen).toHaveLength(1);
    const short = new FreshObjects(1000);
    short.add('vs_a', Date.now() - 1500);
    short.add('vs_b');
    expect([short.names('http://x/v1/vector_stores/vs_a'), short.names('http://x/v1/vector_stores/vs_b')]).toEqual([false, true]);
  });

  test('a fresh object that stays 404 past the budget is gone after all', async () => {
    const fresh = new FreshObjects();
    fresh.add('conv_x');
    const { seen, inner } = answers([404]);
    const t = new Transport({ key: 'sk-test-000000000000', pacePerMinute: 0, requestTimeoutMs: 1000, log: silent, fresh, fetch: inner });
    const started = Date.now();
    expect((await t.fetch('http://x/v1/conversations/conv_x', { method: 'DELETE' })).status).toBe(404);
    expect(seen).toHaveLength(1 + fresh.steps.length);
    expect(Date.now() - started).toBeGreaterThanOrEqual(fresh.steps.reduce((a, b) => a + b, 0) - 50);
  });
});
