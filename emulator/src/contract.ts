// The emulator's contract: the subset of the official OpenAPI description that validation needs, generated into
// contract/openai-contract.json (committed) so that nothing outside this package is read at run time.
//
// Kept: every path and method, each operation's id, security, parameters, JSON and multipart request schemas and
// JSON response schemas per status, and every component those reach through `$ref` (also the ones the explicit
// extra routes name, and ErrorResponse). Schemas keep every validation keyword (type, enum, const, format,
// required, limits, patterns, defaults, combinators); prose and samples (description, title, example(s),
// summary, `x-…` extensions, discriminator hints) are dropped. OpenAPI 3.0 `nullable` is rewritten to 3.1
// `anyOf [X, null]` here, once, instead of at every start.
//
// `make generate` writes the file from the developers' copy of the description beside the repository (see
// tools/emulator-contract.mts); `make check-generated` fails when it drifted, and says it skipped the check when
// that copy is absent, as in a user's clone.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { OpenApiDocument } from './extra-routes';

/** The committed contract, inside this package (dist/ and src/ both sit one level below it). */
export const CONTRACT_PATH = path.join(__dirname, '..', 'contract', 'openai-contract.json');
const GENERATED_MARKER = 'x-generated';

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Schema keywords that hold one subschema, a list of them, or a name → subschema map. */
const ONE = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
]);
const MANY = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Annotations validation never reads. */
const PROSE = new Set(['description', 'title', 'example', 'examples', 'summary', 'externalDocs', '$comment', 'discriminator', 'deprecated']);
const dropped = (key: string): boolean => PROSE.has(key) || key.startsWith('x-');

/** A schema without its annotations; property names (even `description`) are kept, their schemas cleaned. */
export function cleanSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(cleanSchema);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (dropped(key)) continue;
    if (ONE.has(key)) out[key] = cleanSchema(value);
    else if (MANY.has(key) && Array.isArray(value)) out[key] = value.map(cleanSchema);
    else if (MAP.has(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanSchema(v)]));
    else out[key] = value;
  }
  return out;
}

/**
 * OpenAPI 3.0 leftovers in the 3.1 document: `nullable: true` (Ajv rejects it without `type`, and
 * `allOf: [X, {nullable: true}]` would never accept null). Rewritten in place to `anyOf: [X, {type: 'null'}]`.
 */
function normaliseNullable(node: Json): void {
  if (Array.isArray(node)) {
    node.forEach(normaliseNullable);
    return;
  }
  if (!isObject(node)) return;
  const allOf = node['allOf'];
  if (Array.isArray(allOf)) {
    const kept = allOf.filter((s) => !(isObject(s) && Object.keys(s).length === 1 && s['nullable'] === true));
    if (kept.length !== allOf.length) {
      node['allOf'] = kept;
      node['nullable'] = true;
    }
  }
  for (const value of Object.values(node)) normaliseNullable(value);
  if (node['nullable'] === true) {
    const rest = { ...node };
    delete rest['nullable'];
    for (const key of Object.keys(node)) delete node[key];
    node['anyOf'] = [rest, { type: 'null' }];
  }
}

const pick = (from: JsonObject, keys: readonly string[]): JsonObject =>
  Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));

function cleanParameter(p: Json): Json {
  if (!isObject(p)) return p;
  if (typeof p['$ref'] === 'string') return { $ref: p['$ref'] };
  const out = pick(p, ['name', 'in', 'required', 'style', 'explode']);
  if (p['schema'] !== undefined) out['schema'] = cleanSchema(p['schema']);
  return out;
}

/** `content` reduced to the media types the emulator validates, each to its schema. */
function cleanContent(content: Json, mediaTypes: readonly string[]): JsonObject | undefined {
  if (!isObject(content)) return undefined;
  const out: JsonObject = {};
  for (const type of mediaTypes) {
    const media = content[type];
    if (isObject(media)) out[type] = media['schema'] === undefined ? {} : { schema: cleanSchema(media['schema']) };
  }
  return out;
}

const REQUEST_TYPES = ['application/json', 'multipart/form-data'] as const;
const RESPONSE_TYPES = ['application/json'] as const;

function cleanRequestBody(body: Json): Json {
  if (!isObject(body)) return body;
  if (typeof body['$ref'] === 'string') return { $ref: body['$ref'] };
  return { ...pick(body, ['required']), content: cleanContent(body['content'], REQUEST_TYPES) ?? {} };
}

