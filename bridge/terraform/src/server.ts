// The tfplugin6.Provider RPCs over the core. Every decision about OpenAI (validation, update versus replace,
// credentials, errors) is the core's; this file maps protocol messages to core calls and back.
import {
  checkObject,
  debugEnabled,
  getArguments,
  getFailures,
  isMeta,
  managed,
  PartialCreateError,
  Provider,
  resourceNames,
  type Failure,
  type Inputs,
  type JsonObject,
  type Log,
  type ResourceSpec,
  type State,
  type ValueObject,
  registry,
  WriteOnlyKeyNeeded,
} from '@openai-iac/core';
import { join } from 'node:path';
import { ActionServer, type ActionEvent } from './actions';
import { identityData, identitySchema, importId, upgradeIdentity, type IdentityData } from './identity';
import { ListResources, type ListEvent } from './list';
import { errorDiagnostics, failureDiagnostic, noticeDiagnostic, type Diagnostic } from './diagnostics';
import { decodeDynamic, decodeJsonValue, dynamic, isCtyObject, type CtyObject, type CtyType, type CtyValue, type DynamicValue } from './msgpack';
import { plannedBlock, reconcile } from './plan';
import { privateBytes, writeOnlyDigest } from './private';
import {
  blockType,
  dataSources,
  ephemerals,
  providerSchema,
  resourceBlock,
  type Block,
  type DataSource,
  type Ephemeral,
  type ProviderSchema,
} from './schema';
import { fromCoreObject, objectType, toCoreObject } from './values';

const API_KEY = 'api_key';

interface Kind {
  spec: ResourceSpec;
  block: Block;
  type: CtyType;
}

type Dv = DynamicValue | null | undefined;
type Diagnostics = { diagnostics: Diagnostic[] };

const SERVER_CAPABILITIES = { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false, generate_resource_config: false };

/**
 * What a data source's `response_json` shows: the state without provider-side settings and without secrets (a
 * plain string attribute is printed in plans; a secret must never be).
 */
function shown(spec: ResourceSpec, state: State): ValueObject {
  const out: ValueObject = {};
  for (const [name, v] of Object.entries(state)) {
    const prop = spec.properties[name];
    if (!prop || isMeta(name) || prop.secret || prop.writeOnly) continue;
    out[name] = v;
  }
  return out;
}

export class ProviderServer {
  private readonly resources = new Map<string, Kind>();
  private readonly data = new Map<string, DataSource & { type: CtyType }>();
  private readonly ephemerals = new Map<string, Ephemeral & { type: CtyType }>();
  private readonly configBlock: Block;
  private schema: ProviderSchema | undefined;
  private stopping = new AbortController();
  private readonly actions: ActionServer;
  private readonly lists: ListResources;

  constructor(private readonly provider: Provider) {
    for (const spec of managed(provider.registry.resources)) {
      const block = resourceBlock(spec);
      this.resources.set(resourceNames(spec).terraformType, { spec, block, type: blockType(block) });
    }
    for (const [name, ds] of dataSources(provider.registry.resources)) this.data.set(name, { ...ds, type: blockType(ds.block) });
    for (const [name, e] of ephemerals(provider.registry.resources)) this.ephemerals.set(name, { ...e, type: blockType(e.block) });
    this.configBlock = provider.configSpec;
    this.actions = new ActionServer(provider, () => this.hooks());
    this.lists = new ListResources(provider);
  }

  // ---- the provider --------------------------------------------------------------------------------------

  async GetMetadata() {
    return {
      server_capabilities: SERVER_CAPABILITIES,
      diagnostics: [],
      resources: [...this.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...this.data.keys()].map((type_name) => ({ type_name })),
      ephemeral_resources: [...this.ephemerals.keys()].map((type_name) => ({ type_name })),
      actions: this.actions.metadata(),
      list_resources: this.lists.metadata(),
    };
  }

  async GetProviderSchema() {
    this.schema ??= providerSchema(this.provider.registry.resources, this.configBlock);
    return {
      ...this.schema,
      action_schemas: this.actions.schemas(),
      list_resource_schemas: this.lists.schemas(),
      diagnostics: [],
      server_capabilities: SERVER_CAPABILITIES,
      functions: {},
    };
  }

  async GetResourceIdentitySchemas() {
    const identity_schemas = Object.fromEntries([...this.resources].map(([name, k]) => [name, identitySchema(k.spec)]));
    return { identity_schemas, diagnostics: [] };
  }

