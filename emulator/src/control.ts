// The control surface under /__emulator/ for out-of-process tests (real engines drive the emulator over HTTP).
// Not part of the OpenAI API, so not validated against the description.

import type * as http from 'node:http';
import { FAULT_KINDS, type ChaosSpec, type FaultKind, type FaultSpec, type ThrottleCounts, type ThrottleSpec } from './faults';
import type { RecordedRequest } from './server';

/** What the control surface drives (implemented by the Emulator). */
export interface ControlTarget {
  readonly requests: RecordedRequest[];
  readonly faults: {
    inject(spec: FaultSpec): void;
    clear(): void;
    readonly active: readonly FaultSpec[];
    setChaos(spec: ChaosSpec | null): void;
    readonly chaos: ChaosSpec | null;
    counts(): { matched: number; injected: Record<string, number> };
  };
  counts(): Record<string, number>;
  snapshot(): Record<string, unknown[]>;
  reset(): void;
  createProjectKey(projectId: string): Promise<{ key: string; id: string }>;
  addUser(user: { email: string; name?: string; role?: 'owner' | 'reader' }): Record<string, unknown>;
  setLatency(ms: number): void;
  setVisibilityDelay(ms: number): void;
  setRateLimit(keyOrNull: string | null, perMinute: number | null, windowSeconds?: number): void;
  setThrottle(spec: ThrottleSpec | null): void;
  readonly throttleRule: ThrottleSpec | null;
  throttleCounts(): ThrottleCounts;
  failNextRuns(count: number, error?: { code?: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'; message?: string }): void;
  requireActionNextRuns(count: number, call?: { name?: string; arguments?: string }): void;
}

class ControlError extends Error {}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ControlError('body is not valid JSON');
  }
}

const optionalNumber = (body: Record<string, unknown>, key: string): number | undefined => {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new ControlError(`${key} must be a number`);
  return v;
};

/** `POST /__emulator/faults` body -> FaultSpec (the path is a regular expression source). */
function faultFromJson(body: Record<string, unknown>): FaultSpec {
  const kind = body['kind'];
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind as FaultKind)) throw new ControlError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  if (typeof body['path'] !== 'string') throw new ControlError('path must be a regular expression (string)');
  const spec: FaultSpec = { kind: kind as FaultKind, path: new RegExp(body['path']) };
  if (typeof body['method'] === 'string') spec.method = body['method'];
  const times = optionalNumber(body, 'times');
  const retryAfterSeconds = optionalNumber(body, 'retryAfterSeconds');
  const hangMs = optionalNumber(body, 'hangMs');
  const slowMs = optionalNumber(body, 'slowMs');
  const status = optionalNumber(body, 'status');
  if (times !== undefined) spec.times = times;
  if (retryAfterSeconds !== undefined) spec.retryAfterSeconds = retryAfterSeconds;
  if (hangMs !== undefined) spec.hangMs = hangMs;
  if (slowMs !== undefined) spec.slowMs = slowMs;
  if (status !== undefined) {
    if (status !== 500 && status !== 502 && status !== 503) throw new ControlError('status must be 500, 502 or 503');
    spec.status = status;
  }
  return spec;
}

/** `POST /__emulator/chaos` body -> ChaosSpec (the path, if any, is a regular expression source). */
function chaosFromJson(body: Record<string, unknown>): ChaosSpec {
  const rate = optionalNumber(body, 'rate');
  const seed = optionalNumber(body, 'seed');
  if (rate === undefined || rate < 0 || rate > 1) throw new ControlError('rate must be a number from 0 to 1');
  if (seed === undefined || !Number.isInteger(seed)) throw new ControlError('seed must be an integer');
  const spec: ChaosSpec = { rate, seed };
  const kinds = body['kinds'];
  if (kinds !== undefined) {
    if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => typeof k !== 'string' || !FAULT_KINDS.includes(k as FaultKind))) {
      throw new ControlError(`kinds must be a non-empty list of ${FAULT_KINDS.join(', ')}`);
    }
    spec.kinds = kinds as FaultKind[];
  }
  if (body['path'] !== undefined) {
    if (typeof body['path'] !== 'string') throw new ControlError('path must be a regular expression (string)');
    spec.path = new RegExp(body['path']);
  }
  if (typeof body['method'] === 'string') spec.method = body['method'];
  for (const key of ['retryAfterSeconds', 'hangMs', 'slowMs'] as const) {
    const v = optionalNumber(body, key);
    if (v !== undefined) spec[key] = v;
  }
  return spec;
}

/** `POST /__emulator/throttle` body -> ThrottleSpec (the path, if any, is a regular expression source). */
function throttleFromJson(body: Record<string, unknown>): ThrottleSpec {
  const perWindow = optionalNumber(body, 'per_window');
  const windowSeconds = optionalNumber(body, 'window_seconds') ?? 60;
  if (perWindow === undefined || !Number.isInteger(perWindow) || perWindow < 1) throw new ControlError('per_window must be a positive integer');
  if (!(windowSeconds > 0)) throw new ControlError('window_seconds must be a positive number');
  const spec: ThrottleSpec = { perWindow, windowSeconds };
  if (body['path'] !== undefined) {
    if (typeof body['path'] !== 'string') throw new ControlError('path must be a regular expression (string)');
    spec.path = new RegExp(body['path']);
  }
  if (typeof body['method'] === 'string') spec.method = body['method'];
  return spec;
}

