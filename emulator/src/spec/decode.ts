// Query strings and multipart fields are strings: turned into the JSON types the schema wants before validation.

import type { JsonSchema, OpenApiDocument } from '../extra-routes';
import { deref } from './document';
import type { Operation, QueryParam } from './operations';

/** The JSON type a string value of `schema` is converted to (the non-null branch of a nullable). */
export function coercionOf(doc: OpenApiDocument, schema: JsonSchema): QueryParam['itemCoerce'] {
  const s = deref(doc, schema);
  const type = s['type'] ?? (s['anyOf'] as JsonSchema[] | undefined)?.map((x) => deref(doc, x)['type']).find((t) => t !== 'null');
  return type === 'integer' || type === 'number' || type === 'boolean' ? type : 'string';
}

/** A query-string or multipart value as the JSON type the schema wants (left as is when it does not parse). */
function coerceScalar(raw: string, to: QueryParam['itemCoerce']): unknown {
  if (to === 'integer' || to === 'number') return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  if (to === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/**
 * The operation's query parameters present in `search`, typed (arrays from `name` or `name[]`, objects from
 * `name[member]`); not validated.
 */
export function decodeQuery(op: Operation, search: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of op.query) {
    if (p.coerce === 'array') {
      const values = [...search.getAll(p.name), ...search.getAll(`${p.name}[]`)];
      if (values.length) out[p.name] = values.map((v) => coerceScalar(v, p.itemCoerce));
    } else if (p.coerce === 'object') {
      const members: Record<string, unknown> = {};
      for (const [key, raw] of search) {
        const m = key.startsWith(`${p.name}[`) && key.endsWith(']') ? key.slice(p.name.length + 1, -1) : undefined;
        if (m !== undefined) members[m] = coerceScalar(raw, p.memberCoerce?.[m] ?? 'string');
      }
      if (Object.keys(members).length) out[p.name] = members;
    } else if (search.has(p.name)) {
      out[p.name] = coerceScalar(search.get(p.name) as string, p.coerce);
    }
  }
  return out;
}

/**
 * Multipart fields are strings (or arrays of them, from repeated `name[]` parts); turn them into the JSON the operation's schema describes (`a[b]` names nest,
 * integer/number/boolean fields are converted) so they are validated like a JSON body.
 */
export function multipartToJson(doc: OpenApiDocument, op: Operation, fields: Record<string, string | string[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const pathParts = name.replace(/\]/g, '').split('[');
    let node = out;
    let schema: JsonSchema | undefined = op.body?.multipart;
    pathParts.forEach((part, i) => {
      schema = schema && (deref(doc, schema)['properties'] as Record<string, JsonSchema> | undefined)?.[part];
      if (i === pathParts.length - 1) {
        // A repeated `name[]` field is an array of strings (files, which validate as `format: binary` strings).
        node[part] = Array.isArray(value) ? value : schema ? coerceScalar(value, coercionOf(doc, schema)) : value;
      } else {
        node = (node[part] ??= {}) as Record<string, unknown>;
      }
    });
  }
  return out;
}
