// Fault injection and per-key rate limits: the failures real clients must survive, on demand — one at a time
// (inject) or at random at a rate, from a seed (chaos).

import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { ApiError } from './errors';

export type FaultKind = 'rate_limit' | 'rate_limit_no_retry_after' | 'server_error' | 'reset' | 'timeout_after_apply' | 'slow';
export const FAULT_KINDS: readonly FaultKind[] = ['rate_limit', 'rate_limit_no_retry_after', 'server_error', 'reset', 'timeout_after_apply', 'slow'];

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
  /** `slow`: how long to wait before handling the request (default 500); the answer then comes normally. */
  slowMs?: number;
}

/**
 * Random faults: each request matching `method`/`path` fails with probability `rate`, with a kind drawn from
 * `kinds`. The draws come from a PRNG seeded with `seed` (xoroshiro128+), so one seed gives one sequence of
 * decisions over the matching requests in the order they arrive; concurrent clients may arrive in another order.
 */
export interface ChaosSpec {
  /** Probability that a matching request fails, 0 to 1. */
  rate: number;
  /** Seed of the PRNG (an integer). */
  seed: number;
  /** The kinds to mix, drawn uniformly (default every kind); a server_error's status is drawn among 500, 502, 503. */
  kinds?: readonly FaultKind[];
  method?: string;
  /** As in FaultSpec; every /v1 request when omitted. */
  path?: RegExp | string;
  /** `rate_limit`: the Retry-After value (default 1). */
  retryAfterSeconds?: number;
  /** `timeout_after_apply`: how long the answer is held (default 30000). */
  hangMs?: number;
  /** `slow`: the delay before handling (default 500). */
  slowMs?: number;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

/** The name a fault is counted under: its kind, a server error with its status (`server_error_502`). */
function countedAs(fault: FaultSpec): string {
  return fault.kind === 'server_error' ? `server_error_${fault.status ?? 500}` : fault.kind;
}

function matches(spec: { method?: string; path?: RegExp | string }, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method) return false;
  if (spec.path === undefined) return true;
  if (typeof spec.path === 'string') return spec.path === path || spec.path === path.replace(/^\/v1(?=\/)/, '');
  return spec.path.test(path);
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private chaosSpec: ChaosSpec | null = null;
  private random: RandomGenerator | null = null;
  private chaosMatched = 0;
  private injected: Record<string, number> = {};

  inject(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? 1 });
  }

  /** Starts random faults (replacing any earlier chaos, its PRNG reseeded and its counts zeroed); null stops them. */
  setChaos(spec: ChaosSpec | null): void {
    if (spec) {
      if (!(spec.rate >= 0 && spec.rate <= 1)) throw new RangeError('chaos rate must be between 0 and 1');
      if (!Number.isInteger(spec.seed)) throw new RangeError('chaos seed must be an integer');
      if (spec.kinds && (spec.kinds.length === 0 || spec.kinds.some((k) => !FAULT_KINDS.includes(k)))) {
        throw new RangeError(`chaos kinds must be some of ${FAULT_KINDS.join(', ')}`);
      }
    }
    this.chaosSpec = spec ? { ...spec } : null;
    this.random = spec ? xoroshiro128plus(spec.seed) : null;
    this.chaosMatched = 0;
    this.injected = {};
  }

  get chaos(): ChaosSpec | null {
    return this.chaosSpec;
  }

  /** Faults injected since the last clear() or setChaos(), explicit and random, by kind (`server_error_503` …),
   * and how many requests the chaos rule saw. */
  counts(): { matched: number; injected: Record<string, number> } {
    return { matched: this.chaosMatched, injected: { ...this.injected } };
  }

  /** Removes explicit faults and chaos, and zeroes the counts. */
  clear(): void {
    this.faults = [];
    this.setChaos(null);
  }

  /** Consumes and returns the first fault matching this request, if any; else a chaos draw, if chaos is on. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.faults.findIndex((f) => matches(f, method, path));
    const fault = this.faults[index] ?? this.draw(method, path);
    if (!fault) return undefined;
    if (index >= 0) {
      this.faults[index]!.remaining -= 1;
      if (this.faults[index]!.remaining <= 0) this.faults.splice(index, 1);
    }
    const name = countedAs(fault);
    this.injected[name] = (this.injected[name] ?? 0) + 1;
    return fault;
  }

  private draw(method: string, path: string): FaultSpec | undefined {
    const chaos = this.chaosSpec;
    const random = this.random;
    if (!chaos || !random || !matches(chaos, method, path)) return undefined;
    this.chaosMatched += 1;
    // Three draws per request, whatever the outcome, so a rate's sequence does not shift with the kinds.
    const hit = unsafeUniformIntDistribution(0, 999_999, random) < Math.round(chaos.rate * 1_000_000);
    const kinds = chaos.kinds ?? FAULT_KINDS;
    const kind = kinds[unsafeUniformIntDistribution(0, kinds.length - 1, random)]!;
    const status = ([500, 502, 503] as const)[unsafeUniformIntDistribution(0, 2, random)]!;
    if (!hit) return undefined;
    const spec: FaultSpec = { path, kind };
    if (kind === 'server_error') spec.status = status;
    if (chaos.retryAfterSeconds !== undefined) spec.retryAfterSeconds = chaos.retryAfterSeconds;
    if (chaos.hangMs !== undefined) spec.hangMs = chaos.hangMs;
    if (chaos.slowMs !== undefined) spec.slowMs = chaos.slowMs;
    return spec;
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

/** Sliding windows per key (a minute unless set otherwise); a limit set for `null` applies to every key without its own. */
export class RateLimiter {
  private readonly limits = new Map<string | null, { count: number; windowMs: number }>();
  private readonly hits = new Map<string, number[]>();

