// The Terraform shape of the registry: one block of attributes per resource, data source and the provider,
// served by GetProviderSchema and exported as `terraform providers schema -json` from the same objects.
//
// Nested values are nested attribute types (protocol 6), not blocks: an object property is an attribute with
// nesting SINGLE, a list of objects nesting LIST, a map of objects nesting MAP. Blocks cannot be computed (the
// API fills `file_counts`, a tool's `file_search` …), cannot be null apart from absent, and write differently
// from every other value (`expires_after { … }` versus `expires_after = { … }`); attributes keep the spec's
// required / optional / computed / sensitive per nested property, and the neutral JSON examples render as HCL
// one to one.
import {
  getArguments,
  hasGet,
  isMeta,
  managed,
  META_PROPERTIES,
  p,
  resourceNames,
  spellDeep,
  type EphemeralSpec,
  type PropertySpec,
  type ResourceSpec,
  type TypeSpec,
} from '@openai-iac/core';
import { ctyTypeJson, type CtyType } from './msgpack';

/** The attributes of one schema block, by name. A resource's also has `id`. */
export type Block = Readonly<Record<string, PropertySpec>>;

export const PROVIDER_ADDRESS = 'registry.terraform.io/openai-iac/openai';

const humanName = (spec: ResourceSpec) => spec.name.replace(/_/g, ' ');

function idProperty(spec: ResourceSpec, role: 'required' | 'output'): PropertySpec {
  const description = `The ${humanName(spec)} id (\`${spec.import.format}\`).`;
  return role === 'required' ? p.string({ description, required: true }) : p.string({ description, output: true });
}

export function resourceBlock(spec: ResourceSpec): Block {
  if ('id' in spec.properties) throw new Error(`terraform: ${spec.name} has a property named 'id', which Terraform reserves`);
  return { id: idProperty(spec, 'output'), ...spec.properties };
}

/** A property as a data source shows it: set by the provider, nested properties too. */
function asOutput(prop: PropertySpec): PropertySpec {
  const { default: _default, derive: _derive, ...rest } = prop;
  return { ...rest, input: 'output', computed: true, replaceOnChange: false, writeOnly: false, type: outputType(prop.type) };
}

function outputType(t: TypeSpec): TypeSpec {
  switch (t.kind) {
    case 'object':
      return { kind: 'object', properties: Object.fromEntries(Object.entries(t.properties).map(([k, v]) => [k, asOutput(v)])) };
    case 'list':
      return { kind: 'list', items: outputType(t.items) };
    case 'map':
      return { kind: 'map', values: outputType(t.values) };
    default:
      return t;
  }
}

/** What a read shows: every property the API returns (not write-only, not derived), as an output. */
function observed(spec: ResourceSpec): Record<string, PropertySpec> {
  return Object.fromEntries(
    Object.entries(spec.properties)
      .filter(([k, v]) => !v.writeOnly && !v.derive && !isMeta(k))
      .map(([k, v]) => [k, asOutput(v)]),
  );
}

/** A data source's own key: the stored `api_key` only, since a data source keeps no state to keep a key out of. */
const DATA_KEY: Record<string, PropertySpec> = { api_key: META_PROPERTIES['api_key']! };

/** `response_json`, as the official provider's data sources have it: what was read, as one JSON string. */
const RESPONSE_JSON = p.string({ description: 'What was read, as JSON: the object (or the objects) with the attributes above.', output: true });

/** An argument of a get that the read also fills in: optional and computed. */
const argument = (prop: PropertySpec): PropertySpec => ({ ...prop, input: 'optional', computed: true });

/**
 * `openai_<name>`: one object by `id`, or by the id's parts (the official provider's form), read with the
 * provider's key or the data source's own.
 */
function dataSourceBlock(spec: ResourceSpec): Block {
  const args = Object.fromEntries(Object.entries(getArguments(spec)).map(([k, v]) => [k, k === 'id' && v.input === 'required' ? v : argument(v)]));
  // A singleton of the organization takes no argument; its id is still shown, as every data source's is.
  return { id: idProperty(spec, 'output'), ...observed(spec), ...args, ...DATA_KEY, response_json: RESPONSE_JSON };
}

