// Builders for resource specs. A resource file reads as a declaration:
//   name: p.string({ description: '…', maxLength: 256 }),
//   status: p.string({ description: '…', output: true }),
//
// Typed handlers. Every builder returns a PropertySpec that carries, in its type only, the property's TypeScript
// value (an `enum` becomes a union of its literals; objects, lists and maps nest) and its input kind. From the
// `properties` of a declaration, `defineResource` derives what its handlers see and return:
//   - `InputsOf<P>`: the inputs handed to `create` and `update`, as checkInputs gives them (the adapters hand the
//     core checked inputs) — required and defaulted inputs set, other optional ones absent when unset; no outputs;
//   - `StateOf<P>`: what `create`, `read`, `update` and `list` return — every property the API reports, by name
//     and type (null for "none"; `KEEP` for an output this answer does not carry, e.g. a secret returned only at
//     creation); write-only and derived properties may be left out, the core takes them from the configuration;
//   - `PriorOf<P>`: a saved state handed back (`read`'s prior, `update`'s olds, `delete`'s state): any property
//     may be absent (an import starts from nothing; Terraform drops nulls).
// (In state an enum is any string: the API may answer with values the input does not allow.) So a handler reads
// `inputs.name` without a cast, and a `toState` that forgets a property or returns the wrong type does not compile
// (provider-ts/test/unit/typed-spec.test.ts proves it). Leave `toState` helpers unannotated (the handler's return
// type checks them), or declare `const properties = {…}` and use `InputsOf<typeof properties>` / `StateOf<…>` in
// helpers (assistant.ts, run.ts). The registry erases the types: it holds plain `ResourceSpec`s, which is all
// adapters and generators read.
import type {
  EphemeralSpec,
  Failure,
  HandlerContext,
  Handlers,
  Json,
  JsonObject,
  ListType,
  MapType,
  NumberType,
  ObjectType,
  PropertyFacts,
  PropertySpec,
  ResourceSpec,
  StringType,
  TYPES,
  TypeSpec,
  Value,
  ValueObject,
} from './types';
import { isUnknown } from './types';
import { named } from './names';

interface CommonOptions {
  description: string;
  /** An input that must be set. Without `required` or `output` a property is an optional input. */
  required?: true;
  /** Set only by the API. */
  output?: true;
  /** Optional input the API fills in when omitted. */
  computed?: true;
  secret?: true;
  writeOnly?: true;
  /** Write-only in Terraform's sense: never in plan or state (see PropertySpec). */
  neverStored?: true;
  /** The never-stored property whose changes this one stands for. */
  companionOf?: string;
  /** A secret output the API returns only at creation (see PropertySpec). */
  returnedOnce?: true;
  replaceOnChange?: true;
  /** An output fixed when the object is made (`created_at`): in-place updates keep it. */
  stable?: true;
  default?: Json;
  deprecated?: string;
  derive?: (inputs: ValueObject) => Value | undefined;
  pulumiName?: string;
}

function property<S extends AnySpec>(type: TypeSpec, o: CommonOptions): S {
  if (o.required && o.output) throw new Error(`spec: a property cannot be both required and output (${o.description})`);
  const spec: PropertySpec = {
    type,
    description: o.description,
    input: o.required ? 'required' : o.output ? 'output' : 'optional',
    computed: Boolean(o.computed || o.output),
    secret: Boolean(o.secret),
    writeOnly: Boolean(o.writeOnly),
    replaceOnChange: Boolean(o.replaceOnChange),
    stable: Boolean(o.stable),
  };
  if (o.default !== undefined) spec.default = o.default;
  if (o.deprecated !== undefined) spec.deprecated = o.deprecated;
  if (o.derive !== undefined) spec.derive = o.derive;
  if (o.pulumiName !== undefined) spec.names = { pulumi: o.pulumiName };
  if (o.neverStored) spec.neverStored = true;
  if (o.companionOf !== undefined) spec.companionOf = o.companionOf;
  if (o.returnedOnce) {
    if (!o.output || !o.secret) throw new Error(`spec: only a secret output can be returnedOnce (${o.description})`);
    spec.returnedOnce = true;
  }
  // The one place a runtime spec meets its type-level facts: the builders' signatures compute them from `o`.
  return spec as S;
}