  async UpgradeResourceIdentity(req: { type_name: string; version: number; raw_identity: { json?: Buffer } | null }) {
    return this.withKind(req.type_name, async (k) => upgradeIdentity(k.spec, Number(req.version), req.raw_identity?.json));
  }

  async GetFunctions() {
    return { functions: {}, diagnostics: [] };
  }

  private checkConfig(config: Dv): { inputs: ValueObject; diagnostics: Diagnostic[] } {
    const failures: Failure[] = [];
    const raw = toCoreObject(this.configBlock, decodeDynamic(config, blockType(this.configBlock)), failures);
    const checked = this.provider.checkConfig(raw);
    return { inputs: checked.inputs, diagnostics: this.failures(this.configBlock, [...failures, ...checked.failures], 'provider configuration') };
  }

  async ValidateProviderConfig(req: { config: Dv }): Promise<Diagnostics> {
    return { diagnostics: this.checkConfig(req.config).diagnostics };
  }

  async ConfigureProvider(req: { config: Dv }): Promise<Diagnostics> {
    const { inputs, diagnostics } = this.checkConfig(req.config);
    if (diagnostics.length > 0) return { diagnostics };
    try {
      this.provider.configure(inputs);
      return { diagnostics: [] };
    } catch (e) {
      return { diagnostics: errorDiagnostics(this.configBlock, e, 'Cannot configure the OpenAI provider', this.scrub) };
    }
  }

  async StopProvider() {
    this.stopping.abort();
    this.stopping = new AbortController();
    return { Error: '' };
  }

  // ---- managed resources ---------------------------------------------------------------------------------

  async ValidateResourceConfig(req: {
    type_name: string;
    config: Dv;
    client_capabilities?: { write_only_attributes_allowed?: boolean } | null;
  }): Promise<Diagnostics> {
    return this.withKind(req.type_name, async (k) => {
      const config = decodeDynamic(req.config, k.type);
      const { inputs, diagnostics } = this.check(k, config);
      diagnostics.push(...this.provider.notices(k.spec.name, inputs).map((n) => noticeDiagnostic(k.block, n)));
      // An engine without write-only attributes would store the value in plan and state: refuse it, naming the fix.
      if (!req.client_capabilities?.write_only_attributes_allowed && isCtyObject(config)) {
        for (const [name, prop] of Object.entries(k.spec.properties)) {
          if (!prop.neverStored || config[name] === null || config[name] === undefined) continue;
          diagnostics.push({
            severity: 'ERROR',
            summary: `Write-only attribute ${name} not supported`,
            detail:
              `${name} is write-only: it is never stored, which needs Terraform 1.11 or newer or OpenTofu 1.11 or newer, ` +
              `and this engine does not support write-only attributes. Upgrade the engine, or use the stored form instead.`,
            attribute: { steps: [{ attribute_name: name }] },
          });
        }
      }
      return { diagnostics };
    });
  }

  async UpgradeResourceState(req: { type_name: string; version: number; raw_state: { json: Buffer; flatmap: Record<string, string> } | null }) {
    return this.withKind(req.type_name, async (k) => {
      const fail = (detail: string) => ({
        diagnostics: [{ severity: 'ERROR' as const, summary: `Cannot read the stored state of ${req.type_name}`, detail }],
      });
      if (req.version > 0) {
        return fail(`the state was written by a newer provider (schema version ${req.version}; this one writes 0): use that version or newer`);
      }
      const json = req.raw_state?.json;
      if (!json || json.length === 0) return fail('the state is in the flatmap format of Terraform 0.11 providers, which this provider never wrote');
      return { upgraded_state: dynamic(decodeJsonValue(json.toString('utf8'), k.type), k.type), diagnostics: [] };
    });
  }

