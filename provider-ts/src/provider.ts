// The engine-neutral provider: what every adapter calls. Adapters translate wire formats and names;
// everything about OpenAI — validation, update vs replace, credentials, retries, errors — happens here.
import { isOfficialApi, PROVIDER_CONFIG, resolveConfig, type ResolvedConfig } from './client/config';
import { createOnce } from './client/create-once';
import { EphemeralLedger } from './client/ephemeral-ledger';
import { FreshObjects } from './client/consistency';
import { CreateJournal, identityOf } from './client/journal';
import {
  isNotFound,
  OpenAIIacError,
  PartialCreateError,
  translateError,
  ValidationError,
  WriteOnlyKeyNeeded,
  type RequestContext,
} from './client/errors';
import { ClientPool, type Credential } from './client/pool';
import { scrub } from './client/redact';
import type { Log } from './client/transport';
import { isMeta, ownKeyOf, STORE_SECRET } from './spec/define';
import { canonicalJson, diffInputs, type DiffResult } from './spec/diff';
import { plan, type Plan } from './spec/plan';
import { describeProblems, responseProblems } from './spec/response';
import { getFailures, idFromArguments } from './spec/lookup';
import { type Registry } from './spec/registry';
import { named, namedResource } from './spec/names';
import type { Created, EphemeralSpec, Failure, HandlerContext, Inputs, JsonObject, ResourceSpec, State, ValueObject } from './spec/types';
import { UNKNOWN } from './spec/types';
import { checkInputs, checkObject, containsUnknown, type CheckResult } from './spec/validate';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

export interface OperationHooks {
  /** Progress on a long wait, for the engine's status line. */
  progress?(message: string): void;
  signal?: AbortSignal;
  /**
   * The engine's stable address of the resource being created (Pulumi's URN), which keys its create journal
   * entry. Without one (Terraform names no resource to a provider) the type and configured inputs do.
   */
  address?: string;
  /**
   * The SHA-256 (`keySha256`) of the write-only key (`api_key_wo`) the resource was last applied with, as the
   * engine kept it beside the state (Terraform's private state): a refresh or delete, which get no configuration,
   * use the provider's key only when it is that key, and fail with WriteOnlyKeyNeeded otherwise.
   */
  writeOnlyKeySha256?: string;
}

/** The digest kept of a write-only key: hex SHA-256 (a key's value cannot be recovered from it). */
function keySha256(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface ProviderOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where debug lines and notices go; defaults to stderr, debug only with PULUMI_OPENAI_DEBUG / OPENAI_IAC_DEBUG. */
  log?: Log;
  /** Budget for waits inside one operation (vector store ingestion …). Default 15 minutes. */
  waitTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Test seam: the fetch under the SDK. */
  fetch?: typeof fetch;
  /**
   * The create journal's folder (client/journal.ts), relative to `cwd`: each adapter names the one its engine's
   * working directory keeps (`.openai-iac/journal`, `.terraform/openai-iac-journal`). OPENAI_IAC_JOURNAL overrides
   * it (`off` disables the journal). Default: none.
   */
  journalDir?: string;
}

/** The journal folder the options and environment name, or null (off). */
function journalDirOf(opts: ProviderOptions): string | null {
  const env = (opts.env ?? process.env)['OPENAI_IAC_JOURNAL'];
  const dir = env !== undefined && env !== '' ? env : opts.journalDir;
  if (!dir || dir === 'off') return null;
  return resolve(opts.cwd ?? process.cwd(), dir);
}

export interface ReadResult {
  id: string;
  state: State;
  /** The inputs that reproduce this state (for import and code generation). */
  inputs: Inputs;
}

export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const on = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
  return on(env['PULUMI_OPENAI_DEBUG']) || on(env['OPENAI_IAC_DEBUG']);
}

export function stderrLog(env: NodeJS.ProcessEnv = process.env): Log {
  const debug = debugEnabled(env);
  return {
    debug: (m) => void (debug && process.stderr.write(`openai-iac: ${m}\n`)),
    info: (m) => void process.stderr.write(`openai-iac: ${m}\n`),
    debugOn: debug,
  };
}

