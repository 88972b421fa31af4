// The contract: the compact subset of the official OpenAPI description generated into this package (contract.ts),
// loaded once per process, plus the explicit extras in extra-routes.ts. Requests that violate it are answered 400
// the way the API words it; responses that violate it are emulator bugs and fail loudly (see server.ts).

import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadContract } from './contract';
import { ApiError, badRequest } from './errors';
import { EXTRA_OPERATIONS, SPEC_OVERLAYS, type JsonSchema, type OpenApiDocument } from './extra-routes';

/** Which key an operation needs: a project key, or the organization's admin key. */
export type Security = 'project' | 'admin';
export type HttpMethod = 'get' | 'post' | 'delete';

const DOC_ID = 'openapi.json';
const METHODS: readonly HttpMethod[] = ['get', 'post', 'delete'];

export interface QueryParam {
  name: string;
  schema: JsonSchema;
  default: unknown;
  /** How a query-string value is turned into JSON before validation. */
  coerce: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  itemCoerce: 'string' | 'integer' | 'number' | 'boolean';
}

export interface Operation {
  method: HttpMethod;
  template: string;
  operationId: string;
  security: Security;
  segments: string[];
  query: QueryParam[];
  /** Request body schema per content kind; absent when the operation takes no body. */
  body: { json?: JsonSchema; multipart?: JsonSchema } | undefined;
  /** Response schema per status code; null when the status is declared without a body. */
  responses: Map<number, JsonSchema | null>;
}

export interface ValidationResult {
  valid: boolean;
  /** Ajv errors as `<instancePath> <message>` lines. */
  errors: string[];
}

const escapePointer = (segment: string): string =>
  encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
const pointer = (...segments: (string | number)[]): string =>
  `${DOC_ID}#/${segments.map((s) => escapePointer(String(s))).join('/')}`;

export class Spec {
  readonly operations: Operation[] = [];
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly byId = new Map<string, Operation>();