function cleanResponse(response: Json): Json {
  if (!isObject(response)) return response;
  if (typeof response['$ref'] === 'string') return { $ref: response['$ref'] };
  const content = cleanContent(response['content'], RESPONSE_TYPES);
  return content ? { content } : {};
}

const METHODS = ['get', 'post', 'delete', 'put', 'patch'] as const;

function cleanOperation(op: JsonObject): JsonObject {
  const out = pick(op, ['operationId', 'security']);
  if (Array.isArray(op['parameters'])) out['parameters'] = op['parameters'].map(cleanParameter);
  if (op['requestBody'] !== undefined) out['requestBody'] = cleanRequestBody(op['requestBody']);
  if (isObject(op['responses'])) {
    out['responses'] = Object.fromEntries(Object.entries(op['responses']).map(([status, r]) => [status, cleanResponse(r)]));
  }
  return out;
}

/** Every `#/components/<kind>/<name>` reference below a node. */
function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
    return;
  }
  if (!isObject(node)) return;
  const ref = node['$ref'];
  if (typeof ref === 'string') into.add(ref.replace(/^openapi\.json/, ''));
  for (const value of Object.values(node)) collectRefs(value, into);
}

const unescape = (s: string): string => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');

export interface ContractSource {
  /** The official description, parsed. */
  description: JsonObject;
  /** sha256 of the description file, recorded in the marker. */
  sha256: string;
  /** `$ref`s used outside the description (the extra routes' schemas). */
  extraRefs: readonly string[];
}

/** The contract of a description: deterministic (the description's own order), JSON-serialisable. */
export function buildContract({ description, sha256, extraRefs }: ContractSource): OpenApiDocument {
  const paths: JsonObject = {};
  for (const [template, item] of Object.entries((description['paths'] ?? {}) as JsonObject)) {
    if (!isObject(item)) continue;
    const kept: JsonObject = {};
    if (Array.isArray(item['parameters'])) kept['parameters'] = item['parameters'].map(cleanParameter);
    for (const method of METHODS) if (isObject(item[method])) kept[method] = cleanOperation(item[method]);
    paths[template] = kept;
  }

  // Components reached from the paths, the extra routes and ErrorResponse, transitively.
  const components = (description['components'] ?? {}) as Record<string, JsonObject>;
  const cleaners: Record<string, (v: Json) => Json> = {
    schemas: cleanSchema,
    parameters: cleanParameter,
    requestBodies: cleanRequestBody,
    responses: cleanResponse,
  };
  const picked: Record<string, JsonObject> = {};
  const pending = new Set<string>(['#/components/schemas/ErrorResponse', ...extraRefs]);
  collectRefs(paths, pending);
  const seen = new Set<string>();
  for (const ref of pending) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [, kind, name, ...rest] = ref.slice(2).split('/');
    if (!ref.startsWith('#/components/') || !kind || !name || rest.length > 0 || !cleaners[kind]) {
      throw new Error(`contract: unsupported reference ${ref}`);
    }
    const found = components[kind]?.[unescape(name)];
    if (found === undefined) throw new Error(`contract: ${ref} is not in the description`);
    const cleaned = (cleaners[kind] as (v: Json) => Json)(found);
    (picked[kind] ??= {})[unescape(name)] = cleaned;
    collectRefs(cleaned, pending); // a Set iterates over what is added while iterating
  }
  // Components in the description's own order, so the output does not depend on the walk.
  const ordered: Record<string, JsonObject> = {};
  for (const kind of Object.keys(cleaners)) {
    const names = picked[kind];
    if (!names) continue;
    ordered[kind] = Object.fromEntries(
      Object.keys(components[kind] ?? {})
        .filter((n) => n in names)
        .map((n) => [n, names[n]]),
    );
  }

  const info = isObject(description['info']) ? description['info'] : {};
  const contract = {
    [GENERATED_MARKER]: 'Generated by tools/emulator-contract.mts from the official OpenAI OpenAPI description; do not edit (run `make generate`).',
    openapi: description['openapi'],
    info: { version: info['version'], sha256 },
    paths,
    components: ordered,
  } as unknown as OpenApiDocument;
  normaliseNullable(contract);
  return contract;
}

/** The committed contract, read from this package. */
export function loadContract(file = CONTRACT_PATH): OpenApiDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`OpenAI emulator: cannot read its contract ${file} (${(e as Error).message}); the package is incomplete.`, { cause: e });
  }
  return JSON.parse(text) as OpenApiDocument;
}
