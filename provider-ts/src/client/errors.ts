// The error taxonomy. Every message says what happened and what to do next, and carries no secret.
import type { Failure, KeyKind, ResourceSpec, State, Sunset } from '../spec/types';
import { isOfficialApi } from './config';
import { redactKey } from './redact';
import { sdk } from './sdk';
import { named, namedResource, perEngine } from '../spec/names';

/** How each engine sets the provider's keys, for messages. */
export const SET_KEY = perEngine('pulumi config set --secret openai:apiKey', 'in the provider block');
export const SET_ADMIN_KEY = perEngine('pulumi config set --secret openai:adminApiKey', 'in the provider block');

export type ErrorKind =
  | 'validation'
  | 'config'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'partial_create'
  | 'ambiguous_create'
  | 'sunset'
  | 'timeout'
  | 'api';

export class OpenAIIacError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly status?: number,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'OpenAIIacError';
  }
}

export class ValidationError extends OpenAIIacError {
  constructor(
    readonly resource: string,
    readonly failures: Failure[],
  ) {
    super(
      'validation',
      `invalid ${resource}:\n${failures.map((f) => `  - ${f.path.length > 0 ? named(...f.path) : '(resource)'}: ${f.message}`).join('\n')}`,
    );
  }
}

/** The object was created but a later step failed: the id must be saved so nothing is orphaned. */
export class PartialCreateError extends OpenAIIacError {
  readonly id: string;
  /** As the handler built it (its typed state, define.ts StateOf); the core composes it into a full state. */
  readonly state: State;
  readonly reason: string;
  constructor(id: string, state: object, reason: string) {
    super('partial_create', `created ${id}, but ${reason}. The id is kept in state; fix the cause and apply again.`);
    this.id = id;
    // A handler's state is JSON by construction (the API's answer, typed by the spec); the SDK's types do not say so.
    this.state = state as State;
    this.reason = reason;
  }
}

/**
 * A refresh or delete of a resource whose key was given write-only (`api_key_wo`): the engine sends these no
 * configuration, the key was never stored, and the provider's key of that kind is not the same key (their SHA-256
 * differ), so it is not used in its place — another key could see another project, or none.
 */
export class WriteOnlyKeyNeeded extends OpenAIIacError {
  constructor(
    readonly resource: string,
    readonly operation: 'read' | 'delete',
    keyKind: KeyKind,
  ) {
    const setting = named(keyKind === 'admin' ? 'admin_api_key' : 'api_key');
    const why = `${resource} was given its key write-only (${named('api_key_wo')}), which is never stored, and a ${operation === 'read' ? 'refresh' : 'destroy'} gets no configuration; the provider's ${setting} is not that key`;
    super(
      'config',
      operation === 'read'
        ? `${why}, so the state is kept as it was, not refreshed. To refresh it, set the provider's ${setting} to the same key, or give the resource ${named('api_key')} (stored, sensitive) instead of ${named('api_key_wo')}`
        : `cannot delete: ${why}, and no other key is used in its place. Set the provider's ${setting} to that key for this destroy, or set ${named('api_key')} instead of ${named('api_key_wo')} and apply before destroying`,
    );
  }
}

export interface RequestContext {
  spec: ResourceSpec;
  operation: 'create' | 'read' | 'update' | 'delete' | 'import' | 'list' | 'validate';
  baseUrl: string;
  key: string | undefined;
  keyKind: KeyKind;
  keySource: string;
}

export function isNotFound(e: unknown): boolean {
  return e instanceof sdk().NotFoundError || (e instanceof OpenAIIacError && e.kind === 'not_found');
}

function sunsetMessage(spec: Pick<ResourceSpec, 'name'>, sunset: Sunset): string {
  return (
    `api.openai.com answered 404 for this ${namedResource(spec.name)}: OpenAI shut the Assistants API down on ${sunset.date}. ` +
    `Use ${sunset.replacement} instead, or set the provider's ${named('base_url')} to an Assistants-compatible endpoint. ` +
    `To forget a resource that no longer exists there, remove it from state (${perEngine('pulumi state delete', 'terraform state rm')}).`
  );
}

function keyHelp(ctx: RequestContext): string {
  const shown = `${redactKey(ctx.key)} (from ${ctx.keySource})`;
  const what = namedResource(ctx.spec.name);
  if (ctx.keyKind === 'admin') {
    return (
      `${what} is managed with an organization admin key (sk-admin-…) that has the api.management.write ` +
      `scope; the key used was ${shown}. Create one under Organization settings → Admin keys and set it as ` +
      `${named('admin_api_key')} (${SET_ADMIN_KEY}) or OPENAI_ADMIN_KEY.`
    );
  }
  return (
    `${what} is managed with a project API key; the key used was ${shown}. Check that it is active, ` +
    `belongs to the project that owns the object, and has write permission; set ${named('api_key')} (${SET_KEY}) or OPENAI_API_KEY.`
  );
}

/** Turns an SDK error into the taxonomy; non-SDK errors pass through. */
export function translateError(e: unknown, ctx: RequestContext): unknown {
  if (e instanceof OpenAIIacError) return e;
  if (e instanceof sdk().APIConnectionTimeoutError) {
    return new OpenAIIacError(
      'timeout',
      `${ctx.operation} ${ctx.spec.name}: no answer from ${ctx.baseUrl} in time (the provider's ${named('request_timeout')}). Try again, or raise it.`,
    );
  }
  if (!(e instanceof sdk().APIError)) return e;
  const requestId = e.requestID ?? undefined;
  const apiMessage = (e.error as { message?: string } | undefined)?.message ?? e.message;
  const where = `${ctx.operation} ${ctx.spec.name}${requestId ? ` (request ${requestId})` : ''}`;
  const status = e.status;
  if (status === 404 && ctx.spec.sunset && isOfficialApi(ctx.baseUrl)) {
    return new OpenAIIacError('sunset', sunsetMessage(ctx.spec, ctx.spec.sunset), 404, requestId);
  }
  switch (status) {
    case 401:
      return new OpenAIIacError('unauthorized', `${where}: OpenAI rejected the key: ${apiMessage}. ${keyHelp(ctx)}`, status, requestId);
    case 403:
      return new OpenAIIacError('forbidden', `${where}: permission denied: ${apiMessage}. ${keyHelp(ctx)}`, status, requestId);
    case 404:
      return new OpenAIIacError('not_found', `${where}: not found: ${apiMessage}`, status, requestId);
    case 429:
      return new OpenAIIacError(
        'rate_limited',
        `${where}: rate limited after retries: ${apiMessage}. Wait and apply again, or lower parallelism ` +
          '(pulumi up --parallel / terraform apply -parallelism).',
        status,
        requestId,
      );
    default: {
      const param = (e.error as { param?: string } | undefined)?.param;
      return new OpenAIIacError(
        'api',
        `${where}: OpenAI answered ${status ?? 'no status'}: ${apiMessage}${param ? ` (parameter '${param}')` : ''}`,
        status,
        requestId,
      );
    }
  }
}
