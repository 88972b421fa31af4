// Inputs for property tests, generated from a resource's spec (provider-ts/src/spec/types.ts): values of each
// property's type within its limits, and single mutations that break exactly one limit of one property — at and
// past maxLength in code points (emoji included), lone surrogates, out-of-range numbers, bad enum values, ids that
// miss their pattern, too many items or pairs, values of the wrong type. Nothing here names a resource: every
// resource of the registry gets the same treatment.
import fc from 'fast-check';
import { isMeta, type Json, type JsonObject, type PathSegment, type PropertySpec, type ResourceSpec, type TypeSpec } from '@openai-iac/core';

/** How many items, entries and nested levels a generated value has at most (limits beyond are only probed). */
const SMALL = 3;
const MAX_DEPTH = 3;
/** Collections up to this size are probed one past their limit (the API's largest is 2000 file ids). */
const PROBE_LIMIT = 2100;
/** Strings up to this limit get values exactly at it (instructions' 256,000 only past it, once). */
const AT_LIMIT = 4096;

const codePoints = (s: string): number => [...s].length;
/** Emoji and other astral characters: one code point, two UTF-16 units each. */
const ASTRAL = ['😀', '🔑', '𝒳', '🙂', '𠀋'];
const astral = (n: number): string => Array.from({ length: n }, (_, i) => ASTRAL[i % ASTRAL.length]).join('');

function fullMatch(regex: string): RegExp {
  return new RegExp(`^(?:${regex})$`);
}

/** Input properties the generators set: not outputs, not derived, not the core's meta properties (a key is checked by a request). */
export function settable(spec: { properties: Record<string, PropertySpec> }): Array<[string, PropertySpec]> {
  return Object.entries(spec.properties).filter(([name, p]) => p.input !== 'output' && !p.derive && !isMeta(name));
}

function stringArb(t: Extract<TypeSpec, { kind: 'string' }>): fc.Arbitrary<string> {
  if (t.enum) return fc.constantFrom(...t.enum);
  const min = t.minLength ?? 0;
  const max = t.maxLength;
  if (t.pattern) {
    const re = fullMatch(t.pattern.regex);
    return fc.stringMatching(re).filter((s) => codePoints(s) >= min && (max === undefined || codePoints(s) <= max));
  }
  const small = fc.string({ unit: 'binary', minLength: Math.max(min, 1), maxLength: Math.max(min, Math.min(max ?? 24, 24)) });
  if (max === undefined || max > AT_LIMIT) return small;
  return fc.oneof({ arbitrary: small, weight: 4 }, { arbitrary: fc.constant(astral(max)), weight: 1 });
}

/** Values of a type, within every limit the type states (cross-field rules may still refuse a combination). */
export function valueOf(t: TypeSpec, depth = 0): fc.Arbitrary<Json> {
  switch (t.kind) {
    case 'string':
      return stringArb(t);
    case 'integer':
      return fc.integer({ min: t.min ?? -1_000_000, max: t.max ?? 1_000_000 });
    case 'number':
      return fc.double({ min: t.min ?? -1e6, max: t.max ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'bool':
      return fc.boolean();
    case 'json':
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
    case 'list': {
      const min = t.minItems ?? 0;
      return fc.array(valueOf(t.items, depth + 1), { minLength: min, maxLength: Math.max(min, Math.min(t.maxItems ?? SMALL, SMALL)) });
    }
    case 'map': {
      const key = fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(t.keyMaxLength ?? 16, 16) });
      return fc.dictionary(key, valueOf(t.values, depth + 1), { maxKeys: Math.min(t.maxEntries ?? SMALL, SMALL), noNullPrototype: true });
    }
    case 'object':
      return objectOf(t.properties, depth + 1);
  }
}

function objectOf(props: Record<string, PropertySpec>, depth: number): fc.Arbitrary<Json> {
  const entries = settable({ properties: props });
  const required = entries.filter(([, p]) => p.input === 'required').map(([n]) => n);
  // Deep optional members are left out: a bounded value, and the limits of deep members are probed by mutations.
  const members = depth > MAX_DEPTH ? entries.filter(([, p]) => p.input === 'required') : entries;
  const model = Object.fromEntries(members.map(([n, p]) => [n, valueOf(p.type, depth)]));
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Json>;
}

