// The registry: looks resources up by any of their derived names.
import { resourceNames, type ResourceNames } from './names';
import { actionTypeName, type ActionSpec } from './action';
import type { ResourceSpec } from './types';

/**
 * A spec as an engine without write-only attributes sees it (Pulumi, whose state is encrypted): its never-stored
 * properties (`api_key_wo`) and their companions left out.
 */
export function withoutWriteOnly(spec: ResourceSpec): ResourceSpec {
  const kept = Object.entries(spec.properties).filter(([, p]) => !p.neverStored && p.companionOf === undefined);
  return kept.length === Object.keys(spec.properties).length ? spec : { ...spec, properties: Object.fromEntries(kept) };
}

export class Registry {
  private readonly byName = new Map<string, ResourceSpec>();
  private readonly byToken = new Map<string, ResourceSpec>();

  private readonly byAction = new Map<string, ActionSpec>();

  constructor(
    readonly resources: readonly ResourceSpec[],
    /** The actions (spec/action.ts), each declared next to the resource it acts on. */
    readonly actions: readonly ActionSpec[] = [],
  ) {
    for (const a of actions) {
      for (const key of [a.name, actionTypeName(a)]) {
        if (this.byAction.has(key)) throw new Error(`registry: two actions are named '${key}'`);
        this.byAction.set(key, a);
      }
    }
    for (const spec of resources) {
      const n = resourceNames(spec);
      for (const [map, key] of [
        [this.byName, n.snake],
        [this.byToken, n.pulumiToken],
        [this.byToken, n.terraformType],
      ] as const) {
        if (map.has(key)) throw new Error(`registry: two resources are named '${key}'`);
        map.set(key, spec);
      }
    }
  }

  /** By snake name, Pulumi token or Terraform type; throws with the known names otherwise. */
  get(nameOrToken: string): ResourceSpec {
    const spec = this.byName.get(nameOrToken) ?? this.byToken.get(nameOrToken);
    if (!spec) {
      throw new Error(`unknown resource '${nameOrToken}'; this provider has: ${this.resources.map((r) => r.name).join(', ')}`);
    }
    return spec;
  }

  /** An action by snake name or Terraform type; throws with the known names otherwise. */
  action(nameOrType: string): ActionSpec {
    const a = this.byAction.get(nameOrType);
    if (!a) throw new Error(`unknown action '${nameOrType}'; this provider has: ${this.actions.map((x) => x.name).join(', ') || 'none'}`);
    return a;
  }

  /** This registry with every spec `withoutWriteOnly`. */
  withoutWriteOnly(): Registry {
    return new Registry(this.resources.map(withoutWriteOnly), this.actions);
  }

  names(spec: ResourceSpec): ResourceNames {
    return resourceNames(spec);
  }
}
