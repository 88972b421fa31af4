// What a route handler sees and returns.

import type { HttpMethod, Operation } from '../spec';
import type { Store } from '../store';

export type Principal = { kind: 'admin'; keyId: string } | { kind: 'project'; keyId: string; projectId: string };

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
  contentType: string;
}

/** Knobs handlers read (changeable while the emulator runs). */
export interface RuntimeConfig {
  vectorStoreFileDelayMs: number;
  runDelayMs: number;
  /** How long an Upload accepts parts (the API: an hour). */
  uploadLifetimeMs: number;
  fineTuningDelayMs: number;
  batchDelayMs: number;
  /** Runs still to fail (see Emulator.failNextRuns), with the error they report. */
  runFailures: { remaining: number; code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'; message: string };
  /** Runs still to stop at requires_action (see Emulator.requireActionNextRuns), with the function they call. */
  runActions: { remaining: number; name: string; arguments: string };
}

export interface Ctx {
  op: Operation;
  params: Record<string, string>;
  /** Query parameters, typed and validated, with the description's defaults applied. */
  query: Record<string, unknown>;
  /** The validated JSON body, or the multipart fields (nested `a[b]` names expanded). */
  body: Record<string, unknown>;
  files: Record<string, UploadedFile>;
  /** Files sent as repeated `name[]` parts (a directory upload's `files[]`), by name without `[]`, in the order sent. */
  fileLists: Record<string, UploadedFile[]>;
  principal: Principal;
  /** The project of the calling key (project routes only). */
  projectId: string;
  store: Store;
  /** Request time: epoch milliseconds and unix seconds. */
  nowMs: number;
  now: number;
  config: RuntimeConfig;
}

/** A non-JSON body (file contents). */
export class RawBody {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

/** A success answered without a body (operations the description declares without content). */
export const NO_CONTENT = Symbol('no content');

export type Handler = (ctx: Ctx) => unknown;

export interface Route {
  method: HttpMethod;
  /** Path template without /v1, exactly as in the description (or extra-routes.ts). */
  path: string;
  handler: Handler;
  /** Requires `OpenAI-Beta: assistants=v2`. */
  assistantsBeta?: boolean;
}

export const get = (path: string, handler: Handler): Route => ({ method: 'get', path, handler });
export const post = (path: string, handler: Handler): Route => ({ method: 'post', path, handler });
export const del = (path: string, handler: Handler): Route => ({ method: 'delete', path, handler });
