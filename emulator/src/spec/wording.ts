// Ajv's errors -> the API's own wording: one OpenAI-style 400 naming the most specific problem and its parameter.

import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { type ApiError, badRequest } from '../errors';
import type { JsonSchema } from '../extra-routes';
import { absolutise } from './document';

/** What explaining needs from the validator: compiling a branch of a union, resolving a `$ref`. */
export interface SchemaAccess {
  compile(key: string, schema: JsonSchema): ValidateFunction;
  deref(schema: unknown): JsonSchema;
}

/** One OpenAI-style 400 from Ajv's errors: the most specific problem, worded like the live API. */
export function explain(schemas: SchemaAccess, errors: ErrorObject[], data: unknown, prefix = ''): ApiError {
  // Tagged unions (`oneOf` of objects told apart by `type`): re-validate against the branch the value names.
  const unions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const union of unions) {
    const value = valueAt(data, union.instancePath);
    const tag = value && typeof value === 'object' ? (value as Record<string, unknown>)['type'] : undefined;
    if (typeof tag !== 'string') continue;
    const branches = (union.schema as JsonSchema[]).map((b) => ({ b, tags: tagsOf(schemas, b) }));
    if (!branches.some((x) => x.tags.length)) continue;
    const chosen = branches.find((x) => x.tags.includes(tag));
    const at = prefix + union.instancePath;
    if (!chosen) {
      const allowed = branches.flatMap((x) => x.tags);
      return badRequest(invalidValueMessage(tag, allowed), paramName(`${at}/type`), 'invalid_value');
    }
    const v = schemas.compile(`branch ${JSON.stringify(chosen.b)}`, absolutise(chosen.b));
    if (!v(value)) return explain(schemas, v.errors ?? [], value, at);
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

/** The `type` values a union branch accepts (`const` or `enum` of its `type` property). */
function tagsOf(schemas: SchemaAccess, branch: unknown): string[] {
  const s = schemas.deref(branch);
  const type = schemas.deref((s['properties'] as Record<string, JsonSchema> | undefined)?.['type'] ?? {});
  if (typeof type['const'] === 'string') return [type['const']];
  return Array.isArray(type['enum']) ? (type['enum'] as unknown[]).filter((t): t is string => typeof t === 'string') : [];
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
export function paramName(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a decimal',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
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
