// The fetch seam under the official SDK: shared cooldowns, admin pacing, per-request timeouts and the
// debug log. One Transport per credential, shared by every request made with it.
import type { FreshObjects } from './consistency';
import { redactKey } from './redact';

export interface Log {
  debug(message: string): void;
  /** A long wait the user should see (pacing, cooldown). */
  info(message: string): void;
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
  /^(?:file-|vs_|vsfb_|proj_|asst_|thread_|msg_|run_|step_|conv_|cntr_|cfile_|svc_acct_|key_|user-|invite-|cert_|we_|group_|role_|org-|item_|msg_|ftjob-|batch_)[A-Za-z0-9_-]+$/;

/** `POST /v1/organization/projects/proj_abc/archive` → `POST /organization/projects/{id}/archive`. */
export function endpointOf(method: string, url: string): string {
  const path = new URL(url).pathname.replace(/^\/v1(?=\/)/, '');
  const segs = path.split('/').map((s) => (ID_PREFIX.test(s) ? '{id}' : s));
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
  /** Requests per minute per admin endpoint; 0 = unpaced. */
  pacePerMinute: number;
  requestTimeoutMs: number;
  log: Log;
  fetch?: Fetch;
}

export class Transport {
  /** No request with this credential is sent before this time (set by a 429). */
  private cooldownUntil = 0;
  /** Admin pacing: the earliest time the next request to each endpoint may go. */
  private readonly nextSlot = new Map<string, number>();
  private readonly inner: Fetch;

  constructor(private readonly opts: TransportOptions) {
    this.inner = opts.fetch ?? fetch;
  }

  /** Reserves a paced slot for the endpoint and returns how long to wait for it. */
  private reserve(endpoint: string, now: number): number {
    if (this.opts.pacePerMinute <= 0) return 0;
    const gap = 60_000 / this.opts.pacePerMinute;
    const slot = Math.max(now, this.nextSlot.get(endpoint) ?? 0);
    this.nextSlot.set(endpoint, slot + gap);
    return slot - now;
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

  private readonly send: Fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const endpoint = endpointOf(method, url);
    const headers = new Headers(init?.headers);
    const attempt = Number(headers.get('x-stainless-retry-count') ?? 0);
    const signal = init?.signal;

    const now = Date.now();
    const wait = Math.max(this.cooldownUntil - now, 0) + this.reserve(endpoint, now);
    if (wait > 0) {
      const why = this.cooldownUntil > now ? 'rate-limit cooldown' : 'admin API pacing';
      (wait >= 2000 ? this.opts.log.info : this.opts.log.debug)(`waiting ${(wait / 1000).toFixed(1)}s (${why}) before ${endpoint}`);
      await sleep(wait, signal);
    }

    // The per-request timeout starts when the request is actually sent, not while it waits its turn.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`request timed out after ${this.opts.requestTimeoutMs}ms`)), this.opts.requestTimeoutMs);
    const started = Date.now();
    const retryNote = attempt > 0 ? `, retry ${attempt}` : '';
    try {
      const res = await this.inner(input, {
        ...init,
        signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
      });
      const ra = retryAfterMs(res.headers);
      if (res.status === 429) {
        const pause = ra ?? (this.opts.pacePerMinute > 0 ? 60_000 / this.opts.pacePerMinute : 0);
        this.cooldownUntil = Math.max(this.cooldownUntil, Date.now() + pause);
      }
      this.opts.log.debug(
        `${endpoint} -> ${res.status} in ${Date.now() - started}ms (${res.headers.get('x-request-id') ?? 'no request id'}, ` +
          `key ${redactKey(this.opts.key)}${retryNote}${ra !== undefined ? `, retry-after ${ra}ms` : ''})`,
      );
      return res;
    } catch (e) {
      const reason = timeout.signal.aborted ? (timeout.signal.reason as Error) : e;
      this.opts.log.debug(`${endpoint} -> failed after ${Date.now() - started}ms: ${String(reason)} (key ${redactKey(this.opts.key)}${retryNote})`);
      throw reason;
    } finally {
      clearTimeout(timer);
    }
  };
}
