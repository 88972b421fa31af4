// The pulumirpc.ResourceProvider service over the engine-neutral core. Every RPC decodes the wire values,
// calls the core, and encodes the answer; nothing here knows any particular resource.
import {
  checkObject,
  containsUnknown,
  getFailures,
  isMeta,
  OpenAIIacError,
  PROVIDER_CONFIG,
  Provider,
  sameValue,
  type Registry,
  type ResourceSpec,
  type State,
  type ValueObject,
  UNKNOWN,
} from '@openai-iac/core';
import type * as grpcjs from '@grpc/grpc-js';
import type { PluginAttach } from '@pulumi/pulumi/proto/plugin_pb';
import type * as pb from '@pulumi/pulumi/proto/provider_pb';
import type { EngineLog } from './engine-log';
import { OpenEphemerals } from './ephemerals';
import { functionsOf, type FunctionSpec } from './functions';
import { decode, encode, known, propertyPath } from './marshal';
import { emptypb, pluginpb, providerpb, type Struct } from './proto';
import { checkFailures, diffResponse, grpcError, initFailed } from './responses';
import { VERSION } from './version';

/** Provider inputs the engine owns (the plugin version it loaded): passed through, never checked. */
const ENGINE_KEYS = ['version', 'pluginDownloadURL'];

/** The URN a request is about, for the log lines written while serving it ('' when it names none). */
function urnOf(req: object): string {
  const get = (req as { getUrn?: () => string }).getUrn;
  return get ? get.call(req) : '';
}

/** Config values arrive as strings from stack configuration (`pulumi config set openai:maxRetries 3`). */
function coerceConfig(values: ValueObject): ValueObject {
  const out: ValueObject = {};
  for (const [name, v] of Object.entries(values)) {
    const kind = PROVIDER_CONFIG[name]?.type.kind;
    if (typeof v === 'string' && (kind === 'integer' || kind === 'number') && v.trim() !== '' && Number.isFinite(Number(v))) {
      out[name] = Number(v);
    } else if (typeof v === 'string' && kind === 'bool' && (v === 'true' || v === 'false')) {
      out[name] = v === 'true';
    } else out[name] = v;
  }
  return out;
}

export class ResourceProviderServer {
  private readonly provider: Provider;
  private readonly functions: Map<string, FunctionSpec>;
  /** Aborted by Cancel: every operation in flight stops waiting. */
  private readonly cancelled = new AbortController();
  /** What the mint functions opened this run, closed when it ends (Cancel, or the signal that stops the plugin). */
  readonly ephemerals: OpenEphemerals;

  /** The registry without write-only attributes, which Pulumi has no notion of (its state is encrypted). */
  private readonly registry: Registry;

  constructor(
    registry: Registry,
    private readonly log: EngineLog,
    env: NodeJS.ProcessEnv = process.env,
    /** The create journal's folder, relative to the program's directory (the plugin's working directory). */
    journalDir?: string,
  ) {
    this.registry = registry.withoutWriteOnly();
    this.provider = new Provider(this.registry, { env, log: log.core, ...(journalDir ? { journalDir } : {}) });
    this.functions = new Map(functionsOf(this.registry.resources).map((f) => [f.token, f]));
    this.ephemerals = new OpenEphemerals((type, data, signal) => this.provider.closeEphemeral(type, data, { signal }), {
      debug: (m) => log.core.debug(m),
      problem: (m) => log.warn(this.provider.scrub(m)),
    });
  }

  /** The implementation object for `server.addService(ResourceProviderService, …)`. Absent RPCs answer UNIMPLEMENTED. */
  service(): grpcjs.UntypedServiceImplementation {
    return {
      handshake: this.unary(this.handshake),
      getPluginInfo: this.unary(() => new pluginpb.PluginInfo().setVersion(VERSION)),
      getSchema: this.unary(this.getSchema),
      checkConfig: this.unary(this.checkConfig),
      diffConfig: this.unary(this.diffConfig),
      configure: this.unary(this.configure),
      check: this.unary(this.check),
      diff: this.unary(this.diff),
      create: this.unary(this.create),
      read: this.unary(this.read),
      update: this.unary(this.update),
      delete: this.unary(this.delete),
      invoke: this.unary(this.invoke),
      cancel: this.unary(this.cancel),
      attach: this.unary((req: PluginAttach) => (this.log.connect(req.getAddress()), new emptypb.Empty())),
      getMapping: this.unary(() => new providerpb.GetMappingResponse()),
      getMappings: this.unary(() => new providerpb.GetMappingsResponse()),
    };
  }

