// The Pulumi package schema (schema/schema.json), derived from the registry: resources, nested object types,
// functions, provider configuration and what the SDK generators need per language.
import {
  managed,
  pascalCase,
  PACKAGE,
  PROVIDER_CONFIG,
  pulumiPropertyName,
  resourceNames,
  spellDeep,
  type Json,
  type JsonObject,
  type PropertySpec,
  type ResourceSpec,
  type TypeSpec,
  withoutWriteOnly,
} from '@openai-iac/core';
import { examplesBlock, NODEJS_PACKAGE, PYTHON_PACKAGE } from './examples';
import { functionsOf } from './functions';
import type { Properties } from './marshal';
import { VERSION } from './version';

const REPOSITORY = 'https://github.com/openai-iac/openai-iac';
const GO_IMPORT_BASE = 'github.com/openai-iac/openai-iac/sdk/go/openai';
const DOTNET_NAMESPACE = 'OpenAIIac';
/** Names Pulumi gives every resource itself. */
const RESERVED = ['id', 'urn'];

const token = (name: string) => `${PACKAGE}:index:${name}`;

/**
 * The name of an enum member, valid in TypeScript, Python, Go and C# alike (each SDK generator derives its own
 * spelling from it): the value's alphanumeric runs in PascalCase (`gpt-4o` → `Gpt4o`, `file_search` →
 * `FileSearch`, `AE_STORAGE` → `AeStorage`), `Value` before one that starts with a digit (`24h` → `Value24h`), `Empty` for `""`.
 */
export function enumMemberName(value: string): string {
  const words = value.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  if (words.length === 0) return 'Empty';
  // An all-capitals word is a word, not an acronym run (`AE_STORAGE` → `AeStorage`, `USD` → `Usd`).
  const name = words.map((w) => w[0]!.toUpperCase() + (/^[A-Z0-9]+$/.test(w) ? w.slice(1).toLowerCase() : w.slice(1))).join('');
  return /^[0-9]/.test(name) ? `Value${name}` : name;
}

/** Collects the named object and enum types while properties are converted. */
class Types {
  readonly types: Record<string, JsonObject> = {};

  /** Resource class names: an enum type of the same name would clash in the SDKs (Go's, first). */
  constructor(private readonly resourceClasses: ReadonlySet<string> = new Set()) {}

  /**
   * The schema of a value of type `t`; an object becomes the named type `name` (`<Resource><Property>…`), and so
   * does a string with `enum` when `enums` is set: an enum type of the same token scheme.
   *
   * Why only inputs (`enums`): define.ts types an enum's input as the union of its literals but its state as any
   * string, since the API may answer with values a newer release added. So resource inputs, function arguments
   * and provider settings get the enum (a typo fails the program's compile, not its preview), while a resource's
   * own output properties and a function's results stay `string`, and an SDK never has to decode a value its enum
   * does not know. Nested object types are one type for both sides in a Pulumi schema, so their members carry the
   * enum as inputs do; Pulumi's string enums stay strings on the wire (a TypeScript union, a Go named string, a
   * .NET struct over a string), so an output of such a type still holds whatever the API said.
   */
  ref(name: string, t: TypeSpec, description: string, enums: boolean): JsonObject {
    switch (t.kind) {
      case 'string':
        return enums && t.enum ? this.enumType(name, t.enum, description) : { type: 'string' };
      case 'integer':
        return { type: 'integer' };
      case 'number':
        return { type: 'number' };
      case 'bool':
        return { type: 'boolean' };
      case 'json':
        return { $ref: 'pulumi.json#/Any' };
      case 'list':
        return { type: 'array', items: this.ref(name, t.items, description, enums) };
      case 'map':
        return { type: 'object', additionalProperties: this.ref(name, t.values, description, enums) };
      case 'object':
        return this.named(name, t.properties, description, name);
    }
  }