  constructor(private readonly doc: OpenApiDocument) {
    for (const overlay of SPEC_OVERLAYS) overlay.apply(doc);
    this.ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true, logger: false });
    addFormats(this.ajv);
    // Seconds, never milliseconds: a millisecond timestamp in a response is an emulator bug.
    this.ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n < 1e11 });
    for (const f of ['int64', 'int32', 'binary', 'float', 'double']) this.ajv.addFormat(f, true);
    this.ajv.addSchema(doc as unknown as JsonSchema, DOC_ID);
    this.indexDescribedOperations();
    for (const extra of EXTRA_OPERATIONS) {
      this.add({
        method: extra.method,
        template: extra.path,
        operationId: extra.operationId,
        security: extra.security,
        segments: extra.path.split('/'),
        query: Object.entries(extra.query ?? {}).map(([name, schema]) => this.queryParam(name, schema, schema)),
        body: extra.requestBody ? { json: extra.requestBody } : undefined,
        responses: new Map([[200, extra.response]]),
      });
    }
  }

  private add(op: Operation): void {
    if (this.find(op.method, op.template)) throw new Error(`duplicate operation ${op.method} ${op.template}`);
    this.operations.push(op);
    this.byId.set(op.operationId, op);
  }

  private deref(schema: unknown): JsonSchema {
    let s = schema as JsonSchema;
    while (s && typeof s['$ref'] === 'string') {
      const ref = (s['$ref'] as string).replace(/^openapi\.json/, '');
      s = ref
        .slice(2)
        .split('/')
        .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], this.doc) as JsonSchema;
    }
    return s;
  }

  private coercionOf(schema: JsonSchema): QueryParam['itemCoerce'] {
    const s = this.deref(schema);
    const type = s['type'] ?? (s['anyOf'] as JsonSchema[] | undefined)?.map((x) => this.deref(x)['type']).find((t) => t !== 'null');
    return type === 'integer' || type === 'number' || type === 'boolean' ? type : 'string';
  }

  private queryParam(name: string, schema: JsonSchema, resolved: JsonSchema): QueryParam {
    const s = this.deref(resolved);
    const isArray = s['type'] === 'array';
    return {
      name: name.replace(/\[\]$/, ''),
      schema,
      default: s['default'],
      coerce: isArray ? 'array' : this.coercionOf(s),
      itemCoerce: isArray ? this.coercionOf((s['items'] as JsonSchema) ?? {}) : 'string',
    };
  }

  private indexDescribedOperations(): void {
    for (const [template, pathItem] of Object.entries(this.doc.paths)) {
      if (template.includes('?')) continue; // variants such as `/responses?beta=true` are not separate routes
      const shared = (pathItem['parameters'] as JsonSchema[] | undefined) ?? [];
      for (const method of METHODS) {
        const op = pathItem[method] as JsonSchema | undefined;
        if (!op) continue;
        const params = [
          ...shared.map((p, i) => ({ p, at: pointer('paths', template, 'parameters', i) })),
          ...((op['parameters'] as JsonSchema[] | undefined) ?? []).map((p, i) => ({
            p,
            at: pointer('paths', template, method, 'parameters', i),
          })),
        ].map(({ p, at }) =>
          typeof p['$ref'] === 'string' ? { p: this.deref(p), at: `${DOC_ID}${p['$ref'] as string}` } : { p, at },
        );
        const query = params
          .filter(({ p }) => p['in'] === 'query')
          .map(({ p, at }) => this.queryParam(p['name'] as string, { $ref: `${at}/schema` }, p['schema'] as JsonSchema));
        const security = JSON.stringify(op['security'] ?? '').includes('AdminApiKeyAuth') ? 'admin' : 'project';
        this.add({
          method,
          template,
          operationId: op['operationId'] as string,
          security,
          segments: template.split('/'),
          query,
          body: this.describedBody(op, template, method),
          responses: this.describedResponses(op, template, method),
        });
      }
    }
  }

  private describedBody(op: JsonSchema, template: string, method: string): Operation['body'] {
    const requestBody = op['requestBody'] as JsonSchema | undefined;
    if (!requestBody) return undefined;
    const content = this.deref(requestBody)['content'] as Record<string, unknown>;
    const at = (ct: string) => ({ $ref: pointer('paths', template, method, 'requestBody', 'content', ct, 'schema') });
    return {
      ...(content['application/json'] ? { json: at('application/json') } : {}),
      ...(content['multipart/form-data'] ? { multipart: at('multipart/form-data') } : {}),
    };
  }

  private describedResponses(op: JsonSchema, template: string, method: string): Map<number, JsonSchema | null> {
    const out = new Map<number, JsonSchema | null>();
    for (const [status, response] of Object.entries((op['responses'] as Record<string, JsonSchema>) ?? {})) {
      const content = this.deref(response)['content'] as Record<string, unknown> | undefined;
      const json = content?.['application/json'];
      out.set(
        Number(status),
        json ? { $ref: pointer('paths', template, method, 'responses', status, 'content', 'application/json', 'schema') } : null,
      );
    }
    return out;
  }

  find(method: string, template: string): Operation | undefined {
    return this.operations.find((o) => o.method === method && o.template === template);
  }

  operation(operationId: string): Operation | undefined {
    return this.byId.get(operationId);
  }

  /** The operation a concrete path (without /v1) and method resolve to; literal segments win over parameters. */
  match(method: string, urlPath: string): { op: Operation; params: Record<string, string> } | undefined {
    const segments = urlPath.split('/');
    let best: { op: Operation; params: Record<string, string>; score: number } | undefined;
    for (const op of this.operations) {
      if (op.method !== method || op.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      const ok = op.segments.every((seg, i) => {
        const actual = segments[i] as string;
        if (seg.startsWith('{') && seg.endsWith('}')) {
          params[seg.slice(1, -1)] = decodeSegment(actual);
          return actual !== '';
        }
        score += 1;
        return seg === actual;
      });
      if (ok && (!best || score > best.score)) best = { op, params, score };
    }
    return best && { op: best.op, params: best.params };
  }

  private validator(key: string, schema: JsonSchema): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      v = this.ajv.compile(schema);
      this.validators.set(key, v);
    }
    return v;
  }

  /** Query string -> typed object, validated against the operation's query parameters. */
  parseQuery(op: Operation, search: URLSearchParams): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of op.query) {
      if (p.coerce === 'array') {
        const values = [...search.getAll(p.name), ...search.getAll(`${p.name}[]`)];
        if (values.length) out[p.name] = values.map((v) => coerceScalar(v, p.itemCoerce));
      } else if (search.has(p.name)) {
        out[p.name] = coerceScalar(search.get(p.name) as string, p.coerce);
      }
    }
    const schema = { type: 'object', properties: Object.fromEntries(op.query.map((p) => [p.name, p.schema])) };
    const v = this.validator(`${op.operationId} query`, schema);
    if (!v(out)) throw this.explain(v.errors ?? [], out);
    return out;
  }

  /**
   * Multipart fields are strings; turn them into the JSON the operation's schema describes (`a[b]` names nest,
   * integer/number/boolean fields are converted) so they are validated like a JSON body.
   */
  multipartToJson(op: Operation, fields: Record<string, string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields)) {
      const pathParts = name.replace(/\]/g, '').split('[');
      let node = out;
      let schema: JsonSchema | undefined = op.body?.multipart;
      pathParts.forEach((part, i) => {
        schema = schema && (this.deref(schema)['properties'] as Record<string, JsonSchema> | undefined)?.[part];
        if (i === pathParts.length - 1) {
          node[part] = schema ? coerceScalar(value, this.coercionOf(schema)) : value;
        } else {
          node = (node[part] ??= {}) as Record<string, unknown>;
        }
      });
    }
    return out;
  }

  /** Throws the API's 400 for a body that violates the operation's request schema. */
  checkRequestBody(op: Operation, body: unknown, kind: 'json' | 'multipart'): void {
    const schema = op.body?.[kind];
    if (!schema) {
      const [sent, wanted] = kind === 'json' ? ['application/json', 'multipart/form-data'] : ['multipart/form-data', 'application/json'];
      throw badRequest(`Invalid Content-Type header (${sent}), expected ${wanted}.`);
    }
    const v = this.validator(`${op.operationId} request ${kind}`, schema);
    if (!v(body)) throw this.explain(v.errors ?? [], body);
  }

  /** The problems of a response body the emulator is about to send; empty when it matches the contract. */
  checkResponse(op: Operation, status: number, body: unknown): string[] {
    if (status >= 400) return this.checkErrorBody(body);
    if (!op.responses.has(status)) return [`status ${status} is not declared`];
    const schema = op.responses.get(status);
    if (schema === null || schema === undefined) return body === undefined ? [] : ['a body was sent for a status declared without one'];
    return this.run(`${op.operationId} response ${status}`, schema, body);
  }

  /** The problems of an error body (every error the emulator sends has the API's `ErrorResponse` shape). */
  checkErrorBody(body: unknown): string[] {
    return this.run('ErrorResponse', { $ref: pointer('components', 'schemas', 'ErrorResponse') }, body);
  }

  /** Whether the operation's success response may be raw bytes: declared as a `type: string` body or without content. */
  isRawResponse(op: Operation, status: number): boolean {
    const schema = op.responses.get(status);
    return schema === null || (schema !== undefined && this.deref(schema)['type'] === 'string');
  }

  private run(key: string, schema: JsonSchema, body: unknown): string[] {
    const v = this.validator(key, schema);
    return v(body) ? [] : (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  }

  /** Validate an arbitrary body against an operation (for tests and tools). */
  validate(op: Operation, kind: 'request' | 'response', body: unknown, status = 200): ValidationResult {
    if (kind === 'response') {
      const errors = this.checkResponse(op, status, body);
      return { valid: errors.length === 0, errors };
    }
    if (!op.body) {
      const empty = body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0);
      return { valid: empty, errors: empty ? [] : [`${op.operationId} takes no request body`] };
    }
    try {
      this.checkRequestBody(op, body, op.body.json ? 'json' : 'multipart');
      return { valid: true, errors: [] };
    } catch (e) {
      if (e instanceof ApiError) return { valid: false, errors: [`${e.param ?? '/'} ${e.message}`] };
      throw e;
    }
  }

  // ---- Ajv errors -> the API's own wording -----------------------------------------------------------------------

  /** One OpenAI-style 400 from Ajv's errors: the most specific problem, worded like the live API. */
  private explain(errors: ErrorObject[], data: unknown, prefix = ''): ApiError {
    // Tagged unions (`oneOf` of objects told apart by `type`): re-validate against the branch the value names.
    const unions = errors
      .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
      .sort((a, b) => b.instancePath.length - a.instancePath.length);
    for (const union of unions) {
      const value = valueAt(data, union.instancePath);
      const tag = value && typeof value === 'object' ? (value as Record<string, unknown>)['type'] : undefined;
      if (typeof tag !== 'string') continue;
      const branches = (union.schema as JsonSchema[]).map((b) => ({ b, tags: this.tagsOf(b) }));
      if (!branches.some((x) => x.tags.length)) continue;
      const chosen = branches.find((x) => x.tags.includes(tag));
      const at = prefix + union.instancePath;
      if (!chosen) {
        const allowed = branches.flatMap((x) => x.tags);
        return badRequest(invalidValueMessage(tag, allowed), paramName(`${at}/type`), 'invalid_value');
      }
      const v = this.validator(`branch ${JSON.stringify(chosen.b)}`, absolutise(chosen.b));
      if (!v(value)) return this.explain(v.errors ?? [], value, at);
    }
    const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
    const pool = specific.length ? specific : errors;
    const depth = (e: ErrorObject) => e.instancePath.split('/').length + (e.keyword === 'required' || e.keyword === 'additionalProperties' ? 1 : 0);
    const deepest = Math.max(...pool.map(depth));
    const candidates = pool.filter((e) => depth(e) === deepest);
    const first = candidates[0];
    if (!first) return badRequest('Invalid request body.');
    const same = candidates.filter((e) => e.keyword === first.keyword && e.instancePath === first.instancePath);
    return describe(first, same, prefix, valueAt(data, first.instancePath));
  }

  private tagsOf(branch: unknown): string[] {
    const s = this.deref(branch);
    const type = this.deref((s['properties'] as Record<string, JsonSchema> | undefined)?.['type'] ?? {});
    if (typeof type['const'] === 'string') return [type['const']];
    return Array.isArray(type['enum']) ? (type['enum'] as unknown[]).filter((t): t is string => typeof t === 'string') : [];
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A query-string or multipart value as the JSON type the schema wants (left as is when it does not parse). */
function coerceScalar(raw: string, to: QueryParam['itemCoerce']): unknown {
  if (to === 'integer' || to === 'number') return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  if (to === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** A schema taken out of the document (an Ajv error's `schema`), with its document-relative refs made absolute. */
function absolutise(schema: unknown): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOC_ID}#/`)) as JsonSchema;
}

function valueAt(data: unknown, instancePath: string): unknown {
  if (!instancePath) return data;
  return instancePath
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), data);
}

