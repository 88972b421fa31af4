// Planned and new states that keep Terraform's promises:
//   - a configured value is planned exactly as configured (refined unknowns included), but a write-only one
//     (`neverStored`) is planned null, as Terraform requires;
//   - an unconfigured computed value is planned as its default or derived value when the core has one, else
//     kept from the prior state when nothing that could change it changes, else unknown;
//   - a state after apply or refresh keeps the exact spelling of the value it is compared with (planned,
//     prior) wherever the new value says the same thing, so formatting is never drift.
import { UNKNOWN, type PropertySpec, type TypeSpec, type Value, type ValueObject } from '@openai-iac/core';
import { isCtyObject, isCtyUnknown, type CtyObject, type CtyValue } from './msgpack';
import { isComputed, type Block } from './schema';
import { equivalent, fromCore } from './values';

const UNSET = null;

function plannedValue(t: TypeSpec, config: CtyValue, desired: Value | undefined, prior: CtyValue | undefined, keep: boolean): CtyValue {
  const at = <T>(v: unknown, k: string | number): T | undefined =>
    v !== null && typeof v === 'object' ? ((v as Record<string | number, unknown>)[k] as T | undefined) : undefined;
  if (t.kind === 'object' && isCtyObject(config)) {
    return Object.fromEntries(
      Object.entries(t.properties).map(([k, p]) => [k, plannedAttribute(p, config[k] ?? UNSET, at<Value>(desired, k), at<CtyValue>(prior, k), keep)]),
    );
  }
  if (t.kind === 'list' && Array.isArray(config)) {
    return config.map((c, i) => plannedValue(t.items, c, at<Value>(desired, i), at<CtyValue>(prior, i), keep));
  }
  if (t.kind === 'map' && isCtyObject(config)) {
    return Object.fromEntries(
      Object.entries(config).map(([k, c]) => [k, plannedValue(t.values, c, at<Value>(desired, k), at<CtyValue>(prior, k), keep)]),
    );
  }
  return config;
}

/**
 * The planned value of one attribute. `desired` is the core's checked input (defaults and derived values
 * applied); `keep` says whether nothing that could change this attribute changes.
 */
function plannedAttribute(prop: PropertySpec, config: CtyValue, desired: Value | undefined, prior: CtyValue | undefined, keep: boolean): CtyValue {
  if (prop.neverStored) return UNSET; // write-only: in no plan or state (the core's plan says the same)
  if (config !== null) return isCtyUnknown(config) ? config : plannedValue(prop.type, config, desired, prior, keep);
  if (!isComputed(prop)) return UNSET;
  if (desired !== undefined && desired !== null) return fromCore(prop.type, desired);
  return keep ? (prior ?? UNSET) : UNKNOWN;
}

/** The planned object of a block; `keep(name)` says whether an attribute's prior value still holds. */
export function plannedBlock(
  block: Block,
  config: CtyObject,
  desired: ValueObject,
  prior: CtyObject | null,
  keep: (name: string) => boolean,
): CtyObject {
  return Object.fromEntries(
    Object.entries(block).map(([k, p]) => [k, plannedAttribute(p, config[k] ?? UNSET, desired[k], prior?.[k], prior !== null && keep(k))]),
  );
}

/**
 * A fresh value in the spelling of `ref` wherever the two say the same thing (see `equivalent`), at the finest
 * level they do: a refreshed object keeps the prior JSON text of an unchanged member, `{}` where the API says
 * null, and so on. Where `ref` is unknown or differs, the fresh value stands.
 */
export function reconcile(t: TypeSpec, fresh: CtyValue, ref: CtyValue | undefined): CtyValue {
  if (ref === undefined || isCtyUnknown(ref)) return fresh;
  if (equivalent(t, fresh, ref)) return ref;
  if (t.kind === 'object' && isCtyObject(fresh) && isCtyObject(ref)) {
    return Object.fromEntries(Object.entries(t.properties).map(([k, p]) => [k, reconcile(p.type, fresh[k] ?? UNSET, ref[k])]));
  }
  if (t.kind === 'list' && Array.isArray(fresh) && Array.isArray(ref) && fresh.length === ref.length) {
    return fresh.map((item, i) => reconcile(t.items, item, ref[i]));
  }
  if (t.kind === 'map' && isCtyObject(fresh) && isCtyObject(ref)) {
    return Object.fromEntries(Object.entries(fresh).map(([k, item]) => [k, reconcile(t.values, item, ref[k])]));
  }
  return fresh;
}
