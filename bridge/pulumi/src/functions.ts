// The provider functions, derived from the registry: `get<Name>` (one object by id, or by the id's parts) for every
// spec with a get, `list<Names>` for every spec with a list handler, and `mint<Name>` for every spec with an
// ephemeral twin (Pulumi has no ephemeral resources: the function opens it, and the plugin closes it when the run
// ends, ephemerals.ts). Shared by the schema and the Invoke RPC.
import { getArguments, hasGet, isMeta, META_PROPERTIES, p, resourceNames, type PropertySpec, type ResourceSpec } from '@openai-iac/core';
import type { Properties } from './marshal';

export interface FunctionSpec {
  token: string;
  kind: 'get' | 'list' | 'mint';
  resource: ResourceSpec;
  description: string;
  inputs: Properties;
  /** One object as the function returns it: its id and state. */
  object: Properties;
  /** What the function returns: the object (get), `items`, a list of them (list), or the ephemeral's outputs (mint). */
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

/** The Pulumi side of an ephemeral twin's lifetime, after its engine-neutral description. */
const MINT_LIFETIME =
  'In Pulumi this function is the ephemeral form: each invocation (at preview too) makes a new object, and when the ' +
  'Pulumi run that invoked it ends (the `pulumi preview`, `up`, `refresh` or `destroy`, finished or interrupted) the ' +
  'provider deletes it: the key is revoked then (or, for a key of a service account made for the run, the service ' +
  'account is deleted, which revokes its key), so the key works for that run only. With `keep: true` nothing is ' +
  'deleted and the key outlives the run. The key is returned as a secret; the function keeps nothing in the state, ' +
  "but whatever it is passed to (an explicit provider's `adminApiKey`) stores it, encrypted, as that resource's input.";

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
    // A hand-over (EphemeralSpec.handover) is for Terraform only: on Pulumi, `storeSecret: false` keeps the value out
    // of state, and the mint functions give keys for one run.
    if (spec.ephemeral && !spec.ephemeral.handover) {
      const inputs: Properties = {};
      const outputs: Properties = {};
      for (const [name, prop] of Object.entries(spec.ephemeral.properties)) (prop.input === 'output' ? outputs : inputs)[name] = prop;
      out.push({
        token: names.pulumiMintToken,
        kind: 'mint',
        resource: spec,
        description: `${spec.ephemeral.description}\n\n${MINT_LIFETIME}`,
        inputs,
        object: outputs,
        outputs,
      });
    }
  }
  return out;
}
