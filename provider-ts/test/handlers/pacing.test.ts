// Pacing for real: the core against an emulator throttled like the live admin routes (per endpoint, a rolling
// window, 429 without Retry-After). ~30 admin objects across four endpoints, created concurrently as an engine
// would: no error reaches the caller, nothing is created twice, and once the pacer has learned an endpoint's
// budget the emulator hardly ever has to refuse it again.
import OpenAI from 'openai';
import { Provider, registry, type JsonObject } from '@openai-iac/core';
import { startEmulator, type Emulator, type RecordedRequest } from '@openai-iac/emulator';

const PER_WINDOW = 7;
const WINDOW_S = 3;

let w: { emulator: Emulator; provider: Provider; lines: string[]; admin: OpenAI };
/** A provider as one engine process has it (its own pacer), logging into `lines`. */
const newProvider = (emulator: Emulator, lines: string[]) => {
  const provider = new Provider(registry, {
    env: {
      OPENAI_BASE_URL: emulator.url,
      OPENAI_API_KEY: emulator.projectKey,
      OPENAI_ADMIN_KEY: emulator.adminKey,
      // The pacer learns budgets per window: the emulator's here, not the live API's minute.
      OPENAI_ADMIN_THROTTLE_WINDOW: String(WINDOW_S),
      OPENAI_IAC_JOURNAL: 'off',
    },
    log: { debug: (m) => lines.push(m), info: (m) => lines.push(m) },
    pollIntervalMs: 20,
    waitTimeoutMs: 10_000,
  });
  provider.configure({});
  return provider;
};
beforeAll(async () => {
  const emulator = await startEmulator({ port: 0, quiet: true });
  const lines: string[] = [];
  const provider = newProvider(emulator, lines);
  const admin = new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 });
  w = { emulator, provider, lines, admin };
});
afterAll(async () => w.emulator.close());

const create = async (type: string, raw: JsonObject, provider = w.provider) => {
  const { inputs, failures } = provider.check(type, raw);
  if (failures.length) throw new Error(`${type}: ${JSON.stringify(failures)}`);
  return provider.create(type, inputs as JsonObject, { address: `urn:${type}:${JSON.stringify(raw)}` });
};

/** `POST /organization/projects/{project_id}/users`: the emulator's own endpoint names (its route templates). */
const endpointOf = (r: RecordedRequest) =>
  `${r.method} ${r.path.replace(/^\/v1/, '').replace(/\/(proj_|svc_acct_|user-|invite-|key_|rl-)[^/]+/g, '/{id}')}`;

