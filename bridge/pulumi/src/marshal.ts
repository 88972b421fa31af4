// Pulumi property values ↔ core values. On the wire, properties are camelCase, secrets are wrapped in a
// signature object and unknowns are a sentinel string; the core speaks snake_case with the UNKNOWN symbol.
// Names are mapped level by level along the spec's type tree; map keys and free-form JSON are user data and
// keep their spelling.
import {
  camelCase,
  isUnknown,
  pulumiPropertyName,
  snakeCase,
  UNKNOWN,
  type Json,
  type PathSegment,
  type PropertySpec,
  type TypeSpec,
  type Value,
  type ValueObject,
} from '@openai-iac/core';
import { structpb, type Struct } from './proto';

export const SIG_KEY = '4dabf18193072939515e22adb298388d';
export const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
export const UNKNOWN_VALUE = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export type Properties = Record<string, PropertySpec>;
type Wire = ReturnType<Struct['toJavaScript']>[string];
type WireObject = { [key: string]: Wire };

function isObject(v: unknown): v is WireObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSecret(v: unknown): v is { value?: Wire } {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

function secret(value: unknown): WireObject {
  return { [SIG_KEY]: SECRET_SIG, value: value as Wire };
}

/** Decoded properties: snake_case values, and the top-level properties whose value held a secret. */
interface Decoded {
  values: ValueObject;
  secrets: Set<string>;
}

/** The spec name of a wire (Pulumi) property name; names the spec does not know are converted mechanically. */
function specName(props: Properties, wireName: string): string {
  for (const [name, prop] of Object.entries(props)) if (pulumiPropertyName(name, prop) === wireName) return name;
  return snakeCase(wireName);
}

function decodeValue(t: TypeSpec | undefined, v: Wire, onSecret: () => void): Value {
  if (isSecret(v)) {
    onSecret();
    return decodeValue(t, v.value ?? null, onSecret);
  }
  if (v === UNKNOWN_VALUE) return UNKNOWN;
  if (Array.isArray(v)) return v.map((item) => decodeValue(t?.kind === 'list' ? t.items : undefined, item, onSecret));
  if (!isObject(v)) return v;
  if (t?.kind === 'object') return decodeObject(t.properties, v, onSecret);
  const inner = t?.kind === 'map' ? t.values : undefined;
  return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, decodeValue(inner, item, onSecret)]));
}

function decodeObject(props: Properties, v: WireObject, onSecret: () => void): ValueObject {
  const out: ValueObject = {};
  for (const [wireName, item] of Object.entries(v)) {
    const name = specName(props, wireName);
    out[name] = decodeValue(props[name]?.type, item, onSecret);
  }
  return out;
}

/** Wire properties (a Struct or its JavaScript form) → snake_case values; `keep` names engine-owned keys left out. */
export function decode(props: Properties, wire: Struct | WireObject | undefined, keep: readonly string[] = []): Decoded {
  const secrets = new Set<string>();
  const values: ValueObject = {};
  const obj = wire === undefined ? {} : isStruct(wire) ? wire.toJavaScript() : wire;
  for (const [wireName, item] of Object.entries(obj)) {
    if (keep.includes(wireName)) continue;
    const name = specName(props, wireName);
    values[name] = decodeValue(props[name]?.type, item, () => secrets.add(name));
  }
  return { values, secrets };
}

function isStruct(v: Struct | WireObject): v is Struct {
  return v instanceof structpb.Struct;
}

function encodeValue(t: TypeSpec | undefined, v: Value | undefined): Wire {
  if (v === undefined || v === null) return null;
  if (isUnknown(v)) return UNKNOWN_VALUE;
  if (Array.isArray(v)) return v.map((item) => encodeValue(t?.kind === 'list' ? t.items : undefined, item));
  if (typeof v !== 'object') return v;
  if (t?.kind === 'object') return encodeObject(t.properties, v, new Set());
  const inner = t?.kind === 'map' ? t.values : undefined;
  return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, encodeValue(inner, item)]));
}

function encodeObject(props: Properties, values: ValueObject, secrets: ReadonlySet<string>): WireObject {
  const out: WireObject = {};
  for (const [name, v] of Object.entries(values)) {
    if (v === undefined || v === null) continue;
    const prop = props[name];
    const wire = encodeValue(prop?.type, v);
    out[prop ? pulumiPropertyName(name, prop) : camelCase(name)] = prop?.secret || secrets.has(name) ? secret(wire) : wire;
  }
  return out;
}

/**
 * snake_case values → a wire Struct. Unset (null) properties are left out; properties the spec marks secret and
 * those named in `secrets` (their input was secret) are wrapped as secrets. `extra` is copied as it is.
 */
export function encode(props: Properties, values: ValueObject, secrets: ReadonlySet<string> = new Set(), extra: WireObject = {}): Struct {
  return structpb.Struct.fromJavaScript({ ...encodeObject(props, values, secrets), ...extra });
}

/** A core property path in Pulumi spelling: ['tools', 0, 'function', 'name'] → tools[0].function.name. */
export function propertyPath(props: Properties, path: readonly PathSegment[]): string {
  let out = '';
  let t: TypeSpec | undefined;
  let level: Properties | undefined = props;
  for (const seg of path) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      t = t?.kind === 'list' ? t.items : undefined;
    } else if (level) {
      const prop: PropertySpec | undefined = level[seg];
      out += `${out ? '.' : ''}${prop ? pulumiPropertyName(seg, prop) : camelCase(seg)}`;
      t = prop?.type;
    } else {
      out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
      t = t?.kind === 'map' ? t.values : undefined;
    }
    level = t?.kind === 'object' ? t.properties : undefined;
  }
  return out;
}

/** The values with every unknown removed, as plain JSON (for operations that never see unknowns). */
export function known(values: ValueObject): { [key: string]: Json } {
  return JSON.parse(JSON.stringify(values, (_k, v: unknown) => (isUnknown(v) ? undefined : v))) as { [key: string]: Json };
}
