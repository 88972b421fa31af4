// The plan of a change, decided once for every engine: which properties change, which force a replacement, and the
// state the change leads to as far as it is known before the API answers. Both adapters answer their engine's
// preview and diff calls from it (Pulumi: Check/Diff/Create and Update with preview; Terraform: PlanResourceChange)
// and only translate its answer into their wire format.
//
// The planned state of a property:
//   - configured (set in the checked inputs, defaults and derived values included): that value, unknowns and all,
//     with its nested computed members that are not configured planned by the next rule;
//   - not configured and not computed: null;
//   - not configured and computed (outputs, and inputs the API fills in): the prior value when nothing that could
//     change it changes, else unknown. Nothing changes it when no property the API sees changes; an output fixed
//     at creation (`stable`) is kept by an in-place update; an input is kept when it does not change itself.
//     A create (no prior state) knows none of them.
//   - never stored (Terraform's write-only, `api_key_wo`): null, always.
import { isMeta } from './define';
import { diffInputs, type DiffResult } from './diff';
import { UNKNOWN, type PropertySpec, type ResourceSpec, type State, type TypeSpec, type Value, type ValueObject } from './types';

export interface Plan extends DiffResult {
  /** The state after the change, `UNKNOWN` where only the API can tell. */
  planned: ValueObject;
  /** The properties whose prior values the planned state keeps where it is not configured (their own, or their
   * nested computed members'), for adapters that must keep the prior spelling. */
  kept: ReadonlySet<string>;
}

const isObject = (v: Value | undefined): v is ValueObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The planned value of one property: configured members as given, unconfigured computed ones kept or unknown. */
function plannedProperty(prop: PropertySpec, given: Value | undefined, prior: Value | undefined, keep: boolean): Value {
  if (given === undefined || given === null) return prop.computed ? (keep ? (prior ?? null) : UNKNOWN) : null;
  return plannedValue(prop.type, given, prior, keep);
}

function plannedValue(t: TypeSpec, given: Value, prior: Value | undefined, keep: boolean): Value {
  if (t.kind === 'object' && isObject(given)) {
    const before = isObject(prior) ? prior : {};
    return Object.fromEntries(Object.entries(t.properties).map(([k, p]) => [k, plannedProperty(p, given[k], before[k], keep)]));
  }
  if (t.kind === 'list' && Array.isArray(given)) {
    return given.map((item, i) => plannedValue(t.items, item, Array.isArray(prior) ? prior[i] : undefined, keep));
  }
  if (t.kind === 'map' && isObject(given)) {
    const before = isObject(prior) ? prior : {};
    return Object.fromEntries(Object.entries(given).map(([k, item]) => [k, plannedValue(t.values, item, before[k], keep)]));
  }
  return given;
}

/** Plans a create (`prior` null) or an update/replace of an object whose last known state is `prior`. */
export function plan(spec: ResourceSpec, prior: State | null, inputs: ValueObject): Plan {
  const diff: DiffResult = prior === null ? { changed: [], replaces: [], deleteBeforeReplace: false } : diffInputs(spec, prior, inputs);
  const apiChanges = diff.changed.filter((name) => !isMeta(name));
  const planned: ValueObject = {};
  const kept = new Set<string>();
  for (const [name, prop] of Object.entries(spec.properties)) {
    const keep =
      prior !== null &&
      (apiChanges.length === 0 || (diff.replaces.length === 0 && prop.stable) || (prop.input !== 'output' && !diff.changed.includes(name)));
    if (keep) kept.add(name);
    // A never-stored (write-only) value is in no plan: the engine holds it in the configuration only.
    planned[name] = prop.neverStored ? null : plannedProperty(prop, inputs[name], prior?.[name], keep);
  }
  return { ...diff, planned, kept };
}