/** `/tools/0/function/name` -> `tools[0].function.name`, the API's way of naming a parameter. */
function paramName(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string', integer: 'an integer', number: 'a decimal', boolean: 'a boolean',
  object: 'an object', array: 'an array', null: 'null',
};
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  return TYPE_WORDS[typeof value] ?? typeof value;
}
function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')}${words.length > 2 ? ',' : ''} and ${words.at(-1)}`;
}
function invalidValueMessage(value: unknown, allowed: unknown[]): string {
  return `Invalid value: '${String(value)}'. Supported values are: ${listWords([...new Set(allowed)].map((a) => `'${String(a)}'`))}.`;
}

function describe(e: ErrorObject, same: ErrorObject[], prefix: string, value: unknown): ApiError {
  const at = prefix + e.instancePath;
  const param = paramName(at);
  const p = e.params as Record<string, unknown>;
  const quoted = `'${param}'`;
  switch (e.keyword) {
    case 'required': {
      const name = paramName(`${at}/${String(p['missingProperty'])}`);
      return badRequest(`Missing required parameter: '${name}'.`, name, 'missing_required_parameter');
    }
    case 'additionalProperties': {
      const name = paramName(`${at}/${String(p['additionalProperty'])}`);
      return badRequest(`Unknown parameter: '${name}'.`, name, 'unknown_parameter');
    }
    case 'type': {
      const expected = [...new Set(same.map((x) => String((x.params as Record<string, unknown>)['type'])))]
        .flatMap((t) => t.split(','))
        .map((t) => TYPE_WORDS[t] ?? t);
      const wanted = expected.length > 1 ? `one of ${listWords(expected).replace(' and ', ' or ')}` : expected[0];
      return badRequest(`Invalid type for ${quoted}: expected ${wanted}, but got ${typeOf(value)} instead.`, param, 'invalid_type');
    }
    case 'enum':
    case 'const': {
      const allowed = same.flatMap((x) => {
        const xp = x.params as Record<string, unknown>;
        return x.keyword === 'enum' ? (xp['allowedValues'] as unknown[]) : [xp['allowedValue']];
      });
      return badRequest(invalidValueMessage(value, allowed), param, 'invalid_value');
    }
    case 'maxLength':
    case 'minLength': {
      const long = e.keyword === 'maxLength';
      return badRequest(
        `Invalid ${quoted}: string too ${long ? 'long' : 'short'}. Expected a string with ${long ? 'maximum' : 'minimum'} length ${String(p['limit'])}, but got a string with length ${String(value).length} instead.`,
        param,
        long ? 'string_above_max_length' : 'string_below_min_length',
      );
    }
    case 'maxItems':
    case 'minItems': {
      const long = e.keyword === 'maxItems';
      return badRequest(
        `Invalid ${quoted}: array too ${long ? 'long' : 'short'}. Expected an array with ${long ? 'maximum' : 'minimum'} length ${String(p['limit'])}, but got an array with length ${Array.isArray(value) ? value.length : 0} instead.`,
        param,
        long ? 'array_above_max_length' : 'array_below_min_length',
      );
    }
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum': {
      const above = e.keyword.toLowerCase().includes('maximum');
      const kind = Number.isInteger(value) ? 'integer' : 'decimal';
      return badRequest(
        `Invalid ${quoted}: ${kind} ${above ? 'above maximum' : 'below minimum'} value. Expected a value ${String(p['comparison'])} ${String(p['limit'])}, but got ${String(value)} instead.`,
        param,
        `${kind}_${above ? 'above_max' : 'below_min'}_value`,
      );
    }
    case 'maxProperties':
      return badRequest(
        `Invalid ${quoted}: too many properties. Expected an object with at most ${String(p['limit'])} properties, but got an object with ${Object.keys(value ?? {}).length} properties instead.`,
        param,
        'object_above_max_properties',
      );
    case 'propertyNames':
      return badRequest(`Invalid ${quoted}: invalid property name '${String(p['propertyName'])}'.`, param, 'invalid_value');
    default:
      return badRequest(`Invalid ${quoted || 'request body'}: ${e.message ?? e.keyword}.`, param || null, 'invalid_value');
  }
}

