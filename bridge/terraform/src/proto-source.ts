// The protocol definitions (../proto/*.proto) parsed into protobufjs JSON, as src/proto.ts builds its services
// from. Run from the sources (dist/, tests), this parses the files now; the bundlers (cli/bundle.ts, and
// tools/release/dist.mts through it) replace this module with the JSON it returned at build time, so neither
// the parser nor @grpc/proto-loader is on the plugin's start path.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Root, type INamespace } from 'protobufjs';

export const PROTO_DIR = join(__dirname, '..', 'proto');
export const PROTO_FILES = ['tfplugin6.proto', 'plugin.proto', 'health.proto'];

/** The three protocols, parsed with field names as written (keepCase), imports resolved from PROTO_DIR. */
export function protocolJson(): INamespace {
  const root = new Root();
  const fallback = root.resolvePath.bind(root);
  root.resolvePath = (origin, target) => (existsSync(join(PROTO_DIR, target)) ? join(PROTO_DIR, target) : fallback(origin, target));
  root.loadSync(PROTO_FILES, { keepCase: true });
  root.resolveAll();
  return root.toJSON();
}