  set(key: string | null, perMinute: number | null, windowSeconds = 60): void {
    if (!(windowSeconds > 0)) throw new RangeError('window_seconds must be a positive number');
    if (perMinute === null) this.limits.delete(key);
    else this.limits.set(key, { count: perMinute, windowMs: windowSeconds * 1000 });
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
    const windowStart = nowMs - limit.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > windowStart);
    if (recent.length >= limit.count) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? nowMs) + limit.windowMs - nowMs) / 1000));
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    return null;
  }
}

/**
 * The admin API's own throttle: per endpoint (method + route template, `POST /organization/projects/{project_id}/users`),
 * at most `perWindow` requests accepted in any rolling `windowSeconds`; the others are answered 429 with the
 * API's rate-limit error and NO Retry-After (as api.openai.com's admin routes do). Refused requests do not count.
 */
export interface ThrottleSpec {
  perWindow: number;
  windowSeconds: number;
  /** Which requests are throttled: a RegExp tested against the request path, or a string equal to it; every /v1 request when omitted. */
  path?: RegExp | string;
  method?: string;
}

export interface ThrottleCounts {
  /** Per endpoint (`POST /organization/projects`): requests accepted and requests refused with a 429. */
  endpoints: Record<string, { accepted: number; throttled: number }>;
}

export class EndpointThrottle {
  private spec: ThrottleSpec | null = null;
  private readonly hits = new Map<string, number[]>();
  private tally: ThrottleCounts['endpoints'] = {};

  /** Starts (replacing any earlier rule, its windows and counts) or, with null, stops the throttle. */
  set(spec: ThrottleSpec | null): void {
    if (spec) {
      if (!Number.isInteger(spec.perWindow) || spec.perWindow < 1) throw new RangeError('per_window must be a positive integer');
      if (!(spec.windowSeconds > 0)) throw new RangeError('window_seconds must be a positive number');
    }
    this.spec = spec ? { ...spec } : null;
    this.hits.clear();
    this.tally = {};
  }

  get rule(): ThrottleSpec | null {
    return this.spec;
  }

  counts(): ThrottleCounts {
    return { endpoints: Object.fromEntries(Object.entries(this.tally).map(([k, v]) => [k, { ...v }])) };
  }

  /** Records a request to `METHOD template`; true when it is refused (the endpoint's window is full). */
  hit(method: string, template: string, path: string, nowMs: number): boolean {
    const spec = this.spec;
    if (!spec || !matches(spec, method, path)) return false;
    const endpoint = `${method.toUpperCase()} ${template}`;
    const windowStart = nowMs - spec.windowSeconds * 1000;
    const recent = (this.hits.get(endpoint) ?? []).filter((t) => t > windowStart);
    const counted = (this.tally[endpoint] ??= { accepted: 0, throttled: 0 });
    const refused = recent.length >= spec.perWindow;
    if (refused) counted.throttled += 1;
    else {
      recent.push(nowMs);
      counted.accepted += 1;
    }
    this.hits.set(endpoint, recent);
    return refused;
  }
}