/** Whether `id` is an id of the resource's own form (its import pattern). */
function isIdOf(spec: ResourceSpec, id: unknown): id is string {
  return typeof id === 'string' && new RegExp(`^(?:${spec.import.pattern})$`).test(id);
}

/** A create whose answer carried no usable id (none, or one not of the resource's form): nothing can be saved, and the object may exist. */
function noId(spec: ResourceSpec, id: unknown): OpenAIIacError {
  const got = typeof id === 'string' && id !== '' ? `'${id}', not an id of the form ${spec.import.format}` : 'none';
  return new OpenAIIacError(
    'api',
    `create ${spec.name}: OpenAI's answer carries no usable id (${got}), so nothing could be saved; the object may exist: ` +
      `look for it (import id ${spec.import.format}) before applying again`,
  );
}

export class Provider {
  private pool: ClientPool | undefined;
  /** Provider settings configured as unknown (a preview before their values exist): no key check uses them. */
  private unknownConfig = new Set<string>();
  private readonly secrets = new Set<string>();
  private readonly log: Log;
  private readonly journal: CreateJournal;
  private readonly ledger: EphemeralLedger;
  /** The ledger's sweep of a killed run's ephemerals: once per process, before its first open. */
  private swept: Promise<void> | undefined;
  /** Once-returned secrets (`returnedOnce`) of the objects this process made, by id: what a hand-over yields. */
  private readonly madeSecrets = new Map<string, JsonObject>();
  /** Objects made moments ago: a 404 for one is doubted briefly (client/consistency.ts). */
  private readonly fresh = new FreshObjects();
  /** The notices given, by resource address and path (notices). */
  private readonly noticed = new Set<string>();

  constructor(
    readonly registry: Registry,
    private readonly opts: ProviderOptions = {},
  ) {
    const inner = opts.log ?? stderrLog(opts.env);
    // Every line leaving the core is scrubbed of the secrets it has seen.
    // A debug line nobody reads is neither scrubbed nor written (one per request).
    const debugOn = inner.debugOn;
    this.log = {
      debug: debugOn === false ? () => {} : (m) => inner.debug(this.scrub(m)),
      info: (m) => inner.info(this.scrub(m)),
      ...(debugOn !== undefined ? { debugOn } : {}),
    };
    const journalDir = journalDirOf(opts);
    this.journal = new CreateJournal(journalDir, this.log);
    this.ledger = new EphemeralLedger(journalDir === null ? null : join(journalDir, 'ephemeral'), this.log);
  }

  /** Removes every secret this provider has seen (and anything key-shaped) from a text. */
  scrub(text: string): string {
    return scrub(text, this.secrets);
  }

  // ---- provider configuration -------------------------------------------------------------------------

  get configSpec() {
    return PROVIDER_CONFIG;
  }

  checkConfig(raw: ValueObject): CheckResult {
    return checkObject(PROVIDER_CONFIG, raw);
  }

  /** Resolves and applies checked config (explicit > env > .env). Unknown values are treated as unset. */
  configure(checked: ValueObject): ResolvedConfig {
    const known: ValueObject = {};
    this.unknownConfig = new Set(Object.keys(checked).filter((k) => containsUnknown(checked[k])));
    for (const [k, v] of Object.entries(checked)) if (!this.unknownConfig.has(k)) known[k] = v;
    const config = resolveConfig(known, this.opts.env ?? process.env, this.opts.cwd ?? process.cwd());
    for (const s of [config.apiKey, config.adminApiKey]) if (s) this.secrets.add(s);
    this.fresh.graceMs = config.consistencyGraceMs;
    this.pool = new ClientPool(config, this.log, this.opts.fetch, this.fresh);
    return config;
  }

  private get clients(): ClientPool {
    if (!this.pool) this.configure({});
    return this.pool!;
  }

  // ---- planning (no API calls) -------------------------------------------------------------------------

