// List resources (`list "openai_x" "name" { … }` in Terraform's *.tfquery.hcl, `terraform query`): which types
// are listable, the identity of each object and its `config` block are the core's (`listable`, `identityOf`,
// the spec's `listArgs`); this file maps them to ListResource / ValidateListResourceConfig and back.
import {
  checkObject,
  identityOf,
  listable,
  resourceNames,
  type Failure,
  type JsonObject,
  type Provider,
  type ResourceSpec,
  type State,
  type ValueObject,
} from '@openai-iac/core';
import { errorDiagnostics, failureDiagnostic, type Diagnostic } from './diagnostics';
import { ctyTypeJson, decodeDynamic, dynamic, type CtyType, type DynamicValue } from './msgpack';
import { blockType, schemaMessage, resourceBlock, type Block, type SchemaMessage } from './schema';
import { fromCoreObject, toCoreObject } from './values';

interface Listable {
  spec: ResourceSpec;
  /** The list block's `config`: the spec's list arguments. */
  config: Block;
  configType: CtyType;
  resource: Block;
  resourceType: CtyType;
}

const IDENTITY: CtyType = ['object', { id: 'string' }];

export interface ListEvent {
  identity?: { identity_data: DynamicValue };
  display_name?: string;
  resource_object?: DynamicValue;
  diagnostic: Diagnostic[];
}

export class ListResources {
  private readonly kinds = new Map<string, Listable>();

  constructor(private readonly provider: Provider) {
    for (const spec of listable(provider.registry.resources)) {
      const config = spec.listArgs ?? {};
      const resource = resourceBlock(spec);
      this.kinds.set(resourceNames(spec).terraformType, { spec, config, configType: blockType(config), resource, resourceType: blockType(resource) });
    }
  }

  metadata() {
    return [...this.kinds.keys()].map((type_name) => ({ type_name }));
  }

  schemas(): Record<string, SchemaMessage> {
    const out: Record<string, SchemaMessage> = {};
    for (const [type, k] of this.kinds) out[type] = schemaMessage(k.config, `Lists ${type} objects.`);
    return out;
  }

  identitySchemas() {
    const out: Record<string, unknown> = {};
    for (const type of this.kinds.keys()) {
      out[type] = {
        version: 0,
        identity_attributes: [
          {
            name: 'id',
            type: Buffer.from(JSON.stringify(ctyTypeJson('string'))),
            required_for_import: true,
            optional_for_import: false,
            description: 'The id, as `terraform import` takes it.',
          },
        ],
      };
    }
    return out;
  }

  /** The identity of a listable resource's object (none for other resources, until every resource has one). */
  identity(type: string, id: string): { identity_data: DynamicValue } | undefined {
    const k = this.kinds.get(type);
    return k ? { identity_data: dynamic(identityOf(k.spec, id), IDENTITY) } : undefined;
  }

  /** The id an identity names ('' when none: the core's import then says what an id looks like). */
  idFromIdentity(identity: DynamicValue | null | undefined): string {
    const v = decodeDynamic(identity, IDENTITY);
    const id = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)['id'] : undefined;
    return typeof id === 'string' ? id : '';
  }

  validate(type: string, config: DynamicValue | null | undefined): Diagnostic[] {
    const k = this.kinds.get(type);
    if (!k) return [unknown(type, [...this.kinds.keys()])];
    return this.args(k, config).diagnostics;
  }

  /** Streams one event per object; stops after `limit` (Terraform stops reading there too). */
  async list(
    req: { type_name: string; config: DynamicValue | null | undefined; include_resource_object: boolean; limit: number },
    write: (e: ListEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const k = this.kinds.get(req.type_name);
    if (!k) return write({ diagnostic: [unknown(req.type_name, [...this.kinds.keys()])] });
    const { args, diagnostics } = this.args(k, req.config);
    if (diagnostics.length > 0) return write({ diagnostic: diagnostics });
    const limit = req.limit > 0 ? req.limit : Infinity;
    let found;
    try {
      found = await this.provider.list(k.spec.name, args as JsonObject, undefined, { signal });
    } catch (e) {
      return write({ diagnostic: errorDiagnostics(k.config, e, `Cannot list ${req.type_name}`, (t) => this.provider.scrub(t)) });
    }
    let sent = 0;
    for (const c of found) {
      if (sent >= limit || signal.aborted) break;
      const event: ListEvent = {
        identity: { identity_data: dynamic(identityOf(k.spec, c.id), IDENTITY) },
        display_name: displayName(c.id, c.state),
        diagnostic: [],
      };
      if (req.include_resource_object) event.resource_object = dynamic(fromCoreObject(k.resource, shownState(k.spec, c.id, c.state)), k.resourceType);
      write(event);
      sent++;
    }
  }

  private args(k: Listable, config: DynamicValue | null | undefined): { args: ValueObject; diagnostics: Diagnostic[] } {
    const failures: Failure[] = [];
    const raw = toCoreObject(k.config, decodeDynamic(config, k.configType), failures);
    failures.push(...checkObject(k.config, raw).failures);
    return { args: raw, diagnostics: failures.map((f) => failureDiagnostic(k.config, f, `list ${resourceNames(k.spec).terraformType} config`)) };
  }
}

function displayName(id: string, state: State): string {
  const name = state['name'];
  return typeof name === 'string' && name !== '' ? `${name} (${id})` : id;
}

/**
 * The resource object a query shows and `-generate-config-out` writes as configuration: the state less secrets
 * and write-only values (a query prints it, and generated configuration is a plaintext file).
 */
function shownState(spec: ResourceSpec, id: string, state: State): ValueObject {
  const out: ValueObject = { id };
  for (const [name, v] of Object.entries(state)) {
    const prop = spec.properties[name];
    if (!prop || prop.secret || prop.writeOnly) continue;
    out[name] = v;
  }
  return out;
}

function unknown(type: string, known: string[]): Diagnostic {
  return { severity: 'ERROR', summary: `Unknown list resource type ${type}`, detail: `This provider lists: ${known.join(', ')}.` };
}
