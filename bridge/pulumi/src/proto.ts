// The Pulumi wire types: the generated stubs shipped in @pulumi/pulumi, and google-protobuf exactly as those
// stubs see it. The stubs check `instanceof` against the google-protobuf copy in @pulumi/pulumi's own
// dependency tree, so every protobuf module is required from there, never from ours. (The bundle resolves
// these requires the same way: see cli/bundle.ts.)
import { createRequire } from 'node:module';

const fromPulumi = createRequire(require.resolve('@pulumi/pulumi/proto/provider_pb'));

export const providerpb: typeof import('@pulumi/pulumi/proto/provider_pb') = fromPulumi('./provider_pb');
export const providerrpc: typeof import('@pulumi/pulumi/proto/provider_grpc_pb') = fromPulumi('./provider_grpc_pb');
export const pluginpb: typeof import('@pulumi/pulumi/proto/plugin_pb') = fromPulumi('./plugin_pb');
export const enginepb: typeof import('@pulumi/pulumi/proto/engine_pb') = fromPulumi('./engine_pb');
export const enginerpc: typeof import('@pulumi/pulumi/proto/engine_grpc_pb') = fromPulumi('./engine_grpc_pb');
export const statuspb: typeof import('@pulumi/pulumi/proto/status_pb') = fromPulumi('./status_pb');
export const structpb: typeof import('google-protobuf/google/protobuf/struct_pb') = fromPulumi('google-protobuf/google/protobuf/struct_pb');
export const emptypb: typeof import('google-protobuf/google/protobuf/empty_pb') = fromPulumi('google-protobuf/google/protobuf/empty_pb');
export const anypb: typeof import('google-protobuf/google/protobuf/any_pb') = fromPulumi('google-protobuf/google/protobuf/any_pb');
export const grpc: typeof import('@grpc/grpc-js') = fromPulumi('@grpc/grpc-js');

export type Struct = import('google-protobuf/google/protobuf/struct_pb').Struct;
