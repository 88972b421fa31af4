// List resources (`list "openai_x" "name" { … }` in Terraform's *.tfquery.hcl, `terraform query`): which types
// are listable, the identity of each object (identity.ts) and its `config` block are the core's (`listable`,
// the spec's `listArgs`); this file maps them to ListResource / ValidateListResourceConfig and back.
import {
  checkObject,
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
import { decodeDynamic, dynamic, type CtyType, type DynamicValue } from './msgpack';
import { identityData, type IdentityData } from './identity';
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

export interface ListEvent {
  identity?: IdentityData;
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
        ...(identity(k.spec, c.id) ? { identity: identity(k.spec, c.id)! } : {}),
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

/** The identity of a listed object, as ReadResource answers it. */
function identity(spec: ResourceSpec, id: string): IdentityData | undefined {
  return identityData(spec, { id });
}
