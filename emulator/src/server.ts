// The HTTP server: one pipeline every /v1 request goes through —
// record → latency → fault (explicit or chaos; a slow one waits) → route → auth → rate limit → endpoint throttle → beta header →
// query/body validation → well-formed text → metadata limits → visibility (GET) → handler → response validation →
// persist → (hang) → answer.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleControl, type ControlTarget } from './control';
import { ApiError, badRequest, invalidUrl, notFound, unauthorized } from './errors';
import { EndpointThrottle, FaultInjector, RateLimiter, rateLimitError, serverError, type FaultSpec } from './faults';
import { mint, redact, REQUEST_ID } from './ids';
import { ROUTES } from './routes/index';
import { NO_CONTENT, RawBody, type Ctx, type Handler, type Principal, type Route, type RuntimeConfig, type UploadedFile } from './routes/types';
import { checkMetadataLimits, checkWellFormedText, getSpec, type Operation, type Spec } from './spec';
import type { KeyRec, Store } from './store';

/** One request as the emulator saw it. Never holds a key: only its last four characters. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** The status answered; 0 when the connection was reset without an answer. */
  status: number;
  /** The last four characters of the bearer key, or null when none was sent. */
  keyHint: string | null;
  /** The project the key is bound to, 'admin' for the admin key, null for no or an unknown key. */
  projectId: string | null;
  operationId?: string;
  /** Epoch milliseconds when the request arrived. */
  at: number;
}

const MAX_BODY_BYTES = 512 * 1024 * 1024;
const DEFAULT_HANG_MS = 30_000;
const DEFAULT_SLOW_MS = 500;

/**
 * Eventual consistency: an object a POST created stays invisible to GETs (its retrieve, anything under it, and
 * its collection's list) for `delayMs` after the create. An object is known by its path, the create's path plus
 * its id (`/v1/vector_stores/vs_1/files/file-2`), so a file attached to a store hides the attachment only.
 */
class Visibility {
  delayMs = 0;
  private readonly hidden = new Map<string, number>();

  /** Records what a POST answered, when it is an object whose id its path does not name (a create). */
  created(path: string, params: Record<string, string>, result: unknown, nowMs: number): void {
    if (this.delayMs <= 0 || typeof result !== 'object' || result === null) return;
    const id = (result as { id?: unknown }).id;
    if (typeof id !== 'string' || Object.values(params).includes(id)) return;
    this.hidden.set(`${path}/${id}`, nowMs + this.delayMs);
  }

  /** Throws the API's 404 for a GET of (or under) an object still invisible. */
  check(path: string, nowMs: number): void {
    for (const [key, visibleAt] of this.hidden) {
      if (visibleAt <= nowMs) this.hidden.delete(key);
      else if (path === key || path.startsWith(`${key}/`)) throw notFound('object', key.slice(key.lastIndexOf('/') + 1));
    }
  }

  /** A list answer without the objects of this collection still invisible. */
  filterList(path: string, result: unknown, nowMs: number): unknown {
    if (this.hidden.size === 0 || typeof result !== 'object' || result === null || !Array.isArray((result as { data?: unknown }).data)) return result;
    const page = result as { data: Array<{ id?: unknown }>; first_id?: unknown; last_id?: unknown };
    const data = page.data.filter((item) => !(typeof item.id === 'string' && (this.hidden.get(`${path}/${item.id}`) ?? 0) > nowMs));
    if (data.length === page.data.length) return result;
    const out: Record<string, unknown> = { ...page, data };
    if ('first_id' in page) out['first_id'] = data[0]?.id ?? null;
    if ('last_id' in page) out['last_id'] = data.at(-1)?.id ?? null;
    return out;
  }

  clear(): void {
    this.hidden.clear();
  }
}

const BETA_MISSING =
  "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.";
const BETA_V1 = "The v1 Assistants API has been deprecated. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.";
const NO_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";
const BAD_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}