// ---- limits the description states in prose only --------------------------------------------------------------

export const METADATA_LIMITS = { pairs: 16, keyLength: 64, valueLength: 512 } as const;

/** Fields holding user-defined JSON (schemas, message content) where a property named `metadata` is not metadata. */
const NOT_METADATA_BEARING = new Set(['tools', 'response_format', 'text', 'parameters', 'schema', 'json_schema', 'content', 'input', 'attributes']);

/** Metadata: at most 16 pairs, keys up to 64 characters, values up to 512 — wherever a `metadata` object appears. */
export function checkMetadataLimits(body: unknown, at = ''): void {
  if (Array.isArray(body)) {
    body.forEach((item, i) => checkMetadataLimits(item, `${at}/${i}`));
    return;
  }
  if (!body || typeof body !== 'object') return;
  for (const [key, value] of Object.entries(body)) {
    if (NOT_METADATA_BEARING.has(key)) continue;
    const here = `${at}/${key}`;
    if (key === 'metadata' && value && typeof value === 'object' && !Array.isArray(value)) {
      const param = paramName(here);
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > METADATA_LIMITS.pairs) {
        throw badRequest(
          `Invalid '${param}': too many properties. Expected an object with at most ${METADATA_LIMITS.pairs} properties, but got an object with ${entries.length} properties instead.`,
          param,
          'object_above_max_properties',
        );
      }
      for (const [k, v] of entries) {
        if (k.length > METADATA_LIMITS.keyLength) {
          throw badRequest(
            `Invalid '${param}': metadata keys must be at most ${METADATA_LIMITS.keyLength} characters, but got a key with length ${k.length} instead.`,
            param,
            'string_above_max_length',
          );
        }
        if (typeof v === 'string' && v.length > METADATA_LIMITS.valueLength) {
          throw badRequest(
            `Invalid '${param}.${k}': string too long. Expected a string with maximum length ${METADATA_LIMITS.valueLength}, but got a string with length ${v.length} instead.`,
            param,
            'string_above_max_length',
          );
        }
      }
    } else {
      checkMetadataLimits(value, here);
    }
  }
}

let loaded: Spec | undefined;

/** The process-wide contract, loaded on first use. */
export function getSpec(): Spec {
  loaded ??= new Spec(loadContract());
  return loaded;
}