type Without<T, K extends keyof T> = Omit<T, K>;
type Constraints<T extends TypeSpec> = Without<T, 'kind'>;

// ---- the type-level facts of a property, and the shapes derived from them --------------------------------------

type AnySpec = PropertySpec;
/** Property specs by name, as `properties` declares them. */
export type Props = Record<string, AnySpec>;

type Facts<S> = S extends { readonly [TYPES]?: infer F extends PropertyFacts } ? F : never;
/** The value of one property as an input. */
export type InputValue<S> = Facts<S>['in'];
/** The value of one property in state. */
export type StateValue<S> = Facts<S>['out'];

type KindOf<O> = O extends { required: true } ? 'required' : O extends { output: true } ? 'output' : 'optional';
type FromConfigOf<O> = O extends { writeOnly: true } ? true : O extends { derive: (inputs: never) => unknown } ? true : false;
type DefaultedOf<O> = O extends { default: Json } ? true : false;
/** What a builder returns for options `O` and a value typed `In` as an input and `Out` in state. */
type Spec<O, In, Out = In> = PropertySpec<{ in: In; out: Out; kind: KindOf<O>; fromConfig: FromConfigOf<O>; defaulted: DefaultedOf<O> }>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** Inputs that are set once checked: required ones, and optional ones checkInputs fills with their default. */
type SetKeys<P> = { [K in keyof P]: Facts<P[K]> extends { kind: 'required' } | { kind: 'optional'; defaulted: true } ? K : never }[keyof P];
type UnsetKeys<P> = { [K in keyof P]: Facts<P[K]> extends { kind: 'optional'; defaulted: false } ? K : never }[keyof P];
type ConfigKeys<P> = { [K in keyof P]: Facts<P[K]> extends { fromConfig: true } ? K : never }[keyof P];

/** A nested object as an input, once checked: required and defaulted members set, other members absent when unset. */
type ObjectInput<P> = Simplify<{ [K in SetKeys<P>]: InputValue<P[K]> } & { [K in Exclude<keyof P, SetKeys<P>>]?: InputValue<P[K]> }>;
/** A nested object in state: as the API reports it, any member may be absent or null. */
type ObjectState<P> = Simplify<{ [K in keyof P]?: StateValue<P[K]> | null }>;

declare const KEPT: unique symbol;
/** The type of `KEEP`. */
export type Keep = { readonly [KEPT]: true };
/**
 * In a state a handler returns: "this answer does not carry the property" (an output the API returns only at
 * creation, such as a signing secret): the core keeps the value it had. At runtime it is `undefined`, which is how
 * the core has always read "left unset" (provider.ts compose); the distinct type keeps an accidental `undefined`
 * (an SDK field that may be missing) from meaning the same thing silently — say `?? null` for "none".
 */
export const KEEP = undefined as unknown as Keep;

/**
 * The inputs a handler receives, as checkInputs gives them: required and defaulted inputs set, other optional ones
 * absent when unset (never null); outputs are not inputs.
 */
export type InputsOf<P> = Simplify<{ readonly [K in SetKeys<P>]: InputValue<P[K]> } & { readonly [K in UnsetKeys<P>]?: InputValue<P[K]> }>;
/**
 * The state a handler returns: every property the API reports (inputs and outputs), null for "none" or `KEEP`;
 * write-only and derived properties may be left out (the core takes them from the configuration).
 */
export type StateOf<P> = Simplify<
  { [K in Exclude<keyof P, ConfigKeys<P>>]: StateValue<P[K]> | null | Keep } & { [K in ConfigKeys<P>]?: StateValue<P[K]> | null }
>;
/** A saved state handed back to a handler: any property may be absent (an import starts from nothing). */
export type PriorOf<P> = Simplify<{ readonly [K in keyof P]?: StateValue<P[K]> | null }>;

/** What a handler returns with an id. */
export interface CreatedOf<P> {
  id: string;
  state: StateOf<P>;
}

/** No properties, no options: the defaults of the type parameters below. */
type Empty = Record<never, never>;

