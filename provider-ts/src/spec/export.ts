// A neutral, deterministic JSON export of the registry: schema/resources.json. The Pulumi and Terraform
// schemas and the docs are generated from the same registry; this one is for humans and other tools. Its texts
// keep the registry's neutral names, which each engine's artifacts spell their own way (spec/names.ts):
// `⟦a.#0.b⟧` a property path (`a[0].b`), `⟦@vector_store⟧` a resource type, `⟦=pulumi text¦terraform text⟧`.
import { PROVIDER_CONFIG } from '../client/config';
import { isMeta } from './define';
import { resourceNames } from './names';
import type { Json, JsonObject, PropertySpec, ResourceSpec, TypeSpec } from './types';

function typeJson(t: TypeSpec): JsonObject {
  const { kind } = t;
  switch (t.kind) {
    case 'list':
      return { kind, items: typeJson(t.items), ...opt({ minItems: t.minItems, maxItems: t.maxItems }) };
    case 'map':
      return { kind, values: typeJson(t.values), ...opt({ maxEntries: t.maxEntries, keyMaxLength: t.keyMaxLength }) };
    case 'object':
      return { kind, properties: propsJson(t.properties), ...(t.refine ? { rules: true } : {}) };
    case 'string':
      return { kind, ...opt({ enum: t.enum ? [...t.enum] : undefined, minLength: t.minLength, maxLength: t.maxLength, pattern: t.pattern?.regex }) };
    case 'integer':
    case 'number':
      return { kind, ...opt({ min: t.min, max: t.max }) };
    case 'json':
      return { kind, ...(t.refine ? { rules: true } : {}) };
    default:
      return { kind };
  }
}

function opt(o: Record<string, Json | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as JsonObject;
}

function propJson(name: string, prop: PropertySpec, resource: boolean): JsonObject {
  return {
    description: prop.description,
    input: prop.input,
    type: typeJson(prop.type),
    ...opt({
      computed: prop.computed && prop.input !== 'output' ? true : undefined,
      secret: prop.secret || undefined,
      writeOnly: prop.writeOnly || undefined,
      replaceOnChange: prop.replaceOnChange || undefined,
      stable: prop.stable || undefined,
      default: prop.default,
      deprecated: prop.deprecated,
      derived: prop.derive ? true : undefined,
      meta: (resource && isMeta(name)) || undefined,
    }),
  };
}

function propsJson(props: Record<string, PropertySpec>, resource = false): JsonObject {
  return Object.fromEntries(Object.entries(props).map(([n, p]) => [n, propJson(n, p, resource)]));
}

function resourceJson(spec: ResourceSpec): JsonObject {
  const n = resourceNames(spec);
  return {
    names: { ...n },
    description: spec.description,
    key: spec.key,
    ...opt({ deprecated: spec.deprecated, sunset: spec.sunset ? { ...spec.sunset } : undefined }),
    import: {
      format: spec.import.format,
      example: spec.import.example,
      pattern: spec.import.pattern,
      ...opt({ parts: spec.import.parts ? [...spec.import.parts] : undefined }),
    },
    update: spec.handlers.update ? 'in place where allowed' : 'every change replaces',
    deleteBeforeReplace: Boolean(spec.deleteBeforeReplace),
    list: spec.handlers.list ? { args: propsJson(spec.listArgs ?? {}) } : null,
    ...opt({
      unsupported: spec.unsupported ? { ...spec.unsupported } : undefined,
      dataOnly: spec.dataOnly || undefined,
      idParts: spec.idParts ? [...spec.idParts] : undefined,
      dataSources: spec.dataSources ? opt({ ...spec.dataSources }) : undefined,
    }),
    example: spec.example,
    properties: propsJson(spec.properties, true),
  };
}

export function exportRegistry(resources: readonly ResourceSpec[]): JsonObject {
  return {
    $comment: 'Generated from provider-ts/src/resources by `make generate`. Do not edit.',
    provider: { config: propsJson(PROVIDER_CONFIG) },
    resources: Object.fromEntries(resources.map((r) => [r.name, resourceJson(r)])),
  };
}