  spec(type: string): ResourceSpec {
    return this.registry.get(type);
  }

  /** A spec that can be managed: a data-only one (`defineDataSource`) has data sources and functions only. */
  private managedSpec(type: string): ResourceSpec {
    const spec = this.spec(type);
    if (spec.dataOnly) {
      throw new OpenAIIacError(
        'validation',
        `${spec.name} is a data source only: the API cannot create, change or delete it; read it with its data sources`,
      );
    }
    return spec;
  }

  check(type: string, raw: ValueObject): CheckResult {
    const spec = this.spec(type);
    const result = checkInputs(spec, raw);
    this.remember(spec, result.inputs);
    return result;
  }

  /**
   * What the user should be told about a resource being planned: its type's deprecation, and each deprecated
   * property it sets. Each message names what it is about (`named`), and `path` is where an engine attaches it
   * ([] for the resource itself). With an address (a Pulumi URN) each is given once per resource per provider
   * process, which is once per operation; without one (Terraform validates each block once per command), every time.
   */
  notices(type: string, inputs: ValueObject, address?: string): Failure[] {
    const spec = this.spec(type);
    const all: Failure[] = [
      ...(spec.deprecated ? [{ path: [], message: `${namedResource(spec.name)} is deprecated: ${spec.deprecated}` }] : []),
      ...Object.entries(spec.properties)
        .filter(([name, prop]) => prop.deprecated && inputs[name] !== null && inputs[name] !== undefined)
        .map(([name, prop]) => ({ path: [name], message: `${named(name)} is deprecated: ${prop.deprecated}` })),
    ];
    if (address === undefined) return all;
    return all.filter((n) => {
      const key = `${address}\0${n.path.join('.')}`;
      if (this.noticed.has(key)) return false;
      this.noticed.add(key);
      return true;
    });
  }

  diff(type: string, olds: State, news: ValueObject): DiffResult {
    return diffInputs(this.spec(type), olds, news);
  }

  /**
   * The plan of a create (`prior` null) or of a change to the object `id` in state `prior`: spec/plan.ts. An id
   * the engine plans from is saved in its state, so its create journal entry (if any) is done.
   */
  plan(type: string, prior: State | null, inputs: ValueObject, id?: string): Plan {
    if (id) this.journal.settle(id);
    return plan(this.spec(type), prior, inputs);
  }

  /**
   * Proves, at preview (plan) time, the key every operation on this resource will use, so a bad key fails the
   * preview and not the update: the resource's own `api_key` when it has one, else the provider's key of the
   * resource's kind (project or admin). One cheap read per key per process; nothing while the key or the base
   * URL is still unknown. A failure names the setting at fault: `api_key` (the resource's), or no path (the
   * provider's configuration); its message shows the key redacted, where it came from, and the fix.
   */
  async keyFailures(type: string, inputs: ValueObject): Promise<Failure[]> {
    const spec = this.spec(type);
    if (containsUnknown(inputs['api_key']) || containsUnknown(inputs['api_key_wo']) || this.unknownConfig.has('base_url')) return [];
    const own = ownKeyOf(inputs);
    if (!own && this.unknownConfig.has(spec.key === 'admin' ? 'admin_api_key' : 'api_key')) return [];
    if (own) this.secrets.add(own.key);
    try {
      await this.clients.validate(this.clients.credential(spec.key, own?.key));
      return [];
    } catch (e) {
      return [{ path: own ? [own.property] : [], message: this.scrub(e instanceof Error ? e.message : String(e)) }];
    }
  }

  // ---- lifecycle --------------------------------------------------------------------------------------