  private unary<Req extends object, Res>(fn: (req: Req) => Res | Promise<Res>) {
    return (call: grpcjs.ServerUnaryCall<Req, Res>, callback: grpcjs.sendUnaryData<Res>) => {
      const req = call.request;
      void this.log.within(urnOf(req), async () => {
        try {
          callback(null, await fn.call(this, req));
        } catch (e) {
          callback(grpcError(e, (s) => this.provider.scrub(s)));
        }
      });
    };
  }

  /**
   * The engine ends the run (at the end of every preview, up, refresh and destroy, then stops the plugin) or the
   * user interrupted it: operations in flight stop waiting, and what the mint functions opened is closed before
   * the answer (the engine awaits it up to 5 s; ephemerals.ts).
   */
  private async cancel() {
    this.cancelled.abort(new OpenAIIacError('timeout', 'cancelled by the engine'));
    await this.ephemerals.closeAll();
    return new emptypb.Empty();
  }

  // ---- plugin and provider configuration ----------------------------------------------------------------

  private handshake(req: pb.ProviderHandshakeRequest) {
    this.log.connect(req.getEngineAddress());
    return new providerpb.ProviderHandshakeResponse().setAcceptSecrets(true).setAcceptResources(false).setAcceptOutputs(false);
  }

  private getSchema(req: pb.GetSchemaRequest) {
    if (req.getSubpackageName()) throw new OpenAIIacError('validation', `this provider has no subpackage '${req.getSubpackageName()}'`);
    const { schemaJson } = require('./schema') as typeof import('./schema');
    return new providerpb.GetSchemaResponse().setSchema(schemaJson(this.registry.resources));
  }

  private decodeConfig(wire: Struct | undefined) {
    const { values, secrets } = decode(PROVIDER_CONFIG, wire, ENGINE_KEYS);
    return { values: coerceConfig(values), secrets };
  }

  private checkConfig(req: pb.CheckRequest) {
    const news = req.getNews();
    const { values, secrets } = this.decodeConfig(news);
    const { inputs, failures } = this.provider.checkConfig(values);
    const passthrough = Object.fromEntries(Object.entries(news?.toJavaScript() ?? {}).filter(([k]) => ENGINE_KEYS.includes(k)));
    return new providerpb.CheckResponse()
      .setInputs(encode(PROVIDER_CONFIG, inputs, secrets, passthrough))
      .setFailuresList(checkFailures(PROVIDER_CONFIG, failures));
  }

  private diffConfig(req: pb.DiffRequest) {
    const olds = this.decodeConfig(req.getOlds()).values;
    const news = this.decodeConfig(req.getNews()).values;
    const changed = Object.entries(PROVIDER_CONFIG)
      .filter(([name, prop]) => !sameValue(prop.type, olds[name], news[name]))
      .map(([name]) => name);
    return diffResponse(PROVIDER_CONFIG, olds, changed, news, [], false);
  }

  private configure(req: pb.ConfigureRequest) {
    let values: ValueObject;
    if (req.hasArgs()) values = this.decodeConfig(req.getArgs()).values;
    else {
      // Older engines send only `variables`: { 'openai:config:apiKey': '…' }, non-strings JSON-encoded.
      const wire: Record<string, string> = {};
      for (const [key, v] of req.getVariablesMap().toArray()) wire[key.slice(key.lastIndexOf(':') + 1)] = v;
      values = coerceConfig(decode(PROVIDER_CONFIG, wire, ENGINE_KEYS).values);
    }
    const { inputs, failures } = this.provider.checkConfig(values);
    if (failures.length > 0) {
      const lines = failures.map((f) => `  - ${propertyPath(PROVIDER_CONFIG, f.path)}: ${f.message}`);
      throw new OpenAIIacError('validation', `invalid provider configuration:\n${lines.join('\n')}`);
    }
    this.provider.configure(inputs);
    return new providerpb.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(true).setAcceptresources(false).setAcceptoutputs(false);
  }

