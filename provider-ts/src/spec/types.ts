// The resource-spec model: what a resource declares, independent of any engine.
// Property names are the API's snake_case; adapters derive their own spellings (see names.ts).
import type OpenAI from 'openai';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A value the engine does not know yet (preview / plan). Adapters map their own sentinel to this. */
export const UNKNOWN: unique symbol = Symbol.for('openai-iac.unknown');
export type Unknown = typeof UNKNOWN;
/** A JSON value in which any node may be unknown. */
export type Value = null | boolean | number | string | Unknown | Value[] | { [key: string]: Value };
export type ValueObject = { [key: string]: Value };

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}

export interface StringType {
  kind: 'string';
  enum?: readonly string[];
  minLength?: number;
  maxLength?: number;
  /** Regular expression the whole value must match, with a human phrase for the error. */
  pattern?: { regex: string; says: string };
}
export interface NumberType {
  kind: 'number' | 'integer';
  min?: number;
  max?: number;
}
export interface BoolType {
  kind: 'bool';
}
export interface ListType {
  kind: 'list';
  items: TypeSpec;
  minItems?: number;
  maxItems?: number;
}
export interface MapType {
  kind: 'map';
  values: TypeSpec;
  maxEntries?: number;
  keyMaxLength?: number;
}
export interface ObjectType {
  kind: 'object';
  properties: Record<string, PropertySpec>;
  /** Cross-field rule on the whole object; returns failures relative to the object. */
  refine?: (value: ValueObject) => Failure[];
}
/** Free-form JSON (e.g. a function's JSON-schema parameters). Terraform carries it as a JSON string. */
export interface JsonType {
  kind: 'json';
  /** Rule on the value once it is known (e.g. the API's limits on a free-form map); failures relative to it. */
  refine?: (value: Json) => Failure[];
}
export type TypeSpec = StringType | NumberType | BoolType | ListType | MapType | ObjectType | JsonType;

export type PathSegment = string | number;
export interface Failure {
  /** Property path in snake_case spec names, e.g. ['tools', 1, 'function', 'name']. */
  path: PathSegment[];
  /** What is wrong and what to do, without the property name (adapters render the path their way). */
  message: string;
}

/** 'required' and 'optional' are inputs; 'output' is set only by the API. */
export type InputKind = 'required' | 'optional' | 'output';

/**
 * What the type system knows of a property (define.ts builders compute it from their options): its value as an
 * input (`in`) and in state (`out`), its input kind, whether state takes it from the configuration rather than the
 * API (`fromConfig`: write-only and derived properties) and whether checkInputs fills it in (`defaulted`).
 */
export interface PropertyFacts {
  in: unknown;
  out: unknown;
  kind: InputKind;
  fromConfig: boolean;
  defaulted: boolean;
}

/** The key of a property's facts. Type-only: no such value exists at runtime, and no property spec has the member. */
export declare const TYPES: unique symbol;

/**
 * One property. `F` is what the builders (define.ts `p.*`) know of it at compile time; the registry holds it
 * erased (`PropertySpec`, the default), and adapters and generators read only the runtime members.
 */
export interface PropertySpec<F extends PropertyFacts = PropertyFacts> {
  type: TypeSpec;
  description: string;
  /** 'required' and 'optional' are inputs; 'output' is set only by the API. */
  input: F['kind'];
  /** An optional input that the API fills in when omitted: omitting it is never a change. */
  computed: boolean;
  secret: boolean;
  /** Never returned by the API: state keeps the configured value. */
  writeOnly: boolean;
  /**
   * Write-only in Terraform's sense (`api_key_wo`): taken from the configuration for the operation at hand, null in
   * every plan and state. Engines without the notion (Pulumi, whose state is encrypted) leave it out.
   */
  neverStored?: boolean;
  /**
   * Set with the never-stored property it names, whose changes it stands for (Terraform's `<name>_version`: the
   * engine compares it, since the value itself is never stored). Left out with that property.
   */
  companionOf?: string;
  /**
   * A secret output the API returns only once, when the object is made (a service account's key): with the
   * resource's `store_secret = false`, state keeps only its SHA-256 (`<name>_sha256`), never the value.
   */
  returnedOnce?: boolean;
  /** Create-only in the API: a change replaces the resource. */
  replaceOnChange: boolean;
  default?: Json;
  deprecated?: string;
  /** An output fixed when the object is made (e.g. `created_at`): an in-place update keeps it as it was. */
  stable: boolean;
  /** Computed by the core from the inputs at plan time (e.g. a file's sha256); a change is a change. */
  derive?: (inputs: ValueObject) => Value | undefined;
  /** Spelling exceptions when the mechanical derivation is wrong for an engine. */
  names?: { pulumi?: string };
  /** Type-level only, never set: see PropertyFacts. */
  readonly [TYPES]?: F;
}