  async create(type: string, given: Inputs, hooks: OperationHooks = {}): Promise<Created> {
    const spec = this.managedSpec(type);
    const inputs = this.assertValid(spec, given);
    const address = hooks.address ?? canonicalJson(inputs);
    return this.run(spec, 'create', inputs, { ...hooks, address }, async (ctx) => {
      try {
        const created = await spec.handlers.create(ctx, inputs);
        this.checkCreated(spec, created);
        this.keepMadeSecrets(spec, created.id, created.state);
        return { id: created.id, state: this.compose(spec, created.state, inputs) };
      } catch (e) {
        if (e instanceof PartialCreateError) {
          // A partial create is saved by its id: without one (an answer that carried none) there is nothing to save.
          if (!isIdOf(spec, e.id)) throw noId(spec, e.id);
          throw new PartialCreateError(e.id, this.compose(spec, e.state, inputs), e.reason);
        }
        throw e;
      }
    });
  }

  /** Refresh: null when the object is gone (drop it from state). */
  async read(type: string, id: string, prior: State | undefined, hooks: OperationHooks = {}): Promise<ReadResult | null> {
    const spec = this.spec(type);
    const key = prior?.['api_key'];
    this.journal.settle(id);
    // Saved as made moments ago (a refresh right after an apply): a 404 may be a replica behind, not a delete.
    const madeAt = prior?.['created_at'];
    if (typeof madeAt === 'number') for (const part of id.split('/')) this.fresh.add(part, madeAt * 1000);
    return this.run(spec, prior ? 'read' : 'import', prior ?? {}, hooks, async (ctx) => {
      let observed: State | null;
      try {
        observed = await spec.handlers.read(ctx, id, prior);
      } catch (e) {
        if (isNotFound(e) && !(spec.sunset && this.isOfficial())) return null;
        throw e;
      }
      if (!observed) return null;
      this.checkAnswer(spec, 'read', id, observed);
      const state = this.compose(spec, observed, prior ?? (typeof key === 'string' ? { api_key: key } : {}));
      return { id, state, inputs: this.inputsOf(spec, state) };
    });
  }

  /** Import by id: checks the id's format first, and says plainly when nothing has that id. */
  async import(type: string, id: string, apiKey: string | undefined, hooks: OperationHooks = {}): Promise<ReadResult> {
    const spec = this.spec(type);
    if (!isIdOf(spec, id)) {
      throw new OpenAIIacError('validation', `'${id}' is not a ${spec.name} id: expected ${spec.import.format} (for example ${spec.import.example})`);
    }
    const found = await this.read(type, id, apiKey ? { api_key: apiKey } : undefined, hooks);
    if (!found) {
      throw new OpenAIIacError('not_found', `cannot import ${spec.name} '${id}': OpenAI has no such object for this key`);
    }
    return found;
  }

  /**
   * A get data source or function: the object named by `id` or by the id's parts (spec/lookup.ts), read as an
   * import reads it. Bad arguments fail before any request.
   */
  async get(type: string, args: ValueObject, apiKey: string | undefined, hooks: OperationHooks = {}): Promise<ReadResult> {
    const spec = this.spec(type);
    const failures = getFailures(spec, args);
    if (failures.length > 0) throw new ValidationError(spec.name, failures);
    return this.import(type, idFromArguments(spec, args), apiKey, hooks);
  }

  async update(type: string, id: string, olds: State, given: Inputs, hooks: OperationHooks = {}): Promise<State> {
    const spec = this.managedSpec(type);
    const news = this.assertValid(spec, given);
    this.journal.settle(id);
    const { changed, replaces } = diffInputs(spec, olds, news);
    if (replaces.length > 0) {
      throw new OpenAIIacError('validation', `${spec.name} ${id}: ${replaces.join(', ')} cannot change in place; it must be replaced`);
    }
    const apiChanges = changed.filter((n) => !isMeta(n));
    if (apiChanges.length === 0) return this.compose(spec, olds, news); // only provider-side settings changed
    const update = spec.handlers.update!;
    // Inputs come from the new configuration; an output the handler leaves unset (one the API returns only at
    // creation, like a signing secret) is kept from the prior state, as a refresh keeps it.
    const carry: ValueObject = { ...news };
    for (const [name, prop] of Object.entries(spec.properties)) {
      if (prop.input === 'output' && carry[name] === undefined && olds[name] !== undefined) carry[name] = olds[name];
    }
    return this.run(spec, 'update', news, hooks, async (ctx) => {
      try {
        const answered = await update(ctx, id, olds, news, apiChanges);
        this.checkAnswer(spec, 'update', id, answered);
        return this.compose(spec, answered, carry);
      } catch (e) {
        // A step after the change failed: the state saved must still carry the configured (write-only, meta) values.
        if (e instanceof PartialCreateError) throw new PartialCreateError(e.id, this.compose(spec, e.state, carry), e.reason);
        throw e;
      }
    });
  }

