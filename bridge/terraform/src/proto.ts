// The protocols' gRPC services, built from protobufjs JSON (./proto-source: parsed from ../proto at run time
// from the sources, inlined at build time in the bundles). What @grpc/proto-loader's loadSync did, without
// its start-up cost (~30 ms to load, ~35 ms to parse and to describe every message for reflection, which the
// plugin does not serve): each method's path, streaming flags and (de)serializers, with the same conversion
// options. test/proto.test.ts holds the result to proto-loader's, method by method.
import { makeClientConstructor, type MethodDefinition, type ServiceClientConstructor, type ServiceDefinition } from '@grpc/grpc-js';
import { Root, type Method, type Service, type Type, type IConversionOptions } from 'protobufjs/light';
import { protocolJson } from './proto-source';

export { PROTO_DIR } from './proto-source';

interface Protocols {
  provider: ServiceClientConstructor;
  controller: ServiceClientConstructor;
  stdio: ServiceClientConstructor;
  health: ServiceClientConstructor;
}

/** proto-loader's options as the plugin used them (keepCase is the JSON's). */
export const CONVERSION: IConversionOptions = { longs: Number, enums: String, bytes: Buffer, defaults: true, oneofs: true };

function serializer(type: Type): (value: unknown) => Buffer {
  return (value) => {
    if (Array.isArray(value)) throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`);
    return Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish());
  };
}

function deserializer(type: Type): (bytes: Buffer) => unknown {
  return (bytes) => type.toObject(type.decode(bytes), CONVERSION);
}

/** lodash.camelcase, as proto-loader names a method for clients, for the PascalCase names protocols use. */
function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function service(root: Root, path: string): ServiceClientConstructor {
  const svc = root.lookupService(path) as Service;
  const def: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const m of svc.methodsArray as Method[]) {
    const request = m.resolvedRequestType!;
    const response = m.resolvedResponseType!;
    def[m.name] = {
      path: `/${path}/${m.name}`,
      requestStream: !!m.requestStream,
      responseStream: !!m.responseStream,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      originalName: camelCase(m.name),
    };
  }
  return makeClientConstructor(def as ServiceDefinition, path);
}

export function loadProtocols(): Protocols {
  const root = Root.fromJSON(protocolJson());
  root.resolveAll();
  return {
    provider: service(root, 'tfplugin6.Provider'),
    controller: service(root, 'plugin.GRPCController'),
    stdio: service(root, 'plugin.GRPCStdio'),
    health: service(root, 'grpc.health.v1.Health'),
  };
}