export type KeyKind = 'project' | 'admin';

/** How a handler finds what its create may have made: client/create-once.ts. */
export interface Lookup<T> {
  /** Objects matching what the create sent, made at or after `sinceMs` (allowing for clock skew), newest first. */
  find?: (sinceMs: number) => Promise<T[]>;
  /** The object with this id, or null when the API has none: for resources the API cannot list. */
  retrieve?: (id: string) => Promise<T | null>;
}

/**
 * A create made of several requests (a file sent in parts) saves how far it got, so that a run interrupted
 * midway (killed, cancelled, cut off) is resumed by the next run's create of the same resource instead of begun
 * again: client/create-once.ts keeps it in the create journal.
 */
export interface CreateCheckpoint {
  /** What an earlier, interrupted run of this create saved, if any (the handler checks it still applies). */
  readonly resumed: JsonObject | undefined;
  /** Saves how far this create got (null: nothing left to resume). */
  save(data: JsonObject | null): void;
}

/** Handed to every handler: the SDK client bound to this resource's credential, and reporting hooks. */
export interface HandlerContext {
  readonly openai: OpenAI;
  readonly keyKind: KeyKind;
  /** Report progress on a long wait (shown by the engine). */
  progress(message: string): void;
  /** Debug-level log line (shown with PULUMI_OPENAI_DEBUG=1 / OPENAI_IAC_DEBUG=1 / TF_LOG). */
  debug(message: string): void;
  /** Wall-clock budget for waits inside this operation, in ms. */
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly signal?: AbortSignal;
  /**
   * Sends a create exactly once, even across a crash: the SDK's blind retries are off for it; after an ambiguous
   * failure (timeout, reset, 5xx) the handler's `find` looks the object up before anything is resent, and an
   * earlier run's create that never reached state is found the same way (or by id with `retrieve`) and adopted.
   * See client/create-once.ts.
   */
  createOnce<T extends { id: string }>(send: (opts: { maxRetries: 0 }, checkpoint: CreateCheckpoint) => Promise<T>, lookup: Lookup<T>): Promise<T>;
}

/** The state a resource keeps: every property (inputs and outputs) by spec name. */
export type State = JsonObject;
export type Inputs = JsonObject;

export interface Created {
  id: string;
  state: State;
}

export interface Handlers {
  create(ctx: HandlerContext, inputs: Inputs): Promise<Created>;
  /** Returns null when the object is gone (dropped from state, never an error). `prior` is absent on import. */
  read(ctx: HandlerContext, id: string, prior: State | undefined): Promise<State | null>;
  /** Absent ⇒ every change replaces. Receives the changed top-level property names. */
  update?(ctx: HandlerContext, id: string, olds: State, news: Inputs, changed: readonly string[]): Promise<State>;
  delete(ctx: HandlerContext, id: string, state: State): Promise<void>;
  /** Lists the objects of this kind (functions / data sources). */
  list?(ctx: HandlerContext, args: JsonObject): Promise<Created[]>;
}

export interface ImportSpec {
  /** Human format, e.g. 'vs_abc123' or 'thread_abc/msg_def'. */
  format: string;
  /** An example id for docs. */
  example: string;
  /** Regex the whole id must match. */
  pattern: string;
  /**
   * Names of the id's `/`-separated pieces, in order, when they are not its `idParts` (`['vector_store_id',
   * 'file_id']` for `vs_…/file-…`): the attributes of the resource's identity (spec/identity.ts).
   */
  parts?: readonly string[];
}

