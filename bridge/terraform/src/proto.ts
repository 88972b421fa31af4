// The protocol definitions (../proto), loaded at run time. The bundle keeps the same layout: lib/ beside proto/.
import { join } from 'node:path';
import { loadPackageDefinition, type GrpcObject, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export const PROTO_DIR = join(__dirname, '..', 'proto');

interface Protocols {
  provider: ServiceClientConstructor;
  controller: ServiceClientConstructor;
  stdio: ServiceClientConstructor;
  health: ServiceClientConstructor;
}

export function loadProtocols(): Protocols {
  const definition = loadSync(['tfplugin6.proto', 'plugin.proto', 'health.proto'], {
    includeDirs: [PROTO_DIR],
    keepCase: true,
    longs: Number,
    enums: String,
    bytes: Buffer,
    defaults: true,
    oneofs: true,
  });
  const root = loadPackageDefinition(definition);
  const at = (path: string) => path.split('.').reduce<GrpcObject>((o, k) => o[k] as GrpcObject, root) as unknown as ServiceClientConstructor;
  return {
    provider: at('tfplugin6.Provider'),
    controller: at('plugin.GRPCController'),
    stdio: at('plugin.GRPCStdio'),
    health: at('grpc.health.v1.Health'),
  };
}