  /** Deletes; an object already gone counts as deleted. */
  async delete(type: string, id: string, state: State, hooks: OperationHooks = {}): Promise<void> {
    const spec = this.managedSpec(type);
    this.journal.settle(id);
    await this.run(spec, 'delete', state, hooks, async (ctx) => {
      try {
        await spec.handlers.delete(ctx, id, state);
      } catch (e) {
        if (isNotFound(e) && !(spec.sunset && this.isOfficial())) return;
        throw e;
      }
    });
  }

  async list(type: string, args: JsonObject, apiKey?: string, hooks: OperationHooks = {}): Promise<Created[]> {
    const spec = this.spec(type);
    const list = spec.handlers.list;
    if (!list) throw new OpenAIIacError('validation', `${spec.name} has no list function`);
    return this.run(spec, 'list', apiKey ? { api_key: apiKey } : {}, hooks, async (ctx) =>
      (await list(ctx, args)).map((c) => {
        this.checkAnswer(spec, 'list', c.id, c.state);
        return { id: c.id, state: this.compose(spec, c.state, {}) };
      }),
    );
  }

  // ---- ephemeral resources (spec `ephemeral`) -------------------------------------------------------------

  /** The ephemeral twin of a resource, or an error naming the ones this provider has. */
  ephemeralSpec(type: string): ResourceSpec & { ephemeral: EphemeralSpec } {
    const spec = this.spec(type);
    if (!spec.ephemeral) {
      const have = this.registry.resources.filter((r) => r.ephemeral).map((r) => r.name);
      throw new OpenAIIacError('validation', `${spec.name} has no ephemeral form; these do: ${have.join(', ')}`);
    }
    return spec as ResourceSpec & { ephemeral: EphemeralSpec };
  }

  /** The checked arguments of an ephemeral resource (its `refine` once all are known), or the failures. */
  checkEphemeral(type: string, raw: ValueObject): CheckResult {
    const e = this.ephemeralSpec(type).ephemeral;
    const result = checkObject(e.properties, raw);
    if (result.failures.length === 0 && e.refine && !containsUnknown(result.inputs)) result.failures.push(...e.refine(result.inputs));
    return result;
  }

  /**
   * Opens an ephemeral resource: makes the object and returns its result (secrets included: the adapter hands it
   * to the engine, which keeps it out of state) and what closing needs, null with `keep`. Every secret of the result
   * is scrubbed from logs and errors from then on.
   */
  async openEphemeral(type: string, given: ValueObject, hooks: OperationHooks = {}): Promise<{ result: State; close: JsonObject | null }> {
    const spec = this.ephemeralSpec(type);
    const { inputs, failures } = this.checkEphemeral(type, given);
    if (failures.length > 0) throw new ValidationError(spec.name, failures);
    const once = spec.ephemeral.handover;
    if (once) {
      // A hand-over: what this process kept when it made the object, or null (another run made it).
      const made = this.madeSecrets.get(String(inputs['id']));
      return { result: { ...(inputs as State), ...Object.fromEntries(once.map((n) => [n, made?.[n] ?? null])) }, close: null };
    }
    await (this.swept ??= this.sweepEphemerals());
    // Each open makes its own object, without the journal: an earlier run's open is never adopted (its value is gone).
    const opened = await this.run(
      spec,
      'create',
      {},
      hooks,
      async (ctx) => {
        const opened = await spec.ephemeral.open(ctx, inputs as Inputs);
        for (const [name, prop] of Object.entries(spec.ephemeral.properties)) {
          const v = opened.result[name];
          if (prop.secret && typeof v === 'string') this.secrets.add(v);
        }
        const result: State = {};
        for (const name of Object.keys(spec.ephemeral.properties)) result[name] = (opened.result[name] ?? inputs[name] ?? null) as State[string];
        return { result, close: inputs['keep'] === true ? null : opened.close };
      },
      false,
    );
    if (opened.close) this.ledger.opened(spec.name, opened.close);
    return opened;
  }