/** Inputs of a resource: every settable property of its type, required ones always, optional ones at random. */
export function inputsOf(spec: ResourceSpec): fc.Arbitrary<JsonObject> {
  return objectOf(spec.properties, 0) as fc.Arbitrary<JsonObject>;
}

/** The smallest value of a type that meets its limits (parents of a mutated member are built from it). */
export function minimal(t: TypeSpec): Json {
  switch (t.kind) {
    case 'string':
      if (t.enum) return t.enum[0]!;
      if (t.pattern) return fc.sample(stringArb(t), { numRuns: 1, seed: 1 })[0]!;
      return 'x'.repeat(Math.max(t.minLength ?? 1, 1));
    case 'integer':
    case 'number':
      return t.min !== undefined && t.min > 1 ? t.min : Math.min(1, t.max ?? 1);
    case 'bool':
      return false;
    case 'json':
      return {};
    case 'list':
      return Array.from({ length: t.minItems ?? 0 }, () => minimal(t.items));
    case 'map':
      return {};
    case 'object':
      return Object.fromEntries(
        settable({ properties: t.properties })
          .filter(([, p]) => p.input === 'required')
          .map(([n, p]) => [n, p.default ?? minimal(p.type)]),
      );
  }
}

// ---- mutations --------------------------------------------------------------------------------------------

/** One broken limit: where, the value put there, the path the failure must name and what its message must say. */
export interface Mutation {
  /** Where the value goes (snake_case spec names, list indexes, map keys). */
  at: PathSegment[];
  value: Json;
  /** The path a failure must name: `at`, or a map key under it. */
  path: PathSegment[];
  /** Every one of these must appear in the failure's message (the limit, the allowed values …). */
  says: string[];
  /** What is broken, for the counts and for a counterexample's report. */
  kind: string;
  /** A value of another type: Terraform core converts or refuses those itself, before the provider. */
  wrongType?: true;
}

/** A property's place in the tree: its path (lists at item 0, maps at key `k`) and its type. */
export interface Site {
  at: PathSegment[];
  type: TypeSpec;
}

/** Every place a value can go, down the spec's type tree (objects' members, a list's item, a map's value). */
export function sitesOf(spec: ResourceSpec): Site[] {
  const out: Site[] = [];
  const walk = (t: TypeSpec, at: PathSegment[], depth: number) => {
    out.push({ at, type: t });
    if (depth > MAX_DEPTH + 1) return;
    if (t.kind === 'list') walk(t.items, [...at, 0], depth + 1);
    else if (t.kind === 'map') walk(t.values, [...at, 'k'], depth + 1);
    else if (t.kind === 'object') for (const [n, p] of settable({ properties: t.properties })) walk(p.type, [...at, n], depth + 1);
  };
  for (const [n, p] of settable(spec)) walk(p.type, [n], 0);
  return out;
}

function wrongValue(t: TypeSpec): Json {
  switch (t.kind) {
    case 'string':
      return 42;
    case 'integer':
    case 'number':
      return 'many';
    case 'bool':
      return 'yes';
    case 'list':
      return { not: 'a list' };
    case 'map':
    case 'object':
      return ['not', 'an object'];
    case 'json':
      return null;
  }
}

const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