/** `Handlers` (types.ts), typed by the resource's properties `P` and its list arguments `L`. */
export interface TypedHandlers<P, L = Empty> {
  create(ctx: HandlerContext, inputs: InputsOf<P>): Promise<CreatedOf<P>>;
  /** Returns null when the object is gone (dropped from state, never an error). `prior` is absent on import. */
  read(ctx: HandlerContext, id: string, prior: PriorOf<P> | undefined): Promise<StateOf<P> | null>;
  /** Absent ⇒ every change replaces. Receives the changed top-level property names. */
  update?(ctx: HandlerContext, id: string, olds: PriorOf<P>, news: InputsOf<P>, changed: readonly (keyof P & string)[]): Promise<StateOf<P>>;
  delete(ctx: HandlerContext, id: string, state: PriorOf<P>): Promise<void>;
  /** Lists the objects of this kind (functions / data sources); `args` are checked against `listArgs`. */
  list?(ctx: HandlerContext, args: InputsOf<L>): Promise<CreatedOf<P>[]>;
}

function pick<T extends object>(o: object, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) {
    const v = (o as Record<PropertyKey, unknown>)[k as PropertyKey];
    if (v !== undefined) (out as Record<PropertyKey, unknown>)[k as PropertyKey] = v;
  }
  return out;
}

/** Limits the API states in prose for every `metadata` field. */
export const METADATA_LIMITS = { maxEntries: 16, keyMaxLength: 64, valueMaxLength: 512 } as const;

export const p = {
  /** With `enum`, the input is the union of its literals; state keeps any string (the API may answer with more). */
  string<const O extends CommonOptions & Constraints<StringType>>(
    o: O,
  ): Spec<O, O extends { enum: readonly (infer E extends string)[] } ? E : string, string> {
    return property({ kind: 'string', ...pick<StringType>(o, ['enum', 'minLength', 'maxLength', 'pattern']) }, o);
  },
  integer<const O extends CommonOptions & Constraints<NumberType>>(o: O): Spec<O, number> {
    return property({ kind: 'integer', ...pick<NumberType>(o, ['min', 'max']) }, o);
  },
  number<const O extends CommonOptions & Constraints<NumberType>>(o: O): Spec<O, number> {
    return property({ kind: 'number', ...pick<NumberType>(o, ['min', 'max']) }, o);
  },
  bool<const O extends CommonOptions>(o: O): Spec<O, boolean> {
    return property({ kind: 'bool' }, o);
  },
  list<I extends AnySpec, const O extends CommonOptions & Omit<Constraints<ListType>, 'items'>>(
    items: I,
    o: O,
  ): Spec<O, InputValue<I>[], StateValue<I>[]> {
    return property({ kind: 'list', items: items.type, ...pick<ListType>(o, ['minItems', 'maxItems']) }, o);
  },
  map<V extends AnySpec, const O extends CommonOptions & Omit<Constraints<MapType>, 'values'>>(
    values: V,
    o: O,
  ): Spec<O, Record<string, InputValue<V>>, Record<string, StateValue<V>>> {
    return property({ kind: 'map', values: values.type, ...pick<MapType>(o, ['maxEntries', 'keyMaxLength']) }, o);
  },
  object<P extends Props, const O extends CommonOptions & { refine?: (value: ValueObject) => Failure[] }>(
    properties: P,
    o: O,
  ): Spec<O, ObjectInput<P>, ObjectState<P>> {
    const type: ObjectType = { kind: 'object', properties };
    if (o.refine) type.refine = o.refine;
    return property(type, o);
  },
  /** Free-form JSON: checked inputs are JSON; in state it is whatever the API answered (the SDK types it loosely). */
  json<const O extends CommonOptions & { refine?: (value: Json) => Failure[] }>(o: O): Spec<O, Json, unknown> {
    return property(o.refine ? { kind: 'json', refine: o.refine } : { kind: 'json' }, o);
  },
  /** The API's `metadata`: up to 16 string pairs, keys ≤ 64 characters, values ≤ 512. */
  metadata<const O extends Partial<CommonOptions> = Empty>(o?: O): Spec<O, Record<string, string>> {
    return p.map(p.string({ description: 'value', maxLength: METADATA_LIMITS.valueMaxLength }), {
      description:
        'Up to 16 key-value pairs for storing additional information in a structured format. ' +
        'Keys are at most 64 characters, values at most 512.',
      maxEntries: METADATA_LIMITS.maxEntries,
      keyMaxLength: METADATA_LIMITS.keyMaxLength,
      ...(o ?? {}),
    }) as AnySpec as Spec<O, Record<string, string>>;
  },
  /**
   * One property per name, built alike (`Object.fromEntries` would lose the names, and with them the types):
   * `p.each(['completed', 'total'], (k) => p.integer({ description: k, output: true }))`.
   */
  each<const K extends string, S extends AnySpec>(names: readonly K[], make: (name: K) => S): { [N in K]: S } {
    return Object.fromEntries(names.map((k) => [k, make(k)])) as { [N in K]: S };
  },
};

