// Drives the built plugin the way the Pulumi engine does: spawn the executable with the engine's address as
// its argument, read the port from the first line of stdout, and speak pulumirpc.ResourceProvider over gRPC
// with the stubs @pulumi/pulumi ships. A fake engine records the Log RPCs the plugin sends.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as grpcjs from '@grpc/grpc-js';
import type * as pb from '@pulumi/pulumi/proto/provider_pb';
import { bundle } from '../src/cli/bundle';
import { emptypb, enginerpc, grpc, providerpb, providerrpc, statuspb, structpb } from '../src/proto';

export type Wire = { [key: string]: unknown };

/** Bundles the plugin from the sources into a fresh temporary directory; returns the launcher's path. */
export async function buildPlugin(): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'pulumi-resource-openai-')), 'pulumi-resource-openai');
  await bundle(out);
  return out;
}

export function removePlugin(launcher: string): void {
  rmSync(dirname(launcher), { recursive: true, force: true });
}

export interface LogLine {
  severity: number;
  message: string;
  urn: string;
  ephemeral: boolean;
}

/** The engine's Log service, recording what plugins send. */
export class FakeEngine {
  private constructor(
    private readonly server: grpcjs.Server,
    readonly address: string,
    readonly logs: LogLine[],
  ) {}

  static async start(): Promise<FakeEngine> {
    const server = new grpc.Server();
    const logs: LogLine[] = [];
    server.addService(enginerpc.EngineService, {
      log: (call: grpcjs.ServerUnaryCall<import('@pulumi/pulumi/proto/engine_pb').LogRequest, unknown>, cb: grpcjs.sendUnaryData<unknown>) => {
        const r = call.request;
        logs.push({ severity: r.getSeverity(), message: r.getMessage(), urn: r.getUrn(), ephemeral: r.getEphemeral() });
        cb(null, new emptypb.Empty());
      },
    });
    const port = await new Promise<number>((res, rej) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))),
    );
    return new FakeEngine(server, `127.0.0.1:${port}`, logs);
  }

  close(): void {
    this.server.forceShutdown();
  }
}

export interface RpcError extends Error {
  code: number;
  details: string;
  metadata: grpcjs.Metadata;
}

/** A running plugin process and a client for it. */
export class Plugin {
  private constructor(
    readonly proc: ChildProcess,
    private readonly cwd: string,
    readonly port: number,
    readonly client: InstanceType<typeof providerrpc.ResourceProviderClient>,
    private readonly err: string[],
    /** Everything the plugin wrote to stdout (the port line, and nothing else). */
    readonly stdout: string[],
  ) {}

