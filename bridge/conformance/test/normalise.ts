// Both adapters' values in one spelling, the core's (snake_case JSON), so they can be compared directly:
//   Pulumi: camelCase along the spec's type tree, secret wrappers, the unknown sentinel, unset = absent;
//   Terraform: every attribute present (null when unset), `json` properties as JSON text, unknown = an extension.
// Deliberately independent of the adapters' own marshalling code (nothing here imports bridge/*/src).
import { isMeta, pulumiPropertyName, type Json, type JsonObject, type PropertySpec, type TypeSpec } from '@openai-iac/core';

/** How an unknown value reads once normalised (a plan's "known after apply"). */
export const UNKNOWN = '(known after apply)';
const PULUMI_UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

type Props = Readonly<Record<string, PropertySpec>>;
type Wire = { [key: string]: unknown };

const isObject = (v: unknown): v is Wire => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Snake_case values → Pulumi wire values (camelCase property names; map keys and JSON untouched). */
export function toPulumi(props: Props, values: JsonObject): Wire {
  const out: Wire = {};
  for (const [name, v] of Object.entries(values)) {
    const prop = props[name];
    out[prop ? pulumiPropertyName(name, prop) : name] = toPulumiValue(prop?.type, v);
  }
  return out;
}

function toPulumiValue(t: TypeSpec | undefined, v: Json): unknown {
  if (Array.isArray(v)) return v.map((x) => toPulumiValue(t?.kind === 'list' ? t.items : undefined, x));
  if (!isObject(v) || !t) return v;
  if (t.kind === 'object') return toPulumi(t.properties, v as JsonObject);
  if (t.kind === 'map') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPulumiValue(t.values, x as Json)]));
  return v;
}

/** Pulumi wire values → snake_case values, and the top-level properties that were secret. */
export function fromPulumi(props: Props, wire: Wire): { values: JsonObject; secrets: string[] } {
  const secrets = new Set<string>();
  const values: JsonObject = {};
  for (const [wireName, v] of Object.entries(wire)) {
    const name = Object.keys(props).find((n) => pulumiPropertyName(n, props[n]!) === wireName) ?? wireName;
    const value = fromPulumiValue(props[name]?.type, v, () => secrets.add(name));
    if (value !== null) values[name] = value;
  }
  return { values, secrets: [...secrets].sort() };
}

function fromPulumiValue(t: TypeSpec | undefined, v: unknown, onSecret: () => void): Json {
  if (isObject(v) && v[SIG_KEY] === SECRET_SIG) {
    onSecret();
    return fromPulumiValue(t, v['value'], onSecret);
  }
  if (v === PULUMI_UNKNOWN) return UNKNOWN;
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map((x) => fromPulumiValue(t?.kind === 'list' ? t.items : undefined, x, onSecret));
  if (!isObject(v)) return v as Json;
  if (t?.kind === 'object') return fromPulumi(t.properties, v).values;
  const inner = t?.kind === 'map' ? t.values : undefined;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromPulumiValue(inner, x, onSecret)]));
}

/** Terraform (cty) values → snake_case values: null attributes left out, JSON text parsed, unknowns marked. */
export function fromTerraform(props: Props, v: unknown): JsonObject {
  return (fromTerraformValue({ kind: 'object', properties: { ...props } }, v) as JsonObject | null) ?? {};
}

function fromTerraformValue(t: TypeSpec, v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (typeof v === 'symbol' || (typeof v === 'object' && !Array.isArray(v) && !isPlain(v))) return UNKNOWN; // decoded, or an extension
  switch (t.kind) {
    case 'json':
      return JSON.parse(v as string) as Json;
    case 'list':
      return (v as unknown[]).map((x) => fromTerraformValue(t.items, x));
    case 'map':
      return Object.fromEntries(Object.entries(v as Wire).map(([k, x]) => [k, fromTerraformValue(t.values, x)]));
    case 'object': {
      const out: JsonObject = {};
      for (const [k, p] of Object.entries(t.properties)) {
        const x = fromTerraformValue(p.type, (v as Wire)[k]);
        if (x !== null) out[k] = x;
      }
      return out;
    }
    default:
      return v as Json;
  }
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Writes `${name}` back for each value made by a scenario's setup (so two setups' objects compare equal). */
export function placeholders<T>(value: T, vars: Record<string, string>): T {
  const known = Object.entries(vars).sort(([, a], [, b]) => b.length - a.length);
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
    typeof v === 'string' ? known.reduce((s, [name, id]) => s.split(id).join(`\${${name}}`), v) : v,
  ) as T;
}

/**
 * Part of a state: what the configuration determines (inputs, and values the core derives from them), what the API
 * generates (the spec's other outputs: ids, timestamps, statuses, secrets it mints …), or what an import gives back
 * as inputs (settable: inputs without the provider-side meta properties).
 */
export function pick(props: Props, values: JsonObject, which: 'configured' | 'generated' | 'settable'): JsonObject {
  const keep = (name: string, p: PropertySpec | undefined): boolean => {
    if (!p) return false;
    if (which === 'generated') return p.input === 'output' && !p.derive;
    if (which === 'configured') return p.input !== 'output' || p.derive !== undefined;
    return p.input !== 'output' && !isMeta(name);
  };
  return Object.fromEntries(Object.entries(values).filter(([k]) => keep(k, props[k])));
}

/** "None" in any spelling — null, an empty list or map, an object of nothing but such values — as the core's diff sees it. */
export function isNone(v: Json | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.values(v).every(isNone);
}

/**
 * A value without its "none" members and, unless `keepUnknown` (a preview, where which values are unknown is the
 * point), without unknowns below the top level (nested values the API fills in).
 */
export function settled(values: JsonObject, keepUnknown = false): JsonObject {
  const walk = (v: Json): Json =>
    Array.isArray(v)
      ? v.map(walk)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => !isNone(x) && (keepUnknown || x !== UNKNOWN))
              .map(([k, x]) => [k, walk(x)]),
          )
        : v;
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => !isNone(v))
      .map(([k, v]) => [k, walk(v)]),
  );
}
