// The provider functions, derived from the registry: `get<Name>` (one object by id, or by the id's parts) for every
// spec with a get, and `list<Names>` for every spec with a list handler. Shared by the schema and the Invoke RPC.
import { getArguments, hasGet, isMeta, META_PROPERTIES, p, resourceNames, type PropertySpec, type ResourceSpec } from '@openai-iac/core';
import type { Properties } from './marshal';

export interface FunctionSpec {
  token: string;
  kind: 'get' | 'list';
  resource: ResourceSpec;
  description: string;
  inputs: Properties;
  /** One object as the function returns it: its id and state. */
  object: Properties;
  /** What the function returns: the object (get), or `items`, a list of them (list). */
  outputs: Properties;
}

/** What a function returns for one object: its id and state, without the provider-side meta properties. */
function objectProperties(spec: ResourceSpec): Properties {
  const out: Properties = { id: p.string({ description: `The id (${spec.import.format}).`, required: true }) };
  for (const [name, prop] of Object.entries(spec.properties)) if (!isMeta(name)) out[name] = prop;
  return out;
}

const API_KEY: PropertySpec = {
  ...META_PROPERTIES['api_key']!,
  description: "An API key for this call instead of the provider's key.",
};

export function functionsOf(resources: readonly ResourceSpec[]): FunctionSpec[] {
  const out: FunctionSpec[] = [];
  for (const spec of resources) {
    const names = resourceNames(spec);
    const what = names.className;
    const object = objectProperties(spec);
    if (hasGet(spec)) {
      out.push({
        token: names.pulumiGetToken,
        kind: 'get',
        resource: spec,
        description: spec.idParts ? `Reads one ${what} by id, or by the id's parts.` : `Reads one ${what} by id.`,
        inputs: { ...getArguments(spec), api_key: API_KEY },
        object,
        outputs: object,
      });
    }
    if (spec.handlers.list) {
      out.push({
        token: names.pulumiListToken,
        kind: 'list',
        resource: spec,
        description: `Lists the ${what} objects the key can see.`,
        inputs: { ...spec.listArgs, api_key: API_KEY },
        object,
        outputs: {
          items: p.list(p.object(object, { description: `A ${what}.` }), {
            description: `The ${what} objects.`,
            required: true,
          }),
        },
      });
    }
  }
  return out;
}