  async ReadResource(req: { type_name: string; current_state: Dv; private?: Buffer | null }) {
    return this.withKind(req.type_name, async (k) => {
      const current = this.object(req.current_state, k);
      // The private state (the write-only key's digest) is kept as it was: a refresh does not change the key.
      const priv = req.private ?? Buffer.alloc(0);
      const prior = toCoreObject(k.spec.properties, current) as State;
      const unknown = this.provider.unknownSetting(k.spec.name, prior);
      if (unknown) {
        const detail =
          `The provider's ${unknown} is not known until apply (it comes from a value computed then), and the ` +
          "environment's is not used in its place: the state is kept as it was. It is refreshed by the next plan once the value is known.";
        return {
          new_state: dynamic(current, k.type),
          new_identity: this.identity(k, current),
          private: priv,
          diagnostics: [notRefreshed(req.type_name, detail)],
        };
      }
      try {
        const found = await this.provider.read(k.spec.name, this.idOf(current), prior, this.hooks(writeOnlyDigest(req.private)));
        const fresh = found ? this.state(k, found.id, found.state, current) : null;
        return { new_state: dynamic(fresh, k.type), new_identity: this.identity(k, fresh), private: priv, diagnostics: [] };
      } catch (e) {
        const failed = { new_state: dynamic(current, k.type), new_identity: this.identity(k, current), private: priv };
        if (e instanceof WriteOnlyKeyNeeded) return { ...failed, diagnostics: [notRefreshed(req.type_name, e.message)] };
        return { ...failed, diagnostics: this.errors(k, e, `Cannot read ${req.type_name}`) };
      }
    });
  }

  async PlanResourceChange(req: { type_name: string; prior_state: Dv; proposed_new_state: Dv; config: Dv }) {
    return this.withKind(req.type_name, async (k) => {
      if (decodeDynamic(req.proposed_new_state, k.type) === null)
        return { planned_state: dynamic(null, k.type), requires_replace: [], diagnostics: [] };
      const config = this.object(req.config, k);
      const { inputs, diagnostics } = this.check(k, config);
      if (diagnostics.length > 0) return { diagnostics, requires_replace: [] };
      // The key the resource will use (its own api_key, else the provider's) is proven once per key per process,
      // so a bad key fails the plan, not the apply.
      const keys = await this.provider.keyFailures(k.spec.name, inputs);
      if (keys.length > 0) return { diagnostics: this.failures(k.block, keys, 'OpenAI key'), requires_replace: [] };
      const prior = decodeDynamic(req.prior_state, k.type) as CtyObject | null;
      // The core plans (a create when there is no prior state); the planned object keeps the configured and the
      // prior spelling of the values the plan keeps.
      const planned =
        prior === null
          ? this.provider.plan(k.spec.name, null, inputs)
          : this.provider.plan(k.spec.name, toCoreObject(k.spec.properties, prior) as State, inputs, this.idOf(prior));
      const keep = (name: string) => name === 'id' || planned.kept.has(name);
      return {
        planned_state: dynamic(plannedBlock(k.block, config, inputs, prior, keep), k.type),
        requires_replace: planned.replaces.map((name) => ({ steps: [{ attribute_name: name }] })),
        // An object kept in place keeps its identity; a new one's is known once it is created.
        planned_identity: planned.replaces.length === 0 ? this.identity(k, prior) : undefined,
        planned_private: privateBytes(this.provider.writeOnlyKeyDigest(inputs)),
        diagnostics: [],
      };
    });
  }

  async ApplyResourceChange(req: { type_name: string; prior_state: Dv; planned_state: Dv; config: Dv; planned_private?: Buffer | null }) {
    return this.withKind(req.type_name, async (k) => {
      const prior = decodeDynamic(req.prior_state, k.type) as CtyObject | null;
      const planned = decodeDynamic(req.planned_state, k.type) as CtyObject | null;
      // What Terraform keeps beside the new state: the digest of the key it was applied with (private.ts).
      let priv = req.planned_private ?? Buffer.alloc(0);
      const same = (v: CtyValue) => ({ new_state: dynamic(v, k.type), new_identity: this.identity(k, v), private: priv });
      if (planned === null) {
        try {
          const hooks = this.hooks(writeOnlyDigest(req.planned_private));
          await this.provider.delete(k.spec.name, this.idOf(prior), toCoreObject(k.spec.properties, prior) as State, hooks);
          return { ...same(null), diagnostics: [] };
        } catch (e) {
          return { ...same(prior), diagnostics: this.errors(k, e, `Cannot delete ${req.type_name}`) };
        }
      }
      const { inputs, diagnostics } = this.check(k, this.object(req.config, k));
      if (diagnostics.length > 0) return { ...same(prior), diagnostics };
      priv = privateBytes(this.provider.writeOnlyKeyDigest(inputs));
      if (prior === null) {
        try {
          const created = await this.provider.create(k.spec.name, inputs as Inputs, this.hooks());
          return { ...same(this.state(k, created.id, created.state, planned)), diagnostics: [] };
        } catch (e) {
          // Created, then a later step failed: the object is saved (tainted) so nothing is orphaned.
          const state = e instanceof PartialCreateError ? this.state(k, e.id, e.state, planned) : null;
          return { ...same(state), diagnostics: this.errors(k, e, `Cannot create ${req.type_name}`) };
        }
      }
      const id = this.idOf(prior);
      try {
        const state = await this.provider.update(k.spec.name, id, toCoreObject(k.spec.properties, prior) as State, inputs as Inputs, this.hooks());
        return { ...same(this.state(k, id, state, planned)), diagnostics: [] };
      } catch (e) {
        const state = e instanceof PartialCreateError ? this.state(k, id, e.state, planned) : prior;
        return { ...same(state), diagnostics: this.errors(k, e, `Cannot update ${req.type_name}`) };
      }
    });
  }