interface ServerOptions {
  host: string;
  port: number;
  latencyMs: number;
  quiet: boolean;
  store: Store;
  config: RuntimeConfig;
  /** What /__emulator/* drives. */
  control: ControlTarget;
}

/** Test hook registry: the server behind each Emulator (see testing.ts). */
export const serverOf = new WeakMap<object, EmulatorServer>();

/** An emulator bug: loud, and never retried by clients. */
function emulatorBug(message: string): ApiError {
  return new ApiError(500, `OpenAI emulator bug: ${message}`, 'server_error', null, 'emulator_bug', { 'x-should-retry': 'false' });
}

export class EmulatorServer {
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultInjector();
  readonly rateLimiter = new RateLimiter();
  /** Per-endpoint admin-style throttling (429 without Retry-After), off until set. */
  readonly throttle = new EndpointThrottle();
  readonly visibility = new Visibility();
  latencyMs: number;
  readonly spec: Spec;
  private readonly routes = new Map<Operation, Route>();
  /** Test hook: handlers replacing a route's (see testing.ts). */
  readonly overrides = new Map<Operation, Handler>();
  private readonly server: http.Server;
  private readonly closing = new AbortController();

  constructor(readonly options: ServerOptions) {
    this.latencyMs = options.latencyMs;
    this.spec = getSpec();
    for (const route of ROUTES) {
      const op = this.spec.find(route.method, route.path);
      if (!op) throw new Error(`route ${route.method.toUpperCase()} ${route.path} is neither in the OpenAPI description nor in extra-routes.ts`);
      this.routes.set(op, route);
    }
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  get store(): Store {
    return this.options.store;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, resolve);
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.closing.abort();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.store.save();
  }

