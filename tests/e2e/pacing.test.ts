// Pacing for real, on the real Pulumi engine: a stack of 100 admin objects (20 projects, each with a service
// account, a member, a rate limit and an invite) against the emulator throttled like the live admin routes —
// per endpoint, 7 requests per rolling window, 429 without Retry-After — with a short window (5 s) so the run
// stays near two minutes. The provider process learns each endpoint's budget from its 429s and queues the rest:
// `pulumi up` reports no error, every object exists exactly once, and after the first burst per endpoint the
// emulator hardly had to refuse anything. tools/bench-pacing.mts runs the same stack at the real 7 a minute.
import { startEmulator, type Emulator, type RecordedRequest } from '@openai-iac/emulator';
import { liveCounts, Workspace, type Stack } from './harness';

jest.setTimeout(400_000);

const COUNT = 20; // × 5 objects
const PER_WINDOW = 7;
const WINDOW_S = 5;

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
/** The provider process's environment: the pacer assumes the emulator's window, not the live API's minute. */
const env = { OPENAI_ADMIN_THROTTLE_WINDOW: String(WINDOW_S) };

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  const owner = emu.snapshot()['users']?.[0] as { id: string } | undefined;
  if (!owner) throw new Error('the emulator has no organization user');
  ws = await Workspace.create();
  stack = await ws.stack('pacing', 'pacing', {
    'openai:baseUrl': emu.url,
    'openai:adminApiKey': { secret: emu.adminKey },
    count: String(COUNT),
    ownerUserId: owner.id,
  });
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

/** `POST /organization/projects/{id}/users`: the request log by endpoint. */
const endpointOf = (r: RecordedRequest) =>
  `${r.method} ${r.path.replace(/^\/v1/, '').replace(/\/(proj_|svc_acct_|user-|invite-|key_|rl-)[^/]+/g, '/{id}')}`;

/** Per endpoint since `from`: requests, 429s, and 429s after the first burst (requests that arrived 1 s after the first 429). */
type Report = Record<string, { requests: number; throttled: number; afterLearning: number; from: number; to: number }>;
function throttling(from: number, since: number): Report {
  const out: Report = {};
  const first: Record<string, number> = {};
  for (const r of emu.requests.slice(from)) {
    if (!r.path.startsWith('/v1/organization/')) continue;
    const e = endpointOf(r);
    const o = (out[e] ??= { requests: 0, throttled: 0, afterLearning: 0, from: (r.at - since) / 1000, to: 0 });
    o.requests += 1;
    o.to = (r.at - since) / 1000;
    if (r.status !== 429) continue;
    o.throttled += 1;
    first[e] ??= r.at;
    if (r.at > first[e] + 1000) o.afterLearning += 1;
  }
  return out;
}

test(`pulumi up: ${COUNT * 5} admin objects at ${PER_WINDOW} requests per ${WINDOW_S} s per endpoint, 0 errors, each once`, async () => {
  const baseline = liveCounts(emu);
  emu.setThrottle({ perWindow: PER_WINDOW, windowSeconds: WINDOW_S, path: /^\/v1\/organization\// });
  const mark = emu.requests.length;
  const started = Date.now();
  const up = await stack.pulumi(['up', '--yes', '--skip-preview'], { env });
  const wall = Date.now() - started;
  expect(up.stdout).not.toMatch(/error:/i);
  expect(up.stdout).toMatch(new RegExp(`\\+ ${COUNT * 5 + 1} created`)); // and the stack itself
  // The waits were told, under the resources that waited (the engine's Log RPC).
  expect(up.stdout).toMatch(/OpenAI is throttling (GET|POST) \/organization\/\S+: waiting \d+(\.\d)? s \(\d+ queued\)/);

  const resources = await stack.resources();
  expect(Object.keys(resources)).toHaveLength(COUNT * 5);
  const snap = emu.snapshot() as Record<string, Array<{ name?: string; email?: string }>>;
  const named = (kind: string, field: 'name' | 'email', pattern: RegExp) =>
    (snap[kind] ?? [])
      .map((o) => o[field])
      .filter((v): v is string => typeof v === 'string' && pattern.test(v))
      .sort();
  const expected = (f: (i: number) => string) => Array.from({ length: COUNT }, (_, i) => f(i)).sort();
  expect(named('projects', 'name', /^paced-\d+$/)).toEqual(expected((i) => `paced-${i}`));
  expect(named('invites', 'email', /^paced-\d+@/)).toEqual(expected((i) => `paced-${i}@example.com`));
  const accounts = Object.entries(snap).find(([k]) => /service_accounts$/.test(k))?.[1] ?? [];
  expect(
    accounts
      .map((a) => a.name)
      .filter((n) => n?.startsWith('paced-bot-'))
      .sort(),
  ).toEqual(expected((i) => `paced-bot-${i}`));
  const after = liveCounts(emu);
  expect((after['projects'] ?? 0) - (baseline['projects'] ?? 0)).toBe(COUNT);

  // The throttle bit, and after each endpoint's first burst the pacer kept to the pace.
  const report = throttling(mark, started);
  const counts = emu.throttleCounts().endpoints;
  expect(Object.values(counts).reduce((a, c) => a + c.throttled, 0)).toBeGreaterThan(0);
  for (const [endpoint, r] of Object.entries(report)) expect({ endpoint, ok: r.afterLearning <= 3 }).toEqual({ endpoint, ok: true });
  // The floor: the busiest endpoint's accepted requests at PER_WINDOW per window.
  const busiest = Math.max(...Object.values(counts).map((c) => c.accepted));
  const floor = (Math.ceil(busiest / PER_WINDOW) - 1) * WINDOW_S * 1000;
  expect(wall).toBeGreaterThanOrEqual(floor);
  console.log(`pacing e2e: up ${(wall / 1000).toFixed(1)} s, floor ${floor / 1000} s; ${JSON.stringify(report)}`);
});

test('pulumi destroy under the same throttle: 0 errors, nothing left', async () => {
  const mark = emu.requests.length;
  const started = Date.now();
  const down = await stack.pulumi(['destroy', '--yes', '--skip-preview'], { env });
  expect(down.stdout).not.toMatch(/error:/i);
  expect(await stack.resources()).toEqual({});
  const snap = emu.snapshot() as Record<string, Array<{ name?: string; email?: string; status?: string }>>;
  expect((snap['projects'] ?? []).filter((p) => p.name?.startsWith('paced-') && p.status !== 'archived')).toEqual([]);
  expect((snap['invites'] ?? []).filter((i) => i.email?.startsWith('paced-'))).toEqual([]);
  console.log(`pacing e2e destroy: ${((Date.now() - started) / 1000).toFixed(1)} s; ${JSON.stringify(throttling(mark, started))}`);
});
