// The per-endpoint pacer (client/pacer.ts) on a fake clock, then the transport's handling of 429s around it.
import OpenAI from 'openai';
import { classify, createOnce } from '../../src/client/create-once';
import { Pacer, type Clock, type Ticket } from '../../src/client/pacer';
import { Transport } from '../../src/client/transport';

/** A clock whose time only moves when the test says so. */
class FakeClock implements Clock {
  t = 1_000_000;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  /** Moves time on, firing due timers in order; lets granted promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

const silent = { debug: () => {}, info: () => {} };
const EP = 'POST /organization/projects/{id}/users';

/** Acquires n tickets and records which were granted (and when). */
function requests(pacer: Pacer, clock: FakeClock, n: number, endpoint = EP) {
  const granted: Array<{ i: number; at: number; ticket: Ticket }> = [];
  for (let i = 0; i < n; i++) void pacer.acquire(endpoint).then((ticket) => granted.push({ i, at: clock.now(), ticket }));
  return granted;
}

describe('pacer (fake clock)', () => {
  test('unthrottled endpoints are not held back', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ windowMs: 60_000, clock, log: silent });
    const granted = requests(pacer, clock, 20);
    await flush();
    expect(granted).toHaveLength(20);
    expect(pacer.budget(EP)).toBeUndefined();
  });

  test('a 429 without Retry-After teaches the budget: what is in the window; then requests go at that pace', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ windowMs: 60_000, clock, log: silent });
    // A burst of 10 against a server that accepts 7 a minute: 7 answered, 3 throttled.
    const burst = requests(pacer, clock, 10);
    await flush();
    expect(burst).toHaveLength(10);
    await clock.advance(100);
    for (const g of burst.slice(0, 7)) g.ticket.done('answered');
    for (const g of burst.slice(7)) g.ticket.done('throttled');
    expect(pacer.budget(EP)).toEqual({ perWindow: 7, windowMs: 60_000, learned: true });
    expect(pacer.throttledCounts()).toEqual({ [EP]: 3 });

    // The three sent again, and four more: none may go before the answered seven leave the window.
    const again = requests(pacer, clock, 7);
    await clock.advance(59_000);
    expect(again).toHaveLength(0);
    await clock.advance(1_500); // one window after the answers, plus the margin
    expect(again).toHaveLength(7);
    expect(again.every((g) => g.at >= 1_000_000 + 100 + 60_000)).toBe(true);
    // A window at the learned budget without a 429 (the one it was learned in might have held requests of another
    // process): one more is tried; its 429 confirms the budget, learned again from the lane's own requests.
    const probe = requests(pacer, clock, 1);
    await flush();
    expect(probe).toHaveLength(1);
    expect(pacer.budget(EP)?.perWindow).toBe(8);
    probe[0]!.ticket.done('throttled');
    expect(pacer.budget(EP)?.perWindow).toBe(7);
    // A window is counted from each ANSWER: in-flight requests hold their place however long they take.
    const more = requests(pacer, clock, 1);
    await clock.advance(120_000);
    expect(more).toHaveLength(0); // all seven still in flight, and no more probing
    for (const g of again) g.ticket.done('answered');
    await clock.advance(59_000);
    expect(more).toHaveLength(0);
    await clock.advance(1_500);
    expect(more).toHaveLength(1);
  });

  test('a budget learned in a window that held requests it never saw is probed upward, and kept once a probe meets a 429', async () => {
    const clock = new FakeClock();
    const W = 10_000;
    const pacer = new Pacer({ windowMs: W, clock, log: silent });
    // An earlier process filled the server's window (limit 3): our second request is refused with one of ours in it.
    const first = requests(pacer, clock, 2);
    await flush();
    first[0]!.ticket.done('answered');
    first[1]!.ticket.done('throttled');
    expect(pacer.budget(EP)?.perWindow).toBe(1);
    const queued = requests(pacer, clock, 12);
    await flush();
    expect(queued).toHaveLength(0);
    // A window at its budget without a 429: room for the one, and a probe of one more.
    await clock.advance(W + 100);
    expect(queued).toHaveLength(2);
    expect(pacer.budget(EP)?.perWindow).toBe(2);
    for (const g of queued) g.ticket.done('answered');
    // Another quiet window: the probe doubles (2 + 2); the server takes three and refuses the fourth.
    await clock.advance(W + 100);
    expect(queued).toHaveLength(6);
    for (const g of queued.slice(2, 5)) g.ticket.done('answered');
    queued[5]!.ticket.done('throttled');
    expect(pacer.budget(EP)?.perWindow).toBe(3);
    // Confirmed: from now on three per window, no more probing.
    for (let round = 0; round < 2; round++) {
      const before = queued.length;
      await clock.advance(W + 100);
      expect(queued.length - before).toBe(3);
      for (const g of queued.slice(before)) g.ticket.done('answered');
    }
    expect(pacer.budget(EP)?.perWindow).toBe(3);
  });

  test('the budget follows the latest 429: an overestimate during a burst is corrected', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ windowMs: 3_000, clock, log: silent });
    const burst = requests(pacer, clock, 6);
    await flush();
    burst[0]!.ticket.done('answered');
    burst[1]!.ticket.done('answered');
    burst[2]!.ticket.done('throttled'); // three still in flight: counted, budget 5 for now
    expect(pacer.budget(EP)?.perWindow).toBe(5);
    for (const g of burst.slice(3)) g.ticket.done('throttled');
    expect(pacer.budget(EP)?.perWindow).toBe(2);
  });

  test('a refused request (429 with Retry-After) does not count and teaches nothing', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ windowMs: 3_000, clock, log: silent });
    const as = requests(pacer, clock, 1);
    await flush();
    as[0]!.ticket.done('refused');
    expect(pacer.budget(EP)).toBeUndefined();
  });

  test('a prior budget (admin_requests_per_minute) paces before any 429, and waiting requests can be aborted', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ windowMs: 60_000, clock, log: silent });
    const granted: number[] = [];
    for (let i = 0; i < 3; i++) void pacer.acquire(EP, { perMinute: 2 }).then((t) => (granted.push(i), t.done('answered')));
    const abort = new AbortController();
    const aborted = pacer.acquire(EP, { perMinute: 2, signal: abort.signal });
    await flush();
    expect(granted).toEqual([0, 1]);
    abort.abort(new Error('deadline'));
    await expect(aborted).rejects.toThrow('deadline');
    await clock.advance(61_000);
    expect(granted).toEqual([0, 1, 2]);
  });

  test('lanes are per endpoint', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer({ windowMs: 60_000, clock, log: silent });
    const as = requests(pacer, clock, 1);
    await flush();
    as[0]!.ticket.done('throttled');
    const same = requests(pacer, clock, 2);
    const other = requests(pacer, clock, 2, 'GET /organization/projects');
    await flush();
    expect(same).toHaveLength(0); // a 429 holds its lane back a sixteenth of a window at least
    expect(other).toHaveLength(2);
    await clock.advance(60_000 / 16);
    expect(same).toHaveLength(1); // budget 1 (nothing else was in the window)
  });

  test('long waits are reported through the info hook, with the queue length', async () => {
    const clock = new FakeClock();
    const info: string[] = [];
    const pacer = new Pacer({ windowMs: 60_000, clock, log: { debug: () => {}, info: (m) => info.push(m) } });
    const as = requests(pacer, clock, 1);
    await flush();
    as[0]!.ticket.done('answered');
    const bs = requests(pacer, clock, 1);
    await flush();
    bs[0]!.ticket.done('throttled');
    requests(pacer, clock, 3);
    await flush();
    // Budget 1 (the request answered before was in the window): the first waits one window, the third three.
    expect(info).toEqual([
      `OpenAI is throttling ${EP}: waiting 60 s (1 queued)`,
      `OpenAI is throttling ${EP}: waiting 120 s (2 queued)`,
      `OpenAI is throttling ${EP}: waiting 180 s (3 queued)`,
    ]);
  });
});

