// The cty codec, byte for byte where the bytes matter: unknowns, refinements, nulls, nested values, numbers.
import { decode, encode, ExtData } from '@msgpack/msgpack';
import { UNKNOWN, type TypeSpec } from '@openai-iac/core';
import {
  ctyTypeJson,
  decodeDynamic,
  decodeJsonValue,
  decodeMsgpack,
  dynamic,
  encodeMsgpack,
  isCtyUnknown,
  type CtyType,
  type CtyValue,
} from '../src/msgpack';
import { equivalent, fromCore, toCore } from '../src/values';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const obj: CtyType = [
  'object',
  { name: 'string', n: 'number', ok: 'bool', tags: ['list', 'string'], meta: ['map', 'string'], inner: ['object', { x: 'number' }] },
];

describe('unknown values', () => {
  test('the core UNKNOWN is written as ext 0 with one zero byte (d4 00 00)', () => {
    expect(hex(encodeMsgpack(UNKNOWN, 'string'))).toBe('d40000');
  });

  test.each([
    ['plain (fixext1 type 0)', 'd40000'],
    ['refined, not null (ext 12)', 'c7030c8101c3'],
    ['a timestamp-typed extension (-1)', 'd6ff00000001'],
    ['any other extension', 'd50700ff'],
  ])('%s decodes as unknown, at any depth', (_what, bytes) => {
    expect(isCtyUnknown(decodeMsgpack(Buffer.from(bytes, 'hex'), 'number'))).toBe(true);
    const list = decodeMsgpack(Buffer.from(`91${bytes}`, 'hex'), ['list', 'string']) as CtyValue[];
    expect(isCtyUnknown(list[0])).toBe(true);
  });

  test('a refined unknown is re-encoded with its refinements', () => {
    const refined = Buffer.from('c7030c8101c3', 'hex');
    expect(hex(encodeMsgpack(decodeMsgpack(refined, 'string'), 'string'))).toBe('c7030c8101c3');
  });

  test('an unknown reaches the core as UNKNOWN and comes back as d4 00 00', () => {
    const v = decodeMsgpack(Buffer.from('c7030c8101c3', 'hex'), 'string');
    expect(toCore({ kind: 'string' }, v)).toBe(UNKNOWN);
    expect(hex(encodeMsgpack(fromCore({ kind: 'string' }, UNKNOWN), 'string'))).toBe('d40000');
  });
});

describe('objects', () => {
  test('every attribute is written, null when unset, in sorted order', () => {
    const bytes = encodeMsgpack({ name: 'a' }, obj);
    expect(bytes[0]).toBe(0x86); // a map of 6
    const back = decodeMsgpack(bytes, obj);
    expect(back).toEqual({ inner: null, meta: null, n: null, name: 'a', ok: null, tags: null });
    expect(Object.keys(decode(bytes) as object)).toEqual(['inner', 'meta', 'n', 'name', 'ok', 'tags']);
  });

  test('absent attributes decode as null; unexpected ones are dropped', () => {
    expect(decodeMsgpack(encode({ name: 'a', extra: 1 }), obj)).toEqual({ inner: null, meta: null, n: null, name: 'a', ok: null, tags: null });
  });

  test('nested values round-trip', () => {
    const v = { name: 'a', n: 3, ok: true, tags: ['x', 'y'], meta: { k: 'v' }, inner: { x: 1.5 } };
    expect(decodeMsgpack(encodeMsgpack(v, obj), obj)).toEqual(v);
  });

  test('null values and nulls inside collections', () => {
    expect(decodeMsgpack(encodeMsgpack(null, obj), obj)).toBeNull();
    expect(decodeMsgpack(encodeMsgpack(['a', null], ['list', 'string']), ['list', 'string'])).toEqual(['a', null]);
  });

  test('a value of the wrong type is refused with its path', () => {
    expect(() => decodeMsgpack(encode({ inner: { x: 'no' } }), obj)).toThrow('inner.x: expected number');
    expect(() => decodeMsgpack(encode({ tags: 'no' }), obj)).toThrow('tags: expected list');
  });
});