  // ---- resources -----------------------------------------------------------------------------------------

  private spec(type: string): ResourceSpec {
    try {
      return this.registry.get(type);
    } catch (e) {
      throw new OpenAIIacError('validation', (e as Error).message);
    }
  }

  /** Progress goes to the engine's status column; waits stop on Cancel or after the resource's custom timeout. */
  private hooks(timeoutSeconds = 0) {
    let signal = this.cancelled.signal;
    if (timeoutSeconds > 0) {
      const timeout = new AbortController();
      const reason = new OpenAIIacError('timeout', `gave up after ${timeoutSeconds}s (the resource's customTimeouts)`);
      setTimeout(() => timeout.abort(reason), timeoutSeconds * 1000).unref();
      signal = AbortSignal.any([signal, timeout.signal]);
    }
    return { progress: (m: string) => this.log.write(m, true), signal };
  }

  private async check(req: pb.CheckRequest) {
    const spec = this.spec(req.getType());
    const { values, secrets } = decode(spec.properties, req.getNews());
    const { inputs, failures } = this.provider.check(spec.name, values);
    for (const notice of this.provider.notices(spec.name, values, req.getUrn())) await this.log.warn(notice.message);
    // The key the resource will use (its own, else the provider's) is proven once per key per process, so a bad
    // key fails the preview, not the update.
    if (failures.length === 0) failures.push(...(await this.provider.keyFailures(spec.name, inputs)));
    return new providerpb.CheckResponse()
      .setInputs(encode(spec.properties, inputs, secrets))
      .setFailuresList(checkFailures(spec.properties, failures));
  }

  private diff(req: pb.DiffRequest) {
    const spec = this.spec(req.getType());
    const olds = decode(spec.properties, req.getOlds()).values;
    const news = decode(spec.properties, req.getNews()).values;
    const { changed, replaces, deleteBeforeReplace } = this.provider.plan(spec.name, known(olds), news, req.getId());
    return diffResponse(spec.properties, olds, changed, news, replaces, deleteBeforeReplace);
  }

  private async create(req: pb.CreateRequest) {
    const spec = this.spec(req.getType());
    const { values, secrets } = decode(spec.properties, req.getProperties());
    if (req.getPreview()) {
      const failures = await this.provider.keyFailures(spec.name, values);
      if (failures[0]) throw new OpenAIIacError('unauthorized', failures[0].message);
      return new providerpb.CreateResponse().setProperties(encode(spec.properties, this.provider.plan(spec.name, null, values).planned, secrets));
    }
    const created = await this.provider
      .create(spec.name, known(values), { ...this.hooks(req.getTimeout()), address: req.getUrn() })
      .catch((e: unknown) => Promise.reject(initFailed(e, spec, secrets)));
    return new providerpb.CreateResponse().setId(created.id).setProperties(encode(spec.properties, created.state, secrets));
  }

  /** Refresh (prior state given) or import (only the id): the live state, and the inputs that reproduce it. */
  private async read(req: pb.ReadRequest) {
    const spec = this.spec(req.getType());
    const state = decode(spec.properties, req.getProperties());
    const inputs = decode(spec.properties, req.getInputs());
    const secrets = new Set([...state.secrets, ...inputs.secrets]);
    const hooks = this.hooks(req.getTimeout());
    const found =
      Object.keys(state.values).length === 0
        ? await this.provider.import(spec.name, req.getId(), undefined, hooks)
        : await this.provider.read(spec.name, req.getId(), known(state.values), hooks);
    if (!found) return new providerpb.ReadResponse().setId('');
    // Provider-side settings (a resource's own apiKey) are not the object's: keep the configured ones.
    const reproducing: ValueObject = { ...found.inputs };
    for (const [name, v] of Object.entries(inputs.values)) if (isMeta(name)) reproducing[name] = v;
    return new providerpb.ReadResponse()
      .setId(found.id)
      .setProperties(encode(spec.properties, found.state, secrets))
      .setInputs(encode(spec.properties, reproducing, secrets));
  }

