// Builders for resource specs. A resource file reads as a declaration:
//   name: p.string({ description: '…', maxLength: 256 }),
//   status: p.string({ description: '…', output: true }),
import type {
  Failure,
  Json,
  ListType,
  MapType,
  NumberType,
  ObjectType,
  PropertySpec,
  ResourceSpec,
  StringType,
  TypeSpec,
  Value,
  ValueObject,
} from './types';

export interface CommonOptions {
  description: string;
  /** An input that must be set. Without `required` or `output` a property is an optional input. */
  required?: true;
  /** Set only by the API. */
  output?: true;
  /** Optional input the API fills in when omitted. */
  computed?: true;
  secret?: true;
  writeOnly?: true;
  replaceOnChange?: true;
  /** An output fixed when the object is made (`created_at`): in-place updates keep it. */
  stable?: true;
  default?: Json;
  deprecated?: string;
  derive?: (inputs: ValueObject) => Value | undefined;
  pulumiName?: string;
}

function property(type: TypeSpec, o: CommonOptions): PropertySpec {
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
  return spec;
}

type Without<T, K extends keyof T> = Omit<T, K>;
type Constraints<T extends TypeSpec> = Without<T, 'kind'>;

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
  string(o: CommonOptions & Constraints<StringType>): PropertySpec {
    return property({ kind: 'string', ...pick<StringType>(o, ['enum', 'minLength', 'maxLength', 'pattern']) }, o);
  },
  integer(o: CommonOptions & Constraints<NumberType>): PropertySpec {
    return property({ kind: 'integer', ...pick<NumberType>(o, ['min', 'max']) }, o);
  },
  number(o: CommonOptions & Constraints<NumberType>): PropertySpec {
    return property({ kind: 'number', ...pick<NumberType>(o, ['min', 'max']) }, o);
  },
  bool(o: CommonOptions): PropertySpec {
    return property({ kind: 'bool' }, o);
  },
  list(items: PropertySpec, o: CommonOptions & Omit<Constraints<ListType>, 'items'>): PropertySpec {
    return property({ kind: 'list', items: items.type, ...pick<ListType>(o, ['minItems', 'maxItems']) }, o);
  },
  map(values: PropertySpec, o: CommonOptions & Omit<Constraints<MapType>, 'values'>): PropertySpec {
    return property({ kind: 'map', values: values.type, ...pick<MapType>(o, ['maxEntries', 'keyMaxLength']) }, o);
  },
  object(
    properties: Record<string, PropertySpec>,
    o: CommonOptions & { refine?: (value: ValueObject) => Failure[] },
  ): PropertySpec {
    const type: ObjectType = { kind: 'object', properties };
    if (o.refine) type.refine = o.refine;
    return property(type, o);
  },
  json(o: CommonOptions & { refine?: (value: Json) => Failure[] }): PropertySpec {
    return property(o.refine ? { kind: 'json', refine: o.refine } : { kind: 'json' }, o);
  },
  /** The API's `metadata`: up to 16 string pairs, keys ≤ 64 characters, values ≤ 512. */
  metadata(o: Partial<CommonOptions> = {}): PropertySpec {
    return p.map(p.string({ description: 'value', maxLength: METADATA_LIMITS.valueMaxLength }), {
      description:
        'Up to 16 key-value pairs for storing additional information in a structured format. ' +
        'Keys are at most 64 characters, values at most 512.',
      maxEntries: METADATA_LIMITS.maxEntries,
      keyMaxLength: METADATA_LIMITS.keyMaxLength,
      ...o,
    });
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
};

export function isMeta(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(META_PROPERTIES, name);
}

export type ResourceDefinition = Omit<ResourceSpec, 'properties'> & { properties: Record<string, PropertySpec> };

/** Declares a resource: checks the declaration itself and adds the meta properties. */
export function defineResource(def: ResourceDefinition): ResourceSpec {
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(def.name)) throw new Error(`spec: resource name '${def.name}' is not snake_case`);
  for (const name of Object.keys(def.properties)) {
    if (isMeta(name)) throw new Error(`spec ${def.name}: '${name}' is reserved for the core`);
    if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name)) throw new Error(`spec ${def.name}: property '${name}' is not snake_case`);
  }
  for (const [name, prop] of Object.entries(def.properties)) {
    if (prop.stable && prop.input !== 'output') throw new Error(`spec ${def.name}.${name}: only an output can be stable`);
    if (prop.input === 'output' && (prop.replaceOnChange || prop.writeOnly || prop.default !== undefined)) {
      throw new Error(`spec ${def.name}.${name}: an output cannot be replaceOnChange, writeOnly or have a default`);
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
  return { ...def, properties: { ...properties, ...META_PROPERTIES } };
}