  async ImportResourceState(req: { type_name: string; id: string; identity?: { identity_data?: Dv } | null }) {
    return this.withKind(req.type_name, async (k) => {
      const named = importId(k.spec, req.id, req.identity);
      if ('diagnostics' in named) return { imported_resources: [], diagnostics: named.diagnostics };
      try {
        const found = await this.provider.import(k.spec.name, named.id, undefined, this.hooks());
        const state = this.state(k, found.id, found.state, undefined);
        const imported = { type_name: req.type_name, state: dynamic(state, k.type), identity: this.identity(k, state) };
        return { imported_resources: [imported], diagnostics: [] };
      } catch (e) {
        return { imported_resources: [], diagnostics: this.errors(k, e, `Cannot import ${req.type_name}`) };
      }
    });
  }

  // ---- list resources (list.ts) ----------------------------------------------------------------------

  async ValidateListResourceConfig(req: { type_name: string; config: Dv }): Promise<Diagnostics> {
    return { diagnostics: this.lists.validate(req.type_name, req.config) };
  }

  /** Server streaming: `write` sends one event. */
  async ListResource(
    req: { type_name: string; config: Dv; include_resource_object: boolean; limit: number },
    write: (e: ListEvent) => void,
  ): Promise<void> {
    await this.lists.list(req, write, this.stopping.signal);
  }

  // ---- data sources -----------------------------------------------------------------------------------

  async ValidateDataResourceConfig(req: { type_name: string; config: Dv }): Promise<Diagnostics> {
    return this.withData(req.type_name, async (ds) => {
      const failures: Failure[] = [];
      const raw = toCoreObject(ds.block, decodeDynamic(req.config, ds.type), failures);
      if (ds.list) {
        failures.push(...checkObject(ds.spec.listArgs ?? {}, this.listArgs(raw)).failures);
      } else {
        const args = this.listArgs(raw);
        const checked = checkObject(getArguments(ds.spec), args).failures;
        failures.push(...(checked.length > 0 ? checked : getFailures(ds.spec, args)));
      }
      return { diagnostics: this.failures(ds.block, failures, req.type_name) };
    });
  }

  async ReadDataSource(req: { type_name: string; config: Dv }) {
    return this.withData(req.type_name, async (ds) => {
      const config = decodeDynamic(req.config, ds.type) as CtyObject;
      const raw = toCoreObject(ds.block, config);
      const apiKey = typeof raw[API_KEY] === 'string' ? raw[API_KEY] : undefined;
      const unknown = this.provider.unknownSetting(ds.spec.name, raw);
      if (unknown) {
        const detail =
          `${req.type_name} is read while planning, but the provider's ${unknown} is not known until apply (it comes from a ` +
          "value computed then), and the environment's is not used in its place. Give the data source an api_key known " +
          'at plan time, or configure its provider with one.';
        return { diagnostics: [{ severity: 'ERROR' as const, summary: `Cannot read data source ${req.type_name} yet`, detail }] };
      }
      try {
        let fresh: ValueObject;
        if (ds.list) {
          const found = await this.provider.list(ds.spec.name, this.listArgs(raw) as JsonObject, apiKey, this.hooks());
          const items = found.map((c) => ({ ...shown(ds.spec, c.state), id: c.id }));
          const alias = ds.spec.dataSources?.listAttribute;
          // Under the official name each object's `id` is its own (the last part of a composite id), as there.
          const own = items.map((i) => ({ ...i, id: i.id.split('/').at(-1)! }));
          const given = Object.values(this.listArgs(raw)).filter((v) => v !== null && v !== undefined);
          const id = given.length > 0 ? given.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('/') : req.type_name;
          fresh = { ...raw, id, ids: found.map((c) => c.id), items, ...(alias ? { [alias]: own } : {}), response_json: JSON.stringify(items) };
        } else {
          const found = await this.provider.get(ds.spec.name, this.listArgs(raw), apiKey, this.hooks());
          const object = { ...shown(ds.spec, found.state), id: found.id };
          fresh = { ...found.state, id: found.id, [API_KEY]: apiKey ?? null, response_json: JSON.stringify(object) };
        }
        // Configured attributes keep their configured spelling; the rest is what the API says.
        const state = fromCoreObject(ds.block, fresh);
        for (const [k, prop] of Object.entries(ds.block)) if (config[k] !== null) state[k] = reconcile(prop.type, state[k] ?? null, config[k]);
        return { state: dynamic(state, ds.type), diagnostics: [] };
      } catch (e) {
        return { diagnostics: errorDiagnostics(ds.block, e, `Cannot read data source ${req.type_name}`, this.scrub) };
      }
    });
  }

