// Input checking: defaults, types, the API's limits, unsupported names. Runs before any API call;
// unknown values (preview) are skipped, never guessed.
import type { Failure, Json, PathSegment, PropertySpec, ResourceSpec, TypeSpec, Value, ValueObject } from './types';
import { isUnknown } from './types';
import { metaFailures } from './define';

export interface CheckResult {
  inputs: ValueObject;
  failures: Failure[];
}

/** Renders a path the way the core's own messages do: tools[1].function.name */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((s, seg) => (typeof seg === 'number' ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg), '');
}

/**
 * A string's length in Unicode code points, as the API's limits (the OpenAPI description's `maxLength`) count it:
 * an emoji is one character, not the two UTF-16 units JavaScript's `length` counts.
 */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** With the `u` flag a surrogate code unit matches only when it is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * The failure for text that is not valid Unicode: a lone surrogate cannot be encoded as UTF-8, so the engines' wires
 * and the API would drop or replace it (storing a different value from the one configured). The value is not shown:
 * it may be a secret.
 */
function malformedText(s: string): string | undefined {
  const m = LONE_SURROGATE.exec(s);
  if (!m) return undefined;
  const unit = m[0].charCodeAt(0).toString(16).toUpperCase();
  return `must be valid Unicode text: it holds a lone surrogate (U+${unit}) at character ${codePoints(s.slice(0, m.index)) + 1}, which OpenAI cannot store as configured`;
}

/** Every string of a free-form JSON value (keys too) that is not valid Unicode, as failures relative to the value. */
function malformedJson(v: Json, path: PathSegment[], failures: Failure[]): void {
  if (typeof v === 'string') {
    const bad = malformedText(v);
    if (bad) failures.push({ path: [...path], message: bad });
  } else if (Array.isArray(v)) v.forEach((item, i) => malformedJson(item, [...path, i], failures));
  else if (v !== null && typeof v === 'object') {
    for (const [k, item] of Object.entries(v)) {
      const bad = malformedText(k);
      if (bad) failures.push({ path: [...path, k], message: `key ${bad}` });
      malformedJson(item, [...path, k], failures);
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isUnknown(v);
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  const dist = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length]!;
  };
  const norm = (s: string) => s.replace(/[_-]/g, '').toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = dist(norm(name), norm(c));
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function describeType(t: TypeSpec): string {
  switch (t.kind) {
    case 'string':
      return t.enum ? `one of ${t.enum.map((e) => `'${e}'`).join(', ')}` : 'a string';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'bool':
      return 'true or false';
    case 'list':
      return 'a list';
    case 'map':
      return 'a map of strings';
    case 'object':
      return 'an object';
    case 'json':
      return 'a JSON value';
  }
}

/** Checks one value against a type; returns the normalised value (defaults applied inside objects). */
function checkValue(t: TypeSpec, v: Value, path: PathSegment[], failures: Failure[]): Value {
  if (isUnknown(v)) return v;
  const fail = (message: string) => failures.push({ path: [...path], message });
  switch (t.kind) {
    case 'string': {
      if (typeof v !== 'string') return (fail(`must be ${describeType(t)}, got ${JSON.stringify(v)}`), v);
      const malformed = malformedText(v);
      if (malformed) return (fail(malformed), v);
      if (t.enum && !t.enum.includes(v)) fail(`must be ${describeType(t)}, got '${v}'`);
      const length = codePoints(v);
      if (t.minLength !== undefined && length < t.minLength)
        fail(t.minLength === 1 ? 'must not be empty' : `must be at least ${t.minLength} characters (got ${length})`);
      if (t.maxLength !== undefined && length > t.maxLength) fail(`must be at most ${t.maxLength} characters (got ${length})`);
      if (t.pattern && !new RegExp(`^(?:${t.pattern.regex})$`).test(v)) fail(`must be ${t.pattern.says}, got '${v}'`);
      return v;
    }
    case 'integer':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return (fail(`must be ${describeType(t)}, got ${JSON.stringify(v)}`), v);
      if (t.kind === 'integer' && !Number.isInteger(v)) fail(`must be a whole number, got ${v}`);
      if (t.min !== undefined && v < t.min) fail(`must be at least ${t.min} (got ${v})`);
      if (t.max !== undefined && v > t.max) fail(`must be at most ${t.max} (got ${v})`);
      return v;
    }
    case 'bool':
      if (typeof v !== 'boolean') fail(`must be true or false, got ${JSON.stringify(v)}`);
      return v;
    case 'json':
      // Like an object's rule: judged once every part of the value is known.
      if (containsUnknown(v)) return v;
      malformedJson(v as Json, path, failures);
      if (t.refine) for (const f of t.refine(v as Json)) failures.push({ path: [...path, ...f.path], message: f.message });
      return v;
    case 'list': {
      if (!Array.isArray(v)) return (fail(`must be a list, got ${JSON.stringify(v)}`), v);
      if (t.minItems !== undefined && v.length < t.minItems) fail(`must have at least ${t.minItems} item(s) (got ${v.length})`);
      if (t.maxItems !== undefined && v.length > t.maxItems) fail(`must have at most ${t.maxItems} items (got ${v.length})`);
      return v.map((item, i) => checkValue(t.items, item, [...path, i], failures));
    }
    case 'map': {
      if (!isPlainObject(v)) return (fail(`must be a map, got ${JSON.stringify(v)}`), v);
      const entries = Object.entries(v as Record<string, Value>);
      if (t.maxEntries !== undefined && entries.length > t.maxEntries) fail(`must have at most ${t.maxEntries} entries (got ${entries.length})`);
      const out: ValueObject = {};
      for (const [k, item] of entries) {
        const malformedKey = malformedText(k);
        if (malformedKey) failures.push({ path: [...path, k], message: `key ${malformedKey}` });
        else if (t.keyMaxLength !== undefined && codePoints(k) > t.keyMaxLength)
          failures.push({ path: [...path, k], message: `key must be at most ${t.keyMaxLength} characters (got ${codePoints(k)})` });
        out[k] = checkValue(t.values, item, [...path, k], failures);
      }
      return out;
    }
    case 'object': {
      if (!isPlainObject(v)) return (fail(`must be an object, got ${JSON.stringify(v)}`), v);
      const out = checkProperties(t.properties, v as ValueObject, path, failures, undefined);
      // A cross-field rule cannot judge values it does not know yet: it runs once they are known.
      if (t.refine && !containsUnknown(out)) for (const f of t.refine(out)) failures.push({ path: [...path, ...f.path], message: f.message });
      return out;
    }
  }
}