const throttleState = (target: ControlTarget) => {
  const rule = target.throttleRule;
  return {
    throttle: rule && {
      per_window: rule.perWindow,
      window_seconds: rule.windowSeconds,
      ...(rule.path !== undefined ? { path: rule.path instanceof RegExp ? rule.path.source : rule.path } : {}),
      ...(rule.method !== undefined ? { method: rule.method } : {}),
    },
    ...target.throttleCounts(),
  };
};

const chaosState = (target: ControlTarget) => {
  const chaos = target.faults.chaos;
  return {
    chaos: chaos && { ...chaos, ...(chaos.path instanceof RegExp ? { path: chaos.path.source } : {}) },
    ...target.faults.counts(),
  };
};

export async function handleControl(
  target: ControlTarget,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  method: string,
): Promise<void> {
  const route = `${method} ${url.pathname.replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET /__emulator/state':
        return send(res, 200, { counts: target.counts(), objects: target.snapshot() });
      case 'GET /__emulator/requests':
        return send(res, 200, { data: target.requests });
      case 'POST /__emulator/faults':
        target.faults.inject(faultFromJson(await readJson(req)));
        return send(res, 200, { faults: target.faults.active.length });
      case 'DELETE /__emulator/faults':
        target.faults.clear();
        return send(res, 200, { faults: 0 });
      case 'POST /__emulator/chaos':
        target.faults.setChaos(chaosFromJson(await readJson(req)));
        return send(res, 200, chaosState(target));
      case 'GET /__emulator/chaos':
        return send(res, 200, chaosState(target));
      case 'DELETE /__emulator/chaos': {
        const before = chaosState(target); // the last counts, then off
        target.faults.setChaos(null);
        return send(res, 200, before);
      }
      case 'POST /__emulator/visibility': {
        const ms = optionalNumber(await readJson(req), 'delay_ms');
        if (ms !== undefined && ms < 0) throw new ControlError('delay_ms must not be negative');
        target.setVisibilityDelay(ms ?? 0);
        return send(res, 200, { delay_ms: ms ?? 0 });
      }
      case 'POST /__emulator/reset':
        target.reset();
        return send(res, 200, { counts: target.counts() });
      case 'POST /__emulator/keys': {
        const projectId = (await readJson(req))['project_id'];
        if (typeof projectId !== 'string') throw new ControlError('project_id is required');
        return send(res, 200, await target.createProjectKey(projectId));
      }
      case 'POST /__emulator/users': {
        const body = await readJson(req);
        const { email, name, role } = body;
        if (typeof email !== 'string' || !email.includes('@')) throw new ControlError('email is required (an email address)');
        if (name !== undefined && typeof name !== 'string') throw new ControlError('name must be a string');
        if (role !== undefined && role !== 'owner' && role !== 'reader') throw new ControlError("role must be 'owner' or 'reader'");
        return send(res, 200, target.addUser({ email, ...(name === undefined ? {} : { name }), ...(role === undefined ? {} : { role }) }));
      }
      case 'POST /__emulator/latency': {
        const ms = optionalNumber(await readJson(req), 'ms');
        target.setLatency(ms ?? 0);
        return send(res, 200, { ms: ms ?? 0 });
      }
      case 'POST /__emulator/rate_limits': {
        const body = await readJson(req);
        const key = body['key'] ?? null;
        if (key !== null && typeof key !== 'string') throw new ControlError('key must be a string or null');
        target.setRateLimit(key, optionalNumber(body, 'per_minute') ?? null, optionalNumber(body, 'window_seconds'));
        return send(res, 200, { ok: true });
      }
      case 'POST /__emulator/throttle':
        target.setThrottle(throttleFromJson(await readJson(req)));
        return send(res, 200, throttleState(target));
      case 'GET /__emulator/throttle':
        return send(res, 200, throttleState(target));
      case 'DELETE /__emulator/throttle': {
        const before = throttleState(target); // the last counts, then off
        target.setThrottle(null);
        return send(res, 200, before);
      }
      case 'POST /__emulator/runs/fail': {
        const body = await readJson(req);
        const code = body['code'];
        target.failNextRuns(optionalNumber(body, 'count') ?? 1, {
          ...(code === 'server_error' || code === 'rate_limit_exceeded' || code === 'invalid_prompt' ? { code } : {}),
          ...(typeof body['message'] === 'string' ? { message: body['message'] } : {}),
        });
        return send(res, 200, { ok: true });
      }
      case 'POST /__emulator/runs/require_action': {
        const body = await readJson(req);
        target.requireActionNextRuns(optionalNumber(body, 'count') ?? 1, {
          ...(typeof body['name'] === 'string' ? { name: body['name'] } : {}),
          ...(typeof body['arguments'] === 'string' ? { arguments: body['arguments'] } : {}),
        });
        return send(res, 200, { ok: true });
      }
      default:
        return send(res, 404, { error: `unknown control route ${route}` });
    }
  } catch (e) {
    return send(res, 400, { error: e instanceof Error ? e.message : String(e) });
  }
}