/** Properties the core adds to every resource. They configure the provider side, not the object. */
export const META_PROPERTIES: Record<string, PropertySpec> = {
  api_key: p.string({
    description:
      'An API key used for every operation on this resource (create, read, update, delete, import) instead of ' +
      "the provider's key. A project key for project resources, an admin key for admin resources.",
    secret: true,
    writeOnly: true,
  }),
  api_key_wo: p.string({
    description:
      'The write-only form of `api_key` (Terraform ≥ 1.11, OpenTofu ≥ 1.11): used for create and update as `api_key` ' +
      'is, but never stored in plan or state; the resource keeps only its SHA-256, in private state. Set ' +
      "`api_key_wo_version` with it. A refresh or destroy gets no configuration, so it uses the provider's key when " +
      'that is the same key, and otherwise says so: a refresh keeps the state, a destroy fails with the fix.',
    secret: true,
    writeOnly: true,
    neverStored: true,
  }),
  api_key_wo_version: p.integer({
    description:
      'Required with `api_key_wo`: the engine compares this instead of the key, which it never stores. Change it ' +
      '(e.g. 1 → 2) to apply a new `api_key_wo`.',
    companionOf: 'api_key_wo',
  }),
};

/** Set only on resources with a secret the API returns once (`returnedOnce`): defineResource adds it. */
export const STORE_SECRET = 'store_secret';

/** Whether a property configures the provider side (which key, what to store), not the object: never sent. */
export function isMeta(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(META_PROPERTIES, name) || name === STORE_SECRET;
}

/** The key a resource's configuration gives for its operations, `api_key` or `api_key_wo`, if any. */
export function ownKeyOf(values: { readonly [name: string]: unknown }): { key: string; property: 'api_key' | 'api_key_wo' } | undefined {
  for (const property of ['api_key', 'api_key_wo'] as const) {
    const v = values[property];
    if (typeof v === 'string' && v !== '') return { key: v, property };
  }
  return undefined;
}

/**
 * The rules of the meta properties, relative to the resource: one key at a time, and `api_key_wo` with its
 * version (without one, changing the key could never be planned). A version without the key is allowed: a run
 * may lack the key (a hand-over yields it only in the run that made it). Unknown values are judged once known.
 */
export function metaFailures(inputs: ValueObject): Failure[] {
  if ([inputs['api_key'], inputs['api_key_wo'], inputs['api_key_wo_version']].some(isUnknown)) return [];
  const set = (name: string) => inputs[name] !== undefined && inputs[name] !== null && inputs[name] !== '';
  const failures: Failure[] = [];
  if (set('api_key') && set('api_key_wo')) {
    failures.push({
      path: ['api_key_wo'],
      message: `conflicts with ${named('api_key')}: give the resource one key, either stored (${named('api_key')}) or write-only (${named('api_key_wo')})`,
    });
  }
  if (set('api_key_wo') && !set('api_key_wo_version')) {
    failures.push({
      path: ['api_key_wo_version'],
      message: `is required with ${named('api_key_wo')}: set it to 1, and change it whenever the key changes`,
    });
  }
  return failures;
}

/** A resource as its file declares it: `ResourceSpec` with handlers typed by its properties and list arguments. */
export type ResourceDefinition<P extends Props = Props, L extends Props = Empty> = Omit<ResourceSpec, 'properties' | 'handlers' | 'listArgs'> & {
  properties: P;
  handlers: TypedHandlers<P, L>;
  listArgs?: L;
};

