// src/proto.ts builds the gRPC services from protobufjs JSON instead of @grpc/proto-loader: the result must be
// what proto-loader's loadSync built, with the options the plugin used, method by method — paths, streaming,
// client names, and the (de)serializers on a message that sets every field of every request and response.
import { loadSync } from '@grpc/proto-loader';
import { build } from 'esbuild';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { Root, type Type, type Field, type MapField } from 'protobufjs';
import { CONVERSION, loadProtocols, PROTO_DIR } from '../src/proto';
import { PROTO_FILES, protocolJson } from '../src/proto-source';
import { inlineProtocols } from '../src/cli/bundle';

const reference = loadSync(PROTO_FILES, { includeDirs: [PROTO_DIR], keepCase: true, ...CONVERSION });
const root = Root.fromJSON(protocolJson());
root.resolveAll();

/** A plain object that sets every field (one member of each oneof), nested messages to `depth`. */
function sample(type: Type, depth = 3): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const chosen = new Set(type.oneofsArray.map((o) => o.fieldsArray[0]!.name));
  for (const f of type.fieldsArray as Field[]) {
    if (f.partOf && !chosen.has(f.name)) continue;
    const one = (): unknown => {
      f.resolve();
      if (f.resolvedType && 'fieldsArray' in f.resolvedType) return depth > 0 ? sample(f.resolvedType as Type, depth - 1) : {};
      if (f.resolvedType) return Object.keys((f.resolvedType as unknown as { values: object }).values).at(-1);
      switch (f.type) {
        case 'string':
          return `s-${f.name}`;
        case 'bytes':
          return Buffer.from(f.name);
        case 'bool':
          return true;
        case 'double':
        case 'float':
          return 1.5;
        default:
          return 7;
      }
    };
    if ((f as unknown as MapField).keyType) out[f.name] = { k: one() };
    else out[f.name] = f.repeated ? [one(), one()] : one();
  }
  return out;
}

const services: [keyof ReturnType<typeof loadProtocols>, string][] = [
  ['provider', 'tfplugin6.Provider'],
  ['controller', 'plugin.GRPCController'],
  ['stdio', 'plugin.GRPCStdio'],
  ['health', 'grpc.health.v1.Health'],
];

describe.each(services)('%s (%s)', (key, path) => {
  const ours = loadProtocols()[key].service as ServiceDefinition;
  const theirs = reference[path] as unknown as ServiceDefinition;

  test('the same methods, paths, streaming and client names', () => {
    const shape = (d: ServiceDefinition) =>
      Object.fromEntries(
        Object.entries(d).map(([n, m]: [string, MethodDefinition<unknown, unknown>]) => [
          n,
          { path: m.path, requestStream: m.requestStream, responseStream: m.responseStream, originalName: m.originalName },
        ]),
      );
    expect(Object.keys(ours).length).toBeGreaterThan(0);
    expect(shape(ours)).toEqual(shape(theirs));
  });

  test('the same bytes out and the same objects in, for every field of every message', () => {
    for (const [name, m] of Object.entries(ours) as [string, MethodDefinition<unknown, unknown>][]) {
      const ref = theirs[name] as MethodDefinition<unknown, unknown>;
      const method = root.lookupService(path).methods[name]!;
      for (const [side, type] of [
        ['request', method.resolvedRequestType!],
        ['response', method.resolvedResponseType!],
      ] as const) {
        const value = sample(type);
        const ser = side === 'request' ? [m.requestSerialize, ref.requestSerialize] : [m.responseSerialize, ref.responseSerialize];
        const de = side === 'request' ? [m.requestDeserialize, ref.requestDeserialize] : [m.responseDeserialize, ref.responseDeserialize];
        const bytes = ser[1]!(value);
        expect(Buffer.from(ser[0]!(value)).equals(Buffer.from(bytes))).toBe(true);
        expect(de[0]!(bytes)).toEqual(de[1]!(bytes));
        // Defaults (an empty message) convert alike too.
        expect(de[0]!(Buffer.alloc(0))).toEqual(de[1]!(Buffer.alloc(0)));
      }
    }
  });
});

test('the bundler inlines the same JSON the sources parse', async () => {
  const protocols = inlineProtocols();
  const result = await build({
    stdin: { contents: "module.exports = require('./proto-source').protocolJson();", resolveDir: `${__dirname}/../src`, loader: 'js' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    plugins: [protocols.plugin],
    logLevel: 'silent',
  });
  expect(protocols.applied()).toBe(true);
  const text = result.outputFiles[0]!.text;
  expect(text).not.toContain('loadSync');
  const mod = { exports: {} as unknown };
  new Function('module', 'exports', 'require', '__dirname', text)(mod, mod.exports, require, __dirname);
  expect(mod.exports).toEqual(protocolJson());
});
