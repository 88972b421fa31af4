// The registry: looks resources up by any of their derived names.
import { resourceNames, type ResourceNames } from './names';
import type { ResourceSpec } from './types';

export class Registry {
  private readonly byName = new Map<string, ResourceSpec>();
  private readonly byToken = new Map<string, ResourceSpec>();

  constructor(readonly resources: readonly ResourceSpec[]) {
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

  names(spec: ResourceSpec): ResourceNames {
    return resourceNames(spec);
  }
}