  private async update(req: pb.UpdateRequest) {
    const spec = this.spec(req.getType());
    const olds = decode(spec.properties, req.getOlds());
    const news = decode(spec.properties, req.getNews());
    const secrets = new Set([...olds.secrets, ...news.secrets]);
    const state = req.getPreview()
      ? this.provider.plan(spec.name, known(olds.values), news.values).planned
      : await this.provider
          .update(spec.name, req.getId(), known(olds.values), known(news.values), this.hooks(req.getTimeout()))
          .catch((e: unknown) => Promise.reject(initFailed(e, spec, secrets)));
    return new providerpb.UpdateResponse().setProperties(encode(spec.properties, state, secrets));
  }

  private async delete(req: pb.DeleteRequest) {
    const spec = this.spec(req.getType());
    const state = decode(spec.properties, req.getProperties()).values;
    await this.provider.delete(spec.name, req.getId(), known(state), this.hooks(req.getTimeout()));
    return new emptypb.Empty();
  }

  // ---- functions -----------------------------------------------------------------------------------------

  private async invoke(req: pb.InvokeRequest) {
    const fn = this.functions.get(req.getTok());
    if (!fn)
      throw new OpenAIIacError('validation', `unknown function '${req.getTok()}'; this provider has: ${[...this.functions.keys()].join(', ')}`);
    if (fn.kind === 'mint') return this.mint(fn, req);
    const { inputs, failures } = checkObject(fn.inputs, decode(fn.inputs, req.getArgs()).values);
    const res = new providerpb.InvokeResponse();
    if (fn.kind === 'get' && failures.length === 0) failures.push(...getFailures(fn.resource, inputs));
    if (failures.length > 0) return res.setFailuresList(checkFailures(fn.inputs, failures));
    const args = known(inputs);
    const apiKey = typeof args['api_key'] === 'string' ? args['api_key'] : undefined;
    const object = (id: string, state: State): ValueObject => {
      const out: ValueObject = { id };
      for (const [name, v] of Object.entries(state)) if (!isMeta(name)) out[name] = v;
      return out;
    };
    const spec = fn.resource;
    if (fn.kind === 'get') {
      const { api_key: _key, ...getArgs } = args;
      const found = await this.provider.get(spec.name, getArgs, apiKey, this.hooks());
      return res.setReturn(encode(fn.outputs, object(found.id, found.state)));
    }
    const listArgs = Object.fromEntries(Object.entries(args).filter(([name]) => name !== 'api_key'));
    const items = await this.provider.list(spec.name, listArgs, apiKey, this.hooks());
    return res.setReturn(encode(fn.outputs, { items: items.map((c) => object(c.id, c.state)) }));
  }

  /**
   * A mint function: opens the resource's ephemeral twin (a key made for this run) and hands its outputs to the
   * program, secrets as secrets. What closing needs stays in this process only and is closed when the run ends;
   * with `keep` there is nothing to close. Bad arguments come back as check failures, before any request.
   */
  private async mint(fn: FunctionSpec, req: pb.InvokeRequest) {
    const spec = fn.resource;
    const { values, secrets } = decode(fn.inputs, req.getArgs());
    const { inputs, failures } = this.provider.checkEphemeral(spec.name, values);
    const res = new providerpb.InvokeResponse();
    if (failures.length > 0) return res.setFailuresList(checkFailures(fn.inputs, failures));
    // A preview whose arguments are not known yet: nothing can be made, every output is unknown.
    if (containsUnknown(inputs)) return res.setReturn(encode(fn.outputs, Object.fromEntries(Object.keys(fn.outputs).map((n) => [n, UNKNOWN]))));
    const opened = await this.ephemerals.open(spec.name, () => this.provider.openEphemeral(spec.name, known(inputs), this.hooks()));
    const result: ValueObject = {};
    for (const name of Object.keys(fn.outputs)) result[name] = opened.result[name] ?? null;
    return res.setReturn(encode(fn.outputs, result, secrets));
  }
}
