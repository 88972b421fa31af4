// Drives the provider the way Terraform and OpenTofu do: the bundled binary is spawned with the go-plugin
// environment (magic cookie, protocol versions, a client certificate), the handshake line is parsed, and a
// gRPC client speaks mutual TLS to it with the server certificate from that line, over the same .proto files.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { credentials, type Client, type ClientReadableStream } from '@grpc/grpc-js';
import { bundle } from '../src/cli/bundle';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../src/handshake';
import { loadProtocols } from '../src/proto';
import { servePlugin } from '../src/plugin';
import { createProviderServer } from '../src/server';
import { selfSigned, type Identity } from '../src/tls';

let built: Promise<string> | undefined;

/** Bundles the provider once per test file, from the sources, into a temporary folder. */
export function providerBinary(): Promise<string> {
  return (built ??= bundle(mkdtempSync(join(tmpdir(), 'tf-provider-'))));
}

/** The environment the provider is started with: this one, less anything that could point it at OpenAI. */
export function pluginEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(OPENAI_|TF_|PLUGIN_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

export interface Handshake {
  core: string;
  protocol: string;
  network: string;
  address: string;
  rpc: string;
  cert: string;
}

export function parseHandshake(line: string): Handshake {
  const [core, protocol, network, address, rpc, cert] = line.split('|');
  return { core: core!, protocol: protocol!, network: network!, address: address!, rpc: rpc!, cert: cert ?? '' };
}

type Unary = (request: object) => Promise<Record<string, unknown>>;

export interface Plugin {
  /** The provider process; absent for an in-process server. */
  child?: ChildProcessWithoutNullStreams;
  handshake: Handshake;
  stderr: string[];
  /** tfplugin6.Provider, one promise-returning function per RPC. */
  provider: Record<string, Unary>;
  /** A server-streaming tfplugin6.Provider RPC (InvokeAction): every message of the stream, once it ends. */
  stream(name: string, request: object): Promise<Record<string, unknown>[]>;
  /** The tfplugin6.Provider client itself, for the server-streaming RPCs (ListResource). */
  providerClient: Client;
  controller: Record<string, Unary>;
  health: Record<string, Unary>;
  stdio: Client & { StreamStdio(req: object): ClientReadableStream<unknown> };
  exited: Promise<number | null>;
  close(): Promise<void>;
}

function promisify(client: Client): Record<string, Unary> {
  return new Proxy({} as Record<string, Unary>, {
    get: (_t, name: string) => (request: object) =>
      new Promise((resolve, reject) =>
        (client as unknown as Record<string, (r: object, cb: (e: Error | null, v: Record<string, unknown>) => void) => void>)[name]!(
          request,
          (e, v) => (e ? reject(e) : resolve(v)),
        ),
      ),
  });
}

export const hostIdentity = selfSigned('test-host');

/** Starts the provider as a host does; `env` adds to the plugin's environment. */
export async function startPlugin(env: NodeJS.ProcessEnv = {}, identity = hostIdentity): Promise<Plugin> {
  const binary = await providerBinary();
  const child = spawn(binary, [], {
    env: pluginEnv({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: hostIdentity.certPem, ...env }),
  });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then((code) => reject(new Error(`provider exited (${code}) before the handshake: ${stderr.join('')}`)));
  });
  return connect(line, identity, { child, stderr, exited, stop: async () => void (child.exitCode === null && child.kill('SIGKILL')) });
}

/**
 * The same server in this process (same TLS, protocol files and handlers; no bundle, no spawn): for
 * debugging and for coverage of the code the spawned binary runs.
 */
export async function startInProcess(env: NodeJS.ProcessEnv = {}): Promise<Plugin> {
  let shutdown!: (code: number) => void;
  const exited = new Promise<number | null>((resolve) => (shutdown = resolve));
  const stderr: string[] = [];
  const running = await servePlugin({
    handshake: { clientCert: hostIdentity.certPem },
    provider: () => createProviderServer(pluginEnv(env), { debug: (m) => stderr.push(m), info: (m) => stderr.push(m) }),
    onShutdown: () => shutdown(0),
    log: (line) => stderr.push(line),
  });
  return connect(running.line, hostIdentity, { stderr, exited, stop: () => running.close() });
}

async function connect(
  line: string,
  identity: Identity,
  process: { child?: ChildProcessWithoutNullStreams; stderr: string[]; exited: Promise<number | null>; stop: () => Promise<void> },
): Promise<Plugin> {
  const handshake = parseHandshake(line);
  const serverPem = new X509Certificate(Buffer.from(handshake.cert, 'base64')).toString();
  const creds = credentials.createSsl(Buffer.from(serverPem), Buffer.from(identity.keyPem), Buffer.from(identity.certPem));
  const options = {
    'grpc.ssl_target_name_override': 'localhost',
    'grpc.default_authority': 'localhost',
    'grpc.max_receive_message_length': 256 << 20,
  };
  const protocols = loadProtocols();
  const clients = [protocols.provider, protocols.controller, protocols.health, protocols.stdio].map((C) => new C(handshake.address, creds, options));
  const [provider, controller, health, stdio] = clients as unknown as [Client, Client, Client, Plugin['stdio']];
  return {
    ...(process.child ? { child: process.child } : {}),
    handshake,
    stderr: process.stderr,
    provider: promisify(provider),
    stream: (name, request) =>
      new Promise((resolve, reject) => {
        const call = (provider as unknown as Record<string, (r: object) => ClientReadableStream<Record<string, unknown>>>)[name]!(request);
        const events: Record<string, unknown>[] = [];
        call.on('data', (e: Record<string, unknown>) => events.push(e));
        call.on('error', reject);
        call.on('end', () => resolve(events));
      }),
    providerClient: provider,
    controller: promisify(controller),
    health: promisify(health),
    stdio,
    exited: process.exited,
    async close() {
      for (const c of clients) c.close();
      await process.stop();
      if (process.child) await process.exited;
    },
  };
}

/** Each suite runs against both: the binary as Terraform starts it, and the same server in-process. */
export const MODES: Array<[string, (env?: NodeJS.ProcessEnv) => Promise<Plugin>]> = [
  ['spawned binary', (env) => startPlugin(env)],
  ['in-process server', (env) => startInProcess(env)],
];