test(`~30 admin objects against ${PER_WINDOW} requests per ${WINDOW_S} s per endpoint: 0 errors, each object once, few 429s after learning`, async () => {
  const owner = (await w.admin.admin.organization.users.list()).data[0]!.id;
  w.emulator.requests.length = 0;
  w.emulator.setThrottle({ perWindow: PER_WINDOW, windowSeconds: WINDOW_S, path: /^\/v1\/organization\// });

  const N = 9;
  const started = Date.now();
  const projects = await Promise.all(Array.from({ length: N }, (_, i) => create('project', { name: `paced-${i}` })));
  const [accounts, members, invites] = await Promise.all([
    Promise.all(projects.map((p, i) => create('project_service_account', { project_id: p.id, name: `bot-${i}` }))),
    Promise.all(projects.map((p) => create('project_user', { project_id: p.id, user_id: owner, role: 'member' }))),
    Promise.all(Array.from({ length: 6 }, (_, i) => create('invite', { email: `paced-${i}@example.com`, role: 'reader' }))),
  ]);
  const wall = Date.now() - started;
  expect(accounts).toHaveLength(N);
  expect(members).toHaveLength(N);
  expect(invites).toHaveLength(6);

  // Every object exactly once in the emulator.
  const snap = w.emulator.snapshot() as Record<string, Array<{ id: string; name?: string; email?: string; project_id?: string }>>;
  const names = (snap['projects'] ?? []).map((p) => p.name).filter((n) => n?.startsWith('paced-'));
  expect(names.sort()).toEqual(Array.from({ length: N }, (_, i) => `paced-${i}`).sort());
  const emails = (snap['invites'] ?? []).map((i) => i.email).filter((e) => e?.startsWith('paced-'));
  expect(emails).toHaveLength(6);
  const botNames = (snap['service_accounts'] ?? snap['project_service_accounts'] ?? []).map((a) => a.name).filter((n) => n?.startsWith('bot-'));
  expect(botNames.sort()).toEqual(Array.from({ length: N }, (_, i) => `bot-${i}`).sort());

  // Per endpoint: the 429s the emulator had to answer after the first refusal's burst was answered.
  const byEndpoint = new Map<string, RecordedRequest[]>();
  for (const r of w.emulator.requests) byEndpoint.set(endpointOf(r), [...(byEndpoint.get(endpointOf(r)) ?? []), r]);
  const report: Record<string, { requests: number; throttled: number; afterLearning: number }> = {};
  for (const [endpoint, rs] of byEndpoint) {
    const throttled = rs.filter((r) => r.status === 429);
    const first = throttled[0];
    // Learning takes the first burst: every request sent before the first 429 came back (arrived within 50 ms of it).
    const afterLearning = first ? throttled.filter((r) => r.at > first.at + 50).length : 0;
    report[endpoint] = { requests: rs.length, throttled: throttled.length, afterLearning };
  }
  const counts = w.emulator.throttleCounts().endpoints;
  expect(Object.values(counts).reduce((a, c) => a + c.throttled, 0)).toBeGreaterThan(0); // the throttle did bite
  for (const [endpoint, r] of Object.entries(report)) expect([endpoint, r.afterLearning <= 2]).toEqual([endpoint, true]);
  // The floor: the busiest endpoint's accepted requests at PER_WINDOW per window, less the first window.
  const busiest = Math.max(...Object.values(counts).map((c) => c.accepted));
  expect(wall).toBeGreaterThanOrEqual((Math.ceil(busiest / PER_WINDOW) - 1) * WINDOW_S * 1000 - 100);
  // The user saw why it waited.
  expect(w.lines.some((l) => /^OpenAI is throttling (POST|GET) \/organization\/\S+: waiting \d+(\.\d)? s \(\d+ queued\)$/.test(l))).toBe(true);
  console.log(`pacing: ${wall} ms; per endpoint ${JSON.stringify(report)}`);
}, 120_000);

test('a second process right after the first (its first window full of requests it never saw) keeps the pace', async () => {
  // Pulumi's preview and up, Terraform's plan and apply, an apply then a destroy: one provider process after another.
  w.emulator.setThrottle(null);
  const projects = await Promise.all(Array.from({ length: 14 }, (_, i) => w.admin.admin.organization.projects.create({ name: `limited-${i}` })));
  const first = newProvider(w.emulator, []);
  const limit = (p: { id: string }, n: number) => ({ project_id: p.id, model: 'gpt-4o', max_requests_per_1_minute: n });
  // The first process sets 14 limits (two per project's GET and POST each, at 7 per window) ...
  w.emulator.setThrottle({ perWindow: PER_WINDOW, windowSeconds: WINDOW_S, path: /^\/v1\/organization\// });
  const made = await Promise.all(projects.map((p, i) => create('project_rate_limit', limit(p, 100 + i), first)));
  // ... and at once a second one resets them: its lane for POST …/rate_limits/{id} starts in a window the first filled.
  const lines: string[] = [];
  const second = newProvider(w.emulator, lines);
  const mark = w.emulator.requests.length;
  const started = Date.now();
  await Promise.all(made.map((m) => second.delete('project_rate_limit', m.id, m.state)));
  const wall = Date.now() - started;
  const posts = w.emulator.requests.slice(mark).filter((r) => r.method === 'POST' && /\/rate_limits\//.test(r.path));
  expect(posts.filter((r) => r.status === 200)).toHaveLength(14);
  // 14 resets at 7 per window take two windows after the first one's requests leave it: without the probe a
  // budget learned as 1 or 2 would take 7 to 14 windows.
  expect(wall).toBeLessThan(6 * WINDOW_S * 1000);
  // At worst its whole first burst lands in the full window; after that, few.
  expect(posts.filter((r) => r.status === 429).length).toBeLessThanOrEqual(14 + 4);
  console.log(`second process: ${wall} ms, ${posts.length} resets sent (${posts.filter((r) => r.status === 429).length} refused)`);
}, 120_000);