export interface Sunset {
  /** ISO date the API stopped answering on api.openai.com. */
  date: string;
  /** What to use instead. */
  replacement: string;
}

export interface DataSourceOptions {
  /** false: no get data source or function (a query whose answers have no id to get them by: cost buckets). */
  get?: boolean;
  /** The list data source's name, snake_case without `openai_`, when the plural of the spec's is not it. */
  listName?: string;
  /** The list data source's attribute for the objects besides `items`: the official provider's (`users`). */
  listAttribute?: string;
}

/**
 * A short-lived twin of a resource (Terraform's ephemeral resources; Pulumi's mint functions): opened for one run
 * of the engine, its result (a key's value) handed to the configuration and never stored, and closed (the object
 * deleted) when the run ends. It lives under its resource's name and key kind.
 */
export interface EphemeralSpec {
  description: string;
  /** Its arguments (inputs) and result (outputs); the core adds `keep`. */
  properties: Record<string, PropertySpec>;
  /** Cross-argument rule, as a resource's `refine`. */
  refine?: (inputs: ValueObject) => Failure[];
  /**
   * Makes the object. `close`: what closing needs (ids, never a secret), held by the engine for the run only;
   * null when there is nothing to close.
   */
  open(ctx: HandlerContext, inputs: Inputs): Promise<{ result: State; close: JsonObject | null }>;
  /** Undoes `open` (an object already gone is closed). */
  close(ctx: HandlerContext, data: JsonObject): Promise<void>;
  /** An example of use, as the resource's. */
  example: JsonObject;
  /**
   * A hand-over (defineResource makes one for a resource with `returnedOnce` secrets and no ephemeral of its own):
   * opened with a resource's `id`, it yields the once-returned secrets this very process got when it made that
   * object, and null in any other run; no request is made, and nothing is closed. The names of those secrets.
   */
  handover?: readonly string[];
}

export interface ResourceSpec {
  /** snake_case; every engine token derives from it (names.ts). */
  name: string;
  description: string;
  key: KeyKind;
  properties: Record<string, PropertySpec>;
  import: ImportSpec;
  handlers: Handlers;
  deprecated?: string;
  sunset?: Sunset;
  /** Names users reach for that the API does not have, with the reason and the fix. */
  unsupported?: Record<string, string>;
  /** Cross-property rule on the whole input object. */
  refine?: (inputs: ValueObject) => Failure[];
  /** Replacing must delete first (a unique name would collide). */
  deleteBeforeReplace?: boolean;
  /**
   * For objects that end in a failed state the API cannot repair (a run that failed): given the saved state,
   * the output property that shows the failure (e.g. `status`), or undefined when the object is fine. A failed
   * object is replaced by the next apply even when nothing in the configuration changed (Terraform would
   * replace it anyway, as tainted; Pulumi would otherwise send an empty update and keep it).
   */
  failedBy?: (state: State) => string | undefined;
  /**
   * For objects saved while an operation on them was still going (a run whose wait timed out): given the saved
   * state, the output property that shows it (e.g. `status`). The next apply updates in place with that
   * property among the changes, and the update handler waits again.
   */
  pendingBy?: (state: State) => string | undefined;
  /** Arguments of the list function (data source), as properties. */
  listArgs?: Record<string, PropertySpec>;
  /**
   * The properties the id is made of, in order, joined by `/` (`['project_id', 'user_id']` for
   * `proj_…/user-…`). The get data source and function take them instead of `id`, as the official Terraform
   * provider's data sources do. Empty for a singleton of the organization, whose id is always `import.example`.
   */
  idParts?: readonly string[];
  /** How the data sources and functions derive from this spec, where the defaults are not right. */
  dataSources?: DataSourceOptions;
  /**
   * Objects the API cannot create (a project's API keys, the models, usage buckets): no resource, only the data
   * sources and functions. Declared with `defineDataSource` (define.ts), whose create and delete never run.
   */
  dataOnly?: boolean;
  /** The ephemeral twin of this resource, if it has one. */
  ephemeral?: EphemeralSpec;
  /** An example of use, in neutral form: property values (for docs and schema descriptions). */
  example: JsonObject;
}