function checkProperties(
  props: Record<string, PropertySpec>,
  raw: ValueObject,
  path: PathSegment[],
  failures: Failure[],
  unsupported: Record<string, string> | undefined,
): ValueObject {
  const out: ValueObject = {};
  const settable = Object.keys(props).filter((k) => props[k]!.input !== 'output');
  for (const key of Object.keys(raw)) {
    if (raw[key] === undefined) continue;
    const prop = props[key];
    if (!prop) {
      const hint = unsupported?.[key];
      const near = closest(key, settable);
      failures.push({
        path: [...path, key],
        message: hint ?? `is not a known property${near ? `; did you mean '${near}'?` : ''}`,
      });
    } else if (prop.input === 'output' && raw[key] !== null) {
      failures.push({ path: [...path, key], message: 'is set by OpenAI and cannot be configured; remove it' });
    }
  }
  for (const [key, prop] of Object.entries(props)) {
    if (prop.input === 'output') continue;
    let v = raw[key];
    if (v === undefined || v === null) {
      if (prop.default !== undefined) v = prop.default;
      else if (prop.input === 'required') {
        failures.push({ path: [...path, key], message: `is required: ${prop.description}` });
        continue;
      } else continue;
    }
    out[key] = checkValue(prop.type, v, [...path, key], failures);
  }
  return out;
}

/** Checks raw inputs for a resource: returns normalised inputs (defaults applied, derived values added). */
export function checkInputs(spec: ResourceSpec, raw: ValueObject): CheckResult {
  const failures: Failure[] = [];
  // Derived values are the core's own output (already-checked inputs carry them): recompute, never judge.
  const given = Object.fromEntries(Object.entries(raw).filter(([k]) => !spec.properties[k]?.derive));
  const inputs = checkProperties(spec.properties, given, [], failures, spec.unsupported);
  if (failures.length === 0) failures.push(...metaFailures(inputs));
  if (failures.length === 0 && spec.refine && !containsUnknown(inputs)) failures.push(...spec.refine(inputs));
  if (failures.length === 0) {
    for (const [key, prop] of Object.entries(spec.properties)) {
      if (!prop.derive) continue;
      try {
        const d = prop.derive(inputs);
        if (d !== undefined) inputs[key] = d;
      } catch (e) {
        // A derive that reads the world (a file on disk) throws a Failure naming the input it read.
        const f = e as Partial<Failure> & Error;
        failures.push({ path: Array.isArray(f.path) ? f.path : [key], message: f.message });
      }
    }
  }
  return { inputs, failures };
}

/** Checks a set of properties that is not a resource (provider config, function arguments). */
export function checkObject(props: Record<string, PropertySpec>, raw: ValueObject): CheckResult {
  const failures: Failure[] = [];
  const inputs = checkProperties(props, raw, [], failures, undefined);
  return { inputs, failures };
}

/** True when any node of the value is unknown. */
export function containsUnknown(v: Value | undefined): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isPlainObject(v)) return Object.values(v as ValueObject).some(containsUnknown);
  return false;
}
