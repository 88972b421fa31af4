// Between cty values (what Terraform sends and keeps) and the core's values (snake_case JSON + UNKNOWN).
// The shapes are the same; the differences are null (cty keeps every attribute, the core leaves unset ones
// out), `json` properties (a string in Terraform, a value in the core) and unknowns (an extension here).
import {
  canonicalJson,
  UNKNOWN,
  type Failure,
  type ObjectType,
  type PathSegment,
  type TypeSpec,
  type Value,
  type ValueObject,
} from '@openai-iac/core';
import { isCtyObject, isCtyUnknown, type CtyObject, type CtyValue } from './msgpack';
import type { Block } from './schema';

export function objectType(block: Block): ObjectType {
  return { kind: 'object', properties: { ...block } };
}

function parseJson(text: string): { ok: true; value: Value } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as Value };
  } catch {
    return { ok: false };
  }
}

/**
 * cty → core. Null object members are left out; a `json` string is parsed (a failure when it is not JSON).
 * Returns undefined for null.
 */
export function toCore(t: TypeSpec, v: CtyValue | undefined, path: PathSegment[] = [], failures: Failure[] = []): Value | undefined {
  if (v === null || v === undefined) return undefined;
  if (isCtyUnknown(v)) return UNKNOWN;
  switch (t.kind) {
    case 'json': {
      const parsed = parseJson(v as string);
      if (!parsed.ok) failures.push({ path, message: 'must be valid JSON (use jsonencode(…))' });
      return parsed.ok ? parsed.value : (v as string);
    }
    case 'list':
      return (v as CtyValue[]).map((item, i) => toCore(t.items, item, [...path, i], failures) ?? null);
    case 'map': {
      const out: ValueObject = {};
      for (const [k, item] of Object.entries(v as CtyObject)) out[k] = toCore(t.values, item, [...path, k], failures) ?? null;
      return out;
    }
    case 'object': {
      const o = v as CtyObject;
      const out: ValueObject = {};
      for (const [k, prop] of Object.entries(t.properties)) {
        const c = toCore(prop.type, o[k], [...path, k], failures);
        if (c !== undefined) out[k] = c;
      }
      return out;
    }
    default:
      return v as Value;
  }
}

/** The core's object for a block (e.g. checked inputs, a prior state); attributes outside `block` are ignored. */
export function toCoreObject(block: Block, v: CtyValue, failures: Failure[] = []): ValueObject {
  return (toCore(objectType(block), v, [], failures) as ValueObject | undefined) ?? {};
}

/** core → cty: every object attribute present (null when unset), `json` values as canonical JSON text. */
export function fromCore(t: TypeSpec, v: Value | undefined): CtyValue {
  if (v === null || v === undefined) return null;
  if (v === UNKNOWN) return UNKNOWN;
  switch (t.kind) {
    case 'json':
      return canonicalJson(v);
    case 'list':
      return Array.isArray(v) ? v.map((item) => fromCore(t.items, item)) : null;
    case 'map':
      return Object.fromEntries(Object.entries(v as ValueObject).map(([k, item]) => [k, fromCore(t.values, item)]));
    case 'object': {
      const o = v as ValueObject;
      return Object.fromEntries(Object.entries(t.properties).map(([k, prop]) => [k, fromCore(prop.type, o[k])]));
    }
    default:
      return v as CtyValue;
  }
}

export function fromCoreObject(block: Block, v: ValueObject): CtyObject {
  return fromCore(objectType(block), v) as CtyObject;
}

/** Null, an empty collection and an object of nothing but such values all mean "none" (as in the core's diff). */
function absent(v: CtyValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isCtyObject(v) && Object.values(v).every(absent);
}

/**
 * Whether two cty values say the same thing for a property of type `t`: "none" in any spelling, JSON text
 * that parses to the same document, and otherwise equal values. An unknown is equivalent to nothing.
 */
export function equivalent(t: TypeSpec, a: CtyValue | undefined, b: CtyValue | undefined): boolean {
  if (isCtyUnknown(a) || isCtyUnknown(b)) return false;
  if (absent(a) || absent(b)) return absent(a) && absent(b);
  switch (t.kind) {
    case 'json': {
      const [x, y] = [parseJson(a as string), parseJson(b as string)];
      return x.ok && y.ok ? canonicalJson(x.value) === canonicalJson(y.value) : a === b;
    }
    case 'list':
      return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => equivalent(t.items, item, b[i]));
    case 'map': {
      if (!isCtyObject(a) || !isCtyObject(b)) return false;
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      return [...keys].every((k) => equivalent(t.values, a[k], b[k]));
    }
    case 'object':
      return isCtyObject(a) && isCtyObject(b) && Object.entries(t.properties).every(([k, p]) => equivalent(p.type, a[k], b[k]));
    default:
      return a === b;
  }
}