describe('transport: 429s without Retry-After', () => {
  /** A server accepting `perWindow` requests per endpoint in a rolling `windowMs`, like the emulator's throttle. */
  const throttled = (perWindow: number, windowMs: number, opts: { retryAfter?: boolean } = {}) => {
    const hits = new Map<string, number[]>();
    const log: Array<{ path: string; status: number; at: number }> = [];
    const inner = (async (input: string | URL | Request, init?: RequestInit) => {
      const path = `${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`;
      const now = Date.now();
      const recent = (hits.get(path) ?? []).filter((t) => t > now - windowMs);
      const ok = recent.length < perWindow;
      if (ok) recent.push(now);
      hits.set(path, recent);
      log.push({ path, status: ok ? 200 : 429, at: now });
      await new Promise((r) => setTimeout(r, 5));
      return ok
        ? new Response('{}', { status: 200 })
        : new Response('{"error":{"code":"rate_limit_exceeded"}}', { status: 429, headers: opts.retryAfter ? { 'retry-after-ms': '50' } : {} });
    }) as typeof fetch;
    return { inner, log };
  };

  test('are absorbed: the request waits for the learned pace and goes again, and few 429s follow the first burst', async () => {
    const { inner, log } = throttled(3, 400);
    const pacer = new Pacer({ windowMs: 400, log: silent });
    const t = new Transport({ key: 'sk-admin-000000000000', pacePerMinute: 0, requestTimeoutMs: 5000, log: silent, pacer, fetch: inner });
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.fetch('http://x/v1/organization/projects', { method: 'POST', body: JSON.stringify({ name: `p${i}` }) })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(log.filter((r) => r.status === 200)).toHaveLength(12);
    // The first burst (all 12 at once, nothing learned yet): 3 accepted, 9 refused. After it, the pace holds.
    expect(log.slice(0, 12).filter((r) => r.status === 429)).toHaveLength(9);
    expect(log.slice(12).filter((r) => r.status === 429).length).toBeLessThanOrEqual(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 400); // 12 at 3 per 400 ms
  });

  test('a 429 WITH Retry-After is handed to the SDK (which honours it) and teaches the pacer nothing', async () => {
    const { inner } = throttled(1, 10_000, { retryAfter: true });
    const pacer = new Pacer({ windowMs: 10_000, log: silent });
    const t = new Transport({ key: 'sk-admin-000000000000', pacePerMinute: 0, requestTimeoutMs: 5000, log: silent, pacer, fetch: inner });
    expect((await t.fetch('http://x/v1/organization/users', { method: 'GET' })).status).toBe(200);
    expect((await t.fetch('http://x/v1/organization/users', { method: 'GET' })).status).toBe(429);
    expect(pacer.budget('GET /organization/users')).toBeUndefined();
  });

  test('a body that cannot be sent twice (a stream) is not sent again: the 429 goes to the caller', async () => {
    const { inner, log } = throttled(1, 10_000);
    const t = new Transport({ key: 'sk-admin-000000000000', pacePerMinute: 0, requestTimeoutMs: 5000, log: silent, fetch: inner });
    await t.fetch('http://x/v1/organization/certificates', { method: 'POST', body: 'x' });
    const stream = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('x')), c.close()) });
    const res = await t.fetch('http://x/v1/organization/certificates', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(429);
    expect(log).toHaveLength(2);
  });

  test('outside the admin routes a 429 without Retry-After goes to the SDK as before: not paced, nothing learned', async () => {
    const { inner, log } = throttled(1, 10_000);
    const pacer = new Pacer({ windowMs: 10_000, log: silent });
    const t = new Transport({ key: 'sk-proj-000000000000', pacePerMinute: 0, requestTimeoutMs: 5000, log: silent, pacer, fetch: inner });
    await t.fetch('http://x/v1/vector_stores', { method: 'POST', body: '{}' });
    expect((await t.fetch('http://x/v1/vector_stores', { method: 'POST', body: '{}' })).status).toBe(429);
    expect(log).toHaveLength(2);
    expect(pacer.budget('POST /vector_stores')).toBeUndefined();
  });
});

