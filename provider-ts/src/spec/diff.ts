// Update versus replace, decided once for every engine.
import { isMeta } from './define';
import type { PropertySpec, ResourceSpec, State, TypeSpec, Value, ValueObject } from './types';
import { isUnknown } from './types';

export interface DiffResult {
  /** Top-level properties whose desired value differs from the prior state. */
  changed: string[];
  /** The subset of `changed` that cannot be applied in place. */
  replaces: string[];
  /** Replacement must delete the old object first. */
  deleteBeforeReplace: boolean;
}

function isObj(v: unknown): v is ValueObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Unset, null, an empty list and an object of nothing but such values all mean "none". */
const absent = (v: Value | undefined): boolean =>
  v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.values(v).every(absent));

/**
 * Whether the desired value `want` is already what `have` (prior state) holds, for a property of type `t`.
 * `computed` nested properties left unset in `want` accept whatever the API chose. Unknown is never equal.
 */
export function sameValue(t: TypeSpec, have: Value | undefined, want: Value | undefined): boolean {
  if (isUnknown(want) || isUnknown(have)) return false;
  if (absent(want) || absent(have)) return absent(want) && absent(have);
  switch (t.kind) {
    case 'list':
      return Array.isArray(have) && Array.isArray(want) && have.length === want.length && want.every((w, i) => sameValue(t.items, have[i], w));
    case 'map': {
      if (!isObj(have) || !isObj(want)) return false;
      const keys = new Set([...Object.keys(have), ...Object.keys(want)]);
      return [...keys].every((k) => sameValue(t.values, have[k], want[k]));
    }
    case 'object': {
      if (!isObj(have) || !isObj(want)) return false;
      return Object.entries(t.properties).every(([k, p]) => samePropertyValue(p, have[k], want[k]));
    }
    case 'json':
      return canonicalJson(have) === canonicalJson(want);
    default:
      return have === want;
  }
}

function samePropertyValue(p: PropertySpec, have: Value | undefined, want: Value | undefined): boolean {
  if (p.input === 'output') return true;
  if (p.computed && absent(want)) return true;
  return sameValue(p.type, have, want);
}

/** JSON with sorted keys: two documents that differ only in key order are equal. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    isObj(val)
      ? Object.fromEntries(
          Object.keys(val)
            .sort()
            .map((k) => [k, val[k]]),
        )
      : val,
  );
}

/** Compares prior state with checked inputs. */
export function diffInputs(spec: ResourceSpec, olds: State, news: ValueObject): DiffResult {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [name, prop] of Object.entries(spec.properties)) {
    // Never stored, so never compared: its companion (`api_key_wo_version`) stands for its changes.
    if (prop.neverStored) continue;
    let same: boolean;
    if (prop.derive || (prop.writeOnly && !isMeta(name))) {
      // The API never returns these: a prior state without one (after import) adopts the configured value.
      same = absent(olds[name]) ? !isUnknown(news[name]) : samePropertyValue({ ...prop, input: 'optional' }, olds[name], news[name]);
    } else {
      same = samePropertyValue(prop, olds[name], news[name]);
    }
    if (same) continue;
    changed.push(name);
    if (isMeta(name)) continue; // provider-side only: stored, never sent
    if (prop.replaceOnChange) replaces.push(name); // create-only, or any input of a resource without update (define.ts)
  }
  // An object saved in a failed state (a partial create) is made again, with the output that shows it as reason.
  const failed = spec.failedBy?.(olds);
  if (failed !== undefined && !replaces.includes(failed)) {
    if (!changed.includes(failed)) changed.push(failed);
    replaces.push(failed);
  }
  // An object saved while still going is waited for again, in place.
  const pending = failed === undefined ? spec.pendingBy?.(olds) : undefined;
  if (pending !== undefined && !changed.includes(pending)) changed.push(pending);
  return { changed, replaces, deleteBeforeReplace: replaces.length > 0 && Boolean(spec.deleteBeforeReplace) };
}