  /**
   * Starts the plugin like the engine: `<launcher> [engine address]`, in a directory without a .env file and with
   * no OPENAI_* / PULUMI_* variables from the test's environment (nor Node's compile cache, for throwaway bundles).
   */
  static async start(launcher: string, opts: { engine?: string; env?: Record<string, string> } = {}): Promise<Plugin> {
    const env: Record<string, string> = { NODE_DISABLE_COMPILE_CACHE: '1' };
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OPENAI_') && !k.startsWith('PULUMI_')) env[k] = v;
    const cwd = mkdtempSync(join(tmpdir(), 'plugin-cwd-'));
    const proc = spawn(launcher, opts.engine ? [opts.engine] : [], {
      cwd,
      env: { ...env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const err: string[] = [];
    const out: string[] = [];
    proc.stderr!.on('data', (d: Buffer) => err.push(d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      proc.stdout!.on('data', (d: Buffer) => {
        out.push(d.toString());
        buf += d.toString();
        const nl = buf.indexOf('\n');
        if (nl >= 0) resolve(Number(buf.slice(0, nl)));
      });
      proc.once('exit', (code) => reject(new Error(`plugin exited (${code}) before printing its port: ${err.join('')}`)));
    });
    const client = new providerrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new Plugin(proc, cwd, port, client, err, out);
  }

  get stderr(): string {
    return this.err.join('');
  }

  /**
   * What the plugin wrote to stderr after `offset`, once it contains `marker` (or after `ms`). The pipe is read
   * asynchronously, so a line written before an RPC's answer may arrive after it on a loaded machine.
   */
  async stderrSince(offset: number, marker: string, ms = 5000): Promise<string> {
    const deadline = Date.now() + ms;
    while (!this.stderr.slice(offset).includes(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.stderr.slice(offset);
  }

  /** One unary RPC by its method name on the stub (`checkConfig`, `create` …). */
  call<Res>(method: string, req: unknown): Promise<Res> {
    const fn = (this.client as unknown as Record<string, (req: unknown, cb: (e: RpcError | null, r: Res) => void) => void>)[method]!;
    return new Promise((resolve, reject) => fn.call(this.client, req, (e, r) => (e ? reject(e) : resolve(r))));
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill();
      await exited;
    }
    rmSync(this.cwd, { recursive: true, force: true });
  }
}

export const struct = (v: Wire) => structpb.Struct.fromJavaScript(v as Parameters<typeof structpb.Struct.fromJavaScript>[0]);
export const js = (s: { toJavaScript(): unknown } | undefined): Wire => (s ? (s.toJavaScript() as Wire) : {});
export const urn = (type: string, name = 'test') => `urn:pulumi:test::openai-iac::${type}::${name}`;

export interface CheckResult {
  inputs: Wire;
  failures: { property: string; reason: string }[];
}
export interface DiffResult {
  changes: number;
  replaces: string[];
  diffs: string[];
  deleteBeforeReplace: boolean;
  detailed: Record<string, number>;
}

const failuresOf = (fs: pb.CheckFailure[]) => fs.map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
const diffOf = (r: pb.DiffResponse): DiffResult => ({
  changes: r.getChanges(),
  replaces: r.getReplacesList(),
  diffs: r.getDiffsList(),
  deleteBeforeReplace: r.getDeletebeforereplace(),
  detailed: detailedOf(r),
});

function detailedOf(r: pb.DiffResponse): Record<string, number> {
  const out: Record<string, number> = {};
  r.getDetaileddiffMap().forEach((v, k) => (out[k] = v.getKind()));
  return out;
}

/** Waits until `check` holds (log lines arrive asynchronously). */
export async function eventually(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** The provider RPCs with JavaScript values in Pulumi's wire spelling (camelCase, secret wrappers, sentinels). */
export class Session {
  constructor(readonly plugin: Plugin) {}

  async checkConfig(news: Wire): Promise<CheckResult> {
    const req = new providerpb.CheckRequest()
      .setUrn(urn('pulumi:providers:openai', 'default'))
      .setType('pulumi:providers:openai')
      .setNews(struct(news));
    const res = await this.plugin.call<pb.CheckResponse>('checkConfig', req);
    return { inputs: js(res.getInputs()), failures: failuresOf(res.getFailuresList()) };
  }

  async diffConfig(olds: Wire, news: Wire): Promise<DiffResult> {
    const req = new providerpb.DiffRequest().setUrn(urn('pulumi:providers:openai', 'default')).setOlds(struct(olds)).setNews(struct(news));
    return diffOf(await this.plugin.call<pb.DiffResponse>('diffConfig', req));
  }

  /** Configure as current engines do (args), or with only `variables` as older ones do. */
  async configure(config: Wire, mode: 'args' | 'variables' = 'args'): Promise<pb.ConfigureResponse> {
    const req = new providerpb.ConfigureRequest().setAcceptsecrets(true).setAcceptresources(true);
    if (mode === 'args') req.setArgs(struct(config));
    const vars = req.getVariablesMap();
    for (const [k, v] of Object.entries(config)) vars.set(`openai:config:${k}`, typeof v === 'string' ? v : JSON.stringify(v));
    return this.plugin.call('configure', req);
  }

  async check(type: string, news: Wire, olds: Wire = {}, name = 'test'): Promise<CheckResult> {
    const req = new providerpb.CheckRequest().setUrn(urn(type, name)).setType(type).setOlds(struct(olds)).setNews(struct(news));
    const res = await this.plugin.call<pb.CheckResponse>('check', req);
    return { inputs: js(res.getInputs()), failures: failuresOf(res.getFailuresList()) };
  }

  async diff(type: string, id: string, olds: Wire, news: Wire, oldInputs: Wire = {}): Promise<DiffResult> {
    const req = new providerpb.DiffRequest()
      .setUrn(urn(type))
      .setType(type)
      .setId(id)
      .setOlds(struct(olds))
      .setNews(struct(news))
      .setOldInputs(struct(oldInputs));
    return diffOf(await this.plugin.call<pb.DiffResponse>('diff', req));
  }

  async create(type: string, properties: Wire, preview = false): Promise<{ id: string; properties: Wire }> {
    const req = new providerpb.CreateRequest().setUrn(urn(type)).setType(type).setProperties(struct(properties)).setPreview(preview);
    const res = await this.plugin.call<pb.CreateResponse>('create', req);
    return { id: res.getId(), properties: js(res.getProperties()) };
  }

  async read(type: string, id: string, properties?: Wire, inputs?: Wire): Promise<{ id: string; properties: Wire; inputs: Wire }> {
    const req = new providerpb.ReadRequest().setUrn(urn(type)).setType(type).setId(id);
    if (properties) req.setProperties(struct(properties));
    if (inputs) req.setInputs(struct(inputs));
    const res = await this.plugin.call<pb.ReadResponse>('read', req);
    return { id: res.getId(), properties: js(res.getProperties()), inputs: js(res.getInputs()) };
  }

  async update(type: string, id: string, olds: Wire, news: Wire, preview = false): Promise<Wire> {
    const req = new providerpb.UpdateRequest()
      .setUrn(urn(type))
      .setType(type)
      .setId(id)
      .setOlds(struct(olds))
      .setNews(struct(news))
      .setPreview(preview);
    return js((await this.plugin.call<pb.UpdateResponse>('update', req)).getProperties());
  }

  async delete(type: string, id: string, properties: Wire): Promise<void> {
    const req = new providerpb.DeleteRequest().setUrn(urn(type)).setType(type).setId(id).setProperties(struct(properties));
    await this.plugin.call('delete', req);
  }

  async invoke(tok: string, args: Wire): Promise<{ result: Wire; failures: CheckResult['failures'] }> {
    const res = await this.plugin.call<pb.InvokeResponse>('invoke', new providerpb.InvokeRequest().setTok(tok).setArgs(struct(args)));
    return { result: js(res.getReturn()), failures: failuresOf(res.getFailuresList()) };
  }
}

/** The ErrorResourceInitFailed a partial create carries in its gRPC status details, if any. */
export function initFailure(e: RpcError): pb.ErrorResourceInitFailed | undefined {
  const raw = e.metadata.get('grpc-status-details-bin')[0];
  if (!raw) return undefined;
  const status = statuspb.Status.deserializeBinary(new Uint8Array(raw as Buffer));
  const any = status.getDetailsList()[0];
  return any?.unpack(providerpb.ErrorResourceInitFailed.deserializeBinary, 'pulumirpc.ErrorResourceInitFailed') ?? undefined;
}