  // ---- ephemeral resources ----------------------------------------------------------------------------
  // The result (a key's value) goes to the engine, which never writes it to state or plan; `private` holds only
  // what closing needs (ids), as JSON.

  async ValidateEphemeralResourceConfig(req: { type_name: string; config: Dv }): Promise<Diagnostics> {
    return this.withEphemeral(req.type_name, async (e) => ({ diagnostics: this.checkEphemeral(e, req.config).diagnostics }));
  }

  async OpenEphemeralResource(req: { type_name: string; config: Dv }) {
    return this.withEphemeral(req.type_name, async (e) => {
      const { inputs, diagnostics } = this.checkEphemeral(e, req.config);
      if (diagnostics.length > 0) return { diagnostics };
      try {
        const opened = await this.provider.openEphemeral(e.spec.name, inputs, this.hooks());
        const result = fromCoreObject(e.block, opened.result);
        return {
          result: dynamic(result, e.type),
          ...(opened.close ? { private: Buffer.from(JSON.stringify(opened.close)) } : {}),
          diagnostics: [],
        };
      } catch (err) {
        return { diagnostics: errorDiagnostics(e.block, err, `Cannot open ephemeral ${req.type_name}`, this.scrub) };
      }
    });
  }

  /** Nothing this provider opens expires during a run (it never sets renew_at): a renewal keeps it as it is. */
  async RenewEphemeralResource(req: { type_name: string; private?: Buffer | null }) {
    return this.withEphemeral(req.type_name, async () => ({ diagnostics: [], ...(req.private ? { private: req.private } : {}) }));
  }

  async CloseEphemeralResource(req: { type_name: string; private?: Buffer | null }): Promise<Diagnostics> {
    return this.withEphemeral(req.type_name, async (e) => {
      if (!req.private || req.private.length === 0) return { diagnostics: [] };
      try {
        await this.provider.closeEphemeral(e.spec.name, JSON.parse(req.private.toString('utf8')) as JsonObject, this.hooks());
        return { diagnostics: [] };
      } catch (err) {
        return { diagnostics: errorDiagnostics(e.block, err, `Cannot close ephemeral ${req.type_name}`, this.scrub) };
      }
    });
  }

  private checkEphemeral(e: Ephemeral, config: Dv): { inputs: ValueObject; diagnostics: Diagnostic[] } {
    const failures: Failure[] = [];
    const raw = toCoreObject(e.block, decodeDynamic(config, blockType(e.block)), failures);
    const checked = this.provider.checkEphemeral(e.spec.name, raw);
    return {
      inputs: checked.inputs,
      diagnostics: this.failures(e.block, [...failures, ...checked.failures], `ephemeral ${resourceNames(e.spec).terraformType}`),
    };
  }

  private async withEphemeral<T extends object>(type: string, body: (e: Ephemeral & { type: CtyType }) => Promise<T>): Promise<T | Diagnostics> {
    const e = this.ephemerals.get(type);
    return e ? body(e) : { diagnostics: [unknownType('ephemeral resource', type, [...this.ephemerals.keys()])] };
  }

  // ---- actions (actions.ts) ------------------------------------------------------------------------------

  async ValidateActionConfig(req: { type_name: string; config: Dv }): Promise<Diagnostics> {
    return this.actions.validate(req);
  }

  async PlanAction(req: { action_type: string; config: Dv }): Promise<Diagnostics> {
    return this.actions.plan(req);
  }

  /** Server streaming: progress events, then one completed event (plugin.ts writes them to the stream). */
  async InvokeAction(req: { action_type: string; config: Dv }, emit: (event: ActionEvent) => void): Promise<void> {
    return this.actions.invoke(req, emit);
  }