describe('numbers', () => {
  test.each([
    ['a fixint', '05', 5],
    ['an int64', 'd3000000000000002a', 42],
    ['a uint64', 'cf00000000ffffffff', 4294967295],
    ['a negative int', 'd0f6', -10],
    ['a float64', 'cb3fb999999999999a', 0.1],
    ['a decimal string', 'a3302e31', 0.1],
    ['a big decimal string', Buffer.from(encode('123456789012345678901234')).toString('hex'), Number('123456789012345678901234')],
  ])('%s decodes', (_what, bytes, n) => {
    expect(decodeMsgpack(Buffer.from(bytes, 'hex'), 'number')).toBe(n);
  });

  test('integers are written as msgpack integers', () => {
    expect(hex(encodeMsgpack(7, 'number'))).toBe('07');
    expect(hex(encodeMsgpack(-1, 'number'))).toBe('ff');
    expect(hex(encodeMsgpack(1_700_000_000, 'number'))).toBe('ce6553f100');
  });

  test('other numbers are written as their shortest decimal text, which cty parses exactly', () => {
    expect(Buffer.from(encodeMsgpack(0.1, 'number')).toString('latin1').slice(1)).toBe('0.1');
    expect(Buffer.from(encodeMsgpack(0.5, 'number')).toString('latin1').slice(1)).toBe('0.5');
  });

  test('beyond 2^53 a number keeps the 17 significant digits a double holds', () => {
    const text = (n: number) => Buffer.from(encodeMsgpack(n, 'number')).toString('latin1').slice(1);
    expect(text(2 ** 60)).toBe('1152921504606847000');
    expect(text(1e23)).toBe('1e+23');
  });

  test('a number that is not a number is refused', () => {
    expect(() => decodeMsgpack(encode('abc'), 'number')).toThrow('expected number');
  });
});

describe('DynamicValue', () => {
  test('the msgpack form wins; the JSON form is read when it is the only one', () => {
    const t: CtyType = ['object', { a: 'string', b: ['list', 'number'] }];
    expect(decodeDynamic(dynamic({ a: 'x', b: [1] }, t), t)).toEqual({ a: 'x', b: [1] });
    expect(decodeDynamic({ msgpack: new Uint8Array(0), json: Buffer.from('{"a":"y"}') }, t)).toEqual({ a: 'y', b: null });
    expect(decodeDynamic({}, t)).toBeNull();
    expect(decodeDynamic(null, t)).toBeNull();
    expect(decodeJsonValue('{"b":[1.5,2]}', t)).toEqual({ a: null, b: [1.5, 2] });
  });

  test('type constraints are written as cty JSON', () => {
    expect(ctyTypeJson(['object', { b: ['map', 'bool'], a: ['list', 'string'] }])).toEqual(['object', { a: ['list', 'string'], b: ['map', 'bool'] }]);
  });
});

describe('core values', () => {
  const json: TypeSpec = { kind: 'json' };

  test('JSON properties travel as text and compare as documents', () => {
    expect(fromCore(json, { b: 1, a: [true] })).toBe('{"a":[true],"b":1}');
    expect(toCore(json, '{ "a": 1 }')).toEqual({ a: 1 });
    expect(equivalent(json, '{"a":1,"b":2}', '{\n  "b": 2,\n  "a": 1\n}')).toBe(true);
    expect(equivalent(json, '{"a":1}', '{"a":2}')).toBe(false);
  });

  test('text that is not JSON is a failure at its path', () => {
    const failures: Array<{ path: Array<string | number>; message: string }> = [];
    toCore({ kind: 'object', properties: { p: { type: json } as never } }, { p: '{nope' }, [], failures);
    expect(failures).toEqual([{ path: ['p'], message: expect.stringContaining('valid JSON') }]);
  });

  test('null, empty collections and objects of nulls all mean "none"', () => {
    const t: TypeSpec = { kind: 'map', values: { kind: 'string' } };
    expect(equivalent(t, null, {})).toBe(true);
    expect(equivalent({ kind: 'list', items: { kind: 'string' } }, [], null)).toBe(true);
    expect(equivalent(t, null, { a: 'b' })).toBe(false);
    expect(equivalent(t, UNKNOWN, UNKNOWN)).toBe(false);
  });

  test('null object members are left out for the core; every member is back on the way out', () => {
    const t: TypeSpec = { kind: 'object', properties: { a: { type: { kind: 'string' } } as never, b: { type: { kind: 'number' } } as never } };
    expect(toCore(t, { a: 'x', b: null })).toEqual({ a: 'x' });
    expect(fromCore(t, { a: 'x' })).toEqual({ a: 'x', b: null });
  });

  test('an extension object is not mistaken for an object value', () => {
    expect(toCore({ kind: 'map', values: { kind: 'string' } }, new ExtData(0, new Uint8Array([0])))).toBe(UNKNOWN);
  });
});