  /** The operation a method and template name (for hooks and tests). */
  operation(method: string, template: string): Operation {
    const op = this.spec.find(method.toLowerCase(), template);
    if (!op) throw new Error(`no operation ${method} ${template}`);
    return op;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__emulator/')) {
      await handleControl(this.options.control, req, res, url, method);
      return;
    }
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      keyHint: null,
      projectId: null,
      at: started,
    };
    this.requests.push(record);
    let answer: Answer | 'reset';
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs, undefined, { signal: this.closing.signal });
      answer = await this.process(req, url, method, record);
    } catch (e) {
      if (this.closing.signal.aborted) answer = 'reset';
      else answer = this.errorAnswer(e, record.operationId);
    }
    this.store.save(); // also after a failed request that changed state before failing
    if (answer === 'reset') {
      req.socket.destroy(); // record.status stays 0, or the status of a request applied before hanging
    } else {
      record.status = answer.status;
      if (!res.destroyed) {
        res.writeHead(answer.status, {
          ...answer.headers,
          'x-request-id': mint(REQUEST_ID),
          'openai-version': '2020-10-01',
          'openai-processing-ms': String(Date.now() - started),
        });
        res.end(answer.body);
      }
    }
    if (!this.options.quiet) {
      process.stdout.write(
        `${method} ${url.pathname} ${record.status} ${Date.now() - started}ms${record.keyHint ? ` key=…${record.keyHint}` : ''}\n`,
      );
    }
  }

  private errorAnswer(e: unknown, operationId: string | undefined): Answer {
    let error: ApiError;
    if (e instanceof ApiError) {
      error = e;
    } else {
      process.stderr.write(`openai-emulator: ${operationId ?? 'request'} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      error = emulatorBug(`${operationId ?? 'request'} threw: ${e instanceof Error ? e.message : String(e)}`);
    }
    const problems = this.spec.checkErrorBody(error.body());
    if (problems.length) error = emulatorBug(`error body violates the OpenAPI description: ${problems.join('; ')}`);
    return {
      status: error.status,
      headers: { 'content-type': 'application/json', ...error.headers },
      body: Buffer.from(JSON.stringify(error.body())),
    };
  }

  private async process(req: http.IncomingMessage, url: URL, method: string, record: RecordedRequest): Promise<Answer | 'reset'> {
    const nowMs = Date.now();
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const key = bearer === undefined ? undefined : this.store.keyByValue(bearer);
    if (bearer !== undefined) record.keyHint = bearer.slice(-4);
    if (key) record.projectId = key.kind === 'admin' ? 'admin' : key.project_id;

    const fault = url.pathname.startsWith('/v1/') ? this.faults.take(method, url.pathname) : undefined;
    if (fault?.kind === 'slow') await sleep(fault.slowMs ?? DEFAULT_SLOW_MS, undefined, { signal: this.closing.signal });
    if (fault) {
      const injected = this.injectedFailure(fault);
      if (injected) return injected;
    }

    if (!url.pathname.startsWith('/v1/')) throw invalidUrl(method, url.pathname);
    const matched = this.spec.match(method.toLowerCase(), url.pathname.slice(3));
    if (!matched) throw invalidUrl(method, url.pathname);
    const { op, params } = matched;
    record.operationId = op.operationId;
    const route = this.routes.get(op);
    if (!route) {
      throw new ApiError(
        501,
        `The OpenAI emulator does not implement ${method} /v1${op.template} (${op.operationId}).`,
        'invalid_request_error',
        null,
        'not_implemented',
        { 'x-should-retry': 'false' },
      );
    }

    const principal = this.authenticate(bearer, key, op, nowMs);
    const retryAfter = this.rateLimiter.hit(bearer as string, nowMs);
    if (retryAfter !== null) throw rateLimitError(op.security === 'admin' ? null : retryAfter);
    if (this.throttle.hit(method, op.template, url.pathname, nowMs)) throw rateLimitError(null);
    if (route.assistantsBeta) checkAssistantsBeta(req.headers['openai-beta']);

    const query = this.spec.parseQuery(op, url.searchParams);
    const { body, files, fileLists } = await this.readBody(req, op);
    checkWellFormedText(body);
    checkMetadataLimits(body);

    const ctx: Ctx = {
      op,
      params,
      query,
      body,
      files,
      fileLists,
      principal,
      projectId: principal.kind === 'project' ? principal.projectId : '',
      store: this.store,
      nowMs,
      now: Math.floor(nowMs / 1000),
      config: this.options.config,
    };
    if (method === 'GET') this.visibility.check(url.pathname, nowMs);
    const handler = this.overrides.get(op) ?? route.handler;
    let result = await handler(ctx);
    if (method === 'GET') result = this.visibility.filterList(url.pathname, result, nowMs);
    const answer = this.success(op, result);
    if (method === 'POST') this.visibility.created(url.pathname, params, result, Date.now());
    this.store.save();
    if (fault?.kind === 'timeout_after_apply') {
      record.status = answer.status; // applied and recorded; the answer is held back
      await sleep(fault.hangMs ?? DEFAULT_HANG_MS, undefined, { signal: this.closing.signal });
    }
    return answer;
  }

  private injectedFailure(fault: FaultSpec): Answer | 'reset' | undefined {
    switch (fault.kind) {
      case 'reset':
        return 'reset';
      case 'rate_limit':
        return this.errorAnswer(rateLimitError(fault.retryAfterSeconds ?? 1), undefined);
      case 'rate_limit_no_retry_after':
        return this.errorAnswer(rateLimitError(null), undefined);
      case 'server_error':
        return this.errorAnswer(serverError(fault.status ?? 500), undefined);
      case 'timeout_after_apply':
        return undefined; // applied normally; the answer is held back in process()
      case 'slow':
        return undefined; // waited for in process(); then handled normally
    }
  }

  private authenticate(bearer: string | undefined, key: KeyRec | undefined, op: Operation, nowMs: number): Principal {
    if (bearer === undefined) throw unauthorized(NO_KEY);
    const incorrect = unauthorized(
      `Incorrect API key provided: ${redact(bearer)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      'invalid_api_key',
    );
    if (!key || (key.expires_at !== null && key.expires_at * 1000 <= nowMs)) throw incorrect;
    key.last_used_at = Math.floor(nowMs / 1000);
    if (op.security === 'admin') {
      if (key.kind !== 'admin') {
        throw unauthorized(
          'You have insufficient permissions for this operation. The Administration API (/v1/organization/*) requires an admin API key (sk-admin-...); a project API key was provided.',
        );
      }
      return { kind: 'admin', keyId: key.id };
    }
    if (key.kind === 'admin' || key.project_id === null) {
      throw unauthorized(
        'Admin API keys can only be used with the Administration API (/v1/organization/*). Use a project API key for this endpoint.',
      );
    }
    const project = this.store.tables.projects[key.project_id];
    if (!project || project.status === 'archived') {
      throw unauthorized(`The project '${key.project_id}' of this API key is archived; its keys can no longer be used.`, 'invalid_api_key');
    }
    return { kind: 'project', keyId: key.id, projectId: key.project_id };
  }

  private async readBody(
    req: http.IncomingMessage,
    op: Operation,
  ): Promise<{ body: Record<string, unknown>; files: Record<string, UploadedFile>; fileLists: Record<string, UploadedFile[]> }> {
    const raw = await readAll(req);
    const files: Record<string, UploadedFile> = {};
    const fileLists: Record<string, UploadedFile[]> = {};
    if (!op.body) return { body: {}, files, fileLists };
    const contentType = req.headers['content-type'] ?? '';
    if (/^multipart\/form-data/i.test(contentType)) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
      const fields: Record<string, string | string[]> = {};
      for (const [name, value] of form.entries()) {
        // Repeated `name[]` parts are one array field (a directory upload's `files[]`), in the order sent.
        const list = name.endsWith('[]') ? name.slice(0, -2) : undefined;
        const text = typeof value === 'string' ? value : value.name; // a file is validated as the `format: binary` string it stands for
        if (typeof value !== 'string') {
          const upload = { filename: value.name, bytes: Buffer.from(await value.arrayBuffer()), contentType: value.type };
          if (list === undefined) files[name] = upload;
          else (fileLists[list] ??= []).push(upload);
        }
        if (list === undefined) fields[name] = text;
        else ((fields[list] ??= []) as string[]).push(text);
      }
      const body = this.spec.multipartToJson(op, fields);
      this.spec.checkRequestBody(op, body, 'multipart');
      return { body, files, fileLists };
    }
    let body: unknown = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw badRequest(BAD_JSON);
      }
    }
    this.spec.checkRequestBody(op, body, 'json');
    return { body: body as Record<string, unknown>, files, fileLists };
  }

  /** The answer for a handler's result, after checking it against the operation's declared response. */
  private success(op: Operation, result: unknown): Answer {
    const where = `${op.method.toUpperCase()} ${op.template} (${op.operationId})`;
    if (result instanceof RawBody) {
      if (!this.spec.isRawResponse(op, 200)) throw emulatorBug(`${where} answered raw bytes but its 200 response is not a string body`);
      return { status: 200, headers: { 'content-type': result.contentType }, body: result.bytes };
    }
    const body = result === NO_CONTENT ? undefined : result;
    // 200, or the one success status an operation declares instead (createEvalRun answers 201).
    const status = op.responses.has(200) ? 200 : ([...op.responses.keys()].find((s) => s >= 200 && s < 300) ?? 200);
    const problems = this.spec.checkResponse(op, status, body);
    if (problems.length) throw emulatorBug(`response of ${where} violates the OpenAPI description: ${problems.join('; ')}`);
    return body === undefined
      ? { status, headers: {} }
      : { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
  }
}

function checkAssistantsBeta(header: string | string[] | undefined): void {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  if (/assistants=v2/.test(value)) return;
  throw /assistants=v1/.test(value) ? badRequest(BETA_V1, null, 'invalid_beta') : badRequest(BETA_MISSING);
}

async function readAll(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