/** `openai_<plural>`: every object of a kind, filtered by the list arguments. */
function listDataSourceBlock(spec: ResourceSpec): Block {
  const item = p.object({ id: idProperty(spec, 'output'), ...observed(spec) }, { description: `A ${humanName(spec)}.` });
  const args = spec.listArgs ?? {};
  const alias = spec.dataSources?.listAttribute;
  for (const k of ['id', 'ids', 'items', 'response_json', ...(alias ? [alias] : []), ...Object.keys(DATA_KEY)]) {
    if (k in args) throw new Error(`terraform: ${spec.name} has a list argument named '${k}', which the data source uses`);
  }
  const items = asOutput(p.list(item, { description: `The ${humanName(spec)} objects found.`, output: true }));
  return {
    ...args,
    ...DATA_KEY,
    id: p.string({
      description: "An id for this read: the list arguments given, joined by `/` (the data source's name when none is).",
      output: true,
    }),
    ids: p.list(p.string({ description: 'id' }), { description: `The ids of the ${humanName(spec)} objects found.`, output: true }),
    items,
    ...(alias
      ? {
          [alias]: {
            ...items,
            description: `The ${humanName(spec)} objects found, as in \`items\` but each with its own id as \`id\` (the last part of its id).`,
          },
        }
      : {}),
    response_json: RESPONSE_JSON,
  };
}

export interface Ephemeral {
  spec: ResourceSpec & { ephemeral: EphemeralSpec };
  block: Block;
}

/** Every ephemeral resource (`ephemeral "openai_<name>"`), by Terraform type name: the resource's own. */
export function ephemerals(resources: readonly ResourceSpec[]): Map<string, Ephemeral> {
  const out = new Map<string, Ephemeral>();
  for (const spec of resources) {
    if (spec.ephemeral) out.set(resourceNames(spec).terraformType, { spec: spec as Ephemeral['spec'], block: spec.ephemeral.properties });
  }
  return out;
}

export interface DataSource {
  spec: ResourceSpec;
  list: boolean;
  block: Block;
}

/** Every data source, by Terraform type name. */
export function dataSources(resources: readonly ResourceSpec[]): Map<string, DataSource> {
  const out = new Map<string, DataSource>();
  for (const spec of resources) {
    const n = resourceNames(spec);
    if (hasGet(spec)) out.set(n.terraformType, { spec, list: false, block: dataSourceBlock(spec) });
    if (spec.handlers.list) out.set(n.terraformListType, { spec, list: true, block: listDataSourceBlock(spec) });
  }
  return out;
}

// ---- types and flags ---------------------------------------------------------------------------------

export function ctyType(t: TypeSpec): CtyType {
  switch (t.kind) {
    case 'string':
    case 'json':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'bool':
      return 'bool';
    case 'list':
      return ['list', ctyType(t.items)];
    case 'map':
      return ['map', ctyType(t.values)];
    case 'object':
      return blockType(t.properties);
  }
}

export function blockType(block: Block): CtyType {
  return ['object', Object.fromEntries(Object.entries(block).map(([k, v]) => [k, ctyType(v.type)]))];
}

/** Optional properties with a default or a derived value are computed: the plan shows what they will be. */
export function isComputed(prop: PropertySpec): boolean {
  return prop.input === 'output' || prop.computed || prop.default !== undefined || prop.derive !== undefined;
}

// ---- tfplugin6.Schema ---------------------------------------------------------------------------------

type Nesting = 'SINGLE' | 'LIST' | 'MAP';

export interface AttributeMessage {
  name: string;
  type: Buffer;
  nested_type: { attributes: AttributeMessage[]; nesting: Nesting } | null;
  description: string;
  description_kind: 'MARKDOWN';
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  /** Never in plan or state (Terraform ≥ 1.11): the core's `neverStored`. */
  write_only: boolean;
  deprecated: boolean;
  deprecation_message: string;
}

export interface SchemaMessage {
  version: number;
  block: {
    version: number;
    attributes: AttributeMessage[];
    block_types: never[];
    description: string;
    description_kind: 'MARKDOWN';
    deprecated: boolean;
    deprecation_message: string;
  };
}

function nestedOf(t: TypeSpec): [Nesting, Block] | undefined {
  if (t.kind === 'object') return ['SINGLE', t.properties];
  if (t.kind === 'list' && t.items.kind === 'object') return ['LIST', t.items.properties];
  if (t.kind === 'map' && t.values.kind === 'object') return ['MAP', t.values.properties];
  if (t.kind === 'list' || t.kind === 'map') {
    const inner = t.kind === 'list' ? t.items : t.values;
    if (nestedOf(inner)) throw new Error('terraform: objects nested in a collection of collections have no attribute form');
  }
  return undefined;
}