  /**
   * Registers the enum type `name` of string `values`, members named by `enumMemberName`; `<name>Value` where
   * `name` is a resource's (ProjectUser.role and the ProjectUserRole resource).
   */
  enumType(name: string, values: readonly string[], description: string): JsonObject {
    const tok = token(this.resourceClasses.has(name) ? `${name}Value` : name);
    const names = values.map(enumMemberName);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new Error(`schema: two values of ${tok} are both named ${twice}`);
    const type: JsonObject = { type: 'string', description, enum: values.map((value, i) => ({ name: names[i]!, value })) };
    this.register(tok, type);
    return { $ref: `#/types/${tok}` };
  }

  private register(tok: string, type: JsonObject): void {
    const prior = this.types[tok];
    if (prior && JSON.stringify(prior) !== JSON.stringify(type)) throw new Error(`schema: two different types are named ${tok}`);
    this.types[tok] = type;
  }

  /** Registers an object type; properties of its own object types are named `<owner><Property>`. */
  named(name: string, props: Properties, description: string, owner: string): JsonObject {
    const tok = token(name);
    const type: JsonObject = { type: 'object', description, ...this.object(owner, props, false, true) };
    this.register(tok, type);
    return { $ref: `#/types/${tok}` };
  }

  property(owner: string, name: string, prop: PropertySpec, enums: boolean): JsonObject {
    const wire = pulumiPropertyName(name, prop);
    // An enum type lists its values itself; a plain string output still says which ones the input allows.
    const enumNote = !enums && prop.type.kind === 'string' && prop.type.enum ? ` One of ${prop.type.enum.map((e) => `\`${e}\``).join(', ')}.` : '';
    const primitive = ['string', 'integer', 'number', 'bool'].includes(prop.type.kind);
    return {
      ...this.ref(`${owner}${pascalCase(wire)}`, prop.type, prop.description, enums),
      description: `${prop.description}${enumNote}`,
      ...(prop.secret ? { secret: true } : {}),
      ...(prop.replaceOnChange ? { replaceOnChanges: true } : {}),
      ...(prop.deprecated ? { deprecationMessage: prop.deprecated } : {}),
      ...(primitive && prop.default !== undefined ? { default: prop.default } : {}),
    };
  }

  /**
   * `properties` and `required` of an object; `inputsOnly` leaves outputs out (resource inputs, function args);
   * `enums` (default: `inputsOnly`) types enum strings as enum types (see `ref`).
   */
  object(owner: string, props: Properties, inputsOnly: boolean, enums = inputsOnly): { properties: JsonObject; required?: Json[] } {
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const [name, prop] of Object.entries(props)) {
      if (inputsOnly && prop.input === 'output') continue;
      const wire = pulumiPropertyName(name, prop);
      properties[wire] = this.property(owner, name, prop, enums);
      if (prop.input === 'required') required.push(wire);
    }
    return { properties, ...(required.length > 0 ? { required } : {}) };
  }
}

/** The description's `## Import` section: the id's format (composite ids spelled out) and the command. */
function importSection(spec: ResourceSpec): string {
  const composite = spec.import.format.includes('/') ? ", the parent's id and the object's own joined by `/`" : '';
  return [
    '## Import',
    '',
    `Import an existing object by its id (\`${spec.import.format}\`${composite}):`,
    '',
    '```sh',
    `$ pulumi import ${resourceNames(spec).pulumiToken} example ${spec.import.example}`,
    '```',
  ].join('\n');
}

function resourceSchema(spec: ResourceSpec, resources: readonly ResourceSpec[], types: Types): JsonObject {
  const { className } = resourceNames(spec);
  for (const name of Object.keys(spec.properties)) {
    if (RESERVED.includes(name)) throw new Error(`schema: ${spec.name}.${name} collides with the property Pulumi gives every resource`);
  }
  const inputs = types.object(className, spec.properties, true);
  const state = types.object(className, spec.properties, false);
  return {
    description: `${spec.description}\n\n${examplesBlock(spec, resources)}\n\n${importSection(spec)}`,
    // No deprecationMessage: the SDKs would log it on the stack, not the resource, from every constructor and get
    // (4 times in a no-op `pulumi up`). The provider warns on the resource's URN instead (Check), and the
    // description says it.
    inputProperties: inputs.properties,
    ...(inputs.required ? { requiredInputs: inputs.required } : {}),
    properties: state.properties,
    ...(state.required ? { required: state.required } : {}),
  };
}