  /**
   * Closes what the ephemeral resources of runs that were killed opened (client/ephemeral-ledger.ts): a key minted
   * for a run that never reached its end is revoked by the next run in the same working directory. A close that
   * fails stays in the ledger for the run after.
   */
  private async sweepEphemerals(): Promise<void> {
    for (const e of this.ledger.leftOpen()) {
      try {
        await this.closeEphemeral(e.type, e.close);
        this.log.info(
          `closed the ephemeral ${e.type} that a run which ended without closing it opened (process ${e.pid}, ${new Date(e.openedAt).toISOString()})`,
        );
      } catch (err) {
        this.log.info(
          `cannot close the ephemeral ${e.type} left open by process ${e.pid}: ${err instanceof Error ? err.message : String(err)}; the next run tries again`,
        );
      }
    }
  }

  /** Closes what `openEphemeral` made (an object already gone counts as closed). */
  async closeEphemeral(type: string, data: JsonObject, hooks: OperationHooks = {}): Promise<void> {
    const spec = this.ephemeralSpec(type);
    await this.run(spec, 'delete', {}, hooks, async (ctx) => {
      try {
        await spec.ephemeral.close(ctx, data);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    });
    this.ledger.closed(spec.name, data);
  }

  // ---- actions (spec/action.ts) ------------------------------------------------------------------------

  /** The checked arguments of an action (its `refine` once all are known), or the failures naming the property. */
  checkAction(type: string, raw: ValueObject): CheckResult {
    const a = this.registry.action(type);
    const result = checkObject(a.properties, raw);
    if (result.failures.length === 0 && a.refine && !containsUnknown(result.inputs)) result.failures.push(...a.refine(result.inputs));
    return result;
  }

  /**
   * Invokes an action with the resource's key kind; its progress lines go to `hooks.progress`. A create inside it
   * goes through `ctx.createOnce` without the journal: an action is meant to run again each time it is invoked, so
   * an earlier invocation's object must never be adopted; within one invocation a lost answer is still looked up
   * before anything is resent.
   */
  async invokeAction(type: string, given: ValueObject, hooks: OperationHooks = {}): Promise<void> {
    const a = this.registry.action(type);
    const { inputs, failures } = this.checkAction(type, given);
    if (failures.length > 0) throw new ValidationError(a.name, failures);
    if (containsUnknown(inputs))
      throw new ValidationError(a.name, [{ path: [], message: 'every argument must be known when the action is invoked' }]);
    this.remember(a.resource, inputs);
    await this.run(a.resource, 'create', {}, hooks, (ctx) => a.invoke(ctx, inputs as Inputs), false);
  }

  /**
   * The provider setting a read of this resource would need but cannot have yet: the key of its kind (or the base
   * URL) configured as unknown — a provider block fed by a value known only during apply — when the resource gives
   * no key of its own. Such a read must not fall back to the environment's key (another key, maybe another
   * project): the adapter says so instead. Undefined when the read can go ahead.
   */
  unknownSetting(type: string, values: ValueObject): 'api_key' | 'admin_api_key' | 'base_url' | undefined {
    if (this.unknownConfig.has('base_url')) return 'base_url';
    const setting = this.spec(type).key === 'admin' ? 'admin_api_key' : 'api_key';
    return !ownKeyOf(values) && this.unknownConfig.has(setting) ? setting : undefined;
  }

  /** The digest to keep beside the state of a resource applied with these inputs: its write-only key's, if any. */
  writeOnlyKeyDigest(inputs: ValueObject): string | undefined {
    const own = ownKeyOf(inputs);
    return own?.property === 'api_key_wo' ? keySha256(own.key) : undefined;
  }

  /** The inputs that reproduce a state: input properties that are set, meta properties excluded. */
  inputsOf(spec: ResourceSpec, state: State): Inputs {
    const out: Inputs = {};
    for (const [name, prop] of Object.entries(spec.properties)) {
      if (prop.input === 'output' || isMeta(name)) continue;
      const v = state[name];
      if (v !== undefined && v !== null) out[name] = v;
    }
    return out;
  }

  // ---- internals --------------------------------------------------------------------------------------

  /**
   * A create's answer, against the spec: without an id nothing can be saved (and the object may exist); with
   * values of the wrong type the object is saved by its id as a partial create, never as a complete state.
   */
  private checkCreated(spec: ResourceSpec, created: Created): void {
    if (!isIdOf(spec, created.id)) throw noId(spec, created.id);
    const problems = responseProblems(spec.properties, created.state, true);
    if (problems.length === 0) return;
    const bad = new Set(problems.map((f) => String(f.path[0])));
    const kept = Object.fromEntries(Object.entries(created.state).filter(([name]) => !bad.has(name)));
    throw new PartialCreateError(created.id, kept, `OpenAI's answer is malformed: ${describeProblems(problems)}`);
  }

  /** A read, update or list answer, against the spec: a malformed one is an error, and the saved state stays as it was. */
  private checkAnswer(spec: ResourceSpec, operation: 'read' | 'update' | 'list', id: string, state: State): void {
    // An update's answer may leave out what the update keeps (the core keeps stable outputs itself).
    const problems = responseProblems(spec.properties, state, operation !== 'update');
    if (typeof id !== 'string' || id === '') problems.unshift({ path: ['id'], message: 'is missing' });
    if (problems.length === 0) return;
    throw new OpenAIIacError(
      'api',
      `${operation} ${spec.name} ${id ?? ''}: OpenAI's answer is malformed: ${describeProblems(problems)}; nothing was saved from it`,
    );
  }

  private isOfficial(): boolean {
    return isOfficialApi(this.clients.config.baseUrl);
  }

  private remember(spec: ResourceSpec, inputs: ValueObject): void {
    for (const [name, prop] of Object.entries(spec.properties)) {
      const v = inputs[name];
      if (prop.secret && typeof v === 'string') this.secrets.add(v);
    }
  }

  /** The checked inputs (defaults and derived values applied: what handlers are typed to receive), or the failures. */
  private assertValid(spec: ResourceSpec, given: Inputs): Inputs {
    const { inputs, failures } = checkInputs(spec, given);
    if (failures.length > 0) throw new ValidationError(spec.name, failures);
    this.remember(spec, inputs);
    return inputs as Inputs;
  }

  /**
   * Builds a state from what the API returned: write-only, derived and meta properties come from the
   * configuration (or the prior state on refresh); a property the handler left undefined keeps the carried
   * value (its input; on refresh and update, an output the API returned only once). Secret values are
   * remembered, so no log line or error ever shows them.
   */
  private compose(spec: ResourceSpec, api: State, carry: ValueObject): State {
    const out: State = {};
    for (const [name, prop] of Object.entries(spec.properties)) {
      if (prop.neverStored) {
        out[name] = null;
        continue;
      }
      const fromConfig = prop.writeOnly || Boolean(prop.derive) || isMeta(name);
      const v = fromConfig ? (carry[name] ?? api[name]) : api[name] !== undefined ? api[name] : carry[name];
      out[name] = (v === undefined || v === UNKNOWN ? null : v) as State[string];
      if (prop.secret && typeof v === 'string') this.secrets.add(v);
    }
    // A secret the API returns only once: its digest always, its value only unless `store_secret = false`.
    for (const [name, prop] of Object.entries(spec.properties)) {
      if (!prop.returnedOnce) continue;
      const v = out[name];
      if (typeof v === 'string') out[`${name}_sha256`] = keySha256(v);
      if (out[STORE_SECRET] === false) out[name] = null;
    }
    return out;
  }

  private async run<T>(
    spec: ResourceSpec,
    operation: RequestContext['operation'],
    values: ValueObject,
    hooks: OperationHooks,
    body: (ctx: HandlerContext) => Promise<T>,
    journal = true,
  ): Promise<T> {
    const ownKey = ownKeyOf(values)?.key;
    if (ownKey) this.secrets.add(ownKey);
    if (!ownKey && hooks.writeOnlyKeySha256 !== undefined) this.assertSameKey(spec, operation, hooks.writeOnlyKeySha256);
    let cred: Credential | undefined;
    try {
      cred = this.clients.credential(spec.key, ownKey);
      const ctx = this.context(spec, cred, hooks, journal);
      return await body(ctx);
    } catch (e) {
      // A handler reading an answer that lacks what the API promises (a missing object, a body that is not JSON)
      // fails inside JavaScript: say so in the resource's terms, never as a bare TypeError.
      if (e instanceof TypeError || e instanceof SyntaxError) {
        const next =
          operation === 'create'
            ? `the object may have been created: look for it (import id ${spec.import.format}) before applying again`
            : 'nothing was saved from it';
        throw new OpenAIIacError(
          'api',
          this.scrub(`${operation} ${spec.name}: OpenAI answered with something this provider cannot read (${e.message}); ${next}`),
        );
      }
      const translated = translateError(e, {
        spec,
        operation,
        baseUrl: this.clients.config.baseUrl,
        key: cred?.key,
        keyKind: spec.key,
        keySource: cred?.source ?? 'none',
      });
      if (translated instanceof Error) translated.message = this.scrub(translated.message);
      throw translated;
    }
  }

  /** Keeps the once-returned secrets of an object just made, for a hand-over in this run (EphemeralSpec.handover). */
  private keepMadeSecrets(spec: ResourceSpec, id: string, state: State): void {
    const once = Object.entries(spec.properties).filter(([name, prop]) => prop.returnedOnce && typeof state[name] === 'string');
    if (once.length > 0) this.madeSecrets.set(id, Object.fromEntries(once.map(([name]) => [name, state[name]!])));
  }

  /** A refresh or delete of a resource applied with a write-only key: the provider's key must be that key. */
  private assertSameKey(spec: ResourceSpec, operation: RequestContext['operation'], digest: string): void {
    let key: string | undefined;
    try {
      key = this.clients.credential(spec.key).key;
    } catch {
      key = undefined; // no provider key of that kind: the same answer as another key
    }
    if (key === undefined || keySha256(key) !== digest) throw new WriteOnlyKeyNeeded(spec.name, operation === 'delete' ? 'delete' : 'read', spec.key);
  }

  private context(spec: ResourceSpec, cred: Credential, hooks: OperationHooks, journal: boolean): HandlerContext {
    const log = this.log;
    const maxRetries = this.clients.config.maxRetries;
    let creates = 0;
    const ctx: HandlerContext = {
      openai: this.clients.client(cred),
      keyKind: cred.kind,
      progress: (m) => (hooks.progress ? hooks.progress(this.scrub(m)) : log.info(m)),
      debug: (m) => log.debug(m),
      waitTimeoutMs: this.opts.waitTimeoutMs ?? 15 * 60_000,
      pollIntervalMs: this.opts.pollIntervalMs ?? 1000,
      createOnce: (send, lookup) => {
        // One journal entry per create call of this operation (a handler may create more than one object).
        const address = `${hooks.address ?? ''}#${creates++}`;
        const made = createOnce(send, lookup, {
          maxRetries,
          what: `${spec.name} (import id ${spec.import.format})`,
          log: (m) => log.debug(`${spec.name} ${m}`),
          notice: (m) => log.info(`${spec.name}: ${m}`),
          ...(journal ? { journal: { journal: this.journal, type: spec.name, identity: identityOf(spec.name, address) } } : {}),
        });
        return made.then((created) => (this.fresh.add(created.id), created));
      },
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    };
    return ctx;
  }
}