describe('create-once and the admin throttle', () => {
  const throttled429 = () =>
    OpenAI.APIError.generate(429, { error: { message: 'Rate limit reached for requests.', code: 'rate_limit_exceeded' } }, undefined, new Headers());

  test('a 429 without Retry-After is a certain refusal: the create is sent again, never looked up as if it might exist', async () => {
    expect(classify(throttled429())).toBe('rejected-retryable');
    let sends = 0;
    const find = jest.fn(async () => [{ id: 'proj_stray' }]);
    const created = await createOnce(
      async () => (++sends < 3 ? Promise.reject(throttled429()) : { id: 'proj_new' }),
      { find },
      {
        maxRetries: 5,
        what: 'project (import id proj_<id>)',
        log: () => {},
        sleep: async () => {},
      },
    );
    expect(created.id).toBe('proj_new');
    expect(sends).toBe(3);
    expect(find).not.toHaveBeenCalled(); // a lookup would be for an ambiguous failure: it could adopt a stray
  });

  test('through the SDK: a throttled create waits in the transport and is sent again, the SDK never sees the 429', async () => {
    const bodies: string[] = [];
    let n = 0;
    const inner = (async (_input: string | URL | Request, init?: RequestInit) => {
      bodies.push(String(init?.body));
      return ++n <= 2
        ? new Response('{"error":{"message":"Rate limit reached for requests.","type":"requests","code":"rate_limit_exceeded"}}', {
            status: 429,
            headers: { 'content-type': 'application/json' },
          })
        : new Response('{"id":"proj_1","object":"organization.project","name":"p","created_at":1,"status":"active"}', {
            status: 200,
            headers: { 'content-type': 'application/json' },
          });
    }) as typeof fetch;
    const pacer = new Pacer({ windowMs: 50, log: silent });
    const t = new Transport({ key: 'sk-admin-000000000000', pacePerMinute: 0, requestTimeoutMs: 5000, log: silent, pacer, fetch: inner });
    const client = new OpenAI({ apiKey: null, adminAPIKey: 'sk-admin-000000000000', baseURL: 'http://x/v1', maxRetries: 0, fetch: t.fetch });
    const p = await createOnce(
      (opts) => client.admin.organization.projects.create({ name: 'p' }, opts),
      {},
      { maxRetries: 0, what: 'project', log: () => {} },
    );
    expect(p.id).toBe('proj_1');
    expect(bodies).toEqual(Array(3).fill('{"name":"p"}'));
  });
});
