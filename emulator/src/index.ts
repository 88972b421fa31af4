// @openai-iac/emulator: a stateful local OpenAI API, validated against the official OpenAPI description.

import type { ControlTarget } from './control';
import type { FaultInjector, ThrottleCounts, ThrottleSpec } from './faults';
import { createServiceAccountKey } from './routes/admin/api-keys';
import { createServiceAccount } from './routes/admin/service-accounts';
import { addUser, presentUser } from './routes/admin/users';
import { COUNTS, TABLE_KINDS } from './routes/index';
import type { RuntimeConfig } from './routes/types';
import { EmulatorServer, serverOf, type RecordedRequest } from './server';
import { getSpec, type ValidationResult } from './spec';
import { DEFAULT_PROJECT_ID, Store } from './store';

export type { RecordedRequest } from './server';
export type { ChaosSpec, FaultInjector, FaultKind, FaultSpec, ThrottleCounts, ThrottleSpec } from './faults';
export { FAULT_KINDS } from './faults';
export type { ValidationResult } from './spec';
export { METADATA_LIMITS } from './spec';
export { EXTRA_OPERATIONS, SPEC_OVERLAYS } from './extra-routes';
export { buildContract, CONTRACT_PATH, type ContractSource } from './contract';

export interface EmulatorOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** JSON persistence: loaded at start if present, saved (atomically) after every mutation. */
  statePath?: string;
  /** Default 'sk-admin-emulator-000000000000000000000000'. */
  adminKey?: string;
  /** Default 'sk-proj-emulator-000000000000000000000000', bound to the default project. */
  projectKey?: string;
  /** Vector store files stay in_progress this long after being attached, then complete (default 200). */
  vectorStoreFileDelayMs?: number;
  /** Runs stay queued/in_progress this long, then complete (default 200). */
  runDelayMs?: number;
  /** An Upload expires this long after its create (default an hour, as the API's). */
  uploadLifetimeMs?: number;
  /** Fine-tuning jobs go validating -> queued -> running -> succeeded over this long (default 200). */
  fineTuningDelayMs?: number;
  /** Batches go validating -> in_progress -> finalizing -> completed over this long (default 200). */
  batchDelayMs?: number;
  /** Added to every response (default 0). */
  latencyMs?: number;
  /** No request log lines (default true in-process; the CLI logs). */
  quiet?: boolean;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:PORT/v1 (pass as baseURL to the SDK). */
  url: string;
  port: number;
  adminKey: string;
  projectKey: string;
  defaultProjectId: string;
  /** Every /v1 request, oldest first. */
  requests: RecordedRequest[];
  /** One-off faults (`inject`) and random ones at a rate from a seed (`setChaos`), with counts of what was injected. */
  faults: FaultInjector;
  setLatency(ms: number): void;
  /** Eventual consistency: a created object is invisible to retrieve and list for `ms` after its create (0: off). */
  setVisibilityDelay(ms: number): void;
  /**
   * Per-key 429 with Retry-After after `perMinute` requests in a sliding minute (or in `windowSeconds`, for a test
   * that cannot wait minutes); `keyOrNull` null = every key; `perMinute` null clears.
   */
  setRateLimit(keyOrNull: string | null, perMinute: number | null, windowSeconds?: number): void;
  /**
   * Throttles like the live admin routes: per endpoint (method + route template), at most `perWindow` requests in any
   * rolling `windowSeconds`, the rest answered 429 with no Retry-After; `path`/`method` narrow it. null stops it.
   */
  setThrottle(spec: ThrottleSpec | null): void;
  /** Per endpoint, the requests the throttle accepted and refused since it was set. */
  throttleCounts(): ThrottleCounts;
  /** Mints a key bound to a project (a service account with a key, as the admin API creates them). */
  createProjectKey(projectId: string): Promise<{ key: string; id: string }>;
  /**
   * Adds a user to the organization (as an accepted invite would; the API has no create) and returns the user as the
   * API shows it. Role default `reader`, name default the email's local part; emails are unique.
   */
  addUser(user: { email: string; name?: string; role?: 'owner' | 'reader' }): Record<string, unknown>;
  /** The next `count` runs fail with `error` (default server_error) instead of completing. */
  failNextRuns(count: number, error?: { code?: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'; message?: string }): void;
  /** The next `count` runs stop at `requires_action`, waiting for the output of one function call. */
  requireActionNextRuns(count: number, call?: { name?: string; arguments?: string }): void;
  /** Live (non-deleted; projects: active) objects per kind. */
  counts(): Record<string, number>;
  /** Every stored object as the API shows it (keys redacted). */
  snapshot(): Record<string, unknown[]>;
  /** Wipes all state back to the default organization, project and keys; clears faults (chaos too), rate limits, the
   * throttle, the visibility delay and requests. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_ADMIN_KEY = 'sk-admin-emulator-000000000000000000000000';
export const DEFAULT_PROJECT_KEY = 'sk-proj-emulator-000000000000000000000000';

class EmulatorImpl implements Emulator, ControlTarget {
  url = '';
  port = 0;
  readonly defaultProjectId = DEFAULT_PROJECT_ID;
  readonly adminKey: string;
  readonly projectKey: string;
  private readonly store: Store;
  private readonly config: RuntimeConfig;
  readonly server: EmulatorServer;

  constructor(opts: EmulatorOptions) {
    this.adminKey = opts.adminKey ?? DEFAULT_ADMIN_KEY;
    this.projectKey = opts.projectKey ?? DEFAULT_PROJECT_KEY;
    this.store = new Store({ kinds: TABLE_KINDS, counts: COUNTS }, { adminKey: this.adminKey, projectKey: this.projectKey }, opts.statePath);
    this.config = {
      vectorStoreFileDelayMs: opts.vectorStoreFileDelayMs ?? 200,
      runDelayMs: opts.runDelayMs ?? 200,
      uploadLifetimeMs: opts.uploadLifetimeMs ?? 3_600_000,
      fineTuningDelayMs: opts.fineTuningDelayMs ?? 200,
      batchDelayMs: opts.batchDelayMs ?? 200,
      runFailures: { remaining: 0, code: 'server_error', message: 'Sorry, something went wrong.' },
      runActions: { remaining: 0, name: 'get_current_weather', arguments: '{"location":"San Francisco"}' },
    };
    this.server = new EmulatorServer({
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      latencyMs: opts.latencyMs ?? 0,
      quiet: opts.quiet ?? true,
      store: this.store,
      config: this.config,
      control: this,
    });
  }

  async start(host: string): Promise<this> {
    this.port = await this.server.listen();
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}/v1`;
    return this;
  }

  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  get faults(): FaultInjector {
    return this.server.faults;
  }

  setLatency(ms: number): void {
    this.server.latencyMs = ms;
  }

  setVisibilityDelay(ms: number): void {
    this.server.visibility.delayMs = ms;
    if (ms === 0) this.server.visibility.clear();
  }

  setRateLimit(keyOrNull: string | null, perMinute: number | null, windowSeconds?: number): void {
    this.server.rateLimiter.set(keyOrNull, perMinute, windowSeconds);
  }

  setThrottle(spec: ThrottleSpec | null): void {
    this.server.throttle.set(spec);
  }

  get throttleRule(): ThrottleSpec | null {
    return this.server.throttle.rule;
  }

  throttleCounts(): ThrottleCounts {
    return this.server.throttle.counts();
  }

  async createProjectKey(projectId: string): Promise<{ key: string; id: string }> {
    const project = this.store.tables.projects[projectId];
    if (!project) throw new Error(`No project found with id '${projectId}'.`);
    if (project.status === 'archived') throw new Error(`Project '${projectId}' is archived.`);
    const now = Math.floor(Date.now() / 1000);
    const { account } = createServiceAccount(this.store, projectId, 'emulator-test-key', now, false);
    const key = createServiceAccountKey(this.store, account, 'Secret Key', now);
    this.store.save();
    return { key: key.value, id: key.id };
  }

  addUser(input: { email: string; name?: string; role?: 'owner' | 'reader' }): Record<string, unknown> {
    const user = addUser(this.store, input, Math.floor(Date.now() / 1000));
    this.store.save();
    return presentUser(user);
  }

  failNextRuns(count: number, error: { code?: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'; message?: string } = {}): void {
    this.config.runFailures = {
      remaining: count,
      code: error.code ?? 'server_error',
      message: error.message ?? 'Sorry, something went wrong.',
    };
  }

  requireActionNextRuns(count: number, call: { name?: string; arguments?: string } = {}): void {
    this.config.runActions = {
      remaining: count,
      name: call.name ?? 'get_current_weather',
      arguments: call.arguments ?? '{"location":"San Francisco"}',
    };
  }

  counts(): Record<string, number> {
    return this.store.counts();
  }

  snapshot(): Record<string, unknown[]> {
    return this.store.snapshot();
  }

  reset(): void {
    this.store.reset();
    this.server.faults.clear();
    this.server.rateLimiter.clear();
    this.server.throttle.set(null);
    this.setVisibilityDelay(0);
    this.server.requests.length = 0;
    this.config.runFailures.remaining = 0;
    this.config.runActions.remaining = 0;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** Starts an emulator; resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new EmulatorImpl(opts);
  serverOf.set(emulator, emulator.server);
  return emulator.start(opts.host ?? '127.0.0.1');
}

/**
 * Validates a body against an operation of the contract (the OpenAPI description plus extra-routes.ts).
 * `operation` is an operationId or a method and path (`/v1` optional; a template or a concrete path).
 */
export function validateAgainstSpec(
  operation: string | { method: string; path: string },
  kind: 'request' | 'response',
  body: unknown,
  status = 200,
): ValidationResult {
  const spec = getSpec();
  const op =
    typeof operation === 'string'
      ? spec.operation(operation)
      : spec.match(operation.method.toLowerCase(), operation.path.replace(/^\/v1(?=\/)/, ''))?.op;
  if (!op) throw new Error(`Unknown operation ${JSON.stringify(operation)}`);
  return spec.validate(op, kind, body, status);
}
