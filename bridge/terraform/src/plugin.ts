// The plugin process as go-plugin's host sees it: mutual TLS with the host's certificate, the health service
// ("plugin" is SERVING), the controller's Shutdown, the stdio stream (nothing is mirrored: logs go to stderr,
// which the host captures) and tfplugin6.Provider. The provider itself is built on its first call, so the core
// and the OpenAI SDK stay out of start-up; RPCs the provider does not serve answer UNIMPLEMENTED.
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { spelledForTerraform } from './diagnostics';
import { handshakeLine, HandshakeError, type Handshake } from './handshake';
import { loadProtocols } from './proto';
import type { ProviderServer } from './server';
import { parseCertificate, selfSigned } from './tls';

export interface PluginOptions {
  handshake: Handshake;
  /** Builds the provider; called once, on the first tfplugin6 RPC. */
  provider: () => ProviderServer;
  /** The host asked the plugin to exit (the server is already closed). */
  onShutdown: () => void;
  log: (line: string) => void;
}

export interface RunningPlugin {
  /** The handshake line, to be written to stdout first. */
  line: string;
  port: number;
  close(): Promise<void>;
}

const MESSAGE_LIMIT = 256 * 1024 * 1024;

function credentials(handshake: Handshake): { creds: ServerCredentials; certLine: string } {
  if (!handshake.clientCert) return { creds: ServerCredentials.createInsecure(), certLine: '' };
  try {
    parseCertificate(handshake.clientCert);
  } catch (e) {
    throw new HandshakeError(`PLUGIN_CLIENT_CERT does not hold a PEM certificate: ${(e as Error).message}`);
  }
  const identity = selfSigned('openai-iac');
  const creds = ServerCredentials.createSsl(
    Buffer.from(handshake.clientCert),
    [{ private_key: Buffer.from(identity.keyPem), cert_chain: Buffer.from(identity.certPem) }],
    true,
  );
  return { creds, certLine: identity.certLine };
}

export async function servePlugin(opts: PluginOptions): Promise<RunningPlugin> {
  const { creds, certLine } = credentials(opts.handshake);
  const protocols = loadProtocols();
  const server = new Server({ 'grpc.max_receive_message_length': MESSAGE_LIMIT, 'grpc.max_send_message_length': MESSAGE_LIMIT });
  const streams = new Set<ServerWritableStream<unknown, unknown>>();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      for (const s of streams) s.end();
      const force = setTimeout(() => server.forceShutdown(), 1000);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    }));

  server.addService(protocols.health.service, {
    Check: (call: ServerUnaryCall<{ service: string }, unknown>, done: sendUnaryData<unknown>) =>
      call.request.service === '' || call.request.service === 'plugin'
        ? done(null, { status: 'SERVING' })
        : done({ code: status.NOT_FOUND, details: `unknown service ${call.request.service}` }),
  });
  server.addService(protocols.controller.service, {
    Shutdown: (_call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) => {
      done(null, {});
      setImmediate(() => void close().then(opts.onShutdown));
    },
  });
  server.addService(protocols.stdio.service, {
    StreamStdio: (call: ServerWritableStream<unknown, unknown>) => {
      streams.add(call);
      call.on('cancelled', () => streams.delete(call));
    },
  });

  let provider: ProviderServer | undefined;
  const methods: UntypedServiceImplementation = {};
  for (const [name, def] of Object.entries(protocols.provider.service)) {
    if (def.responseStream) {
      // A server-streaming RPC (InvokeAction): the method emits events; the stream ends when it resolves.
      methods[name] = (call: ServerWritableStream<unknown, unknown>) => {
        provider ??= opts.provider();
        const method = (provider as unknown as Record<string, ((req: unknown, emit: (e: unknown) => void) => Promise<void>) | undefined>)[name];
        if (!method) return call.destroy(Object.assign(new Error(`${name} is not served`), { code: status.UNIMPLEMENTED }));
        method
          .call(provider, call.request, (e) => call.write(spelledForTerraform(e)))
          .then(
            () => call.end(),
            (e: unknown) => {
              opts.log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
              call.destroy(Object.assign(new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`), { code: status.INTERNAL }));
            },
          );
      };
      continue;
    }
    methods[name] = (call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) => {
      provider ??= opts.provider();
      const method = (provider as unknown as Record<string, ((req: unknown) => Promise<unknown>) | undefined>)[name];
      if (!method) return done({ code: status.UNIMPLEMENTED, details: `${name} is not served` });
      method.call(provider, call.request).then(
        (response) => done(null, spelledForTerraform(response)),
        (e: unknown) => {
          opts.log(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          done({ code: status.INTERNAL, details: `${name}: ${e instanceof Error ? e.message : String(e)}` });
        },
      );
    };
  }
  server.addService(protocols.provider.service, methods);

  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', creds, (err, p) => (err ? reject(err) : resolve(p))));
  return { line: handshakeLine(port, certLine), port, close };
}