/**
 * Declares a resource: checks the declaration itself and adds the meta properties. Its handlers are typed by its
 * `properties` (see the top of this file); the spec it returns is the registry's plain `ResourceSpec`.
 */
export function defineResource<P extends Props, L extends Props = Empty>(def: ResourceDefinition<P, L>): ResourceSpec {
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(def.name)) throw new Error(`spec: resource name '${def.name}' is not snake_case`);
  for (const name of Object.keys(def.properties)) {
    if (isMeta(name)) throw new Error(`spec ${def.name}: '${name}' is reserved for the core`);
    if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name)) throw new Error(`spec ${def.name}: property '${name}' is not snake_case`);
  }
  for (const [name, prop] of Object.entries(def.properties)) {
    if (prop.stable && prop.input !== 'output') throw new Error(`spec ${def.name}.${name}: only an output can be stable`);
    // A derived output (a file's sha256, a bundle's hash) is computed from the inputs at plan time: it may replace on change.
    if (prop.input === 'output' && ((prop.replaceOnChange && !prop.derive) || prop.writeOnly || prop.default !== undefined)) {
      throw new Error(`spec ${def.name}.${name}: an output cannot be replaceOnChange (unless derived), writeOnly or have a default`);
    }
  }
  new RegExp(def.import.pattern); // throws on a bad pattern at load time
  if (!new RegExp(`^(?:${def.import.pattern})$`).test(def.import.example)) {
    throw new Error(`spec ${def.name}: import example '${def.import.example}' does not match its pattern`);
  }
  // One source of truth for replacement: without an update handler every input of the object (and every value
  // the core derives from the inputs, such as a file's sha256) is create-only, so every schema (Pulumi's
  // replaceOnChanges, which the SDKs hand to the engine) and the diff read the same flag. Meta properties configure
  // the provider side and never replace.
  const createOnly = (prop: PropertySpec): PropertySpec => (prop.input !== 'output' || prop.derive ? { ...prop, replaceOnChange: true } : prop);
  const properties = def.handlers.update
    ? def.properties
    : Object.fromEntries(Object.entries(def.properties).map(([name, prop]) => [name, createOnly(prop)]));
  // Erasure: the core calls the handlers only with inputs checkInputs passed and states it composed for this very
  // spec, which are the shapes the typed handlers declare.
  const handlers = def.handlers as unknown as Handlers;
  const once = Object.keys(properties).filter((name) => properties[name]!.returnedOnce);
  const ephemeral = def.ephemeral ?? (once.length > 0 ? handover(def.name, def.import.example, properties, once) : undefined);
  return {
    ...def,
    handlers,
    properties: { ...properties, ...onceReturned(def.name, properties, once), ...META_PROPERTIES },
    ...(ephemeral ? { ephemeral } : {}),
  };
}

/** The hand-over twin of a resource whose once-returned secrets (`once`) may be kept out of state (EphemeralSpec). */
function handover(resource: string, example: string, properties: Record<string, PropertySpec>, once: readonly string[]): EphemeralSpec {
  const what = resource.replace(/_/g, ' ');
  const results = Object.fromEntries(
    once.map((name) => [
      name,
      p.string({
        description:
          `${properties[name]!.description.split('. Returned only')[0]}. Known in the run that makes the object (with ` +
          `\`${STORE_SECRET} = false\`, the only place it ever is); null in every later run, since it is stored nowhere.`,
        output: true,
        secret: true,
      }),
    ]),
  );
  const noRequest = (): never => {
    throw new Error(`${resource}: a hand-over makes no request (provider.ts openEphemeral answers it)`);
  };
  return {
    description:
      `Hands over the ${once.map((n) => `\`${n}\``).join(' and ')} of a ${what} made by this run, so a configuration with ` +
      `\`${STORE_SECRET} = false\` can pass ${once.length > 1 ? 'them' : 'it'} on (to a secrets manager's write-only attribute) ` +
      'without it reaching state. No request is made and nothing is closed.',
    properties: { id: p.string({ description: `The id of the ${what} (its \`id\`).`, required: true }), ...results },
    open: noRequest,
    close: noRequest,
    example: { id: example },
    handover: once,
  };
}

/**
 * For each secret output the API returns only once (`returnedOnce`): its `<name>_sha256`, and once per resource the
 * `store_secret` setting that keeps the value out of state (provider.ts compose).
 */
