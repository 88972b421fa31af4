// Fault injection and per-key rate limits: the failures real clients must survive, on demand.

import { ApiError } from './errors';

export type FaultKind = 'rate_limit' | 'rate_limit_no_retry_after' | 'server_error' | 'reset' | 'timeout_after_apply';

export interface FaultSpec {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** A RegExp tested against the request path, or a string equal to it (with or without the /v1 prefix). */
  path: RegExp | string;
  kind: FaultKind;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** `rate_limit`: the Retry-After value (default 1). */
  retryAfterSeconds?: number;
  /** `timeout_after_apply`: how long to hold the answer after applying the request (default 30000). */
  hangMs?: number;
  /** `server_error`: 500 (default), 502 or 503. */
  status?: 500 | 502 | 503;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  inject(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const short = path.replace(/^\/v1(?=\/)/, '');
    const index = this.faults.findIndex(
      (f) =>
        (!f.method || f.method.toUpperCase() === method) && (typeof f.path === 'string' ? f.path === path || f.path === short : f.path.test(path)),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  get active(): readonly FaultSpec[] {
    return this.faults;
  }
}

const RATE_LIMIT_MESSAGE = 'Rate limit reached for requests. Please try again later.';

/** The 429 the API sends; admin-style 429s carry no Retry-After. */
export function rateLimitError(retryAfterSeconds: number | null): ApiError {
  const headers: Record<string, string> =
    retryAfterSeconds === null ? {} : { 'retry-after': String(retryAfterSeconds), 'retry-after-ms': String(retryAfterSeconds * 1000) };
  return new ApiError(429, RATE_LIMIT_MESSAGE, 'requests', null, 'rate_limit_exceeded', headers);
}

export function serverError(status: 500 | 502 | 503): ApiError {
  return status === 503
    ? new ApiError(503, 'The server is overloaded or not ready yet.', 'server_error')
    : new ApiError(status, 'The server had an error while processing your request. Sorry about that!', 'server_error');
}

/** Sliding one-minute windows per key; a limit set for `null` applies to every key without its own. */
export class RateLimiter {
  private readonly limits = new Map<string | null, number>();
  private readonly hits = new Map<string, number[]>();

  set(key: string | null, perMinute: number | null): void {
    if (perMinute === null) this.limits.delete(key);
    else this.limits.set(key, perMinute);
    this.hits.clear();
  }

  clear(): void {
    this.limits.clear();
    this.hits.clear();
  }

  /** Records a request; returns the seconds to wait when it exceeds the key's limit. */
  hit(key: string, nowMs: number): number | null {
    const limit = this.limits.get(key) ?? this.limits.get(null);
    if (limit === undefined) return null;
    const windowStart = nowMs - 60_000;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > windowStart);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? nowMs) + 60_000 - nowMs) / 1000));
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    return null;
  }
}