function functionSchemas(resources: readonly ResourceSpec[], types: Types): JsonObject {
  const out: JsonObject = {};
  for (const fn of functionsOf(resources)) {
    const { className } = resourceNames(fn.resource);
    const fnName = fn.token.slice(fn.token.lastIndexOf(':') + 1);
    const inputs = types.object(pascalCase(fnName), fn.inputs, true);
    let outputs: JsonObject;
    if (fn.kind === 'get') outputs = types.object(className, fn.object, false);
    else if (fn.kind === 'mint') outputs = types.object(pascalCase(fnName), fn.outputs, false);
    else {
      const ref = types.named(`${pascalCase(fnName)}Item`, fn.object, `A ${className}.`, className);
      outputs = { properties: { items: { type: 'array', items: ref, description: fn.outputs['items']!.description } }, required: ['items'] };
    }
    out[fn.token] = {
      description: fn.resource.deprecated ? `${fn.description}\n\n${fn.resource.deprecated}` : fn.description,
      ...(fn.resource.deprecated ? { deprecationMessage: fn.resource.deprecated } : {}),
      inputs,
      outputs,
    };
  }
  return out;
}

/** Sorts object keys at every level, so the file is stable whatever order things were declared in. */
function sorted(v: Json): Json {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted(v[k]!)]),
    );
  return v;
}

export function pulumiSchema(all: readonly ResourceSpec[]): JsonObject {
  // Pulumi has no write-only attributes: the specs as it sees them (the server does the same).
  const resources = all.map(withoutWriteOnly);
  const types = new Types(new Set(managed(resources).map((r) => resourceNames(r).className)));
  const config = types.object('Provider', PROVIDER_CONFIG, true).properties;
  const schema: JsonObject = {
    $comment: 'Generated from provider-ts/src/resources by `make generate-pulumi`. Do not edit.',
    name: PACKAGE,
    displayName: 'OpenAI',
    version: VERSION,
    description: 'OpenAI resources as code: the openai-iac provider, one engine-neutral core behind Pulumi and Terraform.',
    keywords: ['pulumi', 'openai', 'ai', 'category/cloud', 'kind/native'],
    homepage: REPOSITORY,
    repository: REPOSITORY,
    license: 'MIT',
    publisher: 'openai-iac',
    meta: { moduleFormat: '(.*)' },
    config: { variables: config },
    provider: {
      description: `The provider type for the ${PACKAGE} package. Settings fall back to OPENAI_* environment variables, then a .env file.`,
      inputProperties: config,
    },
    resources: Object.fromEntries(managed(resources).map((r) => [resourceNames(r).pulumiToken, resourceSchema(r, resources, types)])),
    functions: functionSchemas(resources, types),
    language: {
      nodejs: {
        packageName: NODEJS_PACKAGE,
        packageDescription: 'A Pulumi provider for OpenAI resources (openai-iac).',
        dependencies: { '@pulumi/pulumi': '^3.142.0' },
        respectSchemaVersion: true,
      },
      python: {
        packageName: PYTHON_PACKAGE,
        requires: { pulumi: '>=3.142.0,<4.0.0' },
        respectSchemaVersion: true,
        pyproject: { enabled: true },
      },
      go: { importBasePath: GO_IMPORT_BASE, generateResourceContainerTypes: true, respectSchemaVersion: true },
      csharp: {
        rootNamespace: DOTNET_NAMESPACE,
        namespaces: { [PACKAGE]: 'OpenAI' },
        packageReferences: { Pulumi: '3.*' },
        respectSchemaVersion: true,
      },
    },
  };
  schema['types'] = types.types;
  return spellDeep(sorted(schema), 'pulumi') as JsonObject;
}

/** The schema as the file and GetSchema carry it. */
export function schemaJson(resources: readonly ResourceSpec[]): string {
  return `${JSON.stringify(pulumiSchema(resources), null, 2)}\n`;
}