function onceReturned(resource: string, properties: Record<string, PropertySpec>, once: readonly string[]): Record<string, PropertySpec> {
  if (once.length === 0) return {};
  const out: Record<string, PropertySpec> = {};
  for (const name of once) {
    const digest = `${name}_sha256`;
    if (digest in properties || STORE_SECRET in properties) throw new Error(`spec ${resource}: '${digest}' and '${STORE_SECRET}' are the core's`);
    out[digest] = p.string({
      description: `The SHA-256 (hex) of \`${name}\`, kept whether or not \`${STORE_SECRET}\` is: compare a copy of the value with it without storing the value.`,
      // Not `stable`: the core computes it, so no answer of the API carries it (response.ts would call it missing).
      output: true,
    });
  }
  out[STORE_SECRET] = p.bool({
    description:
      `Whether state keeps ${once.map((n) => `\`${n}\``).join(' and ')}, which the API returns only when the object is made. ` +
      `\`false\`: state keeps only ${once.map((n) => `\`${n}_sha256\``).join(' and ')}, and the value is handed over once, in the run ` +
      'that makes the object (Terraform: the ephemeral resource of the same name), then never again. Unset: true.',
  });
  return out;
}

/** A data-only spec as its file declares it: every property is an output; the handlers read and list. */
export type DataSourceDefinition<P extends Props = Props, L extends Props = Empty> = Omit<
  ResourceDefinition<P, L>,
  'handlers' | 'dataOnly' | 'deleteBeforeReplace' | 'failedBy' | 'pendingBy'
> & {
  handlers: Pick<TypedHandlers<P, L>, 'read' | 'list'>;
};

/**
 * Declares objects the API cannot create (a project's API keys, the models, usage): the registry holds them as
 * specs with `dataOnly`, from which only data sources and functions derive. Create and delete are never called
 * (no engine is offered a resource); they throw if anything does.
 */
export function defineDataSource<P extends Props, L extends Props = Empty>(def: DataSourceDefinition<P, L>): ResourceSpec {
  for (const [name, prop] of Object.entries(def.properties)) {
    if (prop.input !== 'output') throw new Error(`spec ${def.name}.${name}: a data source's properties are outputs`);
  }
  const never = (op: string) => (): never => {
    throw new Error(`${def.name} is a data source: the API cannot ${op} it`);
  };
  return {
    ...defineResource<P, L>({ ...def, handlers: { ...def.handlers, create: never('create'), delete: never('delete') } }),
    dataOnly: true,
  };
}

/** An ephemeral twin as its resource's file declares it: `open` typed by its properties. */
interface EphemeralDefinition<P extends Props> {
  description: string;
  properties: P;
  refine?: (inputs: ValueObject) => Failure[];
  /** `result`: the outputs (the core fills the arguments in). */
  open(ctx: HandlerContext, inputs: InputsOf<P>): Promise<{ result: Partial<StateOf<P>>; close: JsonObject | null }>;
  close(ctx: HandlerContext, data: JsonObject): Promise<void>;
  example: JsonObject;
}

/** What the core adds to every ephemeral resource's arguments. */
export const EPHEMERAL_PROPERTIES: Record<string, PropertySpec> = {
  keep: p.bool({
    description:
      'Keep the object when the run ends instead of deleting it (a key that outlives the run). Unset or false: the ' +
      'object is deleted when the engine closes the ephemeral resource, so what it hands out stops working.',
  }),
};

/** Declares the ephemeral twin of a resource (see `EphemeralSpec`): checks its names and adds `keep`. */
export function defineEphemeral<P extends Props>(def: EphemeralDefinition<P>): EphemeralSpec {
  for (const name of Object.keys(def.properties)) {
    if (name in EPHEMERAL_PROPERTIES || isMeta(name)) throw new Error(`ephemeral spec: '${name}' is reserved for the core`);
    if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name)) throw new Error(`ephemeral spec: property '${name}' is not snake_case`);
  }
  // Erasure, as defineResource's: the core opens only with inputs it checked against these very properties.
  return { ...(def as unknown as EphemeralSpec), properties: { ...def.properties, ...EPHEMERAL_PROPERTIES } };
}
