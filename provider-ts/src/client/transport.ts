// The fetch seam under the official SDK: shared cooldowns, per-endpoint pacing (client/pacer.ts), per-request
// timeouts and the debug log. One Transport per credential, shared by every request made with it; the pacer is
// shared by every credential of the provider process.
import type { FreshObjects } from './consistency';
import { Pacer, type Ticket } from './pacer';
import { redactKey } from './redact';

export interface Log {
  debug(message: string): void;
  /** A long wait the user should see (pacing, cooldown). */
  info(message: string): void;
  /** `false`: debug lines go nowhere, so a caller need not build them (one per request). Unset: they may go somewhere. */
  readonly debugOn?: boolean;
}

type Fetch = typeof fetch;

const sleep = (ms: number, signal?: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    if (ms <= 0) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

/** Object ids by their OpenAI prefixes. */
const ID_PREFIX =
  /^(?:file-|vs_|vsfb_|proj_|asst_|thread_|msg_|run_|step_|conv_|cntr_|cfile_|svc_acct_|key_|user-|invite-|cert_|we_|whe_|group_|role_|org-|item_|ftjob-|batch_|rl-)[A-Za-z0-9._-]+$/;
/** Any other id-looking segment (`gpt-4o`, an unknown prefix): a digit and a separator; the API's own words have neither. */
const ID_LIKE = /^(?=.*\d)(?=.*[-_.])[A-Za-z0-9._-]+$/;

/** `POST /v1/organization/projects/proj_abc/archive` → `POST /organization/projects/{id}/archive`. */
export function endpointOf(method: string, url: string): string {
  const path = new URL(url).pathname.replace(/^\/v1(?=\/)/, '');
  const segs = path.split('/').map((s) => (ID_PREFIX.test(s) || ID_LIKE.test(s) ? '{id}' : s));
  return `${method.toUpperCase()} ${segs.join('/')}`;
}

/** Seconds or ms from `retry-after-ms` / `retry-after` (delta seconds or an HTTP date). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms)) return Math.max(0, ms);
  const ra = headers.get('retry-after');
  if (ra === null) return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface TransportOptions {
  key: string;
  /** Objects made moments ago, whose 404 is retried briefly (client/consistency.ts). */
  fresh?: FreshObjects;
  /** A prior budget, requests per minute per endpoint, until the endpoint throttles; 0 = none (pacing is learned). */
  pacePerMinute: number;
  /** Per-endpoint pacing learned from 429s without Retry-After, shared by the process (one per Transport if absent). */
  pacer?: Pacer;
  requestTimeoutMs: number;
  log: Log;
  fetch?: Fetch;
}

/** How many times one request is sent again after a 429 without Retry-After before the SDK is told of it. */
const MAX_THROTTLED_RESENDS = 25;

/** The admin API's routes (`POST /organization/projects`): paced per endpoint. */
const ADMIN_ROUTE = /^[A-Z]+ \/organization(?:\/|$)/;

/** The ticket of a request outside the pacer. */
const UNPACED: Ticket = { waitedMs: 0, done: () => {} };

/** Whether a request body can be sent a second time as it is (a stream cannot). */
const resendable = (body: RequestInit['body']) => !(typeof ReadableStream !== 'undefined' && body instanceof ReadableStream);

export class Transport {
  /** No request with this credential is sent before this time (set by a 429 with Retry-After). */
  private cooldownUntil = 0;
  private readonly inner: Fetch;
  private readonly pacer: Pacer;

  constructor(private readonly opts: TransportOptions) {
    this.inner = opts.fetch ?? fetch;
    this.pacer = opts.pacer ?? new Pacer({ windowMs: 60_000, log: opts.log });
  }