function attributes(block: Block): AttributeMessage[] {
  return Object.keys(block)
    .sort()
    .map((name) => {
      const prop = block[name]!;
      const nested = nestedOf(prop.type);
      return {
        name,
        type: nested ? Buffer.alloc(0) : Buffer.from(JSON.stringify(ctyTypeJson(ctyType(prop.type)))),
        nested_type: nested ? { attributes: attributes(nested[1]), nesting: nested[0] } : null,
        description: prop.description,
        description_kind: 'MARKDOWN',
        required: prop.input === 'required',
        optional: prop.input === 'optional',
        computed: isComputed(prop),
        sensitive: prop.secret,
        write_only: Boolean(prop.neverStored),
        deprecated: prop.deprecated !== undefined,
        deprecation_message: prop.deprecated ?? '',
      };
    });
}

export function schemaMessage(block: Block, description: string, deprecated?: string): SchemaMessage {
  return {
    version: 0,
    block: {
      version: 0,
      attributes: attributes(block),
      block_types: [],
      description,
      description_kind: 'MARKDOWN',
      deprecated: deprecated !== undefined,
      deprecation_message: deprecated ?? '',
    },
  };
}

export interface ProviderSchema {
  provider: SchemaMessage;
  resource_schemas: Record<string, SchemaMessage>;
  data_source_schemas: Record<string, SchemaMessage>;
  ephemeral_resource_schemas: Record<string, SchemaMessage>;
}

export function providerSchema(resources: readonly ResourceSpec[], config: Block): ProviderSchema {
  const sorted = [...resources].sort((a, b) => a.name.localeCompare(b.name));
  const resource_schemas: Record<string, SchemaMessage> = {};
  for (const spec of managed(sorted)) {
    resource_schemas[resourceNames(spec).terraformType] = schemaMessage(resourceBlock(spec), spec.description, spec.deprecated);
  }
  const data_source_schemas: Record<string, SchemaMessage> = {};
  for (const [type, ds] of [...dataSources(sorted)].sort(([a], [b]) => a.localeCompare(b))) {
    const what = ds.list ? `Lists ${humanName(ds.spec)} objects.` : `Reads one ${humanName(ds.spec)} by id.`;
    data_source_schemas[type] = schemaMessage(ds.block, `${what} ${ds.spec.description}`, ds.spec.deprecated);
  }
  const ephemeral_resource_schemas: Record<string, SchemaMessage> = {};
  for (const [type, e] of ephemerals(sorted)) ephemeral_resource_schemas[type] = schemaMessage(e.block, e.spec.ephemeral.description);
  const schema = {
    provider: schemaMessage(config, 'Manages OpenAI API objects as resources (openai-iac).'),
    resource_schemas,
    data_source_schemas,
    ephemeral_resource_schemas,
  };
  return spellDeep(schema, 'terraform');
}

// ---- `terraform providers schema -json` ---------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function attributeJson(a: AttributeMessage): Json {
  const out: { [k: string]: Json } = {};
  if (a.nested_type) {
    out['nested_type'] = {
      attributes: Object.fromEntries(a.nested_type.attributes.map((n) => [n.name, attributeJson(n)])),
      nesting_mode: a.nested_type.nesting.toLowerCase(),
    };
  } else {
    out['type'] = JSON.parse(a.type.toString('utf8')) as Json;
  }
  if (a.description) out['description'] = a.description;
  out['description_kind'] = 'markdown';
  for (const flag of ['deprecated', 'required', 'optional', 'computed', 'sensitive', 'write_only'] as const) if (a[flag]) out[flag] = true;
  return out;
}

function schemaJson(s: SchemaMessage): Json {
  const b = s.block;
  return {
    version: s.version,
    block: {
      attributes: Object.fromEntries(b.attributes.map((a) => [a.name, attributeJson(a)])),
      ...(b.description ? { description: b.description } : {}),
      description_kind: 'markdown',
      ...(b.deprecated ? { deprecated: true, deprecation_message: b.deprecation_message } : {}),
    },
  };
}

/** The provider's schema in the format of `terraform providers schema -json`. */
export function providerSchemaJson(schema: ProviderSchema): Json {
  const each = (m: Record<string, SchemaMessage>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, schemaJson(v)]));
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: schemaJson(schema.provider),
        resource_schemas: each(schema.resource_schemas),
        data_source_schemas: each(schema.data_source_schemas),
        ephemeral_resource_schemas: each(schema.ephemeral_resource_schemas),
      },
    },
  };
}
