// cty values on the wire. A DynamicValue carries a value of a schema's type as msgpack (or, from some
// callers, JSON); this module decodes and encodes them, typed by that schema, and nothing else.
//   - objects carry every attribute of their type (null when unset) and no other;
//   - an unknown is any msgpack extension: ext 0 (`d4 00 00`) plain, ext 12 refined. A decoded unknown keeps
//     its bytes, so echoing a configuration value back keeps its refinements;
//   - numbers arrive as int, float or (big or precise) decimal string. Integers leave as ints; any other number
//     leaves as its shortest decimal string, which cty parses exactly: a float64 0.1 would not equal the 0.1
//     of a configuration, which Terraform holds as a decimal.
import { Decoder, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { UNKNOWN, type Unknown } from '@openai-iac/core';

export type CtyType =
  'string' | 'number' | 'bool' | readonly ['list', CtyType] | readonly ['map', CtyType] | readonly ['object', { readonly [name: string]: CtyType }];

/** An unknown value: as it arrived (an extension, refinements kept) or the core's own UNKNOWN. */
export type CtyUnknown = Unknown | ExtData;
export type CtyValue = null | boolean | number | string | CtyUnknown | CtyValue[] | CtyObject;
export type CtyObject = { [name: string]: CtyValue };

export function isCtyUnknown(v: unknown): v is CtyUnknown {
  return v === UNKNOWN || v instanceof ExtData;
}

export function isCtyObject(v: CtyValue | undefined): v is CtyObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ExtData);
}

/** The msgpack timestamp extension (-1) is an extension like any other here: an unknown, not a Date. */
const codec = new ExtensionCodec();
codec.register({ type: -1, encode: () => null, decode: (data, type) => new ExtData(type, data) });

const PLAIN_UNKNOWN = new ExtData(0, new Uint8Array([0]));

export class CtyDecodeError extends Error {
  constructor(path: string, expected: string) {
    super(`${path || 'value'}: expected ${expected}`);
  }
}

function describe(t: CtyType): string {
  return typeof t === 'string' ? t : t[0];
}

/**
 * Where a value sits (`a.b[0]`), built only when a value fails: decoding is on every RPC, and a path string per
 * attribute was most of its cost.
 */
interface At {
  readonly parent: At | undefined;
  /** An attribute name, a list index or a map key (`["k"]`). */
  readonly step: string | number;
  readonly key?: boolean;
}

function pathOf(at: At | undefined): string {
  if (at === undefined) return '';
  const before = pathOf(at.parent);
  if (typeof at.step === 'number') return `${before}[${at.step}]`;
  if (at.key) return `${before}[${JSON.stringify(at.step)}]`;
  return before ? `${before}.${at.step}` : at.step;
}

/** Checks and types a decoded value against `t`; fills absent object attributes with null. */
function typed(t: CtyType, v: unknown, at: At | undefined): CtyValue {
  if (v === null || v === undefined) return null;
  if (isCtyUnknown(v)) return v;
  const fail = (): never => {
    throw new CtyDecodeError(pathOf(at), describe(t));
  };
  if (t === 'string') return typeof v === 'string' ? v : fail();
  if (t === 'bool') return typeof v === 'boolean' ? v : fail();
  if (t === 'number') {
    const n = typeof v === 'number' ? v : typeof v === 'bigint' || typeof v === 'string' ? Number(v) : NaN;
    return Number.isNaN(n) ? fail() : n;
  }
  const [kind, inner] = t;
  if (kind === 'list') {
    if (!Array.isArray(v)) return fail();
    return v.map((item, i) => typed(inner, item, { parent: at, step: i }));
  }
  if (typeof v !== 'object' || Array.isArray(v)) return fail();
  const o = v as Record<string, unknown>;
  const out: CtyObject = {};
  if (kind === 'map') {
    for (const k of Object.keys(o)) out[k] = typed(inner, o[k], { parent: at, step: k, key: true });
  } else {
    for (const k of declaredNames(inner)) {
      const item = o[k];
      // Most attributes are null or a string: typed without a path (they cannot fail but as a wrong type).
      out[k] = item === null || item === undefined ? null : typed(inner[k]!, item, { parent: at, step: k });
    }
  }
  return out;
}

