// Starting the provider as the engine expects: serve on a free local port, print it as the first stdout line.
import { debugEnabled, registry } from '@openai-iac/core';
import { EngineLog } from './engine-log';
import { closeOnExit } from './ephemerals';
import { grpc, providerrpc } from './proto';
import { ResourceProviderServer } from './server';

/** The engine's address among the plugin's arguments: `[--logtostderr] [-v=N] [--tracing <endpoint>] <address>`. */
export function engineAddress(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--tracing') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** Where creates are journalled (client/journal.ts in the core), under the program's directory. */
const JOURNAL_DIR = '.openai-iac/journal';

/** Pulumi's own limit for provider messages (schemas and states can be large). */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/** Serves the provider on a free local port and prints the port as the first line of stdout. */
export async function serve(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const log = new EngineLog(debugEnabled(env));
  const engine = engineAddress(argv);
  if (engine) log.connect(engine);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES });
  const provider = new ResourceProviderServer(registry, log, env, JOURNAL_DIR);
  server.addService(providerrpc.ResourceProviderService, provider.service());
  // The engine stops the plugin with SIGINT (SIGKILL 5 s later): what the mint functions opened is closed first.
  closeOnExit(provider.ephemerals);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  process.stdout.write(`${port}\n`);
}