/** The mutations of one site: each breaks one limit its type states. */
export function mutationsOf(site: Site): fc.Arbitrary<Mutation>[] {
  const t = site.type;
  const at = site.at;
  const m = (value: fc.Arbitrary<Json>, says: string[], kind: string, path = at) => value.map((v): Mutation => ({ at, value: v, path, says, kind }));
  const out: fc.Arbitrary<Mutation>[] = [];
  if (t.kind !== 'json') out.push(fc.constant({ at, value: wrongValue(t), path: at, says: ['must be'], kind: 'wrong type', wrongType: true }));
  switch (t.kind) {
    case 'string': {
      const valid = stringArb(t);
      if (t.maxLength !== undefined) {
        const n = t.maxLength + 1;
        const past = fc.oneof(fc.constant(astral(n)), fc.string({ unit: 'binary', minLength: n, maxLength: n }));
        out.push(m(past, [`at most ${t.maxLength} characters (got ${n})`], 'too long'));
      }
      if (t.minLength) out.push(m(fc.constant(''), [t.minLength === 1 ? 'must not be empty' : `at least ${t.minLength}`], 'too short'));
      if (t.enum) {
        const values = t.enum;
        out.push(
          m(
            fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !values.includes(s)),
            values.map((v) => `'${v}'`),
            'not an allowed value',
          ),
        );
      } else if (t.pattern) {
        const re = fullMatch(t.pattern.regex);
        out.push(
          m(
            fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((s) => !re.test(s)),
            [t.pattern.says],
            'pattern',
          ),
        );
      }
      if (!t.enum) {
        // A lone surrogate anywhere in an otherwise valid value.
        const broken = fc
          .tuple(valid, fc.constantFrom(...LONE), fc.nat())
          .map(([s, lone, i]) => {
            const chars = [...s];
            const k = chars.length === 0 ? 0 : i % (chars.length + 1);
            return [...chars.slice(0, k), lone, ...chars.slice(k)].join('');
          })
          .filter((s) => t.maxLength === undefined || codePoints(s) <= t.maxLength);
        out.push(m(broken, ['lone surrogate'], 'lone surrogate'));
      }
      break;
    }
    case 'integer':
    case 'number':
      if (t.max !== undefined) out.push(m(fc.constant(t.max + 1), [`at most ${t.max}`], 'above maximum'));
      if (t.min !== undefined) out.push(m(fc.constant(t.min - 1), [`at least ${t.min}`], 'below minimum'));
      if (t.kind === 'integer') {
        const lo = Math.max(t.min ?? 0, -1000);
        const hi = Math.max(lo + 1, Math.min(t.max ?? 1000, 1000));
        out.push(
          m(
            fc.integer({ min: lo, max: hi - 1 }).map((x) => x + 0.5),
            ['whole number'],
            'not whole',
          ),
        );
      }
      break;
    case 'list': {
      const item = minimal(t.items);
      if (t.maxItems !== undefined && t.maxItems < PROBE_LIMIT) {
        const n = t.maxItems + 1;
        out.push(m(fc.constant(Array.from({ length: n }, () => item)), [`at most ${t.maxItems} items (got ${n})`], 'too many items'));
      }
      if (t.minItems) out.push(m(fc.constant(Array.from({ length: t.minItems - 1 }, () => item)), [`at least ${t.minItems}`], 'too few items'));
      break;
    }
    case 'map': {
      const value = minimal(t.values);
      if (t.maxEntries !== undefined) {
        const n = t.maxEntries + 1;
        const entries = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));
        out.push(m(fc.constant(entries), [`at most ${t.maxEntries} entries (got ${n})`], 'too many entries'));
      }
      if (t.keyMaxLength !== undefined) {
        const key = astral(t.keyMaxLength + 1);
        out.push(
          m(fc.constant({ [key]: value }), [`at most ${t.keyMaxLength} characters (got ${t.keyMaxLength + 1})`], 'key too long', [...at, key]),
        );
      }
      out.push(
        m(
          fc.constantFrom(...LONE).map((lone) => ({ [`key${lone}`]: value })),
          ['lone surrogate'],
          'lone surrogate in a key',
        ).map((mu) => ({ ...mu, path: [...at, Object.keys(mu.value as JsonObject)[0]!] })),
      );
      break;
    }
    default:
      break;
  }
  return out;
}

/** Puts `value` at `at` in a copy of `base`, building absent parents from their types' minimal values. */
export function put(spec: ResourceSpec, base: JsonObject, at: readonly PathSegment[], value: Json): JsonObject {
  const root = structuredClone(base);
  let node: Json = root;
  let t: TypeSpec = { kind: 'object', properties: spec.properties };
  at.forEach((seg, i) => {
    const last = i === at.length - 1;
    const childType: TypeSpec | undefined =
      t.kind === 'object' ? t.properties[String(seg)]?.type : t.kind === 'list' ? t.items : t.kind === 'map' ? t.values : undefined;
    if (!childType) throw new Error(`no type at ${String(seg)} of ${JSON.stringify(at)}`);
    const holder = node as Record<string | number, Json>;
    if (last) {
      holder[seg] = value;
      return;
    }
    const existing = holder[seg];
    const fresh =
      childType.kind === 'list' ? [minimal(childType.items)] : childType.kind === 'map' ? { k: minimal(childType.values) } : minimal(childType);
    holder[seg] = existing === undefined || existing === null || typeof existing !== 'object' ? fresh : existing;
    if (childType.kind === 'list' && Array.isArray(holder[seg]) && (holder[seg] as Json[]).length === 0) holder[seg] = fresh;
    node = holder[seg]!;
    t = childType;
  });
  return root;
}