type Attributes = { readonly [name: string]: CtyType };

/** An object type's attribute names as declared (a decoded object's order), computed once per type. */
const DECLARED = new WeakMap<Attributes, readonly string[]>();
function declaredNames(inner: Attributes): readonly string[] {
  let names = DECLARED.get(inner);
  if (!names) DECLARED.set(inner, (names = Object.keys(inner)));
  return names;
}

/** An object type's attribute names, sorted (the wire order), computed once per type. */
const SORTED = new WeakMap<Attributes, readonly string[]>();
function attributeNames(inner: Attributes): readonly string[] {
  let names = SORTED.get(inner);
  if (!names) SORTED.set(inner, (names = Object.keys(inner).sort()));
  return names;
}

/** Shapes a typed value for the msgpack encoder. */
function wire(t: CtyType, v: CtyValue | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (v === UNKNOWN) return PLAIN_UNKNOWN;
  if (v instanceof ExtData) return v;
  if (t === 'number') {
    if (typeof v !== 'number') throw new Error(`expected a number, got ${JSON.stringify(v)}`);
    return Number.isSafeInteger(v) ? v : String(v);
  }
  if (typeof t === 'string') return v;
  const [kind, inner] = t;
  if (kind === 'list') return (v as CtyValue[]).map((item) => wire(inner, item));
  const o = v as CtyObject;
  const out: Record<string, unknown> = {};
  if (kind === 'map') for (const k of Object.keys(o).sort()) out[k] = wire(inner, o[k]);
  else for (const k of attributeNames(inner)) out[k] = wire(inner[k]!, o[k]);
  return out;
}

// One encoder and one decoder for the process (each call of the library's encode/decode built new ones, with a
// fresh 2 KiB buffer); they are re-entrant (a nested call works on a clone) and `encode` returns a copy.
const encoder = new Encoder({ extensionCodec: codec });
const decoder = new Decoder({ extensionCodec: codec });

export function decodeMsgpack(bytes: Uint8Array, t: CtyType): CtyValue {
  return typed(t, decoder.decode(bytes), undefined);
}

export function encodeMsgpack(v: CtyValue, t: CtyType): Uint8Array {
  return encoder.encode(wire(t, v));
}

/** A DynamicValue as the protocol carries it: msgpack, or JSON from some callers. */
export interface DynamicValue {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

/** Decodes whichever encoding a DynamicValue carries; an absent value is null. */
export function decodeDynamic(dv: DynamicValue | null | undefined, t: CtyType): CtyValue {
  if (dv?.msgpack && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, t);
  if (dv?.json && dv.json.length > 0) return typed(t, JSON.parse(Buffer.from(dv.json).toString('utf8')), undefined);
  return null;
}

export function dynamic(v: CtyValue, t: CtyType): { msgpack: Buffer } {
  const bytes = encodeMsgpack(v, t);
  return { msgpack: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** Decodes JSON text (a stored state) against a type. */
export function decodeJsonValue(text: string, t: CtyType): CtyValue {
  return typed(t, JSON.parse(text), undefined);
}

/** The JSON type constraint the protocol's `type` field carries. */
export function ctyTypeJson(t: CtyType): unknown {
  if (typeof t === 'string') return t;
  const [kind, inner] = t;
  if (kind === 'object') {
    return [
      'object',
      Object.fromEntries(
        Object.keys(inner)
          .sort()
          .map((k) => [k, ctyTypeJson(inner[k]!)]),
      ),
    ];
  }
  return [kind, ctyTypeJson(inner)];
}