  // ---- internals --------------------------------------------------------------------------------------

  private readonly scrub = (text: string) => this.provider.scrub(text);

  /** The identity of an object in state (none for no object). */
  private identity(k: Kind, state: CtyValue): IdentityData | undefined {
    return identityData(k.spec, state);
  }

  /** `writeOnlyKeySha256`: for a refresh or delete, the digest private state keeps of the write-only key (private.ts). */
  private hooks(writeOnlyKeySha256?: string) {
    return { signal: this.stopping.signal, ...(writeOnlyKeySha256 ? { writeOnlyKeySha256 } : {}) };
  }

  private failures(block: Block, failures: readonly Failure[], what: string): Diagnostic[] {
    return failures.map((f) => failureDiagnostic(block, f, what));
  }

  private errors(k: Kind, e: unknown, summary: string): Diagnostic[] {
    return errorDiagnostics(k.block, e, summary, this.scrub);
  }

  /** The core's checked inputs for a resource configuration, or the failures as diagnostics. */
  private check(k: Kind, config: CtyValue): { inputs: ValueObject; diagnostics: Diagnostic[] } {
    const failures: Failure[] = [];
    const raw = toCoreObject(k.spec.properties, config, failures);
    const checked = this.provider.check(k.spec.name, raw);
    return { inputs: checked.inputs, diagnostics: this.failures(k.block, [...failures, ...checked.failures], resourceNames(k.spec).terraformType) };
  }

  /** A state from the core's, in the spelling of `ref` (planned or prior) wherever they agree. */
  private state(k: Kind, id: string, state: State, ref: CtyValue | undefined): CtyObject {
    return reconcile(objectType(k.block), fromCoreObject(k.block, { ...state, id }), ref) as CtyObject;
  }

  private object(dv: Dv, k: Kind): CtyObject {
    const v = decodeDynamic(dv, k.type);
    return isCtyObject(v) ? v : {};
  }

  private idOf(state: CtyObject | null): string {
    const id = state?.['id'];
    if (typeof id !== 'string' || id === '') throw new Error('the state has no id');
    return id;
  }

  private listArgs(raw: ValueObject): ValueObject {
    const { [API_KEY]: _key, ...args } = raw;
    return args;
  }

  private async withKind<T extends object>(type: string, body: (k: Kind) => Promise<T>): Promise<T | Diagnostics> {
    const k = this.resources.get(type);
    return k ? body(k) : { diagnostics: [unknownType('resource', type, [...this.resources.keys()])] };
  }

  private async withData<T extends object>(type: string, body: (ds: DataSource & { type: CtyType }) => Promise<T>): Promise<T | Diagnostics> {
    const ds = this.data.get(type);
    return ds ? body(ds) : { diagnostics: [unknownType('data source', type, [...this.data.keys()])] };
  }
}

function notRefreshed(type: string, detail: string): Diagnostic {
  return { severity: 'WARNING', summary: `${type} not refreshed`, detail };
}

function unknownType(what: string, type: string, known: string[]): Diagnostic {
  return { severity: 'ERROR', summary: `Unknown ${what} type ${type}`, detail: `This provider has: ${known.join(', ')}.` };
}

/** Debug lines with OPENAI_IAC_DEBUG / PULUMI_OPENAI_DEBUG or a Terraform log level of debug or trace. */
export function terraformLog(env: NodeJS.ProcessEnv): Log {
  const level = (env['TF_LOG_PROVIDER'] ?? env['TF_LOG'] ?? '').toLowerCase();
  const debug = debugEnabled(env) || level === 'debug' || level === 'trace' || level === 'json';
  const write = (m: string) => void process.stderr.write(`openai-iac: ${m}\n`);
  return { debug: (m) => debug && write(m), info: write, debugOn: debug };
}

/**
 * The provider as the engine runs it. `journal`: keep the create journal (client/journal.ts in the core) in the
 * working directory's data folder (`.terraform`, or TF_DATA_DIR), where a rerun after a crash finds it.
 */
export function createProviderServer(env: NodeJS.ProcessEnv, log: Log = terraformLog(env), journal = false): ProviderServer {
  const journalDir = journal ? join(env['TF_DATA_DIR'] || '.terraform', 'openai-iac-journal') : undefined;
  return new ProviderServer(new Provider(registry, { env, log, ...(journalDir ? { journalDir } : {}) }));
}