  readonly fetch: Fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const fresh = this.opts.fresh;
    // Only requests that can be sent again as they are (no streamed body) are retried on a doubted 404.
    if (!fresh || !(method === 'GET' || method === 'DELETE' || typeof init?.body === 'string' || init?.body == null) || !fresh.names(url)) {
      return this.send(input, init);
    }
    let res = await this.send(input, init);
    for (const wait of fresh.steps) {
      if (res.status !== 404) break;
      this.opts.log.debug(`${endpointOf(method, url)} -> 404 for an object made moments ago: asking again in ${wait}ms`);
      await res.body?.cancel();
      await sleep(wait, init?.signal);
      res = await this.send(input, init);
    }
    return res;
  };

  /**
   * Sends one request at its endpoint's pace. A 429 without Retry-After (the admin API's throttle: nothing was
   * applied, so any request, a create too, is safe to send again) is absorbed here: the pacer learns the
   * endpoint's budget and the request waits its turn and goes again, as long as it takes within the SDK's
   * deadline (the signal). A 429 with Retry-After is handed to the SDK, which honours it, as does the cooldown.
   */
  private readonly send: Fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const endpoint = endpointOf(method, url);
    const signal = init?.signal;
    // Only the admin routes throttle per endpoint without Retry-After; elsewhere a 429 without one is handed to the
    // SDK's backoff as it always was, and nothing is learned from it.
    const admin = ADMIN_ROUTE.test(endpoint);
    const canResend = admin && (typeof input === 'string' || input instanceof URL) && resendable(init?.body);
    for (let resend = 0; ; resend++) {
      const now = Date.now();
      const cooldown = this.cooldownUntil - now;
      if (cooldown > 0) {
        (cooldown >= 2000 ? this.opts.log.info : this.opts.log.debug)(
          `waiting ${(cooldown / 1000).toFixed(1)}s (rate-limit cooldown) before ${endpoint}`,
        );
        await sleep(cooldown, signal);
      }
      const ticket = admin ? await this.pacer.acquire(endpoint, { perMinute: this.opts.pacePerMinute, signal }) : UNPACED;
      const res = await this.sendOnce(input, init, endpoint, ticket, resend);
      if (res.status !== 429 || res.headers.has('retry-after') || res.headers.has('retry-after-ms')) return res;
      if (!canResend || resend >= MAX_THROTTLED_RESENDS) return res;
      await res.body?.cancel();
    }
  };

  private async sendOnce(
    input: Parameters<Fetch>[0],
    init: Parameters<Fetch>[1],
    endpoint: string,
    ticket: Ticket,
    resend: number,
  ): Promise<Response> {
    // The SDK passes a Headers: read it as it is (a copy per request only for other shapes).
    const given = init?.headers;
    const headers = given instanceof Headers ? given : new Headers(given);
    const attempt = Number(headers.get('x-stainless-retry-count') ?? 0);
    const signal = init?.signal;
    // The per-request timeout starts when the request is actually sent, not while it waits its turn. One
    // controller, aborted by the timer or by the caller's signal (AbortSignal.any per request cost more); the
    // caller's signal still aborts it while the body is read, as the SDK's per-request signal lives as long.
    const abort = new AbortController();
    let expired: Error | undefined;
    const timer = setTimeout(() => {
      expired = new Error(`request timed out after ${this.opts.requestTimeoutMs}ms`);
      abort.abort(expired);
    }, this.opts.requestTimeoutMs);
    const follow = () => abort.abort(signal?.reason);
    if (signal?.aborted) follow();
    else signal?.addEventListener('abort', follow, { once: true });
    const started = Date.now();
    const retryNote = `${attempt > 0 ? `, retry ${attempt}` : ''}${resend > 0 ? `, sent again ${resend}x after throttling` : ''}`;
    let outcome: 'answered' | 'throttled' | 'refused' = 'answered';
    try {
      const res = await this.inner(input, { ...init, signal: abort.signal });
      const ra = retryAfterMs(res.headers);
      if (res.status === 429) {
        if (ra !== undefined) {
          outcome = 'refused';
          this.cooldownUntil = Math.max(this.cooldownUntil, Date.now() + ra);
        } else outcome = 'throttled';
      }
      if (this.opts.log.debugOn !== false) {
        this.opts.log.debug(
          `${endpoint} -> ${res.status} in ${Date.now() - started}ms (${res.headers.get('x-request-id') ?? 'no request id'}, ` +
            `key ${redactKey(this.opts.key)}${retryNote}${ra !== undefined ? `, retry-after ${ra}ms` : ''})`,
        );
      }
      return res;
    } catch (e) {
      const reason = expired ?? e;
      this.opts.log.debug(`${endpoint} -> failed after ${Date.now() - started}ms: ${String(reason)} (key ${redactKey(this.opts.key)}${retryNote})`);
      throw reason;
    } finally {
      clearTimeout(timer);
      ticket.done(outcome);
    }
  }
}
